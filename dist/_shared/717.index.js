export const id = 717;
export const ids = [717];
export const modules = {

/***/ 8717:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  ZG: () => (/* reexport */ PHASES),
  x7: () => (/* reexport */ countByStatus),
  GE: () => (/* reexport */ lastPhase),
  RW: () => (/* reexport */ outcomeLine),
  Zt: () => (/* reexport */ chain_select/* parseMatrixLeg */.Zt),
  _V: () => (/* reexport */ pushRegistryInput),
  CE: () => (/* reexport */ readOutcomes),
  uL: () => (/* reexport */ reportMarkdown),
  UH: () => (/* reexport */ reportText),
  v$: () => (/* reexport */ runChainStep),
  eX: () => (/* reexport */ runProblems),
  J9: () => (/* reexport */ chain_select/* selectEntry */.J9),
  Fb: () => (/* reexport */ stepTitle),
  r4: () => (/* reexport */ unchangedOutcomes),
  gZ: () => (/* reexport */ writeOutcome)
});

// UNUSED EXPORTS: GATES, PHASE_GATES, buildContexts, buildOrImport, buildStep, chainItems, debugTwin, debugTwinId, declaredTests, describeFailure, ignoreFilePath, parseEntry, parseOutcome, pinnedParents, pushedEntry, pushedOutcome, recordName, registryLogin, runChain, scanStep, signedAttestations, testStep, testsLine, toolSteps, upstreamNote

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./build/packages/buildx/index.js + 12 modules
var buildx = __webpack_require__(8262);
// EXTERNAL MODULE: ./build/packages/oci/index.js + 1 modules
var oci = __webpack_require__(259);
// EXTERNAL MODULE: ./build/packages/process/index.js + 3 modules
var process = __webpack_require__(3927);
// EXTERNAL MODULE: ./build/packages/retry/index.js + 2 modules
var retry = __webpack_require__(5227);
;// CONCATENATED MODULE: ./build/packages/chain/build-step.js





/**
 * build-prebuilt's packages for one plan entry: buildx pushes it by digest
 * (no tag), then a prebuilt image is read back from the registry and checked
 * (no shell, no package manager, non-root, exec form, capabilities). The
 * chain runs a debug twin as an entry of its own (see debugTwin), so the twin
 * is never built here.
 *
 * No SBOM or provenance attestation manifests at build time: BuildKit stamps
 * them with the build's own time, so the same sources would push another
 * digest every night. The SBOM is attested by cosign after the scan instead,
 * on the digest itself. Every timestamp in the image is the one
 * sourceDateEpoch gives (the last commit that changed the image's sources),
 * as build-prebuilt sets it, so the same sources build the same digest.
 */
function buildStep(config) {
    let features;
    return async (entry, parents) => {
        features ??= await detectFeatures(config);
        const epoch = await (0,buildx/* sourceDateEpoch */.pA)(config.runner, config.workspace, entry, config.env);
        if (epoch === undefined)
            config.log.warning('no commit time found (not a git checkout?): timestamps are not reproducible');
        const cache = (0,buildx/* chooseCache */.e3)(config.registryCache ? 'registry' : 'none', {
            repository: entry.repository,
            application: entry.application,
            env: config.env,
        });
        const request = (0,buildx/* requestFromEntry */.m1)(entry, {
            workspace: config.workspace,
            metadataFile: (0,external_node_path_.join)(config.workDir, `${entry.id}.metadata.json`),
            contexts: (0,buildx/* buildContexts */.j8)(await pinnedParents(config.registry, parents)),
            cache: cache.config,
            secrets: [],
            sbom: false,
            provenance: false,
            ...(epoch !== undefined ? { sourceDateEpoch: epoch } : {}),
        });
        const result = await (0,buildx/* buildAndCheck */.oH)({
            runner: config.runner,
            log: config.log,
            docker: config.docker,
            features,
            registry: config.registry,
            retry: config.retry ?? retry/* DEFAULT_RETRY_POLICY */.cO,
        }, { request, secretValues: {}, mode: entry.mode, requires: entry.requires });
        return { image: result.main.image, lockDownProblems: result.problems };
    };
}
/** An entry's build phase: the build, or for an imported image the copy by digest. */
function buildOrImport(build, copy) {
    return (entry, contexts) => (entry.import !== undefined ? copy(entry) : build(entry, contexts));
}
/**
 * Parents by digest: one built in this run is its digest already; one that
 * is only a published tag is resolved to the digest it names now, so the
 * child is built on exactly what was checked, not on whatever the tag names
 * by the time BuildKit pulls it.
 */
async function pinnedParents(registry, parents) {
    const pinned = {};
    for (const [from, image] of Object.entries(parents)) {
        const reference = (0,oci/* parseReference */.F2)(image, `the image for FROM ${from}`);
        if (reference.digest !== undefined) {
            pinned[from] = image;
            continue;
        }
        const found = await registry.findManifest(reference.registry, reference.repository, reference.tag ?? 'latest');
        if (found === undefined)
            throw new Error(`FROM ${from}: ${image} does not exist, so the image cannot be built on it`);
        pinned[from] = (0,oci/* byDigest */._W)(reference, found.digest);
    }
    return pinned;
}
async function detectFeatures(config) {
    const version = await (0,process/* runChecked */.X4)(config.runner, { file: config.docker, args: ['buildx', 'version'], quiet: true });
    return (0,buildx/* buildxFeatures */.Uk)((0,buildx/* parseBuildxVersion */.Ou)(version.stdout));
}

// EXTERNAL MODULE: ./build/packages/catalog/model.js
var model = __webpack_require__(5941);
// EXTERNAL MODULE: ./build/packages/cosign/index.js + 11 modules
var cosign = __webpack_require__(9974);
// EXTERNAL MODULE: ./build/packages/errors/index.js + 1 modules
var errors = __webpack_require__(2495);
// EXTERNAL MODULE: ./build/packages/prebuilt/lock-down.js
var lock_down = __webpack_require__(9308);
;// CONCATENATED MODULE: ./build/packages/image-tests/judge.js

/** The runtime's own words when the container's process could not start (docker exits 125-127 with them). */
const START_FAILURE = /(?:Error response from daemon|OCI runtime|unable to start container process)[^\n]*/;
const EXEC_FORMAT = /exec (\S+): exec format error/;
const MISSING_LIBRARY = /error while loading shared libraries: ([^:\s]+)/;
const READ_ONLY = /Read-only file system/i;
/**
 * The verdict on one run: what the catalog expected against what happened,
 * with a hint when the output shows a failure platform teams meet often (a
 * missing shared library, a missing executable or shell, a write to the
 * read-only filesystem). A binary the engine cannot execute on a platform
 * other than its own is not a failure of the image: that platform was not
 * tested here, which is never reported as passed.
 */
function judgeRun(test, run, context, 
/** What was seen besides the run itself (a port that never answered). */
observed = []) {
    const output = `${run.stderr}\n${run.stdout}`;
    if (run.timedOut)
        return { status: 'failed', problems: [`did not finish within ${formatSeconds(test.timeout)}; the container was killed`] };
    const format = EXEC_FORMAT.exec(output);
    if (format && context.foreign) {
        return {
            status: 'not-tested',
            problems: [
                `this docker engine cannot execute ${context.platform} binaries (${format[0]}); register an emulator for it (QEMU, e.g. docker/setup-qemu-action) or test on a ${context.platform} runner`,
            ],
        };
    }
    const problems = [...observed];
    const start = run.exitCode >= 125 ? START_FAILURE.exec(run.stderr) : null;
    if (start) {
        problems.push(`the container did not start: ${start[0].trim()}`);
        problems.push(...startHints(context.command));
        return { status: 'failed', problems };
    }
    if (format)
        problems.push(`${format[1]} is not a ${context.platform} executable (exec format error): the image copied a binary built for another platform`);
    if (test.expect.exit !== undefined && run.exitCode !== test.expect.exit)
        problems.push(`exited with code ${run.exitCode}, expected ${test.expect.exit}`);
    if (test.expect.stdout !== undefined && !new RegExp(test.expect.stdout, 'm').test(run.stdout))
        problems.push(`its standard output does not match /${test.expect.stdout}/`);
    if (test.expect.stderr !== undefined && !new RegExp(test.expect.stderr, 'm').test(run.stderr))
        problems.push(`its standard error does not match /${test.expect.stderr}/`);
    if (problems.length === 0)
        return { status: 'passed' };
    problems.push(...outputHints(output, test));
    return { status: 'failed', problems };
}
/** Why a process could not be started, in the terms of a prebuilt image. */
function startHints(command) {
    const executable = command[0];
    if (executable === undefined)
        return ['the image has no ENTRYPOINT or CMD and the test gives no entrypoint'];
    const name = executable.slice(executable.lastIndexOf('/') + 1);
    if (lock_down/* SHELLS */.OF.has(name)) {
        return [
            `${executable} is a shell: a prebuilt image has none, and tests never use one; run the image's own executable instead, with its arguments as an exec-form list (args: ["--version"])`,
        ];
    }
    return [
        `${executable} is what the container runs: check that the image has it at that path, and that it is executable by the image's user`,
    ];
}
function outputHints(output, test) {
    const hints = [];
    const library = MISSING_LIBRARY.exec(output);
    if (library) {
        hints.push(`the shared library ${library[1]} is missing from the image: copy it, and what it needs in turn (ldd lists them), from the build stage`);
    }
    if (READ_ONLY.test(output)) {
        hints.push(`it wrote to the read-only filesystem: declare the directory it writes as 'tmpfs' in the test${test.tmpfs.length > 0 ? ` (it has ${test.tmpfs.join(', ')})` : ''}, as a pod's emptyDir would be`);
    }
    return hints;
}
function formatSeconds(seconds) {
    return seconds < 1 ? `${Math.round(seconds * 1000)}ms` : seconds % 60 === 0 && seconds >= 60 ? `${seconds / 60}m` : `${seconds}s`;
}
/**
 * What the container printed, cut to fit a summary: its first lines (where a
 * crash usually says why, before its stack) and its last, each line cut short.
 */
