export const id = 199;
export const ids = [199];
export const modules = {

/***/ 512:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Mc: () => (/* binding */ githubApi),
/* harmony export */   NF: () => (/* binding */ githubApiInputs),
/* harmony export */   Yk: () => (/* binding */ runRepository)
/* harmony export */ });
/* harmony import */ var _packages_errors_index_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2495);
/* harmony import */ var _packages_github_index_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(9010);


/**
 * The Octokit every action hands to packages/github: @actions/github's (the
 * runner's proxy settings, GITHUB_API_URL), with Octokit's own retry and
 * throttling plugins waiting out rate limits and 5xx as GitHub documents.
 * Octokit is loaded when a client is first made: most steps never call the
 * API, and need not load it at start-up.
 */
async function githubApi(token, log, options = {}) {
    log.secret(token);
    const [{ getOctokit }, { retry }, { throttling }] = await Promise.all([
        __webpack_require__.e(/* import() */ 758).then(__webpack_require__.bind(__webpack_require__, 1758)),
        Promise.all(/* import() */[__webpack_require__.e(251), __webpack_require__.e(735)]).then(__webpack_require__.bind(__webpack_require__, 9735)),
        Promise.all(/* import() */[__webpack_require__.e(251), __webpack_require__.e(856)]).then(__webpack_require__.bind(__webpack_require__, 6856)),
    ]);
    const octokit = getOctokit(token, {
        ...(0,_packages_github_index_js__WEBPACK_IMPORTED_MODULE_1__/* .octokitPluginOptions */ .te)(log, options.limits ?? _packages_github_index_js__WEBPACK_IMPORTED_MODULE_1__/* .DEFAULT_GITHUB_LIMITS */ .Dt),
        ...(options.baseUrl !== undefined ? { baseUrl: options.baseUrl.replace(/\/+$/, '') } : {}),
    }, retry, throttling);
    octokit.hook.error('request', (error, request) => {
        const status = error.status;
        log.debug(`GitHub API: ${request.method} ${request.url} failed${typeof status === 'number' ? ` (${status})` : ''}`);
        throw error;
    });
    return octokit;
}
/**
 * The inputs `github-token` and `github-api-url` (the runner's
 * GITHUB_API_URL when empty): a maker of the API client, called when the
 * API is needed, or undefined without a token.
 */
function githubApiInputs(inputs, log) {
    const token = inputs.secret('github-token');
    if (token === undefined)
        return undefined;
    const baseUrl = inputs.string('github-api-url');
    return () => githubApi(token, log, baseUrl !== undefined ? { baseUrl } : {});
}
/** The repository the workflow runs in (GITHUB_REPOSITORY). */
function runRepository(env = process.env) {
    const name = env.GITHUB_REPOSITORY;
    if (!name)
        throw new _packages_errors_index_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo({ message: 'GITHUB_REPOSITORY is not set.', hint: 'Run the step in a GitHub Actions job.' });
    return (0,_packages_github_index_js__WEBPACK_IMPORTED_MODULE_1__/* .parseRepository */ .SU)(name, 'GITHUB_REPOSITORY');
}


/***/ }),

/***/ 6690:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   B: () => (/* binding */ signingKeyInput)
/* harmony export */ });
/* harmony import */ var _packages_errors_index_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2495);

/**
 * The cosign key pair from the inputs `key`, `key-password` and `public-key`,
 * each line of the private key masked before anything can print it; undefined
 * for keyless signing. The public key, when given, is what signatures must
 * verify with (signing refuses a private key that is not its other half).
 */
function signingKeyInput(inputs, log) {
    const privateKey = inputs.secret('key');
    const password = inputs.secret('key-password');
    if (privateKey === undefined) {
        if (password !== undefined) {
            throw new _packages_errors_index_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo({
                message: `input 'key-password' is set but 'key' is not.`,
                hint: 'Set key to the private key the password belongs to, or remove key-password to sign keyless.',
            });
        }
        return undefined;
    }
    // The runner masks a secret as a whole; a PEM also leaks line by line.
    for (const line of privateKey.split(/\r?\n/))
        if (line.trim().length >= 8)
            log.secret(line.trim());
    const publicKey = inputs.string('public-key');
    return { privateKey, password: password ?? '', ...(publicKey !== undefined ? { publicKey: `${publicKey}\n` } : {}) };
}


