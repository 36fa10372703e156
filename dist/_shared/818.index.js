export const id = 818;
export const ids = [818];
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

/***/ 6908:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   y: () => (/* binding */ publishTargetInputs)
/* harmony export */ });
/* harmony import */ var _packages_catalog_index_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2639);

/** The inputs `registry`, `tag-template` and `mirrors`, as matrix-expand and retain-versions read them. */
function publishTargetInputs(inputs) {
    const registry = inputs.string('registry');
    const tagTemplate = inputs.string('tag-template');
    const mirrors = inputs.list('mirrors');
    return {
        ...(registry !== undefined ? { registry } : {}),
        ...(tagTemplate !== undefined ? { tagTemplate } : {}),
        ...(mirrors.length > 0 ? { mirrors: (0,_packages_catalog_index_js__WEBPACK_IMPORTED_MODULE_0__/* .parseMirrorTargets */ .nc)(mirrors, 'mirrors') } : {}),
    };
}


/***/ }),

/***/ 1437:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  main: () => (/* binding */ main)
});

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./build/packages/catalog/index.js + 8 modules
var packages_catalog = __webpack_require__(2639);
// EXTERNAL MODULE: ./build/packages/chain/index.js + 16 modules
var chain = __webpack_require__(8717);
// EXTERNAL MODULE: ./build/packages/errors/index.js + 1 modules
var errors = __webpack_require__(2495);
// EXTERNAL MODULE: ./build/packages/github/index.js + 7 modules
var github = __webpack_require__(9010);
// EXTERNAL MODULE: ./build/packages/plan/index.js + 15 modules
var packages_plan = __webpack_require__(437);
// EXTERNAL MODULE: ./build/packages/process/index.js + 3 modules
var packages_process = __webpack_require__(3927);
// EXTERNAL MODULE: ./build/packages/publish/index.js + 3 modules
var publish = __webpack_require__(796);
// EXTERNAL MODULE: ./build/packages/registry/index.js + 6 modules
var registry = __webpack_require__(1834);
// EXTERNAL MODULE: ./build/packages/tags/index.js + 4 modules
var tags = __webpack_require__(3184);
// EXTERNAL MODULE: ./build/packages/trivy/index.js + 13 modules
var trivy = __webpack_require__(1157);
// EXTERNAL MODULE: ./build/actions/_common/github.js
var _common_github = __webpack_require__(512);
// EXTERNAL MODULE: ./build/actions/_common/identity.js + 1 modules
var identity = __webpack_require__(3513);
// EXTERNAL MODULE: ./build/actions/_common/publish-target.js
var publish_target = __webpack_require__(6908);
// EXTERNAL MODULE: ./build/actions/_common/registry-login.js
var registry_login = __webpack_require__(180);
// EXTERNAL MODULE: ./build/actions/_common/run-action.js + 3 modules
var run_action = __webpack_require__(2238);
// EXTERNAL MODULE: ./build/actions/_common/tools.js
var _common_tools = __webpack_require__(1140);
// EXTERNAL MODULE: ./build/actions/_common/workspace.js
var _common_workspace = __webpack_require__(9138);
// EXTERNAL MODULE: ./build/actions/_common/spec.js
var spec = __webpack_require__(8180);
;// CONCATENATED MODULE: ./build/actions/matrix-expand/src/spec.js

const spec_spec = (0,spec/* defineAction */.Q)({
    name: 'matrix-expand',
    inputs: [
        'catalog',
        'images',
        'glob',
        'per-platform',
        'changes',
        'changed-files',
        'base-ref',
        'registry',
        'mirrors',
        'upstream-mirrors',
        'tag-template',
        'max-jobs',
        'batch',
        'stage',
        'shard',
        'github-token',
        'plan-file',
        'skip-unchanged',
        'force',
        'severity',
        'public-key',
        'certificate-identity',
        'certificate-identity-regexp',
        'transparency-log',
        'tools-from-path',
        'registry-username',
        'registry-password',
        'results-dir',
    ],
    outputs: ['matrix', 'count', 'images', 'plan-file', 'has-entries', 'stages', 'shards', 'stage-count', 'outcome-files'],
});

;// CONCATENATED MODULE: ./build/actions/matrix-expand/src/main.js




