function outputTail(stdout, stderr, head = 3, tail = 9, width = 240) {
    const text = [stdout.trimEnd(), stderr.trimEnd()].filter((s) => s !== '').join('\n');
    const lines = text === '' ? [] : text.split('\n');
    const kept = lines.length <= head + tail ? lines : [...lines.slice(0, head), `[${lines.length - head - tail} lines]`, ...lines.slice(-tail)];
    return kept.map((line) => (line.length > width ? `${line.slice(0, width)}...` : line)).join('\n');
}
/** A command as a person would type it, quoting only what needs it; for reading, never for running. */
function displayCommand(command) {
    return command.map((arg) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`)).join(' ');
}

;// CONCATENATED MODULE: ./build/packages/image-tests/report.js

/**
 * Why the tests stopped the image: for each test that did not pass, its
 * name, platform, command, exit code, what went wrong, and the tail of its
 * output. One block per run, for the summary and the log.
 */
function testFailureReason(report) {
    const bad = report.runs.filter((r) => r.status === 'failed' || r.status === 'not-tested');
    return bad.map(describeRun).join('\n');
}
function describeRun(run) {
    const verdict = run.status === 'not-tested' ? 'was not tested' : run.status;
    const exit = run.exitCode !== undefined ? `, exit code ${run.exitCode}` : '';
    const lines = [
        `test '${run.test}' ${verdict} on ${run.platform} (${run.image}${exit}): ${run.problems.join('; ')}`,
        `  command: ${run.command.length > 0 ? displayCommand(run.command) : '(none)'}, as user ${run.user || 'root'}`,
    ];
    if (run.output !== '')
        lines.push(`  output: ${run.output.split('\n').join(' \u23ce ')}`);
    return lines.join('\n');
}
/** One line: how many tests passed where, and which were skipped or failed. */
function testSummaryLine(report) {
    const names = [...new Set(report.runs.map((r) => r.test))];
    const platforms = report.platforms.map((p) => p.platform).join(', ');
    const skipped = names.filter((n) => report.runs.some((r) => r.test === n && r.status === 'skipped'));
    const failed = names.filter((n) => report.runs.some((r) => r.test === n && r.status === 'failed'));
    const untested = names.filter((n) => report.runs.some((r) => r.test === n && r.status === 'not-tested'));
    const parts = [`${report.passedTests} of ${names.length - skipped.length} passed on ${platforms}`];
    if (failed.length > 0)
        parts.push(`failed: ${failed.join(', ')}`);
    if (untested.length > 0)
        parts.push(`not tested on every platform: ${untested.join(', ')}`);
    if (skipped.length > 0)
        parts.push(`skipped: ${skipped.join(', ')}`);
    return parts.join('; ');
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:timers/promises"
var promises_ = __webpack_require__(8500);
// EXTERNAL MODULE: ./build/packages/prebuilt/read-image.js
var read_image = __webpack_require__(2728);
;// CONCATENATED MODULE: ./build/packages/image-tests/docker-args.js
/** How long `docker stop` waits after SIGTERM before it kills a server under test. */
const STOP_SECONDS = 10;
/** Processes a container may start: a fork bomb stops there, not at the runner. */
const PIDS_LIMIT = 256;
/** Each tmpfs is this large at most. */
const TMPFS_SIZE = '64m';
/** Marks the containers image tests start, so a person can find any a killed runner left. */
const TEST_LABEL = 'org.image-actions.test';
/**
 * The `docker run` argument array of one test: the image exactly as it
 * ships (its own user, no `--user`), locked in: read-only root filesystem, no
 * capabilities, no privilege gain, a memory limit with no swap on top, a
 * process limit, and no network unless the test declares a port, which is
 * then published on loopback only. `args` follow the image reference as
 * separate arguments: they replace CMD and are never given to a shell.
 */
function runArguments(test, target) {
    const args = ['run', '--name', target.name, '--label', `${TEST_LABEL}=${test.name}`];
    // Attached runs are removed by the daemon when they exit; a detached server is stopped, read, then removed.
    if (!target.detached)
        args.push('--rm');
    else
        args.push('--detach');
    args.push('--platform', target.platform, '--pull', 'never', '--read-only', '--cap-drop', 'ALL', '--security-opt', 'no-new-privileges', '--memory', test.memory, '--memory-swap', test.memory, '--pids-limit', String(PIDS_LIMIT));
    if (test.port === undefined)
        args.push('--network', 'none');
    else
        args.push('--publish', `127.0.0.1::${test.port}`);
    for (const path of test.tmpfs)
        args.push('--tmpfs', `${path}:rw,nosuid,nodev,size=${TMPFS_SIZE}`);
    for (const [name, value] of Object.entries(test.env))
        args.push('--env', `${name}=${value}`);
    const [executable, ...rest] = test.entrypoint ?? [];
    if (executable !== undefined)
        args.push('--entrypoint', executable);
    args.push(target.image, ...rest, ...(test.args ?? []));
    return args;
}
/**
 * What the container runs, as docker decides it: the test's entrypoint or the
 * image's ENTRYPOINT, then the test's args, or the image's CMD when the test
 * gives neither (a new entrypoint drops the image's CMD, as in docker).
 */
function effectiveCommand(test, config) {
    if (test.entrypoint !== undefined)
        return [...test.entrypoint, ...(test.args ?? [])];
    return [...config.entrypoint, ...(test.args ?? config.cmd)];
}

;// CONCATENATED MODULE: ./build/packages/image-tests/probe.js
const httpProbe = async (host, port, path, timeoutMs) => {
    const response = await fetch(`http://${host}:${port}${path}`, { signal: AbortSignal.timeout(timeoutMs), redirect: 'manual' });
    return { status: response.status, body: await response.text() };
};

;// CONCATENATED MODULE: ./build/packages/image-tests/run-tests.js








/**
 * Runs an entry's tests on the pushed digest itself: each platform's own
 * manifest, resolved from the index through the registry, pulled by digest
 * and run by that digest with `--platform`, so the engine refuses anything
 * else. Every container is removed, also when a test hangs and is killed at
 * its timeout; an image this run pulled is removed again afterwards.
 */
async function testImage(config, subject, image) {
    const reference = (0,oci/* parseDigestReference */.Dn)(image, 'image to test');
    const platforms = (await (0,read_image/* platformManifests */.OS)(config.registry, image)).filter((p) => p.platform !== 'unknown');
    if (platforms.length === 0)
        throw new Error(`${image} has no platform image to test`);
    const engine = await enginePlatform(config);
    const runs = [];
    for (const { platform, digest } of platforms) {
        const platformImage = `${reference.registry}/${reference.repository}@${digest}`;
        const pulled = await pull(config, platformImage, platform);
        try {
            const imageConfig = await inspectConfig(config, platformImage);
            const foreign = osArch(platform) !== engine;
            for (const test of subject.tests) {
                if ((0,model/* isSkipped */.JR)(test)) {
                    runs.push(skippedRun(test.name, test.skip, platform, platformImage, imageConfig.user));
                    continue;
                }
                const run = await runTest(config, test, { platform, image: platformImage, config: imageConfig, foreign });
                config.log.info(`${subject.id}: test '${test.name}' on ${platform}: ${run.status}${run.problems.length > 0 ? `: ${run.problems.join('; ')}` : ''}`);
                runs.push(run);
            }
        }
        finally {
            if (pulled)
                await removeImage(config, platformImage);
        }
    }
    const runnable = subject.tests.filter((t) => !(0,model/* isSkipped */.JR)(t));
    const passedTests = runnable.filter((t) => runs.filter((r) => r.test === t.name).every((r) => r.status === 'passed')).length;
    return {
        image,
        platforms: platforms.map(({ platform, digest }) => ({ platform, digest })),
        runs,
        verdict: runs.every((r) => r.status === 'passed' || r.status === 'skipped') ? 'pass' : 'fail',
        passedTests,
    };
}
async function runTest(config, test, target) {
    const started = Date.now();
    const command = effectiveCommand(test, target.config);
    const name = `image-test-${(0,external_node_crypto_.randomBytes)(6).toString('hex')}`;
    const base = { test: test.name, platform: target.platform, image: target.image, command, user: target.config.user };
    try {
        const outcome = test.port === undefined ? await commandTest(config, test, target, name) : await portTest(config, test, target, name);
        const judged = judgeRun(test, outcome.run, { command, foreign: target.foreign, platform: target.platform }, outcome.problems);
        return {
            ...base,
            status: judged.status,
            ...(outcome.run.timedOut ? {} : { exitCode: outcome.run.exitCode }),
            durationMs: Date.now() - started,
            problems: judged.status === 'passed' ? [] : judged.problems,
            output: outputTail(outcome.run.stdout, outcome.run.stderr),
        };
    }
    finally {
        await removeContainer(config, name);
    }
}
/** Attached, with the daemon removing the container when it exits; killed at the timeout. */
async function commandTest(config, test, target, name) {
    const command = {
        file: config.docker,
        args: runArguments(test, { name, image: target.image, platform: target.platform, detached: false }),
        quiet: true,
    };
    const { result, timedOut } = await runUntil(config, name, command, test.timeout * 1000);
    return { run: { ...result, timedOut }, problems: [] };
}
/** Started in the background, probed over HTTP on loopback until it answers as expected, stopped, read, removed. */
async function portTest(config, test, target, name) {
    const http = test.http ?? { path: '/', status: 200 };
    const port = test.port ?? 0;
    const deadline = Date.now() + test.timeout * 1000;
    const start = await docker(config, runArguments(test, { name, image: target.image, platform: target.platform, detached: true }));
    if (start.exitCode !== 0)
        return { run: { ...start, timedOut: false }, problems: [] };
    const problems = [];
    const hostPort = await publishedPort(config, name, port);
    const probe = config.probe ?? httpProbe;
    const body = http.body !== undefined ? new RegExp(http.body, 'm') : undefined;
    let last = 'no answer';
    let answered = false;
    while (!answered) {
        const remaining = deadline - Date.now();
        if (remaining <= 0) {
            problems.push(`port ${port} did not answer GET ${http.path} with ${http.status} within ${formatSeconds(test.timeout)} (last: ${last})`);
            break;
        }
        try {
            const answer = await probe('127.0.0.1', hostPort, http.path, Math.min(5000, remaining));
            answered = answer.status === http.status && (body === undefined || body.test(answer.body));
            last = `status ${answer.status}${body !== undefined && !body.test(answer.body) ? `, a body not matching /${http.body}/: ${JSON.stringify(answer.body.slice(0, 200))}` : ''}`;
        }
        catch (error) {
            last = error instanceof Error ? (error.cause?.message ?? error.message) : String(error);
            const state = await docker(config, ['container', 'inspect', '--format', '{{.State.Running}} {{.State.ExitCode}}', name]);
            const [running, code] = state.stdout.trim().split(' ');
            if (running === 'false') {
                problems.push(`the container exited with code ${code} before answering on port ${port}`);
                break;
            }
        }
        if (!answered)
            await (0,promises_.setTimeout)(Math.max(0, Math.min(250, deadline - Date.now())));
    }
    await docker(config, ['stop', '--time', String(STOP_SECONDS), name]);
    const exit = await docker(config, ['container', 'inspect', '--format', '{{.State.ExitCode}}', name]);
    const logs = await docker(config, ['logs', name]);
    return {
        run: { exitCode: Number(exit.stdout.trim()), stdout: logs.stdout, stderr: logs.stderr, timedOut: false },
        problems,
    };
}
/**
 * Runs `docker run` attached, and at the deadline removes the container by
 * name, again until `docker run` returns: at the deadline the container may
 * not have been created yet.
 */
async function runUntil(config, name, command, timeoutMs) {
    let settled = false;
    const running = config.runner.run(command).finally(() => {
        settled = true;
    });
    const timer = new AbortController();
    const deadline = (0,promises_.setTimeout)(timeoutMs, 'deadline', { signal: timer.signal }).catch(() => 'done');
    const first = await Promise.race([running, deadline]);
    timer.abort();
    if (first !== 'deadline' && first !== 'done')
        return { result: first, timedOut: false };
    while (!settled) {
        await docker(config, ['rm', '--force', name]);
        await Promise.race([running, (0,promises_.setTimeout)(1000)]);
    }
    return { result: await running, timedOut: true };
}
/**
 * Removes the container and waits until the engine no longer knows it: an
 * attached `--rm` container may still be in removal when `docker run` returns.
 */
async function removeContainer(config, name) {
    for (let attempt = 0; attempt < 60; attempt++) {
        const removed = await docker(config, ['rm', '--force', name]);
        const gone = await docker(config, ['container', 'inspect', '--format', '{{.Id}}', name]);
        if (gone.exitCode !== 0 && /no such (container|object)/i.test(gone.stderr))
            return;
        if (attempt === 59)
            throw new Error(`the test container ${name} could not be removed: ${removed.stderr.trim() || gone.stderr.trim()}`);
        await (0,promises_.setTimeout)(500);
    }
}
async function publishedPort(config, name, port) {
    const result = await docker(config, ['port', name, `${port}/tcp`]);
    const hostPort = /^127\.0\.0\.1:(\d+)$/m.exec(result.stdout)?.[1];
    if (hostPort === undefined)
        throw new Error(`docker did not publish port ${port} of ${name}: ${result.stderr.trim() || result.stdout.trim()}`);
    return Number(hostPort);
}
/** Pulls the platform image by digest unless the engine has it; true when this call pulled it. */
async function pull(config, image, platform) {
    const present = await docker(config, ['image', 'inspect', '--format', '{{.Id}}', image]);
    if (present.exitCode === 0)
        return false;
    const pulled = await docker(config, ['pull', '--quiet', '--platform', platform, image]);
    if (pulled.exitCode !== 0)
        throw new Error(`docker pull ${image} (${platform}) exited with code ${pulled.exitCode}: ${pulled.stderr.trim()}`);
    return true;
}
async function removeImage(config, image) {
    const removed = await docker(config, ['image', 'rm', image]);
    if (removed.exitCode !== 0)
        config.log.debug(`kept ${image}: ${removed.stderr.trim()}`);
}
async function inspectConfig(config, image) {
    const result = await docker(config, ['image', 'inspect', '--format', '{{json .Config}}', image]);
    if (result.exitCode !== 0)
        throw new Error(`docker image inspect ${image} exited with code ${result.exitCode}: ${result.stderr.trim()}`);
    const parsed = JSON.parse(result.stdout);
    return { user: parsed?.User ?? '', entrypoint: parsed?.Entrypoint ?? [], cmd: parsed?.Cmd ?? [] };
}
async function enginePlatform(config) {
    const result = await docker(config, ['version', '--format', '{{.Server.Os}}/{{.Server.Arch}}']);
    if (result.exitCode !== 0)
        throw new Error(`docker version exited with code ${result.exitCode}: ${result.stderr.trim()}`);
    return result.stdout.trim();
}
function osArch(platform) {
    return platform.split('/').slice(0, 2).join('/');
}
function docker(config, args) {
    return config.runner.run({ file: config.docker, args, quiet: true });
}
function skippedRun(test, reason, platform, image, user) {
    return { test, platform, image, command: [], user, status: 'skipped', durationMs: 0, problems: [reason], output: '' };
}

;// CONCATENATED MODULE: ./build/packages/image-tests/index.js






;// CONCATENATED MODULE: ./build/packages/chain/steps.js
/**
 * The gates of the chain, in the order an image meets them. `parent` is not a
 * gate of the image itself: it stops a child whose parent did not get through.
 */
const GATES = ['parent', 'build', 'lock-down', 'test', 'scan', 'sign', 'publish'];
/**
 * The chain in the jobs a workflow can split it into, each with only the
 * permissions it needs: `build` (push by digest, then the lock-down checks
 * and the image's tests, which run the pushed digest),
 * `scan`, `sign` (and attest), `publish`. A phase reads where the phase before
 * it left each image from its outcome record.
 */
const PHASES = ['build', 'scan', 'sign', 'publish'];
/** The gates each phase runs, in order. */
const PHASE_GATES = {
    build: ['build', 'lock-down', 'test'],
    scan: ['scan'],
    sign: ['sign'],
    publish: ['publish'],
};

;// CONCATENATED MODULE: ./build/packages/chain/chain.js





/**
 * Runs build -> lock-down -> scan -> sign -> publish for every entry, parents
 * before children, or the phases of it that `options.phases` names. An image
 * stops at the first gate it fails and is never tagged; a child whose parent
 * did not get through is not built, and a child is built on the exact digest
 * its parent passed with. The debug twin of an entry is a chain item of its
 * own, run after the entry and only when the entry got through.
 *
 * The report holds the outcome of every item this run worked on; an image a
 * previous phase had already stopped is reported as that phase left it.
 */
async function runChain(entries, steps, options) {
    const last = lastPhase(options);
    const phases = phasesUpTo(checkedPhases(options.phases ?? PHASES), last);
    const outcomes = [];
    const done = new Map((options.previous ?? []).map((o) => [o.id, o]));
    const thisRun = new Set();
    const context = { steps, options, phases, done, thisRun, last };
    for (const item of chainItems(entries)) {
        const outcome = await options.log.group(item.entry.id, () => runOne(item, context));
        done.set(item.entry.id, outcome);
        thisRun.add(item.entry.id);
        outcomes.push(outcome);
    }
    return { outcomes };
}
function checkedPhases(phases) {
    const first = phases[0];
    const consecutive = first !== undefined && phases.every((phase, i) => PHASES.indexOf(phase) === PHASES.indexOf(first) + i);
    if (!consecutive)
        throw new Error(`the chain's phases must be consecutive, in order: got ${phases.join(', ') || 'none'}`);
    return phases;
}
/** The phases up to the configuration's last one; none left is the caller's mistake. */
function phasesUpTo(phases, last) {
    const kept = phases.filter((phase) => PHASES.indexOf(phase) <= PHASES.indexOf(last));
    if (kept.length === 0) {
        throw new errors/* UserError */.yo({
            message: `the ${phases.join(', ')} phase has nothing to do: ${last === 'scan' ? 'signing is off' : 'publishing is off'}.`,
            hint: last === 'scan' ? `Set 'sign: true', or do not run this phase.` : `Set 'publish: true', or do not run this phase.`,
        });
    }
    return kept;
}
/** The last phase this configuration has: scan without signing, sign without publishing. */
function lastPhase(options) {
    if (!options.sign)
        return 'scan';
    return options.publish ? 'publish' : 'sign';
}
/** Entries by stage (stable), each followed by its debug twin. */
function chainItems(entries) {
    const ordered = [...entries].sort((a, b) => a.stage - b.stage);
    const items = [];
    for (const entry of ordered) {
        items.push({ entry, after: entry.parents.map((p) => p.entry) });
        const twin = debugTwin(entry);
        if (twin)
            items.push({ entry: twin, after: [entry.id, ...entry.parents.map((p) => p.entry)] });
    }
    return items;
}
/** The id of an entry's debug twin, which the chain runs as an item of its own. */
function debugTwinId(id) {
    return `${id}-debug`;
}
/**
 * The debug twin as an entry of its own: the same Dockerfile, inputs and
 * parents, another stage, its own repository and tags. It carries a shell on
 * purpose, so it is `layered`: the lock-down checks are for the shipped image.
 */
function debugTwin(entry) {
    if (!entry.debug)
        return undefined;
    // The twin's tests and mirrors are its own (`<mirror>/<application>-debug`), not the entry's.
    const { debug, tests: _tests, mirrors: _entryMirrors, ...rest } = entry;
    return {
        ...rest,
        id: debugTwinId(entry.id),
        application: (0,model/* debugApplication */.Cj)(entry.application),
        target: debug.target,
        repository: debug.repository,
        tags: [...debug.tags],
        ...(debug.mirrors !== undefined ? { mirrors: debug.mirrors } : {}),
        mode: 'layered',
        requires: [],
        // Its own tests only: the twin starts a shell, not the application.
        ...(debug.tests ? { tests: debug.tests } : {}),
    };
}
function freshOutcome(entry, phase) {
    return {
        id: entry.id,
        application: entry.application,
        repository: entry.repository,
        owner: entry.owner,
        plannedTags: [...entry.tags],
        status: 'stopped',
        phase,
        passed: [],
        evidence: {},
        published: [],
        ...(entry.rebuild !== undefined ? { rebuild: [...entry.rebuild] } : {}),
    };
}
/**
 * The records of what the plan did not build (and their debug twins): each
 * `unchanged`, at the digest that was verified, its tags as they are, as if
 * published by the run's last phase, so the summary counts every image.
 */
function unchangedOutcomes(unchanged) {
    return unchanged.flatMap((u) => {
        const record = (id, application, repository, tags, image) => ({
            id,
            application,
            repository,
            owner: u.owner,
            plannedTags: [...tags],
            status: 'unchanged',
            phase: 'publish',
            image,
            passed: [],
            evidence: {},
            published: [...tags],
            rebuild: [u.reason],
        });
        const main = record(u.id, u.application, u.repository, u.tags, u.image);
        if (u.debug === undefined)
            return [main];
        return [main, record(debugTwinId(u.id), (0,model/* debugApplication */.Cj)(u.application), u.debug.repository, u.debug.tags, u.debug.image)];
    });
}
async function runOne(item, run) {
    const { entry } = item;
    const { options } = run;
    const first = run.phases[0] ?? 'build';
    const stop = (outcome, gate, reason) => {
        outcome.status = 'stopped';
        outcome.stoppedAt = gate;
        outcome.reason = reason;
        options.log.error(`${entry.id}: stopped at ${gate}: ${reason}`);
        return outcome;
    };
    let outcome;
    if (first === 'build') {
        outcome = freshOutcome(entry, 'build');
    }
    else {
        const earlier = run.done.get(entry.id);
        const before = PHASES[PHASES.indexOf(first) - 1] ?? 'build';
        const gate = PHASE_GATES[first][0] ?? 'build';
        if (earlier === undefined)
            return stop(freshOutcome(entry, first), gate, `no outcome record from the ${before} phase, so it was not ${pastTense(first)}`);
        // Stopped by an earlier phase: that record stays where it ended.
        if (earlier.status === 'stopped')
            return earlier;
        if (earlier.phase !== before) {
            return stop(cloneOutcome(earlier, first), gate, `its record is from the ${earlier.phase} phase; the ${first} phase continues only from the ${before} phase`);
        }
        outcome = cloneOutcome(earlier, first);
        outcome.status = 'stopped';
    }
    const blocked = blockingParent(item, run, first === 'build');
    if (blocked)
        return stop(outcome, 'parent', `${blocked}, so this image ${first === 'build' ? 'was not built' : 'went no further'}`);
    for (const phase of run.phases) {
        outcome.phase = phase;
        const stopped = await PHASE_RUNNERS[phase](entry, outcome, { ...run, stop: (gate, reason) => stop(outcome, gate, reason) });
        if (stopped)
            return outcome;
    }
    const reached = outcome.phase;
    if (reached === 'publish' && outcome.passed.includes('publish')) {
        outcome.status = 'published';
        return outcome;
    }
    outcome.status = 'passed';
    const why = reached !== run.last
        ? `continues in the ${PHASES[PHASES.indexOf(reached) + 1] ?? 'next'} phase`
        : !options.sign
            ? 'signing is off'
            : 'publishing is off';
    options.log.info(`${outcome.id}: every gate it ran passed; not published (${why})`);
    return outcome;
}
function cloneOutcome(outcome, phase) {
    return {
        ...outcome,
        phase,
        plannedTags: [...outcome.plannedTags],
        passed: [...outcome.passed],
        evidence: { ...outcome.evidence },
        published: [...outcome.published],
    };
}
function pastTense(phase) {
    return { build: 'built', scan: 'scanned', sign: 'signed', publish: 'published' }[phase];
}
/** Each phase's gates; returns true when the image stopped. */
const PHASE_RUNNERS = {
    async build(entry, outcome, run) {
        const planned = entry.import;
        if (planned !== undefined) {
            outcome.upstream = {
                reference: planned.upstream,
                digest: planned.digest,
                ...(planned.published !== undefined && planned.published !== planned.digest ? { previous: planned.published } : {}),
            };
        }
        const built = await attempt(run, 'build', () => run.steps.build(entry, buildContexts(entry, run.done)));
        if (!built.ok)
            return true;
        if (planned !== undefined && !built.value.image.endsWith(`@${planned.digest}`)) {
            run.stop('build', `the import produced ${built.value.image}, not the upstream digest ${planned.digest} the plan resolved`);
            return true;
        }
        outcome.image = built.value.image;
        outcome.evidence.built = built.value.image;
        outcome.passed.push('build');
        const problems = built.value.lockDownProblems;
        if (concluded(run, outcome, 'lock-down', problems.length === 0, () => problems.join('; ')))
            return true;
        if (entry.tests === undefined || entry.tests.length === 0)
            return false;
        const tested = await attempt(run, 'test', () => run.steps.test(entry, built.value.image));
        if (!tested.ok)
            return true;
        const report = tested.value;
        outcome.tests = { verdict: report.verdict, summary: testSummaryLine(report), runs: report.runs };
        outcome.evidence.tests = { image: report.image, verdict: report.verdict, passed: report.passedTests };
        return concluded(run, outcome, 'test', report.verdict === 'pass', () => testFailureReason(report));
    },
    async scan(entry, outcome, run) {
        const image = requireImage(outcome, run, 'scan');
        if (image === undefined)
            return true;
        const scanned = await attempt(run, 'scan', () => run.steps.scan(entry, image));
        if (!scanned.ok)
            return true;
        outcome.scanVerdict = scanned.value.verdict;
        outcome.scanReason = scanned.value.reason;
        outcome.recordedPackages = scanned.value.recordedPackages;
        if (scanned.value.summary !== undefined)
            outcome.scanSummary = scanned.value.summary;
        outcome.evidence.scan = { image: scanned.value.image, verdict: scanned.value.verdict };
        if (scanned.value.sarif !== undefined)
            outcome.sarif = scanned.value.sarif;
        if (scanned.value.sbom !== undefined)
            outcome.sbom = scanned.value.sbom;
        const { verdict, reason } = scanned.value;
        return concluded(run, outcome, 'scan', verdict === 'pass', () => `${verdict}: ${reason}`);
    },
    async sign(entry, outcome, run) {
        const image = requireImage(outcome, run, 'sign');
        if (image === undefined)
            return true;
        if (outcome.evidence.scan?.verdict !== 'pass') {
            run.stop('sign', `its record has no passing scan of ${image}, so it was not signed`);
            return true;
        }
        const signed = await attempt(run, 'sign', () => run.steps.sign(entry, image, outcome.sbom, outcome.recordedPackages ?? 0));
        if (!signed.ok)
            return true;
        outcome.newSignature = signed.value.signed;
        outcome.verifyCommand = signed.value.verifyCommand;
        if (signed.value.publicKey !== undefined)
            outcome.publicKey = signed.value.publicKey;
        outcome.evidence.signature = { image: signed.value.image, verified: signed.value.verified };
        return concluded(run, outcome, 'sign', signed.value.verified, () => `the signature of ${signed.value.image} did not verify`);
    },
    async publish(entry, outcome, run) {
        const image = requireImage(outcome, run, 'publish');
        if (image === undefined)
            return true;
        // Signed in another job: the signature is checked again here, in the
        // registry, before anything is tagged; the record's word is not enough.
        if (!run.phases.includes('sign')) {
            delete outcome.evidence.signature;
            const check = {
                ...(outcome.publicKey !== undefined ? { publicKey: outcome.publicKey } : {}),
                attestations: signedAttestations(entry, outcome),
            };
            const verified = await attempt(run, 'publish', () => run.steps.verify(entry, image, check));
            if (!verified.ok)
                return true;
            outcome.evidence.signature = { image: verified.value.image, verified: verified.value.verified };
            if (!outcome.verifyCommand)
                outcome.verifyCommand = verified.value.verifyCommand;
        }
        const evidence = outcome.evidence;
        const published = await attempt(run, 'publish', () => run.steps.publish(entry, {
            image,
            tags: entry.tags,
            tests: declaredTests(entry),
            ...(entry.import !== undefined ? { upstreamDigest: entry.import.digest } : {}),
        }, evidence));
        if (!published.ok)
            return true;
        outcome.published = published.value;
        outcome.passed.push('publish');
        return false;
    },
};
/** What the sign job attests besides the signature: the scan's SBOM when there is one, and an import's provenance. */
function signedAttestations(entry, outcome) {
    return [...(outcome.sbom !== undefined ? ['cyclonedx'] : []), ...(entry.import !== undefined ? [cosign/* PROVENANCE_PREDICATE */.CK] : [])];
}
/** The tests publishing must see passed: the entry's, less the ones it skips. */
function declaredTests(entry) {
    return (entry.tests ?? []).filter((t) => !('skip' in t)).length;
}
/** Closes a gate: the image stops there, for `reason`, unless it passed. True when it stopped. */
function concluded(run, outcome, gate, passed, reason) {
    if (!passed) {
        run.stop(gate, reason());
        return true;
    }
    outcome.passed.push(gate);
    return false;
}
function requireImage(outcome, run, gate) {
    if (outcome.image === undefined)
        run.stop(gate, 'its record names no built digest');
    return outcome.image;
}
async function attempt(run, gate, step) {
    try {
        return { ok: true, value: await step() };
    }
    catch (error) {
        run.stop(gate, describeFailure(error));
        return { ok: false };
    }
}
/**
 * Why this item may not go on, or undefined. A prerequisite this run worked
 * on blocks it when it stopped; one from an earlier job (a parent in an
 * earlier stage) also when it did not reach the run's last phase. To build,
 * every parent the plan builds must have left its record (its digest is what
 * the child is built on): building on the published parent instead would
 * check the child against what the change did not touch. A parent the plan
 * does not build at all is a published parent (entry.publishedParents) and
 * blocks nothing.
 */
function blockingParent(item, run, building) {
    for (const id of item.after) {
        const parent = run.done.get(id);
        if (parent === undefined) {
            if (building)
                return `${id} is built in this run but left no outcome record here, so there is no digest to build on`;
            continue;
        }
        if (parent.status === 'stopped')
            return `${id} stopped at ${parent.stoppedAt ?? 'an earlier gate'}`;
        if (!run.thisRun.has(id) && !PHASE_GATES[run.last].every((gate) => parent.passed.includes(gate))) {
            return `${id} got through ${parent.passed.join(', ') || 'no gate'} only`;
        }
    }
    return undefined;
}
/**
 * Each catalog parent's FROM reference and the image to build it on: for a
 * parent the plan builds, the digest it passed with in this run; for one the
 * plan does not build, its published image, read from where the plan
 * publishes (the build step resolves that tag to a digest).
 */
function buildContexts(entry, done) {
    const contexts = {};
    for (const parent of entry.parents) {
        const image = done.get(parent.entry)?.image;
        if (image !== undefined)
            contexts[parent.reference] = image;
    }
    for (const parent of entry.publishedParents)
        contexts[parent.reference] = parent.image;
    return contexts;
}
/** One readable line or a few: the user's problems with their hints, or the tool's message. */
function describeFailure(error) {
    if ((0,errors/* isUserError */.iU)(error))
        return error.problems.map(errors/* formatProblem */.Vw).join('; ');
    if (error instanceof Error)
        return error.message;
    return String(error);
}

// EXTERNAL MODULE: external "node:fs/promises"
var external_node_fs_promises_ = __webpack_require__(1455);
;// CONCATENATED MODULE: ./build/packages/chain/outcomes.js




/**
 * Outcome records are how the jobs of one run talk. Each job writes where its
 * images ended as `<id>.<phase>.json` in a results directory (shipped as an
 * artifact, or shared on one machine), next to the scan's SBOM as
 * `<id>.cdx.json` when it scanned. The next phase's job continues from the
 * record, a later stage reads its parents' digests from them, and the summary
 * reads them all. One file per phase: artifacts from several jobs unpacked
 * into one directory never overwrite each other, and the record of the
 * latest phase is the one that counts.
 */
async function writeOutcome(dir, outcome) {
    await (0,external_node_fs_promises_.mkdir)(dir, { recursive: true });
    const record = { ...outcome };
    if (outcome.sbom !== undefined) {
        const name = `${outcome.id}.cdx.json`;
        const target = (0,external_node_path_.join)(dir, name);
        if ((0,external_node_path_.isAbsolute)(outcome.sbom) && outcome.sbom !== target)
            await (0,external_node_fs_promises_.copyFile)(outcome.sbom, target);
        // Relative to the record, so the record can travel in an artifact.
        record.sbom = name;
    }
    const file = (0,external_node_path_.join)(dir, recordName(outcome.id, outcome.phase));
    // Written whole, then renamed: a reader never sees half a record.
    const partial = `${file}.partial`;
    await (0,external_node_fs_promises_.writeFile)(partial, `${JSON.stringify(record, null, 2)}\n`);
    await (0,external_node_fs_promises_.rename)(partial, file);
    // Records of later phases are from an earlier run that reused the directory.
    for (const later of PHASES.slice(PHASES.indexOf(outcome.phase) + 1))
        await (0,external_node_fs_promises_.rm)((0,external_node_path_.join)(dir, recordName(outcome.id, later)), { force: true });
    return file;
}
function recordName(id, phase) {
    return `${id}.${phase}.json`;
}
const RECORD = new RegExp(`^(.+)\\.(${PHASES.join('|')})\\.json$`);
/**
 * Where every image in the directory got to (or only the images `ids` names,
 * chosen by file name before any file is read): per image, the record of the
 * latest phase (none when the directory does not exist yet). An SBOM named in
 * a record is given as a path in the directory.
 */
async function readOutcomes(dir, ids) {
    let names;
    try {
        names = (await (0,external_node_fs_promises_.readdir)(dir))
            .filter((n) => {
            const id = RECORD.exec(n)?.[1];
            return id !== undefined && (ids === undefined || ids.has(id));
        })
            .sort();
    }
    catch (error) {
        if (error.code === 'ENOENT')
            return [];
        throw error;
    }
    const latest = new Map();
    for (const name of names) {
        const outcome = parseOutcome(await (0,external_node_fs_promises_.readFile)((0,external_node_path_.join)(dir, name), 'utf8'), (0,external_node_path_.join)(dir, name));
        const [, id, phase] = RECORD.exec(name) ?? [];
        if (id !== outcome.id || phase !== outcome.phase)
            throw new Error(`${(0,external_node_path_.join)(dir, name)} holds the record of ${outcome.id} (${outcome.phase}); its name says ${id} (${phase})`);
        if (outcome.sbom !== undefined)
            outcome.sbom = (0,external_node_path_.join)(dir, (0,external_node_path_.basename)(outcome.sbom));
        const seen = latest.get(outcome.id);
        if (seen === undefined || PHASES.indexOf(outcome.phase) > PHASES.indexOf(seen.phase))
            latest.set(outcome.id, outcome);
    }
    return [...latest.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
function parseOutcome(text, source) {
    const value = (0,errors/* parseJson */.qF)(text, (reason) => {
        throw new Error(`${source} is not an outcome record: ${reason}`);
    });
    const record = value;
    const valid = typeof record === 'object' &&
        record !== null &&
        typeof record.id === 'string' &&
        typeof record.repository === 'string' &&
        ['published', 'passed', 'stopped', 'unchanged'].includes(record.status) &&
        PHASES.includes(record.phase) &&
        (record.image === undefined || typeof record.image === 'string') &&
        (record.stoppedAt === undefined || GATES.includes(record.stoppedAt)) &&
        Array.isArray(record.passed) &&
        typeof record.evidence === 'object' &&
        record.evidence !== null &&
        Array.isArray(record.published);
    if (!valid)
        throw new Error(`${source} is not an outcome record (needs id, repository, status, phase, passed, evidence, published)`);
    return record;
}

;// CONCATENATED MODULE: ./build/packages/chain/push-registry.js


const HOST = /^(?:localhost|127\.\d{1,3}\.\d{1,3}\.\d{1,3}|\[::1\]|[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?)(?::\d{1,5})?$/;
/** The `push-registry` input, checked: a host, and a run that neither signs nor publishes (nothing it pushes may be published). */
function pushRegistryInput(value, options) {
    if (!HOST.test(value)) {
        throw new errors/* UserError */.yo({
            message: `input 'push-registry' is '${value}', which is not a registry host.`,
            hint: 'Give host:port of the registry this run pushes to, for example 127.0.0.1:5000 (the job registry the check workflow starts).',
        });
    }
    if (options.sign || options.publish) {
        throw new errors/* UserError */.yo({
            message: `input 'push-registry' is set, but so is '${options.publish ? 'publish' : 'sign'}': what a run pushes to a registry of its own is checked, never signed or published.`,
            hint: "Set 'sign: false' and 'publish: false' (a pull request's check), or leave 'push-registry' empty to push where the plan publishes.",
        });
    }
    return { host: value };
}
function moved(reference, registry) {
    return (0,oci/* formatReference */.FH)({ ...(0,oci/* parseReference */.F2)(reference, 'image'), registry: registry.host });
}
/** The entry as this run builds it: pushed to the run's registry; its tags and published parents as planned. */
function pushedEntry(entry, registry) {
    return {
        ...entry,
        repository: moved(entry.repository, registry),
        ...(entry.debug ? { debug: { ...entry.debug, repository: moved(entry.debug.repository, registry) } } : {}),
    };
}
/** A record written by an earlier job of the run, pointed at this job's registry, which holds what that job pushed. */
function pushedOutcome(outcome, registry) {
    const evidence = { ...outcome.evidence };
    if (evidence.built !== undefined)
        evidence.built = moved(evidence.built, registry);
    if (evidence.scan !== undefined)
        evidence.scan = { ...evidence.scan, image: moved(evidence.scan.image, registry) };
    return {
        ...outcome,
        repository: moved(outcome.repository, registry),
        ...(outcome.image !== undefined ? { image: moved(outcome.image, registry) } : {}),
        evidence,
    };
}

// EXTERNAL MODULE: ./build/packages/logging/index.js + 1 modules
var logging = __webpack_require__(4603);
;// CONCATENATED MODULE: ./build/packages/chain/report.js



/** One line per image: where it ended, for a terminal or a log. */
function outcomeLine(outcome) {
    const where = outcome.image ?? outcome.repository;
    const upstream = upstreamNote(outcome);
    const note = upstream !== undefined ? ` (${upstream})` : '';
    switch (outcome.status) {
        case 'published':
            return `${outcome.id}: published ${outcome.published.join(', ')} -> ${where}${note}`;
        case 'passed':
            return `${outcome.id}: passed ${outcome.passed.join(', ')}, not published: ${where}${note}`;
        case 'stopped':
            return `${outcome.id}: stopped at ${outcome.stoppedAt ?? 'an unknown gate'}: ${outcome.reason ?? 'no reason given'}; no tag${note}`;
        case 'unchanged':
            return `${outcome.id}: unchanged ${outcome.published.join(', ')} -> ${where} (${(outcome.rebuild ?? []).join('; ')})`;
    }
}
/**
 * What an import's outcome says of its upstream: that it moved (from the
 * digest published before to the one gated now), and, when the new digest
 * was stopped, that the previous one stays published.
 */
function upstreamNote(outcome) {
    const upstream = outcome.upstream;
    if (upstream === undefined)
        return undefined;
    if (upstream.previous === undefined)
        return `imported from ${upstream.reference}`;
    const moved = `upstream moved from ${upstream.previous} to ${upstream.digest} (${upstream.reference})`;
    return outcome.status === 'stopped' ? `${moved}; ${upstream.previous} stays published` : moved;
}
function countByStatus(report) {
    const counts = { published: 0, passed: 0, stopped: 0, unchanged: 0 };
    for (const outcome of report.outcomes)
        counts[outcome.status] += 1;
    return counts;
}
/** The whole run as plain text: one line per image, then the totals. */
function reportText(report) {
    const counts = countByStatus(report);
    const lines = report.outcomes.map(outcomeLine);
    lines.push(`${report.outcomes.length} images: ${counts.published} published, ${counts.passed} passed unpublished, ${counts.stopped} stopped, ${counts.unchanged} unchanged`);
    return `${lines.join('\n')}\n`;
}
/** The job summary: a table of where each image ended, with the command to verify what was published. */
function reportMarkdown(report) {
    const rows = report.outcomes.map((o) => `| \`${o.id}\` | ${statusCell(o)} | ${o.image ? `\`${o.image}\`` : ''} | ${detailCell(o)} |`);
    const verify = report.outcomes.filter((o) => o.status === 'published' && o.verifyCommand !== undefined);
    const parts = ['| image | ended | digest | details |', '|---|---|---|---|', ...rows];
    if (verify.length > 0) {
        parts.push('', 'Verify a published image:', '', '```sh', ...verify.map((o) => o.verifyCommand ?? ''), '```');
    }
    // What each scan saw (the DB's age, each platform's OS and packages, what it did not see), under the table.
    for (const outcome of report.outcomes.filter((o) => o.scanSummary !== undefined)) {
        parts.push('', `<details><summary>Scan of ${outcome.id}: ${outcome.scanVerdict ?? '?'}</summary>`, '', outcome.scanSummary ?? '', '</details>');
    }
    return `${parts.join('\n')}\n`;
}
function statusCell(outcome) {
    if (outcome.status === 'published')
        return 'published';
    if (outcome.status === 'passed')
        return `passed ${outcome.passed.join(', ')}; not published`;
    if (outcome.status === 'unchanged')
        return 'unchanged';
    return `stopped at **${outcome.stoppedAt ?? '?'}**`;
}
function detailCell(outcome) {
    const upstream = (0,logging/* tableCell */.xR)(upstreamNote(outcome) ?? '');
    const why = (outcome.rebuild ?? []).map((r) => (0,logging/* tableCell */.xR)(outcome.status === 'unchanged' ? r : `rebuilt: ${r}`));
    if (outcome.status === 'stopped')
        return [(0,logging/* tableCell */.xR)(outcome.reason ?? ''), upstream, ...why].filter((s) => s !== '').join('<br>');
    return [...outcome.published.map((t) => `\`${t}\``), upstream, (0,logging/* tableCell */.xR)(testsLine(outcome)), (0,logging/* tableCell */.xR)(outcome.scanReason ?? ''), ...why]
        .filter((s) => s !== '')
        .join('<br>');
}
/**
 * Why a whole run failed, one line per image: it stopped, it did not get
 * through the run's last phase, or fewer images reported than were planned.
 */
function runProblems(report, run) {
    const problems = [];
    const ids = new Set(report.outcomes.map((o) => o.id));
    // Debug twins report too, but were not planned as entries of their own.
    const twins = new Set([...ids].map(debugTwinId));
    const entries = [...ids].filter((id) => !twins.has(id));
    if (entries.length < run.planned) {
        problems.push(`only ${entries.length} of ${run.planned} planned images reported an outcome in ${run.resultsDir}`);
    }
    for (const outcome of report.outcomes) {
        if (outcome.status === 'stopped')
            problems.push(outcomeLine(outcome));
        else if (outcome.status === 'unchanged')
            continue;
        else if (!PHASE_GATES[run.last].every((gate) => outcome.passed.includes(gate))) {
            problems.push(`${outcome.id}: got through ${outcome.passed.join(', ')} only; its ${PHASES[PHASES.indexOf(outcome.phase) + 1] ?? 'next'} phase left no record`);
        }
    }
    return problems;
}
/** What the image's tests did, in one line; empty when it declares none. */
function testsLine(outcome) {
    return outcome.tests ? `tests: ${outcome.tests.summary}` : '';
}

// EXTERNAL MODULE: ./build/packages/catalog/index.js + 8 modules
var catalog = __webpack_require__(2639);
// EXTERNAL MODULE: ./build/packages/imports/index.js + 2 modules
var imports = __webpack_require__(3769);
// EXTERNAL MODULE: ./build/packages/registry/index.js + 6 modules
var packages_registry = __webpack_require__(1834);
// EXTERNAL MODULE: ./build/packages/trivy/index.js + 13 modules
var packages_trivy = __webpack_require__(1157);
;// CONCATENATED MODULE: ./build/packages/chain/scan-step.js


/**
 * scan-with-trivy's packages for one digest: the DB prepared once (cache or
 * download) and its age checked, then every platform scanned by its own
 * digest, each gated on its findings and on what trivy saw of its package
 * records; the SARIF and the CycloneDX SBOM (every platform, each named)
 * rendered from those same reports. The SBOM is what signing attests.
 */
function scanStep(config) {
    const shared = config.shared ?? {};
    return async (entry, image) => {
        shared.db ??= (0,packages_trivy/* prepareDb */.Sn)({
            trivy: config.trivy,
            cacheDir: config.cacheDir,
            repositories: config.dbRepositories,
            store: config.store,
            runner: config.runner,
            log: config.log,
            today: config.today,
            ...(config.now !== undefined ? { now: config.now } : {}),
            ...(config.dbCacheKey !== undefined ? { runKey: config.dbCacheKey } : {}),
        });
        const { trivy, cacheDir, policy, ignores, today, maxDbAgeMs, registry, runner, log } = config;
        const outputDir = (0,external_node_path_.join)(config.workDir, `scan-${entry.id}`);
        const formats = ['sarif', 'cyclonedx'];
        const tool = { trivy, toolVersion: config.trivyVersion, cacheDir, outputDir, formats, registry, runner, log };
        const db = await shared.db;
        const scanning = (shared.turn ?? Promise.resolve()).then(() => (0,packages_trivy/* scanOneImage */.DL)(image, { ...tool, policy, ignores, today, maxDbAgeMs, db }));
        shared.turn = scanning.then(() => undefined, () => undefined);
        const { scan, result } = await scanning;
        return {
            image,
            verdict: scan.status,
            reason: scan.reason,
            summary: (0,packages_trivy/* summaryMarkdown */.eH)(result, config.policy.threshold),
            recordedPackages: scan.platforms.reduce((sum, p) => sum + Object.values(p.coverage.recorded).reduce((a, n) => a + (n ?? 0), 0), 0),
            ...(scan.sbom !== undefined ? { sbom: scan.sbom } : {}),
            ...(result.sarif !== undefined ? { sarif: result.sarif } : {}),
        };
    };
}

;// CONCATENATED MODULE: ./build/packages/chain/test-step.js

/** The image-tests room for one plan entry: its tests on the digest its build pushed. */
function testStep(config) {
    return (entry, image) => testImage(config, { id: entry.id, mode: entry.mode, tests: entry.tests ?? [] }, image);
}

// EXTERNAL MODULE: ./build/packages/publish/index.js + 3 modules
var publish = __webpack_require__(796);
;// CONCATENATED MODULE: ./build/packages/chain/tool-steps.js






/**
 * The real steps: the given build, tests and scan, then cosign (sign by digest,
 * attest the scan's SBOM, verify; nothing added when the same signer's
 * signature already verifies) and the registry (tag the digest, read back).
 *
 * Keyless, a digest is published only by a run that may publish (a
 * `schedule` or `workflow_dispatch` run on the default branch), and the
 * publish job's verification pins that run: the caller's repository, the
 * default branch, the trigger, besides the signing workflow's identity.
 */
function toolSteps(config) {
    let policy;
    const publishing = () => {
        policy ??= (0,cosign/* publishingRun */.lU)(config.env, (0,cosign/* readEventPayload */.N5)(config.env));
        return policy;
    };
    /** Digests the publish job verified with a key: the run policy is for keyless certificates. */
    const verifiedWithKey = new Set();
    return {
        build: (entry, contexts) => config.build(entry, contexts),
        test: (entry, image) => config.test(entry, image),
        scan: (entry, image) => config.scan(entry, image),
        async sign(entry, image, sbom, recordedPackages) {
            const workDir = await (0,external_node_fs_promises_.mkdtemp)((0,external_node_path_.join)(config.workDir, `sign-${entry.id}-`));
            try {
                const result = await (0,cosign/* signImage */.jV)(config.runner, config.log, {
                    cosign: config.cosign,
                    docker: config.docker,
                    image,
                    ...(config.key !== undefined ? { key: config.key } : {}),
                    identity: config.identity,
                    storage: 'auto',
                    transparencyLog: config.transparencyLog,
                    ...(sbom !== undefined ? { sbom, recordedPackages } : {}),
                    provenance: false,
                    ...(entry.import !== undefined ? { upstream: { reference: entry.import.upstream, digest: entry.import.digest } } : {}),
                    workDir,
                    env: config.env,
                });
                // signImage verifies what it wrote (or found) and throws when it does not verify.
                return {
                    image: result.image,
                    verified: true,
                    signed: result.signed,
                    verifyCommand: result.verifyCommand,
                    ...(result.publicKey !== undefined ? { publicKey: result.publicKey } : {}),
                };
            }
            finally {
                await (0,external_node_fs_promises_.rm)(workDir, { recursive: true, force: true });
            }
        },
        async verify(_entry, image, check) {
            const trusted = config.publicKey ?? check.publicKey;
            const result = await (0,cosign/* verifyInTempDir */.Il)(config.runner, config.log, config.workDir, {
                cosign: config.cosign,
                image,
                ...(trusted !== undefined ? { publicKey: trusted } : {}),
                identity: config.identity,
                transparencyLog: config.transparencyLog,
                env: config.env,
                attestations: check.attestations,
                ...(trusted === undefined ? { run: publishing() } : {}),
            });
            if (trusted !== undefined)
                verifiedWithKey.add(image);
            // verifySignature throws when no signature (or attestation) verifies.
            return { image: result.image, verified: true, signed: false, verifyCommand: result.verifyCommand };
        },
        async publish(_entry, plan, evidence) {
            // Signed keyless in this step, or verified keyless above: this run must be one that may publish.
            if (config.key === undefined && !verifiedWithKey.has(plan.image))
                publishing();
            return (await (0,publish/* publish */.mk)(config.registry, config.log, plan, evidence)).published;
        },
    };
}
/** `docker login` to the registry of an image, the password on stdin, never on the command line. */
async function registryLogin(runner, docker, repository, credentials) {
    const registry = parseReference(repository, 'repository').registry;
    await runChecked(runner, {
        file: docker,
        args: ['login', registry, '--username', credentials.username, '--password-stdin'],
        stdin: credentials.password,
        quiet: true,
    });
    return registry;
}

;// CONCATENATED MODULE: ./build/packages/chain/run-step.js



















/**
 * What one step of the root action does for its plan entries: reads the
 * records it continues from; an entry an earlier job stopped gets nothing
 * more. For the others it installs the phases' tools once, logs in to each
 * of their registries once (explicit credentials only, with retry, logged
 * out at the end), runs the chain's phases for each entry (`concurrency`
 * at a time, each entry's log held and printed whole when it ends), and
 * writes this step's records.
 */
async function runChainStep(given, services) {
    const push = given.pushRegistry;
    const entries = push ? given.entries.map((e) => pushedEntry(e, push)) : [...given.entries];
    const settings = { ...given, entries };
    const { phases, resultsDir } = settings;
    if (entries.length === 0)
        throw new Error('a chain step needs at least one plan entry');
    if (push) {
        const parents = [...new Set(entries.flatMap((e) => e.publishedParents.map((p) => p.image)))];
        services.log.info(`pushing to ${push.host}, a registry of this job only${parents.length > 0 ? `; published parents are read where they are published: ${parents.join(', ')}` : ''}`);
    }
    // Parents' records (their digests), and each entry's own (and its twin's) from the phase before.
    const wanted = new Set(entries.flatMap((e) => [...e.parents.map((p) => p.entry), e.id, debugTwinId(e.id)]));
    const read = await readOutcomes(resultsDir, wanted);
    const previous = push ? read.map((o) => pushedOutcome(o, push)) : read;
    const stoppedBefore = new Map();
    for (const entry of entries) {
        const own = previous.find((o) => o.id === entry.id);
        if (phases[0] !== 'build' && own?.status === 'stopped') {
            services.log.info(`${entry.id} stopped at ${own.stoppedAt ?? 'an earlier gate'} in the ${own.phase} job; nothing to do in this one`);
            stoppedBefore.set(entry.id, own);
        }
    }
    const todo = entries.filter((e) => !stoppedBefore.has(e.id));
    // The records are written before the work directory goes: they copy the SBOMs out of it.
    const result = (reports) => record(settings, entries, (entry) => {
        const before = stoppedBefore.get(entry.id);
        return before !== undefined ? { outcomes: [before] } : reports.get(entry.id);
    });
    if (todo.length === 0)
        return result(new Map());
    const ignores = settings.scan.ignoreFile !== undefined ? await (0,packages_trivy/* loadIgnoreFile */.FI)(ignoreFilePath(settings.workspace, settings.scan.ignoreFile)) : [];
    const workDir = await (0,external_node_fs_promises_.mkdtemp)((0,external_node_path_.join)(services.tempDir, 'image-actions-chain-'));
    try {
        const tools = await services.tools({
            trivy: phases.includes('scan'),
            // An import's upstream signature is checked before it is copied.
            cosign: ((phases.includes('sign') || phases.includes('publish')) && settings.sign) ||
                (phases.includes('build') && todo.some((e) => e.import?.signature !== undefined)),
            // Installed by the import step itself, only when there is something to copy.
            regctl: false,
        }, workDir);
        // buildx, trivy and cosign read the docker config: an explicit login goes there, for this step only.
        const registries = [...new Set(todo.map((e) => (0,oci/* parseReference */.F2)(e.repository, 'repository').registry))];
        const explicit = settings.login;
        const logins = explicit ? registries.map((registry) => ({ registry, ...explicit })) : [];
        const loggedIn = [];
        try {
            for (const login of logins) {
                await (0,packages_registry/* dockerLogin */.a1)(services.runner, services.log, tools.docker, login, retry/* DEFAULT_RETRY_POLICY */.cO);
                loggedIn.push(login);
            }
            const sarifDir = phases.includes('scan') ? await (0,external_node_fs_promises_.mkdtemp)((0,external_node_path_.join)(services.tempDir, 'image-actions-sarif-')) : undefined;
            const shared = { tools, workDir, previous, ignores, logins, scan: {}, ...(sarifDir !== undefined ? { sarifDir } : {}) };
            const beside = todo.length > 1 && settings.concurrency > 1;
            const done = await (0,process/* inParallel */.HN)(todo, settings.concurrency, (entry) => runEntry(settings, services, shared, entry, beside));
            return await result(new Map(todo.map((entry, i) => [entry.id, done[i]])));
        }
        finally {
            for (const login of loggedIn) {
                await (0,packages_registry/* dockerLogout */.tX)(services.runner, tools.docker, login.registry).catch((error) => services.log.warning(`docker logout ${login.registry} failed: ${error instanceof Error ? error.message : String(error)}`));
            }
        }
    }
    finally {
        // The SARIF files were kept outside it (keepSarifs).
        await (0,external_node_fs_promises_.rm)(workDir, { recursive: true, force: true });
    }
}
/**
 * The chain's phases for one entry (and its twin). Beside other entries its
 * log and its commands' output are held, and printed as one group when it ends.
 */
async function runEntry(settings, services, shared, entry, beside) {
    if (!beside)
        return runPhases(settings, services.runner, services.log, services, shared, entry);
    const held = new logging/* BufferedLogger */.IG(services.log);
    const started = Date.now();
    services.log.info(`${entry.id}: started`);
    try {
        return await runPhases(settings, (0,process/* loggingRunner */.Y5)(services.runner, held), held, services, shared, entry);
    }
    finally {
        await services.log.group(`${entry.id} (${((Date.now() - started) / 1000).toFixed(1)} s)`, async () => held.flush());
    }
}
async function runPhases(settings, runner, log, services, run, entry) {
    const { tools } = run;
    // Each entry its own directory: the scan's reports and the signing files are named per entry, but kept apart all the same.
    const workDir = await (0,external_node_fs_promises_.mkdtemp)((0,external_node_path_.join)(run.workDir, 'entry-'));
    const login = run.logins.find((l) => l.registry === (0,oci/* parseReference */.F2)(entry.repository, 'repository').registry);
    const registry = new packages_registry/* RegistryClient */.bP({ credentials: (0,packages_registry/* actionCredentials */.F9)(login, { runner, env: settings.env, log }), log });
    const steps = toolSteps({
        runner,
        log,
        docker: tools.docker,
        registry,
        cosign: tools.cosign?.path ?? 'cosign-not-installed-for-this-phase',
        workDir,
        ...(settings.signing.key !== undefined ? { key: settings.signing.key } : {}),
        transparencyLog: settings.signing.transparencyLog,
        identity: {
            ...(settings.signing.identity !== undefined ? { identity: settings.signing.identity } : {}),
            ...(settings.signing.identityRegexp !== undefined ? { identityRegexp: settings.signing.identityRegexp } : {}),
        },
        ...(settings.signing.publicKey !== undefined ? { publicKey: settings.signing.publicKey } : {}),
        env: settings.env,
        build: buildOrImport(buildStep({
            runner,
            log,
            docker: tools.docker,
            workspace: settings.workspace,
            workDir,
            registry,
            registryCache: settings.registryCache,
            env: settings.env,
        }), (0,imports/* importStep */.kK)({
            runner,
            log,
            registry,
            regctl: async () => {
                run.regctl ??= services
                    .tools({ trivy: false, cosign: false, regctl: true }, run.workDir)
                    .then((found) => installed(found.regctl, 'regctl'));
                return run.regctl;
            },
            cosign: () => installed(tools.cosign, 'cosign'),
            workDir,
            env: settings.env,
        })),
        test: testStep({ runner, log, docker: tools.docker, registry }),
        scan: tools.trivy
            ? scanStep({
                runner,
                log,
                trivy: tools.trivy.path,
                trivyVersion: tools.trivy.version,
                cacheDir: (0,external_node_path_.join)(services.tempDir, 'trivy-cache'),
                workDir,
                policy: settings.scan.policy,
                ignores: run.ignores,
                dbRepositories: settings.scan.dbRepositories,
                store: services.dbStore,
                ...(settings.scan.dbCacheKey !== undefined ? { dbCacheKey: settings.scan.dbCacheKey } : {}),
                maxDbAgeMs: settings.scan.maxDbAgeMs,
                registry,
                today: (0,packages_trivy/* utcDate */.HB)(settings.now),
                now: settings.now,
                shared: run.scan,
            })
            : () => Promise.reject(new Error('trivy is not installed for this phase')),
    });
    const report = await runChain([entry], steps, {
        sign: settings.sign,
        publish: settings.publish,
        phases: settings.phases,
        previous: run.previous,
        log,
    });
    if (run.sarifDir !== undefined)
        await keepSarifs(report, run.sarifDir);
    return report;
}
/**
 * The scan writes its SARIF in the entry's work directory, which goes when the
 * step ends; the upload to code scanning runs after the step, so the SARIF is
 * kept in a directory of the step's, one file per image (the upload takes
 * the directory of a batch whole: each run in a file names its own category).
 */
async function keepSarifs(report, dir) {
    for (const outcome of report.outcomes) {
        if (outcome.sarif === undefined)
            continue;
        const kept = (0,external_node_path_.join)(dir, `${outcome.id}.sarif`);
        await (0,external_node_fs_promises_.copyFile)(outcome.sarif, kept);
        outcome.sarif = kept;
    }
}
/** A tool the step was to install, or why it is not there. */
function installed(tool, name) {
    return tool ? Promise.resolve(tool.path) : Promise.reject(new Error(`${name} is not installed for this phase`));
}
/**
 * The scan's ignore file. A relative path is read from the repository, and
 * must stay inside it after symlinks (a pull request could otherwise make
 * the check read, and quote in its errors, a file of the runner); an
 * absolute one is the workflow's own choice (a file an earlier step wrote).
 */
function ignoreFilePath(workspace, written) {
    if ((0,external_node_path_.isAbsolute)(written))
        return written;
    const where = (0,catalog/* confine */.Do)(workspace, workspace, written);
    if (!where.inside) {
        throw new errors/* UserError */.yo({
            message: `input 'ignore-file' is '${written}', which leaves the repository: it ${where.why}.`,
            hint: 'Give the path of the ignore file inside the repository, relative to it.',
        });
    }
    return where.path;
}
/** Only what this step worked on is written: a record an earlier job wrote stays as it is. */
async function record(settings, entries, reportOf) {
    const { phases, resultsDir } = settings;
    const result = { report: { outcomes: [] }, mains: [], files: [], recordFiles: [], sarifs: [], stoppedHere: [] };
    for (const entry of entries) {
        const report = reportOf(entry);
        const main = report?.outcomes.find((o) => o.id === entry.id);
        if (report === undefined || main === undefined)
            throw new Error(`the chain reported nothing for ${entry.id}`);
        for (const outcome of report.outcomes) {
            result.report.outcomes.push(outcome);
            if (!phases.includes(outcome.phase))
                continue;
            if (outcome.sarif !== undefined && phases.includes('scan'))
                result.sarifs.push(outcome.sarif);
            result.files.push(await writeOutcome(resultsDir, outcome));
            if (outcome.sbom !== undefined && phases.includes('scan'))
                result.files.push((0,external_node_path_.join)(resultsDir, `${outcome.id}.cdx.json`));
            if (outcome.status === 'stopped')
                result.stoppedHere.push(outcome);
        }
        result.mains.push(main);
        result.recordFiles.push(phases.includes(main.phase) ? (0,external_node_path_.join)(resultsDir, recordName(main.id, main.phase)) : '');
    }
    return result;
}
/** The heading of a step's summary: the whole chain, or which of its phases, for its entry or its batch. */
function stepTitle(entries, phases) {
    const what = entries.length === 1 ? (entries[0]?.id ?? '') : `${entries.length} images (${entries.map((e) => e.id).join(', ')})`;
    return phases.length === PHASES.length ? `Chain: ${what}` : `Chain, ${phases.join(', ')}: ${what}`;
}

// EXTERNAL MODULE: ./build/packages/chain/select.js
var chain_select = __webpack_require__(5552);
;// CONCATENATED MODULE: ./build/packages/chain/index.js













/***/ }),