/***/ }),

/***/ 8437:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  main: () => (/* binding */ main)
});

// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./build/actions/_common/github.js
var github = __webpack_require__(512);
// EXTERNAL MODULE: ./build/actions/_common/identity.js + 1 modules
var _common_identity = __webpack_require__(3513);
// EXTERNAL MODULE: ./build/actions/_common/registry-login.js
var registry_login = __webpack_require__(180);
// EXTERNAL MODULE: ./build/actions/_common/run-action.js + 3 modules
var run_action = __webpack_require__(2238);
// EXTERNAL MODULE: ./build/actions/_common/signing-key.js
var signing_key = __webpack_require__(6690);
// EXTERNAL MODULE: ./build/actions/_common/tools.js
var tools = __webpack_require__(1140);
// EXTERNAL MODULE: ./build/actions/_common/workspace.js
var _common_workspace = __webpack_require__(9138);
// EXTERNAL MODULE: ./build/packages/chain/index.js + 16 modules
var chain = __webpack_require__(8717);
// EXTERNAL MODULE: ./build/packages/errors/index.js + 1 modules
var errors = __webpack_require__(2495);
// EXTERNAL MODULE: ./build/packages/github/index.js + 7 modules
var packages_github = __webpack_require__(9010);
// EXTERNAL MODULE: ./build/packages/imports/index.js + 2 modules
var imports = __webpack_require__(3769);
// EXTERNAL MODULE: ./build/packages/plan/index.js + 15 modules
var packages_plan = __webpack_require__(437);
// EXTERNAL MODULE: ./build/packages/process/index.js + 3 modules
var packages_process = __webpack_require__(3927);
// EXTERNAL MODULE: ./build/packages/trivy/index.js + 13 modules
var packages_trivy = __webpack_require__(1157);
// EXTERNAL MODULE: ./build/actions/_common/spec.js
var spec = __webpack_require__(8180);
;// CONCATENATED MODULE: ./build/src/chain/spec.js

const spec_spec = (0,spec/* defineAction */.Q)({
    name: 'image-actions',
    inputs: [
        'phase',
        'entry',
        'catalog',
        'image',
        'version',
        'variant',
        'registry',
        'upstream-mirrors',
        'push-registry',
        'publish',
        'sign',
        'results-dir',
        'planned',
        'registry-username',
        'registry-password',
        'registry-cache',
        'severity',
        'ignore-unfixed',
        'ignore-file',
        'trivy-db-repository',
        'max-db-age',
        'db-cache-key',
        'key',
        'key-password',
        'public-key',
        'certificate-identity',
        'certificate-identity-regexp',
        'transparency-log',
        'tools-from-path',
        'fail-on-stop',
        'github-token',
        'github-api-url',
    ],
    outputs: [
        'verdict',
        'stopped-at',
        'reason',
        'image',
        'digest',
        'published-tags',
        'verify-command',
        'sarif',
        'outcome-file',
        'outcome-files',
        'db-cache-key',
    ],
});

// EXTERNAL MODULE: ./build/packages/catalog/index.js + 8 modules
var packages_catalog = __webpack_require__(2639);
// EXTERNAL MODULE: ./build/packages/registry/index.js + 6 modules
var registry = __webpack_require__(1834);
;// CONCATENATED MODULE: ./build/src/chain/tools.js








