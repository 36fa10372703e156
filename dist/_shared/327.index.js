export const id = 327;
export const ids = [327];
export const modules = {

/***/ 8327:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  main: () => (/* binding */ main)
});

// EXTERNAL MODULE: ./build/packages/buildx/index.js + 12 modules
var buildx = __webpack_require__(8262);
// EXTERNAL MODULE: ./build/packages/chain/select.js
var chain_select = __webpack_require__(5552);
// EXTERNAL MODULE: ./build/packages/errors/index.js + 1 modules
var errors = __webpack_require__(2495);
// EXTERNAL MODULE: ./build/packages/process/index.js + 3 modules
var packages_process = __webpack_require__(3927);
// EXTERNAL MODULE: ./build/packages/retry/index.js + 2 modules
var retry = __webpack_require__(5227);
// EXTERNAL MODULE: ./build/actions/_common/run-action.js + 3 modules
var run_action = __webpack_require__(2238);
// EXTERNAL MODULE: ./build/actions/_common/workspace.js
var _common_workspace = __webpack_require__(9138);
// EXTERNAL MODULE: ./build/actions/_common/spec.js
var spec = __webpack_require__(8180);
;// CONCATENATED MODULE: ./build/actions/build-prebuilt/src/spec.js

/**
 * The inputs of a build described by hand, which `entry` replaces: given
 * together with `entry` they are refused. (`mode` is left out: it has a
 * default, so it is always set.)
 */
const MANUAL_INPUTS = [
    'context',
    'dockerfile',
    'target',
    'build-args',
    'platforms',
    'labels',
    'repository',
    'requires',
    'application',
    'build-id',
];
const spec_spec = (0,spec/* defineAction */.Q)({
    name: 'build-prebuilt',
    inputs: [
        'entry',
        'merge',
        'parents',
        ...MANUAL_INPUTS,
        'mode',
        'debug-twin',
        'registry',
        'username',
        'password',
        'logout',
        'cache',
        'cache-ref',
        'secrets',
        'secret-files',
        'sbom',
        'provenance',
        'source-date-epoch',
        'builder',
        'attempts',
        'docker',
    ],
    outputs: ['digest', 'image', 'build-id', 'metadata', 'platforms', 'size', 'checks', 'debug-image', 'debug-digest'],
});

;// CONCATENATED MODULE: ./build/actions/build-prebuilt/src/main.js