/***/ 3769:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  kK: () => (/* reexport */ importStep),
  ZV: () => (/* reexport */ syncUpstreamIssues)
});

// UNUSED EXPORTS: UPSTREAM_ISSUE_LABEL, wantedUpstreamIssue

// EXTERNAL MODULE: ./build/packages/cosign/index.js + 11 modules
var cosign = __webpack_require__(9974);
// EXTERNAL MODULE: ./build/packages/oci/index.js + 1 modules
var oci = __webpack_require__(259);
// EXTERNAL MODULE: ./build/packages/prebuilt/index.js
var prebuilt = __webpack_require__(7442);
// EXTERNAL MODULE: ./build/packages/propagate/index.js + 6 modules
var propagate = __webpack_require__(9444);
;// CONCATENATED MODULE: ./build/packages/imports/import-step.js




/**
 * The build phase of an imported image: the upstream signature checked
 * first when the catalog names a signer, the upstream index checked to hold
 * every platform the catalog lists, then the whole index copied by digest
 * into the entry's repository (regctl, with its referrers), unless it is
 * there already, and read back: the copy must have the digest the plan
 * resolved. A prebuilt import is then held to the same lock-down checks as
 * a built image. No tag is written: publishing does that after the gates.
 */
function importStep(config) {
    return async (entry) => {
        const planned = entry.import;
        if (planned === undefined)
            throw new Error(`${entry.id} is not an import`);
        const { log, registry } = config;
        const target = `${entry.repository}@${planned.digest}`;
        if (planned.signature !== undefined)
            await verifyUpstream(config, planned);
        const platforms = (await (0,prebuilt/* platformManifests */.OS)(registry, planned.source)).map((p) => p.platform);
        const missing = entry.platforms.filter((platform) => !platforms.includes(platform));
        if (missing.length > 0) {
            throw new Error(`${planned.upstream} (${planned.digest}) has no ${missing.join(', ')} image (it has ${platforms.join(', ') || 'none'}): the catalog's platforms for ${entry.application} must be ones upstream publishes`);
        }
        const copy = (0,oci/* parseDigestReference */.Dn)(target, 'the import');
        const present = await registry.findManifest(copy.registry, copy.repository, planned.digest);
        if (present !== undefined) {
            log.info(`${target} is already in ${entry.repository}: nothing copied`);
        }
        else {
            await registry.checkAccess(copy.registry, copy.repository, 'push');
            const source = (0,oci/* parseDigestReference */.Dn)(planned.source, 'the import source');
            const regctl = await (0,propagate/* regctlFor */.d8)(await config.regctl(), [source.registry, copy.registry], config.workDir);
            await log.group(`regctl image copy ${planned.source} ${target}`, () => (0,propagate/* regctlCopy */.Jt)(config.runner, regctl, planned.source, target));
        }
        const copied = await registry.findManifest(copy.registry, copy.repository, planned.digest);
        if (copied?.digest !== planned.digest) {
            throw new Error(`the copy of ${planned.upstream} in ${entry.repository} does not have the digest ${planned.digest} the plan resolved`);
        }
        log.info(`imported ${planned.upstream} as ${target} (${platforms.join(', ')})`);
        const lockDownProblems = entry.mode === 'prebuilt' ? (await (0,prebuilt/* lockDownPushed */.x3)(registry, log, target, entry.requires)).problems : [];
        return { image: target, lockDownProblems };
    };
}
/** The upstream's own signature on the digest, as the catalog names its signer: no copy without it. */
async function verifyUpstream(config, planned) {
    const signature = planned.signature;
    if (signature === undefined)
        return;
    try {
        await (0,cosign/* verifyInTempDir */.Il)(config.runner, config.log, config.workDir, {
            cosign: await config.cosign(),
            image: planned.source,
            ...(signature.kind === 'key'
                ? { publicKey: signature.publicKey, identity: {}, transparencyLog: signature.transparencyLog }
                : { identity: { identity: signature.identity, issuer: signature.issuer }, transparencyLog: true, run: 'any' }),
            env: config.env,
        });
    }
    catch (error) {
        throw new Error(`the upstream signature of ${planned.upstream} (${planned.digest}) does not verify, so it was not imported: ${error instanceof Error ? error.message : String(error)}`);
    }
}