async function main() {
    await (0,run_action/* runAction */.C)(spec_spec, async ({ inputs, outputs, log, summary }) => {
        const catalogPath = inputs.string('catalog', { required: true });
        const applications = inputs.list('images');
        const glob = inputs.string('glob');
        const perPlatform = inputs.boolean('per-platform', false);
        const mode = inputs.oneOf('changes', ['auto', 'all', 'affected'], 'auto');
        const changedFiles = inputs.list('changed-files');
        const baseRef = inputs.string('base-ref');
        const target = (0,publish_target/* publishTargetInputs */.y)(inputs);
        const maxJobs = inputs.integer('max-jobs', 256, { min: 1, max: 256 });
        const batchInput = inputs.optionalInteger('batch', { min: 1, max: 256 });
        const stage = inputs.optionalInteger('stage', { min: 0 });
        const shard = inputs.optionalInteger('shard', { min: 0 });
        const token = inputs.secret('github-token');
        const upstreamMirrors = (0,packages_plan/* parseUpstreamMirrors */.rA)(inputs.list('upstream-mirrors'), 'upstream-mirrors');
        const givenPlan = inputs.string('plan-file');
        const skip = inputs.boolean('skip-unchanged', false);
        const force = inputs.boolean('force', false);
        const severity = inputs.oneOf('severity', trivy/* SEVERITIES */.oC, 'HIGH');
        const signatures = (0,identity/* publishedSignatureInputs */.u)(inputs, process.env, { pinRuns: skip });
        const fromPath = inputs.boolean('tools-from-path', false);
        const login = (0,registry_login/* registryLoginInput */.z)(inputs, log);
        const resultsDir = inputs.string('results-dir');
        const selection = { ...(stage !== undefined ? { stage } : {}), ...(shard !== undefined ? { shard } : {}) };
        if (force && !skip)
            log.info("'force' without 'skip-unchanged': every planned entry is built anyway");
        if (givenPlan !== undefined) {
            // The plan job decided; a shard job takes its matrix from that plan, not from a new one.
            const plan = (0,packages_plan/* parsePlan */.vS)((0,external_node_fs_.readFileSync)(givenPlan, 'utf8'), `input 'plan-file' (${givenPlan})`);
            if (plan.catalog !== (0,packages_plan/* relativePath */.iZ)((0,_common_workspace/* workspaceRoot */.oS)(), (0,_common_workspace/* catalogArgument */.Nf)((0,_common_workspace/* workspaceRoot */.oS)(), catalogPath))) {
                throw new errors/* UserError */.yo({
                    message: `input 'plan-file' is the plan of ${plan.catalog}, not of input 'catalog' ${catalogPath}.`,
                    hint: 'Pass the plan file matrix-expand wrote for this catalog.',
                });
            }
            if (batchInput !== undefined && batchInput !== plan.batch) {
                throw new errors/* UserError */.yo({
                    message: `input 'batch' is ${batchInput}, but input 'plan-file' (${givenPlan}) was planned with batch ${plan.batch}.`,
                    hint: "Leave 'batch' empty with 'plan-file': the plan's shards were cut for its own batch.",
                });
            }
            writeOutputs(plan, writePlan(plan));
            const limits = { maxJobs, maxBytes: packages_plan/* MAX_MATRIX_BYTES */.P0, batch: plan.batch };
            outputs.set('matrix', (0,packages_plan/* matrixJson */.u5)((0,packages_plan/* selectMatrix */.Ih)(plan, selection, limits), plan.batch));
            return;
        }
        const workspace = (0,_common_workspace/* workspaceRoot */.oS)();
        const catalog = await (0,packages_catalog/* loadCatalog */.ak)((0,_common_workspace/* catalogArgument */.Nf)(workspace, catalogPath), { workspace });
        const event = readEvent();
        const runner = new packages_process/* ExecRunner */.iN();
        const changes = await (0,packages_plan/* resolveChanges */.uy)({
            mode,
            ...(process.env.GITHUB_EVENT_NAME !== undefined ? { eventName: process.env.GITHUB_EVENT_NAME } : {}),
            ...(event !== undefined ? { event } : {}),
            changedFiles,
            ...(baseRef !== undefined ? { baseRef } : {}),
            catalogFile: (0,packages_plan/* relativePath */.iZ)(workspace, catalog.file),
            workspace,
            runner,
            ...(token !== undefined ? { listPullRequestFiles: (n) => pullRequestFiles(token, n, log) } : {}),
            log,
        });
        const commit = await (0,packages_plan/* resolveCommit */.WL)(runner, workspace, process.env.GITHUB_SHA || undefined, event);
        const source = await (0,packages_plan/* sourceUrl */.Hx)(runner, workspace, process.env);
        if (source.warning !== undefined)
            log.warning(source.warning);
        const reader = new registry/* RegistryClient */.bP({
            log,
            ...(login !== undefined
                ? { credentials: (0,registry/* actionCredentials */.F9)({ registry: target.registry ?? catalog.registry, ...login }, { runner, env: process.env, log }) }
                : {}),
        });
        const expanded = await (0,packages_plan/* expandPlan */.Ol)(catalog, {
            workspace,
            commit,
            today: (0,trivy/* utcDate */.HB)(new Date()),
            ...(source.url !== undefined ? { source: source.url } : {}),
            ...target,
            perPlatform,
            ...(applications.length > 0 ? { applications } : {}),
            ...(glob !== undefined ? { glob } : {}),
            ...(changes !== undefined ? { changes } : {}),
            maxJobs,
            batch: batchInput ?? 1,
            readFroms: async (dockerfile) => (await (0,packages_catalog/* dockerfileFroms */.yY)(dockerfile)).map((f) => ({ reference: f.reference, line: f.line })),
            reader,
            upstreamMirrors,
        });
        const plan = skip
            ? await withoutUnchanged(expanded, reader, { force, severity, maxJobs, signatures, fromPath, runner, log })
            : expanded;
        const planFile = writePlan(plan);
        writeOutputs(plan, planFile);
        if (resultsDir !== undefined && plan.unchanged.length > 0) {
            const files = await Promise.all((0,chain/* unchangedOutcomes */.r4)(plan.unchanged).map((o) => (0,chain/* writeOutcome */.gZ)(resultsDir, o)));
            outputs.set('outcome-files', files.join('\n'));
        }
        else
            outputs.set('outcome-files', '');
        log.info(`matrix-expand: ${plan.entries.length} entries in ${plan.stages.length} stages (${plan.skipped.length} left out, ${plan.unchanged.length} unchanged); plan in ${planFile}`);
        for (const entry of plan.entries)
            if (entry.rebuild)
                log.info(`${entry.id}: built: ${entry.rebuild.join('; ')}`);
        for (const u of plan.unchanged)
            log.info(`${u.id}: ${u.reason} (${u.image})`);
        for (const line of (0,packages_plan/* deprecationLines */.Su)(plan))
            log.warning(line);
        for (const line of (0,packages_plan/* importLines */.VT)(plan))
            log.info(line);
        for (const gone of plan.unavailable)
            log.warning((0,packages_plan/* unavailableLine */.tj)(gone));
        summary.addHeading('Build plan', 2).addRaw((0,packages_plan/* planMarkdown */.Xg)(plan, changes !== undefined), true);
        // Last: when the selection does not fit one matrix the step fails, with the shards already written to fan out over.
        const matrix = (0,packages_plan/* selectMatrix */.Ih)(plan, selection, { maxJobs, maxBytes: packages_plan/* MAX_MATRIX_BYTES */.P0, batch: plan.batch });
        outputs.set('matrix', (0,packages_plan/* matrixJson */.u5)(matrix, plan.batch));
        function writeOutputs(written, file) {
            outputs.set('count', written.entries.length);
            outputs.set('images', written.entries.length + written.unchanged.length);
            outputs.set('plan-file', file);
            outputs.set('has-entries', written.entries.length > 0);
            outputs.set('stages', written.stages.map((s) => ({ stage: s.stage, count: s.shards.reduce((n, x) => n + x.ids.length, 0), shards: s.shards.length })));
            outputs.set('shards', {
                include: written.stages.flatMap((s) => s.shards.map((x) => ({ stage: x.stage, shard: x.shard, count: x.ids.length }))),
            });
            outputs.set('stage-count', written.stages.length);
        }
    });
}
/** The plan without what is already published with its build id, verified as the publish job verifies it. */
async function withoutUnchanged(plan, client, options) {
    if (plan.entries.length === 0)
        return plan;
    const workDir = (0,external_node_fs_.mkdtempSync)((0,external_node_path_.join)((0,_common_workspace/* runnerTemp */.X5)(), 'matrix-expand-'));
    try {
        const tools = await (0,_common_tools/* installedTools */.O)(options.fromPath, options.runner, options.log, workDir, {
            trivy: false,
            cosign: true,
            regctl: false,
        });
        const published = (0,publish/* publishedImages */.H_)({
            tags: new tags/* RegistryTags */.hv(client),
            runner: options.runner,
            log: options.log,
            signature: { ...options.signatures, cosign: tools.cosign?.path ?? 'cosign', workDir, env: process.env },
        });
        return await (0,packages_plan/* skipUnchanged */.zM)(plan, published, {
            force: options.force,
            now: new Date(),
            severity: options.severity,
            maxJobs: options.maxJobs,
            maxBytes: packages_plan/* MAX_MATRIX_BYTES */.P0,
        });
    }
    finally {
        (0,external_node_fs_.rmSync)(workDir, { recursive: true, force: true });
    }
}
function readEvent() {
    const path = process.env.GITHUB_EVENT_PATH;
    if (path === undefined || path === '')
        return undefined;
    try {
        return JSON.parse((0,external_node_fs_.readFileSync)(path, 'utf8'));
    }
    catch (error) {
        throw new Error(`cannot read the event payload ${path}: ${error instanceof Error ? error.message : String(error)}`);
    }
}
function writePlan(plan) {
    const dir = (0,external_node_path_.join)((0,_common_workspace/* runnerTemp */.X5)(), 'image-actions');
    (0,external_node_fs_.mkdirSync)(dir, { recursive: true });
    const file = (0,external_node_path_.join)(dir, 'plan.json');
    (0,external_node_fs_.writeFileSync)(file, `${(0,packages_plan/* canonicalJson */.dj)(plan, 2)}\n`);
    return file;
}
/** A pull request's files through the actions' one GitHub client (rate limits and retries waited out). */
async function pullRequestFiles(token, pullNumber, log) {
    // @actions/github reads GITHUB_API_URL, GitHub Enterprise Server's included.
    return (0,github/* listPullRequestFiles */.cq)(await (0,_common_github/* githubApi */.Mc)(token, log), (0,_common_github/* runRepository */.Yk)(), pullNumber);
}


/***/ })

};
