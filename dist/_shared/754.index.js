export const id = 754;
export const ids = [754];
export const modules = {

/***/ 5754:
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
// EXTERNAL MODULE: ./build/packages/chain/index.js + 16 modules
var chain = __webpack_require__(8717);
// EXTERNAL MODULE: ./build/packages/errors/index.js + 1 modules
var errors = __webpack_require__(2495);
// EXTERNAL MODULE: ./build/packages/plan/index.js + 15 modules
var packages_plan = __webpack_require__(437);
// EXTERNAL MODULE: ./build/packages/process/index.js + 3 modules
var packages_process = __webpack_require__(3927);
// EXTERNAL MODULE: ./build/packages/propagate/index.js + 6 modules
var propagate = __webpack_require__(9444);
// EXTERNAL MODULE: ./build/packages/registry/index.js + 6 modules
var registry = __webpack_require__(1834);
// EXTERNAL MODULE: ./build/actions/_common/identity.js + 1 modules
var identity = __webpack_require__(3513);
// EXTERNAL MODULE: ./build/actions/_common/registry-login.js
var registry_login = __webpack_require__(180);
// EXTERNAL MODULE: ./build/actions/_common/run-action.js + 3 modules
var run_action = __webpack_require__(2238);
// EXTERNAL MODULE: ./build/actions/_common/tools.js
var tools = __webpack_require__(1140);
// EXTERNAL MODULE: ./build/actions/_common/workspace.js
var _common_workspace = __webpack_require__(9138);
// EXTERNAL MODULE: ./build/actions/_common/spec.js
var spec = __webpack_require__(8180);
;// CONCATENATED MODULE: ./build/actions/propagate/src/spec.js

const spec_spec = (0,spec/* defineAction */.Q)({
    name: 'propagate',
    inputs: [
        'plan-file',
        'stage',
        'shard',
        'registry-username',
        'registry-password',
        'mirror-logins',
        'public-key',
        'certificate-identity',
        'certificate-identity-regexp',
        'transparency-log',
        'results-dir',
        'tools-from-path',
        'fail-on-lag',
    ],
    outputs: ['report', 'lagging', 'written'],
});

;// CONCATENATED MODULE: ./build/actions/propagate/src/main.js














async function main() {
    await (0,run_action/* runAction */.C)(spec_spec, async ({ inputs, outputs, log, summary }) => {
        // Every input is read and checked before anything runs: a mistake changes nothing.
        const workspace = (0,_common_workspace/* workspaceRoot */.oS)();
        const planFile = (0,external_node_path_.resolve)(workspace, inputs.string('plan-file', { required: true }));
        const stage = inputs.optionalInteger('stage', { min: 0 });
        const shard = inputs.optionalInteger('shard', { min: 0 });
        const sourceLogin = (0,registry_login/* registryLoginInput */.z)(inputs, log);
        const mirrorLogins = (0,registry/* parseRegistryLogins */.$n)(inputs.secret('mirror-logins'), 'mirror-logins', log);
        const signatures = (0,identity/* publishedSignatureInputs */.u)(inputs, process.env);
        const resultsInput = inputs.string('results-dir');
        const resultsDir = resultsInput !== undefined ? (0,external_node_path_.resolve)(workspace, resultsInput) : undefined;
        const fromPath = inputs.boolean('tools-from-path', false);
        const failOnLag = inputs.boolean('fail-on-lag', true);
        const plan = (0,packages_plan/* parsePlan */.vS)(readPlanFile(planFile), `input 'plan-file' (${planFile})`);
        const selection = { ...(stage !== undefined ? { stage } : {}), ...(shard !== undefined ? { shard } : {}) };
        // Nothing here goes into a matrix: any number of entries is fine.
        const entries = (0,packages_plan/* selectMatrix */.Ih)(plan, selection, { maxJobs: Number.POSITIVE_INFINITY, maxBytes: Number.POSITIVE_INFINITY });
        const recordedKeys = new Map();
        if (resultsDir !== undefined) {
            for (const outcome of await (0,chain/* readOutcomes */.CE)(resultsDir)) {
                if (outcome.image !== undefined && outcome.publicKey !== undefined)
                    recordedKeys.set(outcome.image, outcome.publicKey);
            }
        }
        const runner = new packages_process/* ExecRunner */.iN();
        const report = await (0,propagate/* propagatePlan */.b6)({
            entries,
            ...(sourceLogin !== undefined ? { sourceLogin } : {}),
            mirrorLogins,
            verification: { ...signatures, recordedKeys },
            env: process.env,
        }, {
            runner,
            log,
            tempDir: (0,_common_workspace/* runnerTemp */.X5)(),
            async tools(workDir) {
                const { regctl, cosign } = await (0,tools/* installedTools */.O)(fromPath, runner, log, workDir, { trivy: false, cosign: true, regctl: true });
                if (regctl === undefined || cosign === undefined)
                    throw new Error('regctl and cosign were not installed');
                return { regctl: regctl.path, cosign: cosign.path };
            },
        });
        writeOutputs(outputs, report);
        summary.addHeading('Propagation', 2).addRaw((0,propagate/* reportMarkdown */.uL)(report), true);
        if (resultsDir !== undefined)
            writeReport(resultsDir, selection, report);
        for (const line of (0,propagate/* reportLines */.QS)(report))
            log.info(line);
        const lagging = (0,propagate/* laggingOf */.Pr)(report);
        if (lagging.length === 0)
            return;
        const text = lagging.map((l) => `${l.id} -> ${l.mirror}: ${l.state}: ${l.detail}`).join('\n');
        if (failOnLag)
            throw new Error(`${lagging.length} mirror copy(ies) lag; the next run copies what is missing:\n${text}`);
        log.warning(`input 'fail-on-lag' is false: the step succeeds although ${lagging.length} mirror copy(ies) lag`);
    });
}
function readPlanFile(path) {
    try {
        return (0,external_node_fs_.readFileSync)(path, 'utf8');
    }
    catch (error) {
        throw new errors/* UserError */.yo({
            message: `input 'plan-file' is '${path}', which cannot be read (${error.code ?? String(error)}).`,
            hint: "Pass matrix-expand's 'plan-file' output, from a step of the same job.",
        });
    }
}
function writeOutputs(outputs, report) {
    outputs.set('report', report.images);
    outputs.set('lagging', (0,propagate/* laggingOf */.Pr)(report).length);
    outputs.set('written', report.images.flatMap((i) => i.mirrors).filter((m) => m.state === 'updated').length);
}
/** Next to the outcome records, for whoever reads the run (the lab's nightly, a summary job). */
function writeReport(dir, selection, report) {
    (0,external_node_fs_.mkdirSync)(dir, { recursive: true });
    const name = `propagation-${selection.stage ?? 'all'}-${selection.shard ?? 'all'}.json`;
    (0,external_node_fs_.writeFileSync)((0,external_node_path_.join)(dir, name), `${JSON.stringify(report, null, 2)}\n`);
}


/***/ })

};