// EXTERNAL MODULE: ./build/packages/github/index.js + 7 modules
var github = __webpack_require__(9010);
;// CONCATENATED MODULE: ./build/packages/imports/upstream-issues.js

/** The label of the issues an import's owners get when a moved upstream does not pass its gates. */
const UPSTREAM_ISSUE_LABEL = 'image-upstream';
/**
 * What one import's issue should be after this run: open while upstream has
 * moved to a digest that did not pass (the one published before stays), with
 * the owners mentioned; closed once an upstream digest is published again.
 * Undefined when the run says nothing about it (not an import, or an import
 * that stopped without upstream having moved: the run's summary says that).
 */
function wantedUpstreamIssue(outcome, last) {
    const upstream = outcome.upstream;
    if (upstream === undefined)
        return undefined;
    const key = `upstream:${outcome.id}`;
    const title = `${outcome.id}: upstream moved, and the new digest did not pass`;
    if (outcome.status === 'published') {
        return {
            key,
            open: false,
            title,
            body: `**${outcome.id}**: ${upstream.reference} is published at ${upstream.digest}, which passed every gate.`,
            state: { digest: upstream.digest },
            comment: `Published ${upstream.digest} of ${upstream.reference}, which passed every gate: closing.`,
        };
    }
    if (outcome.status !== 'stopped' || upstream.previous === undefined)
        return undefined;
    const owners = (outcome.owner ?? '').split(', ').filter((o) => o !== '');
    const body = [
        `**${outcome.id}**: upstream moved from ${upstream.previous} to ${upstream.digest} (${upstream.reference}), and the new digest was stopped at ${outcome.stoppedAt ?? 'a gate'}: ${outcome.reason ?? 'no reason given'}.`,
        '',
        `${upstream.previous} stays published under ${outcome.plannedTags.join(', ')}; nothing moves until an upstream digest passes.`,
        '',
        (0,github/* ownersLine */.V5)(owners),
    ].join('\n');
    return {
        key,
        open: true,
        title,
        body,
        state: { digest: upstream.digest },
        ...(last !== undefined && last.digest !== upstream.digest
            ? { comment: `Upstream moved again, to ${upstream.digest}, which did not pass either.` }
            : {}),
    };
}
/**
 * Opens, updates or closes each import's upstream issue from a run's
 * outcomes, through the one GitHub client. Each issue is found again by its
 * marker, as the rescan's are.
 */
