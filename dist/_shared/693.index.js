export const id = 693;
export const ids = [693];
export const modules = {

/***/ 8262:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  _R: () => (/* reexport */ CACHE_MODES),
  oH: () => (/* reexport */ buildAndCheck),
  j8: () => (/* reexport */ buildContexts),
  KW: () => (/* reexport */ buildPrebuilt),
  fR: () => (/* reexport */ buildSummary),
  Uk: () => (/* reexport */ buildxFeatures),
  e3: () => (/* reexport */ chooseCache),
  pU: () => (/* reexport */ entryFromManual),
  p4: () => (/* reexport */ mergeStep),
  Ou: () => (/* reexport */ parseBuildxVersion),
  Pd: () => (/* reexport */ parseEpoch),
  Hl: () => (/* reexport */ parseKeyValues),
  Qr: () => (/* reexport */ parseRequires),
  m1: () => (/* reexport */ requestFromEntry),
  pA: () => (/* reexport */ sourceDateEpoch)
});

// UNUSED EXPORTS: BuildFailedError, MINIMUM_BUILDX, buildArguments, buildEnvironment, builtOn, cacheArguments, cacheExportErrors, commitTime, errorLines, failureLines, formatBytes, mergePlatforms, parseMetadata, producesIndex, runBuild, secretArguments

// EXTERNAL MODULE: ./build/packages/errors/index.js + 1 modules
var errors = __webpack_require__(2495);
;// CONCATENATED MODULE: ./build/packages/buildx/cache.js

const CACHE_MODES = ['registry', 'gha', 'none'];
function chooseCache(mode, options) {
    if (mode === 'none')
        return { config: { kind: 'none' } };
    if (mode === 'registry') {
        const ref = options.ref ?? `${options.repository}:buildcache-${options.application}`;
        if (/[\s,]/.test(ref)) {
            throw new errors/* UserError */.yo({
                message: `input 'cache-ref' is '${ref}', which holds a comma or a space.`,
                hint: 'Give an image reference, e.g. ghcr.io/org/app:buildcache.',
            });
        }
        return { config: { kind: 'registry', ref } };
    }
    // Cache service v2 (ACTIONS_RESULTS_URL) or v1 (ACTIONS_CACHE_URL); both need the runtime token.
    const url = options.env.ACTIONS_RESULTS_URL ?? options.env.ACTIONS_CACHE_URL;
    if (!url || !options.env.ACTIONS_RUNTIME_TOKEN) {
        return {
            config: { kind: 'none' },
            warning: "cache 'gha' needs ACTIONS_RUNTIME_TOKEN and ACTIONS_CACHE_URL (or ACTIONS_RESULTS_URL), which only a GitHub Actions runner provides; building without a cache",
        };
    }
    return { config: { kind: 'gha', scope: options.application } };
}
/** `--cache-from`/`--cache-to`; BuildKit ignores a failed cache export, and the build reports it as a warning. */
function cacheArguments(cache) {
    switch (cache.kind) {
        case 'none':
            return [];
        case 'registry':
            return ['--cache-from', `type=registry,ref=${cache.ref}`, '--cache-to', `type=registry,ref=${cache.ref},mode=max,ignore-error=true`];
        case 'gha':
            return ['--cache-from', `type=gha,scope=${cache.scope}`, '--cache-to', `type=gha,scope=${cache.scope},mode=max,ignore-error=true`];
    }
}

;// CONCATENATED MODULE: ./build/packages/buildx/arguments.js

/**
 * The argument array of `docker buildx build` for one request. Never a shell
 * string: each value is one argument, whatever it holds. No tag anywhere: the
 * image is pushed by digest and gets its public tags only after scan and sign.
 */
function buildArguments(request, features) {
    const args = ['buildx', 'build', '--progress=plain'];
    if (request.builder !== undefined)
        args.push('--builder', request.builder);
    if (request.dockerfile !== undefined)
        args.push('--file', request.dockerfile);
    if (request.target !== undefined)
        args.push('--target', request.target);
    if (request.platforms.length > 0)
        args.push('--platform', request.platforms.join(','));
    for (const [name, value] of sorted(request.buildArgs))
        args.push('--build-arg', `${name}=${value}`);
    for (const [name, value] of sorted(request.labels))
        args.push('--label', `${name}=${value}`);
    if (features.annotations)
        args.push(...annotationArguments(request));
    for (const [name, source] of sorted(request.contexts))
        args.push('--build-context', `${name}=${source}`);
    for (const secret of request.secrets) {
        args.push('--secret', 'env' in secret ? `id=${secret.id},env=${secret.env}` : `id=${secret.id},src=${secret.src}`);
    }
    args.push(...cacheArguments(request.cache));
    args.push(`--sbom=${request.sbom}`);
    args.push(request.provenance === false ? '--provenance=false' : `--provenance=mode=${request.provenance}`);
    args.push('--metadata-file', request.metadataFile);
    args.push('--output', outputAttribute(request, features));
    args.push(request.context);
    return args;
}
/** Whether the push is an index: several platforms, or one image with its attestation manifests. */
function producesIndex(request) {
    return request.platforms.length > 1 || request.sbom || request.provenance !== false;
}
/**
 * OCI labels as annotations too, on each image manifest and, when there is
 * one, on the index (BuildKit refuses index annotations on a lone manifest).
 * Registries and `imagetools inspect` show annotations without pulling a config.
 */