/** The one entry of the catalog the inputs name, planned as matrix-expand plans it. */
async function selectFromCatalog(workspace, catalogPath, selection, log) {
    const catalog = await (0,packages_catalog/* loadCatalog */.ak)((0,_common_workspace/* catalogArgument */.Nf)(workspace, catalogPath), { workspace });
    if (!catalog.images.some((i) => i.name === selection.image)) {
        throw new errors/* UserError */.yo({
            message: `input 'image' is '${selection.image}', which ${catalogPath} does not have.`,
            hint: `Use one of: ${catalog.images.map((i) => i.name).join(', ')}.`,
        });
    }
    const commit = await (0,packages_plan/* resolveCommit */.WL)(new packages_process/* ExecRunner */.iN(), workspace, process.env.GITHUB_SHA || undefined, undefined);
    const source = await (0,packages_plan/* sourceUrl */.Hx)(new packages_process/* ExecRunner */.iN(), workspace, process.env);
    if (source.warning !== undefined)
        log.warning(source.warning);
    const plan = await (0,packages_plan/* expandPlan */.Ol)(catalog, {
        workspace,
        commit,
        today: (0,packages_trivy/* utcDate */.HB)(new Date()),
        ...(source.url !== undefined ? { source: source.url } : {}),
        ...(selection.registry !== undefined ? { registry: selection.registry } : {}),
        applications: [selection.image],
        readFroms: async (dockerfile) => (await (0,packages_catalog/* dockerfileFroms */.yY)(dockerfile)).map((f) => ({ reference: f.reference, line: f.line })),
        reader: new registry/* RegistryClient */.bP({ log }),
        ...(selection.upstreamMirrors !== undefined ? { upstreamMirrors: selection.upstreamMirrors } : {}),
    });
    return (0,chain/* selectEntry */.J9)(plan.entries, selection);
}

;// CONCATENATED MODULE: ./build/src/chain/main.js


















/** What one step of the action does: the whole chain, one phase of it, the run's vulnerability DB, or the run's summary. */
const MODES = ['all', ...chain/* PHASES */.ZG, 'db', 'summary'];
/**
 * The root action: the whole chain for one plan entry (and its debug twin),
 * or one phase of it (`phase`), calling the packages directly. Fails the step
 * when the image stopped at a gate of this step, after writing the outputs
 * and the outcome record, so later jobs and the run's summary still know
 * where it ended.
 */
async function main() {
    await (0,run_action/* runAction */.C)(spec_spec, async (context) => {
        const { inputs } = context;
        const mode = inputs.oneOf('phase', MODES, 'all');
        const sign = inputs.boolean('sign', true);
        const publish = inputs.boolean('publish', true);
        if (publish && !sign) {
            throw new errors/* UserError */.yo({
                message: `input 'publish' is true but 'sign' is false: only a signed, verified digest is published.`,
                hint: `Set 'sign: true', or 'publish: false' to build and scan only.`,
            });
        }
        if (mode === 'db')
            return fetchDb(context);
        const workspace = (0,_common_workspace/* workspaceRoot */.oS)();
        const resultsDir = (0,external_node_path_.resolve)(workspace, inputs.string('results-dir') ?? (0,external_node_path_.join)((0,_common_workspace/* runnerTemp */.X5)(), 'image-outcomes'));
        if (mode === 'summary')
            return summarize(context, resultsDir, (0,chain/* lastPhase */.GE)({ sign, publish }));
        const phases = mode === 'all' ? chain/* PHASES */.ZG : [mode];
        await runPhases(context, { workspace, resultsDir, phases, sign, publish });
    });
}
/** Every input read and checked first, then one call of the chain package. */
async function runPhases({ inputs, outputs, log, summary }, settings) {
    const fromPath = inputs.boolean('tools-from-path', false);
    const dbRepositories = dbRepositoriesInput(inputs);
    const runKey = inputs.string('db-cache-key');
    const dbCacheKey = runKey !== undefined ? (0,packages_trivy/* checkDbCacheKey */.Ss)(runKey, dbRepositories) : undefined;
    const maxDbAgeMs = (0,packages_trivy/* parseMaxDbAge */.n6)(inputs.string('max-db-age') ?? packages_trivy/* DEFAULT_MAX_DB_AGE */.WP);
    const ignoreFile = inputs.string('ignore-file');
    const identity = (0,_common_identity/* identityInputs */.g)(inputs);
    const publicKey = inputs.string('public-key');
    const key = (0,signing_key/* signingKeyInput */.B)(inputs, log);
    const login = (0,registry_login/* registryLoginInput */.z)(inputs, log);
    const failOnStop = inputs.boolean('fail-on-stop', true);
    const pushRegistry = inputs.string('push-registry');
    const entries = await chosenEntries(inputs, settings.workspace, log);
    const runner = new packages_process/* ExecRunner */.iN();
    const result = await (0,chain/* runChainStep */.v$)({
        ...settings,
        entries,
        // A batch runs as many images at once as the runner has processors for.
        concurrency: (0,external_node_os_.availableParallelism)(),
        ...(pushRegistry !== undefined ? { pushRegistry: (0,chain/* pushRegistryInput */._V)(pushRegistry, settings) } : {}),
        ...(login !== undefined ? { login } : {}),
        registryCache: inputs.boolean('registry-cache', true),
        scan: {
            policy: { threshold: inputs.oneOf('severity', packages_trivy/* SEVERITIES */.oC, 'HIGH'), ignoreUnfixed: inputs.boolean('ignore-unfixed', true) },
            ...(ignoreFile !== undefined ? { ignoreFile } : {}),
            dbRepositories,
            ...(dbCacheKey !== undefined ? { dbCacheKey } : {}),
            maxDbAgeMs,
        },
        signing: {
            ...(key !== undefined ? { key } : {}),
            transparencyLog: inputs.boolean('transparency-log', true),
            ...identity,
            ...(publicKey !== undefined ? { publicKey } : {}),
        },
        env: process.env,
        now: new Date(),
    }, {
        runner,
        log,
        tempDir: (0,_common_workspace/* runnerTemp */.X5)(),
        tools: (needs, workDir) => (0,tools/* installedTools */.O)(fromPath, runner, log, workDir, needs),
        dbStore: new packages_trivy/* ActionsDbCache */.E9(log),
    });
    writeOutputs(outputs, result);
    summary.addHeading((0,chain/* stepTitle */.Fb)(entries, settings.phases), 2).addRaw((0,chain/* reportMarkdown */.uL)(result.report), true);
    // An image an earlier job stopped failed that job already; this one fails for its own gates only.
    if (result.stoppedHere.length === 0)
        return;
    if (failOnStop)
        failWhenStopped({ outcomes: result.stoppedHere });
    for (const outcome of result.stoppedHere)
        log.error((0,chain/* outcomeLine */.RW)(outcome));
    log.warning(`input 'fail-on-stop' is false: the step succeeds; the run's summary fails for the images above`);
}
/**
 * The run's vulnerability DB, fetched once before any scan job starts:
 * today's copy restored from the cache, or downloaded and saved under
 * today's key. Its key is the output every scan job restores, so that a
 * matrix of scans does not go to the DB repositories once per leg.
 */