async function syncUpstreamIssues(issues, outcomes, log, label = UPSTREAM_ISSUE_LABEL) {
    const known = await (0,github/* findOwnerIssues */.xM)(issues, label, log);
    const results = [];
    for (const outcome of outcomes) {
        const existing = known.get(`upstream:${outcome.id}`);
        const state = existing?.state;
        const wanted = wantedUpstreamIssue(outcome, typeof state?.digest === 'string' ? state : undefined);
        if (wanted === undefined)
            continue;
        const result = await (0,github/* syncOwnerIssue */.kP)(issues, label, existing, wanted);
        if (result.action !== 'none' && result.action !== 'unchanged')
            log.info(`${outcome.id}: upstream issue ${result.action} (${result.url ?? ''})`);
        results.push(result);
    }
    return results;
}

;// CONCATENATED MODULE: ./build/packages/imports/index.js




/***/ }),

/***/ 796:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  mk: () => (/* reexport */ publish),
  H_: () => (/* reexport */ publishedImages)
});

// UNUSED EXPORTS: PublishRefusedError, gateRefusals

// EXTERNAL MODULE: ./build/packages/oci/index.js + 1 modules
var oci = __webpack_require__(259);
;// CONCATENATED MODULE: ./build/packages/publish/gates.js

/**
 * Why this digest may not be published, one reason a line; empty when every
 * gate passed for exactly this digest and every tag belongs to its repository.
 */