function annotationArguments(request) {
    const levels = producesIndex(request) ? ['manifest', 'index'] : ['manifest'];
    const args = [];
    for (const [name, value] of sorted(request.labels)) {
        if (!ANNOTATED.test(name))
            continue;
        for (const level of levels)
            args.push('--annotation', `${level}:${name}=${value}`);
    }
    return args;
}
/** The OCI keys and the project's own; other labels stay labels only. */
const ANNOTATED = /^(?:org\.opencontainers\.image\.|dev\.image-actions\.)/;
function outputAttribute(request, features) {
    const attributes = [
        `type=image`,
        `name=${request.repository}`,
        'push-by-digest=true',
        'name-canonical=true',
        'push=true',
        'oci-mediatypes=true',
    ];
    if (request.sourceDateEpoch !== undefined && features.rewriteTimestamp)
        attributes.push('rewrite-timestamp=true');
    return attributes.join(',');
}
/** The environment buildx runs with: SOURCE_DATE_EPOCH (buildx passes it to the build) and the secrets' variables. */
function buildEnvironment(request, secretValues) {
    const env = { ...secretValues };
    if (request.sourceDateEpoch !== undefined)
        env.SOURCE_DATE_EPOCH = String(request.sourceDateEpoch);
    return env;
}
function sorted(record) {
    return Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: ./build/packages/retry/index.js + 2 modules
var retry = __webpack_require__(5227);
;// CONCATENATED MODULE: ./build/packages/buildx/metadata.js
function parseMetadata(text) {
    let raw;
    try {
        raw = JSON.parse(text);
    }
    catch {
        throw new Error(`buildx wrote a metadata file that is not JSON: ${text.slice(0, 200)}`);
    }
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
        throw new Error('buildx wrote a metadata file that is not a JSON object');
    const record = raw;
    const digest = record['containerimage.digest'];
    if (typeof digest !== 'string' || !/^sha256:[a-f0-9]{64}$/.test(digest)) {
        throw new Error('the buildx metadata has no containerimage.digest: was the image pushed?');
    }
    const metadata = { digest, raw: record };
    const descriptor = record['containerimage.descriptor'];
    if (descriptor && typeof descriptor.mediaType === 'string')
        metadata.descriptor = descriptor;
    const ref = record['buildx.build.ref'];
    if (typeof ref === 'string')
        metadata.buildRef = ref;
    return metadata;
}

;// CONCATENATED MODULE: ./build/packages/buildx/build.js




/** A push that failed for a reason worth retrying, with the line that said so. */
class BuildFailedError extends Error {
    result;
    constructor(message, result) {
        super(message);
        this.result = result;
        this.name = 'BuildFailedError';
    }
}
/**
 * Runs one `docker buildx build`, retrying the whole build (its finished
 * steps come from BuildKit's cache) when the registry or the network to it
 * failed transiently. A cache export that failed is a warning, never a failed
 * build, as long as the image itself was pushed.
 */
async function runBuild(run) {
    const command = {
        file: run.docker,
        args: buildArguments(run.request, run.features),
        env: buildEnvironment(run.request, run.secretValues),
    };
    let attempts = 0;
    const result = await (0,retry/* retry */.L5)(async (attempt) => {
        attempts = attempt;
        const outcome = await run.runner.run(command);
        if (outcome.exitCode === 0 || (await pushedDespiteCacheError(run.request.metadataFile, outcome)))
            return outcome;
        throw new BuildFailedError(`docker buildx build failed (exit code ${outcome.exitCode}): ${failureSummary(outcome.stderr)}`, outcome);
    }, {
        policy: run.retry,
        transient: (failure) => failure instanceof BuildFailedError ? (0,retry/* transientRegistryFailure */.Il)(failureLines(failure.result.stderr).join('\n')) : undefined,
        onRetry: ({ attempt, of, delayMs, reason }) => run.log.warning(`build attempt ${attempt} of ${of} failed: ${reason}; retrying in ${(delayMs / 1000).toFixed(1)}s`),
        ...(run.sleep ? { sleep: run.sleep } : {}),
    }).catch((failure) => {
        if (failure instanceof BuildFailedError && attempts > 1) {
            throw new BuildFailedError(`${failure.message} (gave up after ${attempts} attempts)`, failure.result);
        }
        throw failure;
    });
    const metadata = parseMetadata(await (0,promises_.readFile)(run.request.metadataFile, 'utf8'));
    const warnings = cacheExportErrors(result.stderr).map((line) => `the build cache was not exported (the image was pushed): ${line}`);
    for (const warning of warnings)
        run.log.warning(warning);
    return { metadata, image: `${run.request.repository}@${metadata.digest}`, attempts, warnings };
}
/** buildx exited non-zero, but only because of the cache export, and the metadata shows a pushed image. */
async function pushedDespiteCacheError(metadataFile, outcome) {
    const errors = errorLines(outcome.stderr);
    const cacheErrors = cacheExportErrors(outcome.stderr);
    if (cacheErrors.length === 0 || errors.some((line) => !/cache/i.test(line)))
        return false;
    try {
        parseMetadata(await (0,promises_.readFile)(metadataFile, 'utf8'));
        return true;
    }
    catch {
        return false;
    }
}
/** The `ERROR` lines of plain progress output and buildx's final `ERROR: ...`. */
function errorLines(stderr) {
    return stderr
        .split('\n')
        .map((line) => line.trim())
        .filter((line) => /^(?:#\d+ )?ERROR\b|^error:/i.test(line));
}
/**
 * The error lines that can explain a failed build. A cache that could not be
 * imported (missing on a first build, or its registry down) never fails the
 * build, so it never makes a failure look transient either.
 */
function failureLines(stderr) {
    return errorLines(stderr).filter((line) => !/cache importer|importing cache/i.test(line));
}
/**
 * Errors of the steps that export the build cache, from plain progress
 * output: `#12 exporting cache to registry` ... `#12 ERROR: ...`, or the
 * warning BuildKit prints when `ignore-error=true` swallowed the failure.
 */
function cacheExportErrors(stderr) {
    const lines = stderr.split('\n').map((line) => line.trim());
    const cacheSteps = new Set();
    for (const line of lines) {
        const match = /^#(\d+) exporting cache\b/.exec(line);
        if (match?.[1] !== undefined)
            cacheSteps.add(match[1]);
    }
    const found = [];
    for (const line of lines) {
        const step = /^#(\d+) (?:ERROR|error|WARN(?:ING)?)\b:?\s*(.*)$/.exec(line);
        if (step?.[1] !== undefined && cacheSteps.has(step[1]))
            found.push(step[2] ?? line);
        else if (/^(?:ERROR|WARN(?:ING)?):.*(?:export(?:ing)? cache|cache export)/i.test(line))
            found.push(line);
    }
    return found;
}
function failureSummary(stderr) {
    const errors = errorLines(stderr);
    const last = errors.at(-1) ?? stderr.trim().split('\n').at(-1) ?? '';
    return last.replace(/^(?:#\d+ )?ERROR:?\s*/, '');
}

// EXTERNAL MODULE: ./build/packages/oci/index.js + 1 modules
var oci = __webpack_require__(259);
// EXTERNAL MODULE: ./build/packages/prebuilt/index.js
var prebuilt = __webpack_require__(7442);
;// CONCATENATED MODULE: ./build/packages/buildx/build-image.js



/**
 * One plan entry, end to end on the build side: build and push by digest,
 * read back what was pushed, and for a prebuilt image check the image itself
 * against the lock-down rules; then its debug twin, if it has one.
 */
async function buildAndCheck(builder, job) {
    const main = await buildOne(builder, job.request, job.secretValues);
    if (job.mode === 'layered')
        return { main, problems: [] };
    const { checks, problems } = await (0,prebuilt/* lockDownPushed */.x3)(builder.registry, builder.log, main.image, job.requires);
    if (problems.length > 0 || job.debug === undefined)
        return { main, checks, problems };
    const debug = await buildOne(builder, job.debug, job.secretValues);
    return { main, checks, problems, debug };
}
async function buildOne(builder, request, secretValues) {
    const started = performance.now();
    // A missing login stops here, saying how to log in, before BuildKit spends a build on a push that cannot land.
    const target = (0,oci/* parseReference */.F2)(request.repository, 'repository');
    await builder.registry.checkAccess(target.registry, target.repository, 'push');
    const output = await builder.log.group(`docker buildx build ${request.repository}`, () => runBuild({
        runner: builder.runner,
        log: builder.log,
        docker: builder.docker,
        features: builder.features,
        request,
        secretValues,
        retry: builder.retry,
        ...(builder.sleep ? { sleep: builder.sleep } : {}),
    }));
    const platforms = await (0,prebuilt/* platformManifests */.OS)(builder.registry, output.image);
    const size = platforms.reduce((sum, platform) => sum + platform.size, 0);
    builder.log.info(`pushed ${output.image} (${platforms.map((p) => p.platform).join(', ')}; ${size} bytes)`);
    return { ...output, platforms, size, durationMs: performance.now() - started };
}

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./build/packages/process/index.js + 3 modules
var packages_process = __webpack_require__(3927);
// EXTERNAL MODULE: ./build/packages/registry/index.js + 6 modules
var packages_registry = __webpack_require__(1834);
// EXTERNAL MODULE: ./build/packages/plan/canonical-json.js
var canonical_json = __webpack_require__(8431);
// EXTERNAL MODULE: ./build/packages/tags/registry.js
var registry = __webpack_require__(2057);
;// CONCATENATED MODULE: ./build/packages/buildx/entry-request.js



/**
 * The build request of one plan entry. Paths in the entry are relative to
 * the repository root. A per-platform entry (`platform` set) builds that
 * platform only; the merge step assembles the index afterwards.
 */
function requestFromEntry(entry, options) {
    const twin = options.debugTwin === true ? entry.debug : undefined;
    if (options.debugTwin === true && twin === undefined)
        throw new Error(`entry ${entry.id} has no debug twin to build`);
    const target = twin ? twin.target : entry.target;
    // Every base image at the digest the plan resolved, beside the parents at theirs.
    const contexts = {};
    for (const base of entry.bases)
        if (base.image !== undefined)
            contexts[base.reference] = `docker-image://${base.image}`;
    Object.assign(contexts, options.contexts);
    const request = {
        context: (0,external_node_path_.resolve)(options.workspace, entry.context),
        dockerfile: (0,external_node_path_.resolve)(options.workspace, entry.dockerfile),
        buildArgs: { ...entry.buildArgs },
        platforms: entry.platform !== undefined ? [entry.platform] : [...entry.platforms],
        labels: {
            ...entry.labels,
            [registry/* BUILD_ID_LABEL */.yi]: entry.buildId,
            [registry/* SOURCE_ID_LABEL */.dQ]: entry.sourceId,
            [registry/* BASES_LABEL */.iK]: (0,canonical_json/* canonicalJson */.d)(builtOn(contexts)),
        },
        repository: twin ? twin.repository : entry.repository,
        secrets: options.secrets,
        contexts,
        cache: options.cache,
        sbom: options.sbom,
        provenance: options.provenance,
        metadataFile: options.metadataFile,
    };
    if (target !== undefined)
        request.target = target;
    if (options.sourceDateEpoch !== undefined)
        request.sourceDateEpoch = options.sourceDateEpoch;
    if (options.builder !== undefined)
        request.builder = options.builder;
    return request;
}
/** The BASES_LABEL value: FROM reference -> the image by digest it was built on. */
function builtOn(contexts) {
    const bases = {};
    for (const [reference, source] of Object.entries(contexts))
        bases[reference] = source.replace(/^docker-image:\/\//, '');
    return bases;
}

// EXTERNAL MODULE: ./node_modules/semver/index.js
var semver = __webpack_require__(2088);
;// CONCATENATED MODULE: ./build/packages/buildx/version.js

/** Older releases lack `--sbom`, `--provenance` and cache `ignore-error`, which the build relies on. */
const MINIMUM_BUILDX = '0.10.0';
/** `github.com/docker/buildx v0.38.1 4d...` -> `0.38.1`; also accepts Docker Desktop's `v0.12.1-desktop.4`. */
function parseBuildxVersion(output) {
    const match = /\bv?(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)/.exec(output);
    const version = match?.[1] ? semver.valid(semver.coerce(match[1])) : null;
    if (!version)
        throw new Error(`cannot read a version in the output of 'docker buildx version': ${output.trim().slice(0, 200)}`);
    return version;
}
function buildxFeatures(version) {
    if (semver.lt(version, MINIMUM_BUILDX)) {
        throw new Error(`buildx ${version} is too old: build-prebuilt needs buildx ${MINIMUM_BUILDX} or later (set up a newer one, e.g. with docker/setup-buildx-action)`);
    }
    return {
        version,
        annotations: semver.gte(version, '0.12.0'),
        rewriteTimestamp: semver.gte(version, '0.13.0'),
    };
}

;// CONCATENATED MODULE: ./build/packages/buildx/build-prebuilt.js









/**
 * Everything build-prebuilt does, in order: login, buildx version, cache,
 * then build, push by digest and (prebuilt) check; its debug twin; logout.
 * The caller decides what a failed lock-down means (the action fails; the
 * chain records it and stops the image).
 */
async function buildPrebuilt(runner, log, options) {
    const { entry } = options;
    if (options.login)
        await (0,packages_registry/* dockerLogin */.a1)(runner, log, options.docker, options.login, options.retry);
    await (0,promises_.mkdir)(options.tempDir, { recursive: true });
    const tempDir = await (0,promises_.mkdtemp)((0,external_node_path_.join)(options.tempDir, 'build-prebuilt-'));
    try {
        const version = parseBuildxVersion((await (0,packages_process/* runChecked */.X4)(runner, { file: options.docker, args: ['buildx', 'version'], quiet: true })).stdout);
        const features = buildxFeatures(version);
        log.info(`buildx ${version}`);
        const cache = chooseCache(options.cache, {
            repository: entry.repository,
            application: entry.application,
            ...(options.cacheRef !== undefined ? { ref: options.cacheRef } : {}),
            env: options.env,
        });
        if (cache.warning)
            log.warning(cache.warning);
        const { secrets, secretValues } = secretArguments(options.secrets, options.secretFiles);
        const contexts = buildContexts(options.parents);
        const common = {
            workspace: options.workspace,
            contexts,
            cache: cache.config,
            secrets,
            sbom: options.sbom,
            provenance: options.provenance,
            ...(options.sourceDateEpoch !== undefined ? { sourceDateEpoch: options.sourceDateEpoch } : {}),
            ...(options.builder !== undefined ? { builder: options.builder } : {}),
        };
        const request = requestFromEntry(entry, { ...common, metadataFile: (0,external_node_path_.join)(tempDir, 'metadata.json') });
        const debug = options.buildDebugTwin && entry.debug
            ? requestFromEntry(entry, { ...common, metadataFile: (0,external_node_path_.join)(tempDir, 'metadata-debug.json'), debugTwin: true })
            : undefined;
        const registry = new packages_registry/* RegistryClient */.bP({ credentials: (0,packages_registry/* actionCredentials */.F9)(options.login, { runner, env: options.env, log }), log });
        const result = await buildAndCheck({ runner, log, docker: options.docker, features, registry, retry: options.retry }, { request, secretValues, mode: entry.mode, requires: entry.requires, ...(debug ? { debug } : {}) });
        return { ...result, buildxVersion: version, ...(cache.warning ? { cacheWarning: cache.warning } : {}) };
    }
    finally {
        await (0,promises_.rm)(tempDir, { recursive: true, force: true });
        if (options.login && options.logout) {
            await (0,packages_registry/* dockerLogout */.tX)(runner, options.docker, options.login.registry).catch((error) => log.warning(`docker logout ${options.login?.registry ?? ''} failed: ${error instanceof Error ? error.message : String(error)}`));
        }
    }
}
/** Each secret value travels in its own environment variable, named by position, never by value. */
function secretArguments(values, files) {
    const secrets = [];
    const secretValues = {};
    Object.entries(values).forEach(([id, value], index) => {
        const env = `IMAGE_ACTIONS_BUILD_SECRET_${index}`;
        secrets.push({ id, env });
        secretValues[env] = value;
    });
    for (const [id, src] of Object.entries(files))
        secrets.push({ id, src });
    return { secrets, secretValues };
}
/** `{ "ghcr.io/org/apps/python-runner:3.11.9": "ghcr.io/org/apps/python-runner@sha256:..." }` -> buildx build contexts. */
function buildContexts(parents) {
    const contexts = {};
    for (const [reference, image] of Object.entries(parents)) {
        (0,oci/* parseReference */.F2)(reference, `parents key '${reference}'`);
        const pinned = image.startsWith('docker-image://') ? image.slice('docker-image://'.length) : image;
        (0,oci/* parseDigestReference */.Dn)(pinned, `parents['${reference}']`);
        contexts[reference] = `docker-image://${pinned}`;
    }
    return contexts;
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./build/packages/catalog/model.js
var model = __webpack_require__(5941);
// EXTERNAL MODULE: ./build/packages/plan/index.js + 15 modules
var plan = __webpack_require__(437);
;// CONCATENATED MODULE: ./build/packages/buildx/manual-entry.js







/**
 * A plan entry for a build described by hand, so both ways into the action
 * take the same path. Without a given build id, the id is computed the way
 * matrix-expand computes it: over the context's files, the Dockerfile and the
 * resolved inputs, so an unchanged build carries an unchanged id.
 */
function entryFromManual(build, workspace) {
    const reference = (0,oci/* parseReference */.F2)(build.repository, "input 'repository'");
    if (reference.tag !== undefined || reference.digest !== undefined || build.repository.endsWith('/')) {
        throw new errors/* UserError */.yo({
            message: `input 'repository' is '${build.repository}', which is not a repository: the image is pushed by digest, never by tag.`,
            hint: 'Give registry/path/app, e.g. ghcr.io/org/images/tool, without a tag or digest.',
        });
    }
    const application = build.application ?? build.repository.split('/').pop() ?? build.repository;
    const dockerfile = build.dockerfile ?? (0,external_node_path_.join)(build.context, 'Dockerfile');
    const buildId = build.buildId ?? manualBuildId(build, workspace, dockerfile);
    const entry = {
        id: application,
        application,
        version: '',
        mode: build.mode,
        owner: '',
        context: build.context,
        dockerfile,
        buildArgs: build.buildArgs,
        platforms: build.platforms,
        repository: build.repository,
        tags: [],
        labels: build.labels,
        requires: build.requires,
        buildId,
        // A build described by hand is not planned: its bases are not resolved or pinned, and its id is its source's.
        sourceId: buildId,
        bases: [],
        maxAge: model/* DEFAULT_MAX_AGE_DAYS */.xp,
        stage: 0,
        parents: [],
        publishedParents: [],
    };
    if (build.target !== undefined)
        entry.target = build.target;
    return entry;
}
function manualBuildId(build, workspace, dockerfile) {
    const hasher = new plan/* ContextHasher */.zS();
    const inputs = {
        context: hasher.context((0,external_node_path_.resolve)(workspace, build.context), (0,external_node_path_.resolve)(workspace, dockerfile)),
        dockerfile: hasher.file((0,external_node_path_.resolve)(workspace, dockerfile)),
        target: build.target ?? null,
        buildArgs: build.buildArgs,
        platforms: build.platforms,
        labels: build.labels,
    };
    return `sha256:${(0,external_node_crypto_.createHash)('sha256').update((0,plan/* canonicalJson */.dj)(inputs)).digest('hex')}`;
}
/**
 * The `requires` input: a JSON array in the catalog's own form,
 * `[{"binary": "/usr/bin/python3"}, {"file": "/etc/ssl/certs/ca-certificates.crt"}, {"package": "python3.11-minimal", "version": ">=3.11 <3.12"}]`.
 */
function parseRequires(text, input) {
    if (text.trim() === '')
        return [];
    const fail = (why) => {
        throw new errors/* UserError */.yo({
            message: `input '${input}' ${why}.`,
            hint: `Write a JSON array as the catalog does, e.g. [{"binary": "/usr/bin/python3"}, {"package": "openssl", "version": ">=3"}].`,
        });
    };
    const value = (0,errors/* parseJson */.qF)(text, () => fail('is not JSON'));
    if (!Array.isArray(value))
        return fail('is not a JSON array');
    return value.map((item, index) => {
        const raw = (item ?? {});
        const string = (key) => (typeof raw[key] === 'string' && raw[key] !== '' ? raw[key] : undefined);
        const binary = string('binary');
        const file = string('file');
        const name = string('package');
        const version = string('version');
        if (binary?.startsWith('/'))
            return { kind: 'binary', path: binary };
        if (file?.startsWith('/'))
            return { kind: 'file', path: file };
        if (name !== undefined) {
            if (version !== undefined && semver.validRange(version) === null)
                return fail(`item ${index + 1}: '${version}' is not a version range`);
            return version !== undefined ? { kind: 'package', name, range: version } : { kind: 'package', name };
        }
        return fail(`item ${index + 1} is not {"binary": "/abs/path"}, {"file": "/abs/path"} or {"package": "name", "version": "range"}`);
    });
}
/** `KEY=VALUE` items (build args, labels, secrets); the first `=` splits, the value may hold more. */
function parseKeyValues(items, input, options = {}) {
    const record = {};
    for (const [index, item] of items.entries()) {
        const equals = item.indexOf('=');
        if (equals <= 0) {
            // A secret's line is never echoed, not even in part.
            const shown = options.secret ? `item ${index + 1}` : `'${item.length > 40 ? `${item.slice(0, 40)}...` : item}'`;
            throw new errors/* UserError */.yo({ message: `input '${input}' has ${shown}, which is not KEY=VALUE.`, hint: 'Write one KEY=VALUE per line.' });
        }
        record[item.slice(0, equals).trim()] = item.slice(equals + 1);
    }
    return record;
}

;// CONCATENATED MODULE: ./build/packages/buildx/merge.js




/**
 * The merge step of one-job-per-platform builds: one index over the
 * platforms' digests (their attestation manifests included), pushed by its
 * own digest with no tag. `imagetools create` always wants a tag to push, so
 * it only computes the index (--dry-run) and the registry API stores it by
 * digest: no temporary tag that a consumer could see or that would need
 * deleting.
 */
async function mergePlatforms(runner, log, client, options) {
    if (options.images.length === 0)
        throw new Error('nothing to merge: no platform images were given');
    const sources = options.images.map((image) => (0,oci/* parseDigestReference */.Dn)(image, 'platform image'));
    const first = sources[0];
    if (!first)
        throw new Error('nothing to merge');
    for (const source of sources) {
        if (source.registry !== first.registry || source.repository !== first.repository) {
            throw new Error(`every platform image must be in ${first.registry}/${first.repository}, not ${source.registry}/${source.repository}`);
        }
    }
    const args = ['buildx', 'imagetools', 'create', '--dry-run'];
    if (options.features.annotations) {
        for (const [name, value] of Object.entries(options.annotations).sort())
            args.push('--annotation', `index:${name}=${value}`);
    }
    args.push(...options.images);
    const result = await (0,packages_process/* runChecked */.X4)(runner, { file: options.docker, args, quiet: true });
    const index = Buffer.from(result.stdout.trim(), 'utf8');
    const mediaType = JSON.parse(index.toString('utf8')).mediaType ?? 'application/vnd.oci.image.index.v1+json';
    const digest = await client.putManifestByDigest(first.registry, first.repository, mediaType, index);
    const image = `${first.registry}/${first.repository}@${digest}`;
    log.info(`merged ${options.images.length} platform image(s) into ${image}`);
    return image;
}
/** The merge step as the action runs it: login when asked, the buildx version, then the merge. */
async function mergeStep(runner, log, options) {
    const { docker, login } = options;
    if (login)
        await (0,packages_registry/* dockerLogin */.a1)(runner, log, docker, login, options.retry);
    try {
        const version = parseBuildxVersion((await (0,packages_process/* runChecked */.X4)(runner, { file: docker, args: ['buildx', 'version'], quiet: true })).stdout);
        const client = new packages_registry/* RegistryClient */.bP({ credentials: (0,packages_registry/* actionCredentials */.F9)(login, { runner, env: process.env, log }), log });
        return await mergePlatforms(runner, log, client, {
            docker,
            features: buildxFeatures(version),
            images: options.images,
            annotations: options.annotations,
        });
    }
    finally {
        if (login)
            await (0,packages_registry/* dockerLogout */.tX)(runner, docker, login.registry).catch(() => log.warning(`docker logout ${login.registry} failed`));
    }
}

;// CONCATENATED MODULE: ./build/packages/buildx/source-date.js


/**
 * SOURCE_DATE_EPOCH for a build: the time of the last commit (up to `commit`)
 * that changed what the image is built from (`paths`: its context and
 * Dockerfile). An unchanged image keeps its timestamps from one commit to
 * the next, so its layers, its build cache (BuildKit's cache keys depend on
 * SOURCE_DATE_EPOCH: a new value invalidates the cache from the first WORKDIR
 * on) and, with rewrite-timestamp, its digests stay the same; the
 * repository's own HEAD time would change them on every unrelated commit.
 */
async function commitTime(runner, git, workspace, commit, paths = []) {
    const result = await (0,packages_process/* runChecked */.X4)(runner, {
        file: git,
        args: ['log', '-1', '--format=%ct', commit, '--', ...paths],
        cwd: workspace,
        quiet: true,
    });
    const text = result.stdout.trim();
    // Paths no commit touched yet (new files): the commit's own time.
    if (text === '' && paths.length > 0)
        return commitTime(runner, git, workspace, commit);
    return parseEpoch(text, `the time of commit ${commit}`);
}
/** A whole number of seconds since 1970, as an input or git gives it. */
function parseEpoch(text, what) {
    if (!/^\d{1,12}$/.test(text)) {
        throw new errors/* UserError */.yo({
            message: `${what} is '${text}', which is not a number of seconds since 1970.`,
            hint: 'Give a Unix time, e.g. the output of git log -1 --format=%ct.',
        });
    }
    return Number(text);
}
/**
 * The one SOURCE_DATE_EPOCH of a plan entry, whichever action builds it: the
 * time of the last commit, up to GITHUB_SHA (or HEAD), that changed its
 * context or Dockerfile; undefined outside a git checkout.
 */
async function sourceDateEpoch(runner, workspace, entry, env) {
    return commitTime(runner, 'git', workspace, env.GITHUB_SHA || 'HEAD', [entry.context, entry.dockerfile]).catch(() => undefined);
}

// EXTERNAL MODULE: ./build/packages/logging/index.js + 1 modules
var logging = __webpack_require__(4603);
;// CONCATENATED MODULE: ./build/packages/buildx/summary.js

/** The job summary of one build: what, where, how big, how long, and each lock-down rule. */
function buildSummary(entryId, mode, result) {
    const lines = [`### build-prebuilt: ${entryId}`, '', '| | |', '|---|---|'];
    lines.push(...imageRows('image', result.main));
    lines.push(`| mode | ${mode} |`, `| buildx | ${result.buildxVersion} |`);
    if (result.debug)
        lines.push(...imageRows('debug twin', result.debug));
    if (result.cacheWarning)
        lines.push(`| cache | ${(0,logging/* tableCell */.xR)(result.cacheWarning)} |`);
    for (const warning of result.main.warnings)
        lines.push(`| warning | ${(0,logging/* tableCell */.xR)(warning)} |`);
    lines.push('');
    if (result.checks) {
        lines.push('#### Lock-down checks', '', '| rule | result | found |', '|---|---|---|');
        for (const check of result.checks) {
            lines.push(`| ${check.rule} | ${check.passed ? 'pass' : '**FAIL**'} | ${check.problems.map((p) => (0,logging/* tableCell */.xR)(p)).join('<br>')} |`);
        }
        lines.push('');
    }
    else {
        lines.push('Layered image: no lock-down checks.', '');
    }
    return lines.join('\n');
}
function imageRows(what, image) {
    return [
        `| ${what} | \`${image.image}\` |`,
        `| platforms | ${image.platforms.map((p) => `${p.platform} (\`${p.digest.slice(0, 19)}\`, ${formatBytes(p.size)})`).join('<br>')} |`,
        `| size | ${formatBytes(image.size)} |`,
        `| duration | ${(image.durationMs / 1000).toFixed(1)} s${image.attempts > 1 ? ` (${image.attempts} attempts)` : ''} |`,
    ];
}
function formatBytes(bytes) {
    if (bytes < 1024)
        return `${bytes} B`;
    const units = ['KiB', 'MiB', 'GiB'];
    let value = bytes / 1024;
    let unit = 0;
    while (value >= 1024 && unit < units.length - 1) {
        value /= 1024;
        unit++;
    }
    return `${value.toFixed(1)} ${units[unit]}`;
}

;// CONCATENATED MODULE: ./build/packages/buildx/index.js















/***/ }),

/***/ 5552:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   ER: () => (/* binding */ parseEntry),
/* harmony export */   J9: () => (/* binding */ selectEntry),
/* harmony export */   Zt: () => (/* binding */ parseMatrixLeg)
/* harmony export */ });
/* harmony import */ var _errors_index_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2495);

/**
 * A plan entry passed as JSON (a matrix leg of matrix-expand, `toJSON(matrix)`).
 * Checked for the fields the chain relies on, so a hand-written or truncated
 * entry fails here, naming the input, rather than deep inside buildx.
 */
function parseEntry(text, input) {
    return checkedEntry(parsedInput(text, input), `input '${input}'`);
}
/**
 * A matrix leg passed as JSON: one plan entry, or with matrix-expand's
 * `batch` a batch of them (`{"id", "entries": [...]}`), every entry checked
 * as `parseEntry` checks one. A batch holds entries of one stage only, so
 * none of them is built on another.
 */
function parseMatrixLeg(text, input) {
    const value = parsedInput(text, input);
    const leg = value;
    if (leg === null || typeof leg !== 'object' || !('entries' in leg))
        return [checkedEntry(value, `input '${input}'`)];
    if (typeof leg.id !== 'string' || !ENTRY_ID.test(leg.id) || !Array.isArray(leg.entries) || leg.entries.length === 0) {
        throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo({
            message: `input '${input}' is not a batch of plan entries: it needs an 'id' and a non-empty 'entries' list.`,
            hint: `Pass one leg of matrix-expand's matrix unchanged ('\${{ toJSON(matrix) }}' in a matrix job).`,
        });
    }
    const entries = leg.entries.map((e, i) => checkedEntry(e, `input '${input}', entry ${i + 1} of batch ${leg.id}`));
    const stages = [...new Set(entries.map((e) => e.stage))];
    const ids = new Set(entries.map((e) => e.id));
    if (stages.length > 1 || ids.size < entries.length) {
        throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo({
            message: `input '${input}' is batch ${leg.id}, whose entries ${stages.length > 1 ? `are of stages ${stages.join(', ')}` : 'repeat an id'}; a batch holds distinct entries of one stage.`,
            hint: `Pass one leg of matrix-expand's matrix unchanged.`,
        });
    }
    return entries;
}
function parsedInput(text, input) {
    return (0,_errors_index_js__WEBPACK_IMPORTED_MODULE_0__/* .parseJson */ .qF)(text, (reason) => {
        throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo({
            message: `input '${input}' is not JSON: ${reason}.`,
            hint: `Pass one entry of matrix-expand's matrix, for example '\${{ toJSON(matrix) }}' in a matrix job.`,
        });
    });
}
function checkedEntry(value, what) {
    const entry = value;
    const missing = REQUIRED.filter(([name, check]) => entry === null || typeof entry !== 'object' || !check(entry[name], entry)).map(([name]) => name);
    if (missing.length > 0) {
        throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo({
            message: `${what} is not a plan entry: ${missing.map((m) => `'${m}'`).join(', ')} missing or of the wrong type.`,
            hint: `Pass one entry of matrix-expand's matrix unchanged, or select the image with 'catalog', 'image', 'version' and 'variant'.`,
        });
    }
    // Entry ids name record files and artifacts: one path component, nothing a shell or a path could read otherwise.
    const plan = value;
    const badIds = [plan.id, ...plan.parents.map((p) => p.entry)].filter((id) => typeof id !== 'string' || !ENTRY_ID.test(id));
    if (badIds.length > 0) {
        throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo({
            message: `${what} names the entry ${badIds.map((id) => JSON.stringify(id)).join(', ')}, which is not a plan entry id.`,
            hint: 'Entry ids are letters, digits and . _ - (matrix-expand makes them from the catalog); pass its matrix unchanged.',
        });
    }
    return plan;
}
const ENTRY_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
const isString = (v) => typeof v === 'string' && v !== '';
const isStringArray = (v) => Array.isArray(v) && v.every((x) => typeof x === 'string');
const isImport = (v) => {
    const planned = v;
    return typeof planned === 'object' && planned !== null && ['upstream', 'digest', 'source'].every((k) => isString(planned[k]));
};
/** A build names its context and Dockerfile; an import names neither, and its upstream instead. */
const isBuildPath = (v, entry) => (entry.import !== undefined ? v === '' : isString(v));
const REQUIRED = [
    ['id', isString],
    ['application', isString],
    ['version', isString],
    ['mode', (v) => v === 'layered' || v === 'prebuilt'],
    ['context', isBuildPath],
    ['dockerfile', isBuildPath],
    ['import', (v) => v === undefined || isImport(v)],
    ['repository', isString],
    ['tags', isStringArray],
    ['platforms', isStringArray],
    ['buildArgs', (v) => typeof v === 'object' && v !== null],
    ['labels', (v) => typeof v === 'object' && v !== null],
    ['requires', Array.isArray],
    // Absent when the catalog declares no test; a list when it does.
    ['tests', (v) => v === undefined || Array.isArray(v)],
    ['buildId', isString],
    ['stage', (v) => typeof v === 'number'],
    ['parents', Array.isArray],
    ['publishedParents', Array.isArray],
];
/**
 * The one entry of a plan a person means by image, version and variant. The
 * version and the variant may be left out when the image has only one.
 */
function selectEntry(entries, selection) {
    const ofImage = entries.filter((e) => e.application === selection.image);
    if (ofImage.length === 0) {
        const names = [...new Set(entries.map((e) => e.application))].sort();
        throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo({
            message: `input 'image' is '${selection.image}', which the catalog does not have.`,
            hint: `Use one of: ${names.join(', ') || '(the catalog plans no image)'}.`,
        });
    }
    const matching = ofImage.filter((e) => (selection.version === undefined || e.version === selection.version) &&
        (selection.variant === undefined || e.variant?.id === selection.variant));
    const choices = ofImage.map((e) => describe(e)).join(', ');
    if (matching.length === 0) {
        throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo({
            message: `no entry of '${selection.image}' has ${[selection.version && `version '${selection.version}'`, selection.variant && `variant '${selection.variant}'`].filter(Boolean).join(' and ')}.`,
            hint: `The catalog has: ${choices}.`,
        });
    }
    const [first, ...others] = matching;
    if (first === undefined || others.length > 0) {
        throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo({
            message: `'${selection.image}' has ${matching.length} entries; say which one with 'version' and 'variant'.`,
            hint: `The catalog has: ${choices}.`,
        });
    }
    return first;
}
function describe(entry) {
    return entry.variant ? `version ${entry.version} variant ${entry.variant.id}` : `version ${entry.version}`;
}


/***/ })

};