async function fetchDb({ inputs, outputs, log, summary }) {
    const fromPath = inputs.boolean('tools-from-path', false);
    const repositories = dbRepositoriesInput(inputs);
    const runner = new packages_process/* ExecRunner */.iN();
    const temp = (0,_common_workspace/* runnerTemp */.X5)();
    const { trivy } = await (0,tools/* installedTools */.O)(fromPath, runner, log, temp, { trivy: true, cosign: false, regctl: false });
    if (trivy === undefined)
        throw new Error('trivy was not installed');
    const db = await (0,packages_trivy/* prepareDb */.Sn)({
        trivy: trivy.path,
        cacheDir: (0,external_node_path_.join)(temp, 'trivy-cache'),
        repositories,
        store: new packages_trivy/* ActionsDbCache */.E9(log),
        runner,
        log,
        today: (0,packages_trivy/* utcDate */.HB)(new Date()),
    });
    outputs.set('db-cache-key', db.key);
    summary.addHeading('Vulnerability DB', 2).addRaw(`${(0,packages_trivy/* describeDb */.S3)(db)}; the scan jobs restore it from the cache as \`${db.key}\`.\n`, true);
}
function dbRepositoriesInput(inputs) {
    const repository = inputs.string('trivy-db-repository');
    return repository !== undefined ? [repository] : packages_trivy/* DEFAULT_DB_REPOSITORIES */.Sj;
}
/**
 * The run's summary from every outcome record in the results directory: one
 * row per image, and a failure when any image stopped or did not get through
 * the last phase the run has, or when fewer images reported than planned.
 */