function gateRefusals(plan, evidence) {
    const refusals = [];
    const image = (0,oci/* byDigest */._W)((0,oci/* parseDigestReference */.Dn)(plan.image, 'image to publish'));
    const same = (other) => (0,oci/* byDigest */._W)((0,oci/* parseDigestReference */.Dn)(other)) === image;
    if (plan.upstreamDigest !== undefined && !image.endsWith(`@${plan.upstreamDigest}`)) {
        refusals.push(`it is an import of ${plan.upstreamDigest}, the upstream digest the plan resolved and the gates checked, not of this digest`);
    }
    if (!evidence.built)
        refusals.push('no build produced this digest in this run');
    else if (!same(evidence.built))
        refusals.push(`the build produced ${evidence.built}, not ${image}`);
    const declared = plan.tests ?? 0;
    if (declared > 0) {
        if (!evidence.tests)
            refusals.push(`its ${declared} declared test${declared === 1 ? '' : 's'} did not run`);
        else if (!same(evidence.tests.image))
            refusals.push(`the tests ran on ${evidence.tests.image}, not ${image}`);
        else if (evidence.tests.verdict !== 'pass')
            refusals.push('its tests failed');
        else if (evidence.tests.passed < declared)
            refusals.push(`only ${evidence.tests.passed} of its ${declared} declared tests passed`);
    }
    if (!evidence.scan)
        refusals.push('it was not scanned');
    else if (!same(evidence.scan.image))
        refusals.push(`the scan covered ${evidence.scan.image}, not ${image}`);
    else if (evidence.scan.verdict !== 'pass')
        refusals.push(`the scan gate said ${evidence.scan.verdict}`);
    if (!evidence.signature)
        refusals.push('it was not signed');
    else if (!same(evidence.signature.image))
        refusals.push(`the signature covers ${evidence.signature.image}, not ${image}`);
    else if (!evidence.signature.verified)
        refusals.push('its signature did not verify');
    if (plan.tags.length === 0)
        refusals.push('the plan has no tags for it');
    const repository = (0,oci/* repositoryOf */._M)((0,oci/* parseReference */.F2)(image));
    for (const tag of plan.tags) {
        const reference = (0,oci/* parseReference */.F2)(tag, 'planned tag');
        if (reference.tag === undefined || reference.digest !== undefined)
            refusals.push(`'${tag}' is not a plain tag reference`);
        else if ((0,oci/* repositoryOf */._M)(reference) !== repository)
            refusals.push(`'${tag}' is not in ${repository}`);
    }
    return refusals;
}