async function main() {
    await (0,run_action/* runAction */.C)(spec_spec, async ({ inputs, outputs, log, summary }) => {
        const workspace = (0,_common_workspace/* workspaceRoot */.oS)();
        const platformImages = inputs.list('merge');
        if (platformImages.length > 0) {
            const registry = inputs.string('registry');
            const username = inputs.string('username');
            const password = inputs.secret('password');
            const image = await (0,buildx/* mergeStep */.p4)(new packages_process/* ExecRunner */.iN(), log, {
                docker: inputs.string('docker') ?? 'docker',
                ...(registry !== undefined && username !== undefined && password !== undefined ? { login: { registry, username, password } } : {}),
                images: platformImages,
                annotations: (0,buildx/* parseKeyValues */.Hl)(lines(inputs.raw('labels')), 'labels'),
                retry: retry/* DEFAULT_RETRY_POLICY */.cO,
            });
            outputs.set('image', image);
            outputs.set('digest', image.slice(image.indexOf('@') + 1));
            summary.addRaw(`### build-prebuilt: merged ${platformImages.length} platform images\n\n\`${image}\`\n`, true);
            return;
        }
        const entry = readEntry(inputs, workspace);
        const registry = inputs.string('registry');
        const username = inputs.string('username');
        const password = inputs.secret('password');
        if (registry !== undefined && (username === undefined || password === undefined)) {
            throw new errors/* UserError */.yo({
                message: `input 'registry' is set, but 'username' or 'password' is not.`,
                hint: 'Give both, or leave registry empty to build without a login.',
            });
        }
        const secrets = (0,buildx/* parseKeyValues */.Hl)(lines(inputs.secret('secrets') ?? ''), 'secrets', { secret: true });
        for (const value of Object.values(secrets))
            log.secret(value);
        const runner = new packages_process/* ExecRunner */.iN();
        const epochText = inputs.string('source-date-epoch');
        const epoch = epochText !== undefined
            ? (0,buildx/* parseEpoch */.Pd)(epochText, `input 'source-date-epoch'`)
            : await (0,buildx/* sourceDateEpoch */.pA)(runner, workspace, entry, process.env);
        if (epoch === undefined)
            log.warning('no commit time found (not a git checkout?): timestamps are not reproducible');
        const provenance = inputs.oneOf('provenance', ['max', 'min', 'false'], 'false');
        const cacheRef = inputs.string('cache-ref');
        const builder = inputs.string('builder');
        const tempDir = (0,_common_workspace/* runnerTemp */.X5)();
        const result = await (0,buildx/* buildPrebuilt */.KW)(runner, log, {
            entry,
            parents: parseParents(inputs.raw('parents')),
            workspace,
            tempDir,
            docker: inputs.string('docker') ?? 'docker',
            ...(registry !== undefined && username !== undefined && password !== undefined ? { login: { registry, username, password } } : {}),
            logout: inputs.boolean('logout', true),
            cache: inputs.oneOf('cache', buildx/* CACHE_MODES */._R, 'registry'),
            ...(cacheRef !== undefined ? { cacheRef } : {}),
            secrets,
            secretFiles: (0,buildx/* parseKeyValues */.Hl)(lines(inputs.raw('secret-files')), 'secret-files'),
            sbom: inputs.boolean('sbom', false),
            provenance: provenance === 'false' ? false : provenance,
            ...(epoch !== undefined ? { sourceDateEpoch: epoch } : {}),
            ...(builder !== undefined ? { builder } : {}),
            buildDebugTwin: inputs.boolean('debug-twin', true),
            retry: { ...retry/* DEFAULT_RETRY_POLICY */.cO, attempts: inputs.integer('attempts', retry/* DEFAULT_RETRY_POLICY */.cO.attempts, { min: 1, max: 10 }) },
            env: process.env,
        });
        // The image is pushed by digest either way: its outputs let a caller find it, and no tag was pushed.
        outputs.set('digest', result.main.metadata.digest);
        outputs.set('image', result.main.image);
        outputs.set('build-id', entry.buildId);
        outputs.set('metadata', result.main.metadata.raw);
        outputs.set('platforms', result.main.platforms);
        outputs.set('size', result.main.size);
        outputs.set('checks', result.checks ?? []);
        if (result.debug) {
            outputs.set('debug-image', result.debug.image);
            outputs.set('debug-digest', result.debug.metadata.digest);
        }
        summary.addRaw((0,buildx/* buildSummary */.fR)(entry.id, entry.mode, result), true);
        if (result.problems.length > 0) {
            const location = { file: entry.dockerfile };
            throw new errors/* UserError */.yo(result.problems.map((problem) => ({
                message: `${entry.id} is not locked down: ${problem}.`,
                hint: 'Fix the image (see the prebuilt rules in the build-prebuilt README), or build it as a layered image.',
                location,
            })));
        }
    });
}
function readEntry(inputs, workspace) {
    const text = inputs.string('entry');
    if (text !== undefined) {
        const conflicting = MANUAL_INPUTS.filter((name) => inputs.raw(name) !== '');
        if (conflicting.length > 0) {
            throw new errors/* UserError */.yo({
                message: `input 'entry' is set together with ${conflicting.map((c) => `'${c}'`).join(', ')}.`,
                hint: 'Give either a plan entry or the build by hand, not both.',
            });
        }
        return (0,chain_select/* parseEntry */.ER)(text, 'entry');
    }
    const context = inputs.string('context', { required: true });
    const dockerfile = inputs.string('dockerfile');
    const target = inputs.string('target');
    const application = inputs.string('application');
    const buildId = inputs.string('build-id');
    return (0,buildx/* entryFromManual */.pU)({
        context,
        ...(dockerfile !== undefined ? { dockerfile } : {}),
        ...(target !== undefined ? { target } : {}),
        buildArgs: (0,buildx/* parseKeyValues */.Hl)(lines(inputs.raw('build-args')), 'build-args'),
        platforms: inputs.list('platforms'),
        labels: (0,buildx/* parseKeyValues */.Hl)(lines(inputs.raw('labels')), 'labels'),
        repository: inputs.string('repository', { required: true }),
        mode: inputs.oneOf('mode', ['layered', 'prebuilt'], 'layered'),
        requires: (0,buildx/* parseRequires */.Qr)(inputs.raw('requires'), 'requires'),
        ...(application !== undefined ? { application } : {}),
        ...(buildId !== undefined ? { buildId } : {}),
    }, workspace);
}
/** `KEY=VALUE` inputs are one item per line: a value may hold commas (`GREETING=hello, world`). */
function lines(text) {
    return text.split(/\r?\n/).filter((line) => line.trim() !== '');
}
function parseParents(text) {
    if (text === '')
        return {};
    let value;
    try {
        value = JSON.parse(text);
    }
    catch {
        value = undefined;
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value) || Object.values(value).some((v) => typeof v !== 'string')) {
        throw new errors/* UserError */.yo({
            message: `input 'parents' is not a JSON object of FROM references to digests.`,
            hint: `Write {"ghcr.io/org/apps/base:1.0": "ghcr.io/org/apps/base@sha256:..."}.`,
        });
    }
    return value;
}


/***/ })

};