async function summarize({ inputs, outputs, summary, log }, resultsDir, last) {
    const planned = inputs.integer('planned', 0, { min: 0 });
    const report = { outcomes: await (0,chain/* readOutcomes */.CE)(resultsDir) };
    const counts = (0,chain/* countByStatus */.x7)(report);
    summary.addHeading(`Rebuild: ${report.outcomes.length} images reported`, 2).addRaw((0,chain/* reportMarkdown */.uL)(report), true);
    log.info((0,chain/* reportText */.UH)(report).trimEnd());
    await upstreamIssues(inputs, report, log);
    outputs.set('verdict', counts.stopped > 0 ? 'stopped' : last === 'publish' ? 'published' : 'passed');
    const problems = (0,chain/* runProblems */.eX)(report, { planned, last, resultsDir });
    if (problems.length === 0)
        return;
    // An annotation per problem, so each stopped image is listed on its own in the run's summary.
    for (const problem of problems)
        log.error(problem);
    throw new Error(`the run is not complete: ${problems.length} problem(s), each annotated above`);
}
/**
 * The owners' issues of imports whose moved upstream did not pass, when the
 * step has a token for them. A GitHub API that fails is warned about, not
 * made the run's failure: the summary above already says it.
 */
async function upstreamIssues(inputs, report, log) {
    const api = (0,github/* githubApiInputs */.NF)(inputs, log);
    if (api === undefined || !report.outcomes.some((o) => o.upstream !== undefined))
        return;
    try {
        await (0,imports/* syncUpstreamIssues */.ZV)(new packages_github/* Issues */.tm(await api(), (0,github/* runRepository */.Yk)()), report.outcomes, log);
    }
    catch (error) {
        log.warning(`the imports' upstream issues were not updated: ${error instanceof Error ? error.message : String(error)}`);
    }
}
/** The step's plan entries: a matrix leg (one entry or a batch) in `entry`, or the one entry `catalog` and `image` select. */
async function chosenEntries(inputs, workspace, log) {
    const json = inputs.string('entry');
    const catalog = inputs.string('catalog');
    if (json !== undefined) {
        if (catalog !== undefined) {
            throw new errors/* UserError */.yo({
                message: `inputs 'entry' and 'catalog' are both set.`,
                hint: `Pass a plan entry in 'entry', or select one with 'catalog', 'image', 'version' and 'variant', not both.`,
            });
        }
        return (0,chain/* parseMatrixLeg */.Zt)(json, 'entry');
    }
    if (catalog === undefined) {
        throw new errors/* UserError */.yo({
            message: `neither input 'entry' nor 'catalog' is set.`,
            hint: `Pass a plan entry (matrix-expand's matrix) in 'entry', or set 'catalog' and 'image'.`,
        });
    }
    const image = inputs.string('image', { required: true });
    const version = inputs.string('version');
    const variant = inputs.string('variant');
    const registry = inputs.string('registry');
    const upstreamMirrors = (0,packages_plan/* parseUpstreamMirrors */.rA)(inputs.list('upstream-mirrors'), 'upstream-mirrors');
    const selected = await selectFromCatalog(workspace, catalog, {
        image,
        ...(version !== undefined ? { version } : {}),
        ...(variant !== undefined ? { variant } : {}),
        ...(registry !== undefined ? { registry } : {}),
        upstreamMirrors,
    }, log);
    return [selected];
}
/**
 * The outputs of the step's images. For one entry, its values; for a batch,
 * one line per entry in the batch's order, the tags of all of them, and the
 * directory of their SARIF files.
 */
function writeOutputs(outputs, result) {
    const lines = (value) => result.mains.map(value).join('\n');
    outputs.set('verdict', lines((o) => o.status));
    outputs.set('stopped-at', lines((o) => o.stoppedAt ?? ''));
    outputs.set('reason', lines((o) => o.reason ?? ''));
    outputs.set('image', lines((o) => o.image ?? ''));
    outputs.set('digest', lines((o) => o.image?.slice(o.image.indexOf('@') + 1) ?? ''));
    outputs.set('published-tags', result.mains.flatMap((o) => o.published));
    outputs.set('verify-command', lines((o) => o.verifyCommand ?? ''));
    const [sarif] = result.sarifs;
    outputs.set('sarif', sarif === undefined ? '' : result.mains.length === 1 && result.sarifs.length === 1 ? sarif : (0,external_node_path_.dirname)(sarif));
    outputs.set('outcome-file', result.recordFiles.join('\n'));
    outputs.set('outcome-files', result.files.join('\n'));
}
function failWhenStopped(report) {
    const stopped = report.outcomes.filter((o) => o.status === 'stopped');
    if (stopped.length > 0)
        throw new Error(stopped.map(chain/* outcomeLine */.RW).join('\n'));
}


/***/ })

};