;// CONCATENATED MODULE: ./build/packages/publish/publish.js


/** Refused before anything was tagged; the registry is unchanged. */
class PublishRefusedError extends Error {
    refusals;
    constructor(image, refusals) {
        super(`${image} was not published: ${refusals.join('; ')}`);
        this.name = 'PublishRefusedError';
        this.refusals = refusals;
    }
}
/**
 * The last step of the chain and the only one that writes tags: checks the
 * gates' evidence for this exact digest, then puts the digest's manifest,
 * byte for byte, under every planned tag, and reads each tag back to prove it
 * names that digest.
 *
 * Not `docker buildx imagetools create`: given a single image manifest (one
 * platform, no attestations) it pushes a new index around it, so the tag
 * would name a digest that was never scanned or signed.
 */
async function publish(store, log, plan, evidence) {
    const refusals = gateRefusals(plan, evidence);
    if (refusals.length > 0)
        throw new PublishRefusedError(plan.image, refusals);
    const source = (0,oci/* parseDigestReference */.Dn)(plan.image);
    const image = (0,oci/* byDigest */._W)(source);
    const manifest = await store.manifest(source.registry, source.repository, source.digest);
    if (manifest.digest !== source.digest)
        throw new Error(`${image}: the registry served a manifest whose digest is ${manifest.digest}`);
    for (const tag of plan.tags) {
        const target = (0,oci/* parseReference */.F2)(tag, 'planned tag');
        // gateRefusals checked that every tag is a plain tag in the image's repository.
        await store.putManifest(target.registry, target.repository, target.tag ?? '', manifest.mediaType, manifest.body);
    }
    for (const tag of plan.tags) {
        const target = (0,oci/* parseReference */.F2)(tag, 'planned tag');
        const found = (await store.manifest(target.registry, target.repository, target.tag ?? '')).digest;
        if (found !== source.digest)
            throw new Error(`${tag} points at ${found} after publishing, not ${source.digest}`);
        log.info(`published ${tag} -> ${source.digest}`);
    }
    return { image, published: [...plan.tags] };
}

// EXTERNAL MODULE: ./build/packages/cosign/index.js + 11 modules
var cosign = __webpack_require__(9974);
// EXTERNAL MODULE: ./build/packages/propagate/tools.js
var tools = __webpack_require__(3527);
// EXTERNAL MODULE: ./build/packages/rescan/predicate.js
var predicate = __webpack_require__(5268);
;// CONCATENATED MODULE: ./build/packages/publish/published-images.js



/** What the publish job attests besides the signature: the SBOM. */
const SBOM_TYPE = tools/* MIRROR_ATTESTATIONS */.K[0];
/**
 * PublishedImages over the one registry client and cosign: the signature as
 * the publish job verifies it, then the SBOM attestation by the same signer
 * (read once: its timestamp says when the image was built), and the last
 * rescan's vulnerability attestation.
 */
function publishedImages(config) {
    const signer = {
        cosign: config.signature.cosign,
        ...(config.signature.publicKey !== undefined ? { publicKey: config.signature.publicKey } : {}),
        identity: config.signature.identity,
        transparencyLog: config.signature.transparencyLog,
        workDir: config.signature.workDir,
        env: config.signature.env,
    };
    const sboms = new Map();
    return {
        tagged: async (tag) => {
            const colon = tag.lastIndexOf(':');
            return config.tags.tagged(tag.slice(0, colon), tag.slice(colon + 1));
        },
        verify: async (image) => {
            await (0,cosign/* verifySignature */.Od)(config.runner, config.log, { ...config.signature, image });
            const read = await (0,cosign/* readAttestations */.aF)(config.runner, signer, image, SBOM_TYPE);
            if (read.statements.length === 0)
                throw new Error(`no ${SBOM_TYPE} attestation of ${image} verifies: ${read.none ?? 'none found'}`);
            sboms.set(image, read.statements);
        },
        builtAt: async (image) => {
            const statements = sboms.get(image) ?? (await (0,cosign/* readAttestations */.aF)(config.runner, signer, image, SBOM_TYPE)).statements;
            const times = statements
                .map((s) => s.predicate?.metadata?.timestamp)
                .filter((t) => typeof t === 'string' && !Number.isNaN(Date.parse(t)))
                .sort();
            return times.at(-1);
        },
        lastRescan: async (image) => {
            const read = await (0,cosign/* readAttestations */.aF)(config.runner, signer, image, 'vuln');
            return (0,predicate/* latestScan */.x7)(read.statements, image.split('@')[1] ?? '');
        },
    };
}

;// CONCATENATED MODULE: ./build/packages/publish/index.js





/***/ }),

/***/ 5268:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Rl: () => (/* binding */ vulnPredicate),
/* harmony export */   jF: () => (/* binding */ VULN_PREDICATE_TYPE),
/* harmony export */   kD: () => (/* binding */ toRecorded),
/* harmony export */   kr: () => (/* binding */ digestScan),
/* harmony export */   x7: () => (/* binding */ latestScan)
/* harmony export */ });
/* unused harmony exports RESULT_SCHEMA, scanOfStatement */
/* harmony import */ var _trivy_index_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1157);
/* harmony import */ var _model_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7628);


/** cosign's vulnerability scan predicate (`cosign attest --type vuln`). */
const VULN_PREDICATE_TYPE = 'https://cosign.sigstore.dev/attestation/vuln/v1';
/** What this project keeps in the predicate's free-form `scanner.result`. */
const RESULT_SCHEMA = 'image-actions/rescan/v1';
function toRecorded(finding) {
    return {
        id: finding.id,
        pkg: finding.pkg,
        installedVersion: finding.installedVersion,
        severity: finding.severity,
        ...(finding.fixedVersion !== undefined ? { fixedVersion: finding.fixedVersion } : {}),
        ...(finding.title !== undefined ? { title: finding.title } : {}),
        ...(finding.url !== undefined ? { url: finding.url } : {}),
    };
}
/** A digest's scan as the rescan keeps it: the gate's view of trivy's reports, every platform together. */
function digestScan(digest, scan, policy, scannedAt) {
    const { verdict } = scan;
    return {
        digest,
        verdict: verdict.verdict,
        policy,
        counts: verdict.counts,
        findings: dedupe(scan.findings.map(toRecorded)),
        blocking: [...new Set(verdict.blocking.map(_model_js__WEBPACK_IMPORTED_MODULE_1__/* .findingKey */ .fl))],
        ignored: verdict.ignored.map(({ finding, entry }) => ({
            key: (0,_model_js__WEBPACK_IMPORTED_MODULE_1__/* .findingKey */ .fl)(finding),
            reason: entry.reason,
            ...(entry.expires !== undefined ? { expires: entry.expires } : {}),
        })),
        expired: verdict.expired.map(({ finding, entry }) => ({
            key: (0,_model_js__WEBPACK_IMPORTED_MODULE_1__/* .findingKey */ .fl)(finding),
            reason: entry.reason,
            ...(entry.expires !== undefined ? { expires: entry.expires } : {}),
        })),
        scannedAt,
    };
}
/** The same vulnerability in the same package can appear once per target (OS, lock file); the gate counts it once. */
function dedupe(findings) {
    const seen = new Map();
    for (const finding of findings)
        if (!seen.has((0,_model_js__WEBPACK_IMPORTED_MODULE_1__/* .findingKey */ .fl)(finding)))
            seen.set((0,_model_js__WEBPACK_IMPORTED_MODULE_1__/* .findingKey */ .fl)(finding), finding);
    return [...seen.values()];
}
/** The predicate cosign wraps into the in-toto statement (cosign's `CosignVulnPredicate`). */
function vulnPredicate(scan, context) {
    return {
        invocation: {
            parameters: { policy: scan.policy },
            uri: context.run?.url ?? '',
            event_id: context.run?.id ?? '',
            'builder.id': 'image-actions rescan',
        },
        scanner: {
            uri: `pkg:github/aquasecurity/trivy@v${context.trivyVersion.replace(/^v/, '')}`,
            version: context.trivyVersion,
            db: { uri: context.dbRepository ?? '', version: '2' },
            result: { schema: RESULT_SCHEMA, ...scan },
        },
        metadata: { scanStartedOn: context.startedAt, scanFinishedOn: scan.scannedAt },
    };
}
/** This project's result in a verified vuln statement; undefined for another scanner's attestation. */
function scanOfStatement(statement, digest) {
    if (statement.predicateType !== VULN_PREDICATE_TYPE)
        return undefined;
    const result = statement.predicate?.scanner?.result;
    if (typeof result !== 'object' || result === null)
        return undefined;
    const scan = result;
    if (scan.schema !== RESULT_SCHEMA || scan.digest !== digest)
        return undefined;
    if (!Array.isArray(scan.findings) ||
        !Array.isArray(scan.blocking) ||
        !Array.isArray(scan.ignored) ||
        typeof scan.scannedAt !== 'string') {
        return undefined;
    }
    const findings = scan.findings.filter((f) => typeof f === 'object' &&
        f !== null &&
        typeof f.id === 'string' &&
        (0,_trivy_index_js__WEBPACK_IMPORTED_MODULE_0__/* .isSeverity */ ._Z)(String(f.severity)));
    return {
        digest,
        verdict: scan.verdict === 'fail' ? 'fail' : 'pass',
        policy: scan.policy ?? { threshold: 'HIGH', ignoreUnfixed: false },
        counts: scan.counts ?? { UNKNOWN: 0, LOW: 0, MEDIUM: 0, HIGH: 0, CRITICAL: 0 },
        findings,
        blocking: scan.blocking.filter((b) => typeof b === 'string'),
        ignored: scan.ignored,
        expired: Array.isArray(scan.expired) ? scan.expired : [],
        scannedAt: scan.scannedAt,
    };
}
/** The newest of this project's results among the statements. */
function latestScan(statements, digest) {
    return statements
        .map((s) => scanOfStatement(s, digest))
        .filter((s) => s !== undefined)
        .sort((a, b) => b.scannedAt.localeCompare(a.scannedAt))[0];
}


/***/ })

};
