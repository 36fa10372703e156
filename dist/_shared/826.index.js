export const id = 826;
export const ids = [826];
export const modules = {

/***/ 3513:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  g: () => (/* binding */ identityInputs),
  u: () => (/* binding */ publishedSignatureInputs)
});

// EXTERNAL MODULE: ./build/packages/cosign/index.js + 11 modules
var cosign = __webpack_require__(9974);
;// CONCATENATED MODULE: ./build/actions/_common/keyless.js

/**
 * For steps that verify what is already published (propagation,
 * retention): the runs whose keyless signatures count, read from the run's
 * environment and event. Undefined outside GitHub Actions, where the step
 * is given a key or fails with the identity's own message.
 */
function keylessRuns(env) {
    if (!env.GITHUB_REPOSITORY || !env.GITHUB_REF || !env.GITHUB_EVENT_NAME)
        return undefined;
    return (0,cosign/* publishedRuns */.tV)(env, (0,cosign/* readEventPayload */.N5)(env));
}

;// CONCATENATED MODULE: ./build/actions/_common/identity.js

/**
 * The keyless identity a signature must carry, from the inputs
 * `certificate-identity` (exact) and `certificate-identity-regexp`, as every
 * action that verifies reads them; packages/cosign refuses both at once.
 */
function identityInputs(inputs) {
    const identity = inputs.string('certificate-identity');
    const identityRegexp = inputs.string('certificate-identity-regexp');
    return {
        ...(identity !== undefined ? { identity } : {}),
        ...(identityRegexp !== undefined ? { identityRegexp } : {}),
    };
}
/**
 * The inputs `public-key`, `certificate-identity(-regexp)` and
 * `transparency-log` of the steps that verify what is already published
 * (propagate, retain-versions, rescan). `pinRuns: false` for a run that
 * verifies nothing (a dry run).
 */
function publishedSignatureInputs(inputs, env, options = {}) {
    const publicKey = inputs.string('public-key');
    const run = publicKey === undefined && options.pinRuns !== false ? keylessRuns(env) : undefined;
    return {
        ...(publicKey !== undefined ? { publicKey: `${publicKey}\n` } : {}),
        identity: identityInputs(inputs),
        ...(run !== undefined ? { run } : {}),
        transparencyLog: inputs.boolean('transparency-log', true),
    };
}


/***/ }),

/***/ 9974:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  HU: () => (/* reexport */ COSIGN_PINS),
  ZP: () => (/* reexport */ DEFAULT_COSIGN_VERSION),
  CK: () => (/* reexport */ PROVENANCE_PREDICATE),
  hu: () => (/* reexport */ attestPredicate),
  tV: () => (/* reexport */ publishedRuns),
  lU: () => (/* reexport */ publishingRun),
  aF: () => (/* reexport */ readAttestations),
  N5: () => (/* reexport */ readEventPayload),
  jV: () => (/* reexport */ signImage),
  vB: () => (/* reexport */ signMarkdown),
  Il: () => (/* reexport */ verifyInTempDir),
  Od: () => (/* reexport */ verifySignature)
});

// UNUSED EXPORTS: CONSUMER_PUBLIC_KEY_FILE, GITHUB_OIDC_ISSUER, GITHUB_WORKFLOW_BUILD_TYPE, IMPORT_BUILD_TYPE, MINIMUM_COSIGN, PASSWORD_VARIABLE, PRIVATE_KEY_VARIABLE, PUBLISHING_TRIGGERS, SIGNATURE_PREDICATE_TYPE, attestArguments, capabilitiesOf, checkSbom, decodeEnvelope, digestOf, importProvenance, keylessVerification, parseCosignVersion, parseTree, pinnedVerifications, provenanceFromRun, publicKeyArguments, requireOidcToken, resolveDigest, sbomPackages, serverUrl, shellCommand, signArguments, signingEnvironment, thisRun, verifyArguments, verifyAttestationArguments

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./build/packages/errors/index.js + 1 modules
var errors = __webpack_require__(2495);
// EXTERNAL MODULE: ./build/packages/process/index.js + 3 modules
var process = __webpack_require__(3927);
;// CONCATENATED MODULE: ./build/packages/cosign/arguments.js
/**
 * The argument arrays and environment of every cosign call this action makes,
 * built from plain data so that each flag can be checked against the pinned
 * versions' source (test/unit/cosign/arguments.test.ts). Nothing secret ever
 * appears here: the private key and its password travel in the environment.
 */
/** The variable that carries the private key; cosign reads it through `--key env://NAME`. */
const PRIVATE_KEY_VARIABLE = 'SIGN_WITH_COSIGN_PRIVATE_KEY';
/** cosign's own variable for the key's password. */
const PASSWORD_VARIABLE = 'COSIGN_PASSWORD';
/** The issuer of the tokens GitHub Actions mints for `id-token: write` jobs. */
const GITHUB_OIDC_ISSUER = 'https://token.actions.githubusercontent.com';
function signArguments(options, image) {
    return ['sign', '--yes', ...signerFlags(options.signer), ...writeFlags(options), image];
}
function attestArguments(options, predicate, image) {
    return [
        'attest',
        '--yes',
        '--type',
        predicate.type,
        '--predicate',
        predicate.file,
        ...signerFlags(options.signer),
        ...writeFlags(options),
        image,
    ];
}
function verifyArguments(options, verification, image) {
    return ['verify', ...constraintFlags(verification), ...readFlags(options), image];
}
function verifyAttestationArguments(options, verification, type, image) {
    return ['verify-attestation', '--type', type, ...constraintFlags(verification), ...readFlags(options), image];
}
/** `cosign public-key`: the public half of the key given as a secret. */
function publicKeyArguments() {
    return ['public-key', '--key', `env://${PRIVATE_KEY_VARIABLE}`];
}
/**
 * The environment of a signing call. With a key: the key and its password.
 * Keyless: nothing; cosign's `github-actions` provider fetches the workflow's
 * OIDC token itself from ACTIONS_ID_TOKEN_REQUEST_URL and _TOKEN, which the
 * runner sets for jobs with `id-token: write`, so the token never passes
 * through this action, its logs, or a command line.
 */
function signingEnvironment(secret) {
    if (secret === undefined)
        return {};
    return { [PRIVATE_KEY_VARIABLE]: secret.privateKey, [PASSWORD_VARIABLE]: secret.password };
}
function signerFlags(signer) {
    if (signer === 'key')
        return ['--key', `env://${PRIVATE_KEY_VARIABLE}`];
    // Named explicitly so that a job without `id-token: write` fails on the
    // GitHub provider rather than falling through to another ambient provider.
    return ['--oidc-provider', 'github-actions'];
}
/** Flags that choose the storage and the log when writing, for this cosign version. */
function writeFlags(options) {
    const { capabilities, storage, transparencyLog } = options;
    const flags = new Set();
    if (storage !== capabilities.defaultStorage) {
        if (storage === 'tag') {
            // v3: the old format, and without the TUF signing config, which refuses it.
            flags.add('--new-bundle-format=false');
            if (capabilities.signingConfigByDefault)
                flags.add('--use-signing-config=false');
        }
        else {
            flags.add('--new-bundle-format=true');
        }
    }
    if (!transparencyLog) {
        // v3 refuses --tlog-upload=false while the signing config is in use.
        if (capabilities.signingConfigByDefault)
            flags.add('--use-signing-config=false');
        flags.add('--tlog-upload=false');
    }
    return [...flags];
}
/** Flags that make verify read what was written. */
function readFlags(options) {
    const flags = [];
    // v2 only looks for bundles (referrers) when asked; v3 reads both.
    if (options.storage === 'referrers' && options.storage !== options.capabilities.defaultStorage) {
        flags.push('--new-bundle-format=true');
    }
    if (!options.transparencyLog)
        flags.push('--insecure-ignore-tlog');
    if (options.legacyReferrers)
        flags.push('--experimental-oci11');
    return flags;
}
function constraintFlags(verification) {
    if (verification.kind === 'key')
        return ['--key', verification.publicKeyFile];
    const identity = 'exact' in verification.identity
        ? ['--certificate-identity', verification.identity.exact]
        : ['--certificate-identity-regexp', verification.identity.regexp];
    const run = verification.run
        ? [
            '--certificate-github-workflow-repository',
            verification.run.repository,
            '--certificate-github-workflow-ref',
            verification.run.ref,
            '--certificate-github-workflow-trigger',
            verification.run.trigger,
        ]
        : [];
    return [...identity, '--certificate-oidc-issuer', verification.issuer, ...run];
}
/**
 * A command line a consumer can paste into a shell: `cosign` and the
 * arguments, each quoted for POSIX shells when it needs it.
 */
function shellCommand(args) {
    return ['cosign', ...args].map(shellQuote).join(' ');
}
function shellQuote(word) {
    if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(word))
        return word;
    return `'${word.replace(/'/g, `'\\''`)}'`;
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
;// CONCATENATED MODULE: ./build/packages/cosign/identity.js



/**
 * The identity a keyless signature must carry to count. By default it is this
 * workflow's own: Fulcio puts the workflow's `job_workflow_ref` in the
 * certificate's SAN, as `https://github.com/OWNER/REPO/.github/workflows/FILE@REF`,
 * which for a workflow run directly is GITHUB_WORKFLOW_REF. A reusable workflow
 * signs as itself, not as its caller, so its callers give `certificate-identity`.
 */
function keylessVerification(inputs, env) {
    if (inputs.identity !== undefined && inputs.identityRegexp !== undefined) {
        throw new errors/* UserError */.yo({
            message: `inputs 'certificate-identity' and 'certificate-identity-regexp' are both set.`,
            hint: 'Keep one: an exact identity, or a regular expression it must match.',
        });
    }
    const issuer = inputs.issuer ?? GITHUB_OIDC_ISSUER;
    if (inputs.identity !== undefined)
        return { kind: 'keyless', identity: { exact: inputs.identity }, issuer };
    if (inputs.identityRegexp !== undefined)
        return { kind: 'keyless', identity: { regexp: inputs.identityRegexp }, issuer };
    const workflowRef = env.GITHUB_WORKFLOW_REF;
    if (!workflowRef) {
        throw new errors/* UserError */.yo({
            message: 'keyless signing needs an identity to verify against, and GITHUB_WORKFLOW_REF is not set.',
            hint: `Run on GitHub Actions, or set 'certificate-identity' (or 'certificate-identity-regexp').`,
        });
    }
    return { kind: 'keyless', identity: { exact: `${serverUrl(env)}/${workflowRef}` }, issuer };
}
/**
 * Keyless signing takes the workflow's OIDC token, which the runner only
 * offers to jobs granted `id-token: write`; without it cosign would fail
 * later with a less helpful message.
 */
function requireOidcToken(env) {
    if (env.ACTIONS_ID_TOKEN_REQUEST_URL && env.ACTIONS_ID_TOKEN_REQUEST_TOKEN)
        return;
    throw new errors/* UserError */.yo({
        message: "keyless signing needs the workflow's OIDC token, and this job cannot request one.",
        hint: `Add 'permissions: { id-token: write }' to the job (and keep 'contents: read'), or sign with a key: set 'key' and 'key-password'.`,
    });
}
/**
 * The events whose runs may publish: the nightly (`schedule`) and a run
 * started by hand (`workflow_dispatch`). Never `pull_request`, whose code is
 * the proposer's, nor `pull_request_target`, which runs on the default branch
 * with its secrets for a stranger's change; a push to the default branch
 * waits for the nightly.
 */
const PUBLISHING_TRIGGERS = ['schedule', 'workflow_dispatch'];
/** This run, as its own certificate will name it: what a step checks right after signing. */
function thisRun(env) {
    const missing = ['GITHUB_REPOSITORY', 'GITHUB_REF', 'GITHUB_EVENT_NAME'].filter((name) => !env[name]);
    if (missing.length > 0) {
        throw new errors/* UserError */.yo({
            message: `keyless verification pins the repository, ref and trigger of the run that signed, and ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not set.`,
            hint: 'Run on GitHub Actions, where the runner sets them, or sign with a key.',
        });
    }
    return { repository: env.GITHUB_REPOSITORY ?? '', ref: env.GITHUB_REF ?? '', triggers: [env.GITHUB_EVENT_NAME ?? ''] };
}
/** The run's event payload, or an empty one when the runner wrote none (a `schedule` run's holds no repository). */
function readEventPayload(env) {
    const path = env.GITHUB_EVENT_PATH;
    if (!path)
        return {};
    try {
        return JSON.parse((0,external_node_fs_.readFileSync)(path, 'utf8'));
    }
    catch {
        return {};
    }
}
/**
 * The run policy of a publishing run, or the reason this run may not
 * publish: it must be started by a publishing trigger, on the default
 * branch. A `schedule` run is always on the default branch (GitHub runs it
 * there; its payload names no branch); a `workflow_dispatch` run's payload
 * names the default branch, and its GITHUB_REF must be it.
 */
function publishingRun(env, event) {
    const run = thisRun(env);
    const trigger = run.triggers[0] ?? '';
    if (!PUBLISHING_TRIGGERS.includes(trigger)) {
        throw new errors/* UserError */.yo({
            message: `this run was started by '${trigger}', and only ${PUBLISHING_TRIGGERS.join(' and ')} runs publish.`,
            hint: `Build and scan without publishing on '${trigger}' ('publish: false'); the nightly or a manual run on the default branch publishes.`,
        });
    }
    const branch = trigger === 'schedule' ? run.ref.replace(/^refs\/heads\//, '') : event.repository?.default_branch;
    if (!branch) {
        throw new errors/* UserError */.yo({
            message: `this ${trigger} run's event names no default branch, so it cannot be told that ${run.ref} may publish.`,
            hint: 'Start the run on GitHub from the default branch.',
        });
    }
    const ref = `refs/heads/${branch}`;
    if (run.ref !== ref) {
        throw new errors/* UserError */.yo({
            message: `this run is on ${run.ref}, and only the default branch (${ref}) publishes.`,
            hint: `Run it from ${branch}, or build and scan without publishing ('publish: false').`,
        });
    }
    return { repository: run.repository, ref, triggers: [trigger] };
}
/** One keyless constraint per trigger the policy allows (cosign pins one trigger per call). */
/**
 * The runs that may have published what is in the registry now: this
 * repository, its default branch, and every publishing trigger (an image the
 * nightly signed is as good as one a manual run signed). What steps after
 * publishing (propagation, retention, the rescan) verify against.
 */
function publishedRuns(env, event) {
    const run = thisRun(env);
    const trigger = run.triggers[0] ?? '';
    const branch = event.repository?.default_branch ?? (trigger === 'schedule' ? run.ref.replace(/^refs\/heads\//, '') : undefined);
    if (!branch) {
        throw new errors/* UserError */.yo({
            message: `this ${trigger} run's event names no default branch, so the runs that may have published cannot be pinned.`,
            hint: 'Run it on GitHub from the default branch, or verify with a key (public-key).',
        });
    }
    return { repository: run.repository, ref: `refs/heads/${branch}`, triggers: [...PUBLISHING_TRIGGERS] };
}
function pinnedVerifications(verification, policy) {
    if (verification.kind === 'key' || policy === undefined)
        return [verification];
    return policy.triggers.map((trigger) => {
        const run = { repository: policy.repository, ref: policy.ref, trigger };
        return { ...verification, run };
    });
}
function serverUrl(env) {
    return (env.GITHUB_SERVER_URL ?? 'https://github.com').replace(/\/+$/, '');
}

;// CONCATENATED MODULE: ./build/packages/cosign/provenance.js


/** cosign's predicate type name of SLSA provenance v1, for `attest --type` and `verify-attestation --type`. */
const PROVENANCE_PREDICATE = 'slsaprovenance1';
/** The build type GitHub documents for provenance of a GitHub Actions workflow run. */
const GITHUB_WORKFLOW_BUILD_TYPE = 'https://actions.github.io/buildtypes/workflow/v1';
const REQUIRED = ['GITHUB_REPOSITORY', 'GITHUB_SHA', 'GITHUB_RUN_ID', 'GITHUB_WORKFLOW_REF', 'GITHUB_REF'];
/**
 * Provenance built from the run's own context: which repository and commit,
 * which workflow at which ref, which run. It says where the image was signed
 * and from what source; it does not claim the build's hermeticity.
 */
function provenanceFromRun(env) {
    const missing = REQUIRED.filter((name) => !env[name]);
    if (missing.length > 0) {
        throw new errors/* UserError */.yo({
            message: `input 'provenance' is true, but ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not set.`,
            hint: 'GitHub sets these on its runners; run the step there, or set provenance to false.',
        });
    }
    const value = (name) => env[name] ?? '';
    const server = serverUrl(env);
    const repository = `${server}/${value('GITHUB_REPOSITORY')}`;
    const workflowRef = value('GITHUB_WORKFLOW_REF');
    const github = {};
    for (const [key, name] of [
        ['event_name', 'GITHUB_EVENT_NAME'],
        ['repository_id', 'GITHUB_REPOSITORY_ID'],
        ['repository_owner_id', 'GITHUB_REPOSITORY_OWNER_ID'],
        ['runner_environment', 'RUNNER_ENVIRONMENT'],
    ]) {
        const found = env[name];
        if (found)
            github[key] = found;
    }
    return {
        buildDefinition: {
            buildType: GITHUB_WORKFLOW_BUILD_TYPE,
            externalParameters: {
                workflow: { ref: value('GITHUB_REF'), repository, path: workflowPath(workflowRef, value('GITHUB_REPOSITORY')) },
            },
            internalParameters: { github },
            resolvedDependencies: [{ uri: `git+${repository}@${value('GITHUB_REF')}`, digest: { gitCommit: value('GITHUB_SHA') } }],
        },
        runDetails: {
            builder: { id: `https://github.com/actions/runner/${env.RUNNER_ENVIRONMENT ?? 'github-hosted'}` },
            metadata: { invocationId: `${repository}/actions/runs/${value('GITHUB_RUN_ID')}/attempts/${env.GITHUB_RUN_ATTEMPT ?? '1'}` },
        },
    };
}
/** `owner/repo/.github/workflows/ci.yml@refs/heads/main` -> `.github/workflows/ci.yml` */
function workflowPath(workflowRef, repository) {
    const withoutRef = workflowRef.split('@')[0] ?? workflowRef;
    return withoutRef.startsWith(`${repository}/`) ? withoutRef.slice(repository.length + 1) : withoutRef;
}
/** The build type of an import: an upstream digest copied unchanged, by digest. */
const IMPORT_BUILD_TYPE = 'https://image-actions.dev/buildtypes/import/v1';
/**
 * The provenance an import is attested with: the copy's digest is
 * upstream's, so this is what says where it came from (an annotation on the
 * index would change the digest). The run's details are added when the run
 * has them (GitHub's variables), never made up.
 */
function importProvenance(origin, env) {
    const hex = origin.digest.replace(/^sha256:/, '');
    const repository = env.GITHUB_REPOSITORY ? `${serverUrl(env)}/${env.GITHUB_REPOSITORY}` : undefined;
    return {
        buildDefinition: {
            buildType: IMPORT_BUILD_TYPE,
            externalParameters: { upstream: origin.reference },
            internalParameters: env.GITHUB_SHA ? { commit: env.GITHUB_SHA } : {},
            resolvedDependencies: [{ uri: `docker://${origin.reference}`, digest: { sha256: hex } }],
        },
        runDetails: {
            builder: { id: `https://github.com/actions/runner/${env.RUNNER_ENVIRONMENT ?? 'github-hosted'}` },
            ...(repository && env.GITHUB_RUN_ID
                ? { metadata: { invocationId: `${repository}/actions/runs/${env.GITHUB_RUN_ID}/attempts/${env.GITHUB_RUN_ATTEMPT ?? '1'}` } }
                : {}),
        },
    };
}

// EXTERNAL MODULE: ./build/packages/oci/index.js + 1 modules
var oci = __webpack_require__(259);
;// CONCATENATED MODULE: ./build/packages/cosign/resolve-digest.js


/**
 * Signing a tag would sign whatever the tag points at when cosign looks, so
 * a tag is turned into its digest once, here, and only that digest is used
 * afterwards. A reference that already has a digest is taken as it is (a
 * tag next to it is dropped: the digest is what is signed).
 *
 * The registry is asked through `docker buildx imagetools inspect`, which
 * uses the same credentials (`docker login`) as cosign and the rest of the
 * chain, and reports the digest of the manifest or index the tag names.
 */
async function resolveDigest(runner, text, docker = 'docker') {
    const reference = (0,oci/* parseReference */.F2)(text, `input 'image'`);
    if (reference.digest !== undefined)
        return { image: (0,oci/* byDigest */._W)(reference), digest: reference.digest };
    const tagged = formatTagged(reference);
    const result = await runner.run({
        file: docker,
        args: ['buildx', 'imagetools', 'inspect', '--format', '{{json .Manifest}}', tagged],
        quiet: true,
    });
    if (result.exitCode !== 0) {
        throw new errors/* UserError */.yo({
            message: `input 'image' is '${text}', and its tag could not be resolved to a digest: ${lastLine(result.stderr || result.stdout)}`,
            hint: 'Check that the tag exists and that the job is logged in to the registry, or pass the image by digest.',
        });
    }
    const digest = digestOf(result.stdout);
    return { image: (0,oci/* byDigest */._W)(reference, digest), digest, fromTag: tagged };
}
/** Reads `"digest"` from imagetools' JSON description of the manifest. */
function digestOf(manifestJson) {
    let parsed;
    try {
        parsed = JSON.parse(manifestJson);
    }
    catch {
        throw new Error(`docker buildx imagetools inspect printed something that is not JSON: ${manifestJson.slice(0, 200)}`);
    }
    const digest = typeof parsed === 'object' && parsed !== null ? parsed.digest : undefined;
    if (typeof digest !== 'string' || !(0,oci/* isDigest */.Bc)(digest)) {
        throw new Error(`docker buildx imagetools inspect gave no sha256 digest: ${manifestJson.slice(0, 200)}`);
    }
    return digest;
}
function formatTagged(reference) {
    return `${reference.registry}/${reference.repository}:${reference.tag ?? 'latest'}`;
}
function lastLine(text) {
    return text.trim().split('\n').pop() ?? '';
}

;// CONCATENATED MODULE: ./build/packages/cosign/sbom.js


/** Kinds of component that are not packages: the image, its platforms, the OS. */
const NOT_PACKAGES = new Set(['container', 'operating-system', 'platform', 'device']);
/**
 * The packages a CycloneDX document lists, at any depth (an image's SBOM
 * holds one component per platform, each holding that platform's packages),
 * as `name@version`.
 */
function sbomPackages(document) {
    const found = [];
    const walk = (components) => {
        if (!Array.isArray(components))
            return;
        for (const component of components) {
            if (!NOT_PACKAGES.has(component.type ?? '') && component.name)
                found.push(`${component.name}@${component.version ?? ''}`);
            walk(component.components);
        }
    };
    walk(document?.components);
    return found;
}
/**
 * The SBOM to attest, checked first: cosign attests any JSON as `cyclonedx`,
 * so what is not a CycloneDX document is refused; and an SBOM that lists no
 * package for an image whose own package records list some (an OS the
 * scanner could not detect) would be attested as if it described the image,
 * so it is refused too, naming both counts.
 */
async function checkSbom(file, recordedPackages) {
    let text;
    try {
        text = await (0,promises_.readFile)(file, 'utf8');
    }
    catch {
        throw new errors/* UserError */.yo({
            message: `input 'sbom' is '${file}', which cannot be read.`,
            hint: 'Give the path of the CycloneDX JSON the scan wrote (scan-with-trivy output).',
        });
    }
    let document;
    try {
        document = JSON.parse(text);
    }
    catch {
        document = undefined;
    }
    if (document?.bomFormat !== 'CycloneDX') {
        throw new errors/* UserError */.yo({
            message: `input 'sbom' is '${file}', which is not a CycloneDX JSON document (no "bomFormat": "CycloneDX").`,
            hint: 'Give the CycloneDX JSON SBOM, for example from trivy image --format cyclonedx.',
            location: { file },
        });
    }
    const packages = sbomPackages(document);
    if (packages.length === 0 && recordedPackages > 0) {
        throw new errors/* UserError */.yo({
            message: `the SBOM ${file} lists no package, but the image's own package records list ${recordedPackages}: it does not describe the image, and is not attested.`,
            hint: 'Scan the image so that the scanner sees its packages (for a distroless-style copy of Debian, ship /etc/os-release and /etc/debian_version), then sign with that SBOM.',
            location: { file },
        });
    }
    return packages;
}

;// CONCATENATED MODULE: ./build/packages/cosign/tree.js
/** The predicate type cosign gives a plain image signature stored as a bundle. */
const SIGNATURE_PREDICATE_TYPE = 'https://sigstore.dev/cosign/sign/v1';
const TAG_LINE = /^└── \S+ (Signatures|SBOMs|Attestations) for an image tag: (\S+)$/u;
const REFERRER_LINE = /^└── \S+ (\S+) artifacts via OCI referrer: (\S+)$/u;
function parseTree(output) {
    const found = { signatures: [], attestations: [] };
    for (const line of output.split('\n').map((l) => l.trimEnd())) {
        const tag = TAG_LINE.exec(line);
        if (tag) {
            const [, kind, reference = ''] = tag;
            if (kind === 'Signatures')
                found.signatures.push(reference);
            if (kind === 'Attestations')
                found.attestations.push({ reference });
            continue;
        }
        const referrer = REFERRER_LINE.exec(line);
        if (referrer) {
            const [, predicateType = '', reference = ''] = referrer;
            if (predicateType === SIGNATURE_PREDICATE_TYPE)
                found.signatures.push(reference);
            else
                found.attestations.push({ reference, predicateType });
        }
    }
    // cosign lists referrers in map order, which changes between calls.
    found.signatures.sort();
    found.attestations.sort((a, b) => a.reference.localeCompare(b.reference));
    return found;
}

// EXTERNAL MODULE: ./node_modules/semver/index.js
var semver = __webpack_require__(2088);
;// CONCATENATED MODULE: ./build/packages/cosign/version.js


/** The oldest cosign whose `--new-bundle-format` can store signatures as OCI referrers. */
const MINIMUM_COSIGN = '2.5.0';
/** Reads `GitVersion: v3.1.2` from `cosign version` (text, as both majors print it). */
function parseCosignVersion(output) {
    const match = /^GitVersion:\s*v?(\S+)\s*$/m.exec(output);
    const version = match?.[1] !== undefined ? semver.valid(semver.coerce(match[1], { includePrerelease: true })) : null;
    if (version === null) {
        throw new Error(`could not read cosign's version from 'cosign version' output:\n${output.trim().split('\n').slice(-12).join('\n')}`);
    }
    return version;
}
function capabilitiesOf(version) {
    if (semver.lt(version, MINIMUM_COSIGN)) {
        throw new errors/* UserError */.yo({
            message: `cosign ${version} is older than ${MINIMUM_COSIGN}, the oldest version sign-with-cosign drives.`,
            hint: `Use the pinned cosign (leave 'cosign-version' unset) or install cosign ${MINIMUM_COSIGN} or newer.`,
        });
    }
    const major = semver.major(version);
    const current = major >= 3;
    return {
        version,
        major,
        defaultStorage: current ? 'referrers' : 'tag',
        signingConfigByDefault: current,
    };
}

;// CONCATENATED MODULE: ./build/packages/cosign/sign.js











/** Where the public key sits in the consumer's verify command. */
const CONSUMER_PUBLIC_KEY_FILE = 'cosign.pub';
/**
 * Signs one image by digest, attests its SBOM (and provenance when asked),
 * and verifies each right away with the constraints a consumer would use.
 *
 * Idempotent: before writing, each check is run; when a signature (or an
 * attestation of that type) by the same key or identity already verifies,
 * nothing is written. Measured with the pinned versions: v2 skips a second
 * `.sig` layer for the same key by itself but appends every `.att`; v3 adds a
 * new referrer manifest for every sign and attest. Checking first keeps one.
 */
async function signImage(runner, log, request) {
    const cosign = (args, extra = {}) => ({ file: request.cosign, args, ...extra });
    const version = await (0,process/* runChecked */.X4)(runner, cosign(['version'], { quiet: true }));
    const capabilities = capabilitiesOf(parseCosignVersion(`${version.stdout}\n${version.stderr}`));
    const signer = request.key ? 'key' : 'keyless';
    if (signer === 'keyless') {
        requireOidcToken(request.env);
        if (!request.transparencyLog) {
            throw new errors/* UserError */.yo({
                message: `input 'transparency-log' is false, but keyless signing needs the transparency log.`,
                hint: `A keyless certificate lives ten minutes; only the log proves the signature was made in that time. Keep the log, or sign with a key.`,
            });
        }
    }
    const options = {
        capabilities,
        signer,
        storage: request.storage === 'auto' ? capabilities.defaultStorage : request.storage,
        transparencyLog: request.transparencyLog,
    };
    log.info(`cosign ${capabilities.version}: ${signer} signing, signatures stored as ${describeStorage(options.storage)}`);
    const resolved = await resolveDigest(runner, request.image, request.docker);
    if (resolved.fromTag)
        log.info(`${resolved.fromTag} resolves to ${resolved.digest}; signing that digest`);
    const image = resolved.image;
    const env = signingEnvironment(request.key);
    const predicates = await predicatesOf(request, image);
    const found = await verificationFor(runner, request, env);
    const { publicKey } = found;
    // Keyless: what this run's certificate must say of it (repository, ref, trigger), checked right after signing.
    const [verification = found.verification] = pinnedVerifications(found.verification, signer === 'keyless' ? thisRun(request.env) : undefined);
    const signed = await writeOnce(runner, log, {
        what: `signature of ${image}`,
        check: cosign(verifyArguments(options, verification, image), { quiet: true }),
        write: cosign(signArguments(options, image), { env }),
    });
    const attestations = [];
    for (const predicate of predicates) {
        const created = await writeOnce(runner, log, {
            what: `${predicate.type} attestation of ${image}`,
            check: cosign(verifyAttestationArguments(options, verification, predicate.type, image), { quiet: true }),
            write: cosign(attestArguments(options, predicate, image), { env }),
        });
        const command = verifyAttestationArguments(options, consumerView(verification), predicate.type, image);
        attestations.push({ type: predicate.type, created, verifyCommand: shellCommand(command) });
    }
    const tree = parseTree((await (0,process/* runChecked */.X4)(runner, cosign(['tree', image], { quiet: true }))).stdout);
    return {
        image,
        digest: resolved.digest,
        cosignVersion: capabilities.version,
        storage: options.storage,
        signer,
        signed,
        attestations,
        signatureReferences: tree.signatures,
        attestationReferences: tree.attestations.map((a) => a.reference),
        verifyCommand: shellCommand(verifyArguments(options, consumerView(verification), image)),
        ...(publicKey !== undefined ? { publicKey } : {}),
    };
}
/** Writes unless the check already passes, then requires the check to pass. Returns whether it wrote. */
async function writeOnce(runner, log, step) {
    // Any failure of the first check (not signed yet, another key, a network
    // error) leads to writing; the write and the final check report real errors.
    if ((await runner.run(step.check)).exitCode === 0) {
        log.info(`${step.what}: one by the same signer already verifies; not adding another`);
        return false;
    }
    await runWrite(runner, step.write);
    const after = await runner.run(step.check);
    if (after.exitCode !== 0) {
        throw new Error(`${step.what} was pushed but does not verify:\n${(after.stderr || after.stdout).trim()}`);
    }
    log.info(`${step.what}: written and verified`);
    return true;
}
async function runWrite(runner, command) {
    try {
        await (0,process/* runChecked */.X4)(runner, command);
    }
    catch (error) {
        throw explainKeyFailure(error);
    }
}
/** A key that cannot be decrypted is the user's mistake: say which input, never the value. */
function explainKeyFailure(error) {
    if (error instanceof process/* CommandFailedError */.ju && /decrypt|reading key|invalid pem|PEM/i.test(error.result.stderr)) {
        const wrongPassword = /decrypt/i.test(error.result.stderr);
        return new errors/* UserError */.yo({
            message: wrongPassword
                ? `input 'key-password' does not decrypt the private key in 'key' (cosign: decryption failed).`
                : `input 'key' is not a cosign private key cosign can read.`,
            hint: wrongPassword
                ? 'Set key-password to the password given to cosign generate-key-pair for that key.'
                : `Pass the whole content of cosign.key, as written by 'cosign generate-key-pair'.`,
        }, { cause: error });
    }
    return error;
}
async function verificationFor(runner, request, env) {
    if (request.key === undefined)
        return { verification: keylessVerification(request.identity, request.env) };
    let derived;
    try {
        derived = (await (0,process/* runChecked */.X4)(runner, { file: request.cosign, args: publicKeyArguments(), env, quiet: true })).stdout;
    }
    catch (error) {
        throw explainKeyFailure(error);
    }
    // Checked before anything is written: a private key that is not the given public key's other half signs nothing.
    const given = request.key.publicKey;
    if (given !== undefined && given.replace(/\s+/g, '') !== derived.replace(/\s+/g, '')) {
        throw new errors/* UserError */.yo({
            message: `input 'key' is not the private half of input 'public-key': its public key differs.`,
            hint: `Pass the two halves of one key pair: 'key' from cosign.key, 'public-key' from cosign.pub.`,
        });
    }
    const publicKey = given ?? derived;
    const publicKeyFile = (0,external_node_path_.join)(request.workDir, CONSUMER_PUBLIC_KEY_FILE);
    await (0,promises_.writeFile)(publicKeyFile, publicKey, { mode: 0o644 });
    return { verification: { kind: 'key', publicKeyFile }, publicKey };
}
/** The same constraints, with the key file named as the consumer would keep it. */
function consumerView(verification) {
    return verification.kind === 'key' ? { kind: 'key', publicKeyFile: CONSUMER_PUBLIC_KEY_FILE } : verification;
}
async function predicatesOf(request, image) {
    const predicates = [];
    if (request.sbom !== undefined) {
        const recorded = typeof request.recordedPackages === 'function' ? await request.recordedPackages(image) : (request.recordedPackages ?? 0);
        await checkSbom(request.sbom, recorded);
        predicates.push({ type: 'cyclonedx', file: request.sbom });
    }
    if (request.provenance || request.upstream) {
        const file = (0,external_node_path_.join)(request.workDir, 'provenance.json');
        const predicate = request.upstream ? importProvenance(request.upstream, request.env) : provenanceFromRun(request.env);
        await (0,promises_.writeFile)(file, `${JSON.stringify(predicate, null, 2)}\n`);
        predicates.push({ type: PROVENANCE_PREDICATE, file });
    }
    return predicates;
}
function describeStorage(storage) {
    return storage === 'referrers' ? 'OCI referrers (Sigstore bundle)' : '.sig/.att tags';
}
/** verifySignature with its key file in a directory of its own under `parent`, removed afterwards. */
async function verifyInTempDir(runner, log, parent, request) {
    const workDir = await (0,promises_.mkdtemp)((0,external_node_path_.join)(parent, 'verify-'));
    try {
        return await verifySignature(runner, log, { ...request, workDir });
    }
    finally {
        await (0,promises_.rm)(workDir, { recursive: true, force: true });
    }
}
/**
 * Checks, writing nothing, that a digest carries a signature by the expected
 * signer: the given public key, or the keyless identity (this workflow's by
 * default). Throws, with cosign's reason, when none verifies.
 */
async function verifySignature(runner, log, request) {
    if (!/@sha256:[0-9a-f]{64}$/.test(request.image)) {
        throw new Error(`${request.image} is not a reference by digest; only a digest is verified before publishing`);
    }
    const version = await (0,process/* runChecked */.X4)(runner, { file: request.cosign, args: ['version'], quiet: true });
    const capabilities = capabilitiesOf(parseCosignVersion(`${version.stdout}\n${version.stderr}`));
    const options = {
        capabilities,
        signer: request.publicKey !== undefined ? 'key' : 'keyless',
        storage: capabilities.defaultStorage,
        transparencyLog: request.transparencyLog,
        ...(request.legacyReferrers ? { legacyReferrers: true } : {}),
    };
    let candidates;
    if (request.publicKey !== undefined) {
        const publicKeyFile = (0,external_node_path_.join)(request.workDir, CONSUMER_PUBLIC_KEY_FILE);
        await (0,promises_.writeFile)(publicKeyFile, request.publicKey, { mode: 0o644 });
        candidates = [{ kind: 'key', publicKeyFile }];
    }
    else {
        // The identity first: without one there is nothing to pin a run to.
        const keyless = keylessVerification(request.identity, request.env);
        candidates = pinnedVerifications(keyless, request.run === 'any' ? undefined : (request.run ?? thisRun(request.env)));
    }
    // One cosign call per allowed trigger (cosign pins one); the first that verifies is the signer's run.
    const failures = [];
    let verification;
    for (const candidate of candidates) {
        const result = await runner.run({ file: request.cosign, args: verifyArguments(options, candidate, request.image), quiet: true });
        if (result.exitCode === 0) {
            verification = candidate;
            break;
        }
        failures.push((result.stderr || result.stdout).trim().split('\n').slice(-3).join(' '));
    }
    if (verification === undefined) {
        throw new Error(`no signature of ${request.image} verifies: ${failures.join('; ')}`);
    }
    log.info(`signature of ${request.image}: verifies`);
    for (const type of request.attestations ?? []) {
        const attested = await runner.run({
            file: request.cosign,
            args: verifyAttestationArguments(options, verification, type, request.image),
            quiet: true,
        });
        if (attested.exitCode !== 0) {
            throw new Error(`no ${type} attestation of ${request.image} verifies: ${(attested.stderr || attested.stdout).trim().split('\n').slice(-3).join(' ')}`);
        }
        log.info(`${type} attestation of ${request.image}: verifies`);
    }
    return { image: request.image, verifyCommand: shellCommand(verifyArguments(options, consumerView(verification), request.image)) };
}

;// CONCATENATED MODULE: ./build/packages/cosign/attest.js








/** Attests `predicateFile` as `type` (a cosign type name: `vuln`) on `image` (by digest), then checks that one verifies. */
async function attestPredicate(runner, log, signer, image, type, predicateFile) {
    requireDigest(image);
    const { options, verification, env } = await prepare(runner, signer);
    await (0,process/* runChecked */.X4)(runner, { file: signer.cosign, args: attestArguments(options, { type, file: predicateFile }, image), env, quiet: true });
    const check = await runner.run({
        file: signer.cosign,
        args: verifyAttestationArguments(options, verification, type, image),
        quiet: true,
    });
    if (check.exitCode !== 0) {
        throw new Error(`the ${type} attestation of ${image} was pushed but does not verify: ${attest_lastLine(check.stderr || check.stdout)}`);
    }
    log.info(`${type} attestation of ${image}: written and verified`);
}
/**
 * Every attestation of `type` on `image` that verifies with the signer's key
 * or identity, decoded. None is an answer (`none` says cosign's reason);
 * a registry that cannot be reached is an error.
 */
async function readAttestations(runner, signer, image, type) {
    requireDigest(image);
    const { options, verification } = await prepare(runner, signer, false);
    const result = await runner.run({
        file: signer.cosign,
        args: verifyAttestationArguments(options, verification, type, image),
        quiet: true,
    });
    if (result.exitCode !== 0) {
        const reason = attest_lastLine(result.stderr || result.stdout);
        if (/no matching attestations|none of the attestations matched|no signatures found|MANIFEST_UNKNOWN|not found/i.test(reason)) {
            return { statements: [], none: reason };
        }
        throw new Error(`could not read the ${type} attestations of ${image}: ${reason}`);
    }
    const digest = image.split('@')[1]?.replace(/^sha256:/, '');
    const statements = [];
    for (const line of result.stdout.split('\n')) {
        if (line.trim() === '')
            continue;
        const statement = decodeEnvelope(line);
        // cosign checked the signature; the subject must also be this digest.
        if (statement?.subject.some((s) => s.digest?.sha256 === digest))
            statements.push(statement);
    }
    return { statements };
}
function decodeEnvelope(line) {
    try {
        const envelope = JSON.parse(line);
        if (typeof envelope.payload !== 'string')
            return undefined;
        const statement = JSON.parse(Buffer.from(envelope.payload, 'base64').toString('utf8'));
        if (typeof statement.predicateType !== 'string' || !Array.isArray(statement.subject))
            return undefined;
        return { predicateType: statement.predicateType, subject: statement.subject, predicate: statement.predicate };
    }
    catch {
        return undefined;
    }
}
/**
 * cosign's version and the public key, once per signer: deriving the public
 * key decrypts the private one (scrypt, about half a second), and a rescan
 * reads and writes attestations on every digest.
 */
const preparedSigners = new WeakMap();
async function prepare(runner, signer, writing = true) {
    if (writing && signer.key === undefined) {
        if (signer.publicKey !== undefined)
            throw new Error('attesting needs the private key; only the public key was given');
        requireOidcToken(signer.env);
        if (!signer.transparencyLog) {
            throw new errors/* UserError */.yo({
                message: 'keyless attestations need the transparency log, and it is turned off.',
                hint: 'Keep the transparency log, or attest with a key.',
            });
        }
    }
    let found = preparedSigners.get(signer);
    if (!found) {
        found = prepareNow(runner, signer);
        // A failure is not remembered: the next call tries again.
        found.catch(() => preparedSigners.delete(signer));
        preparedSigners.set(signer, found);
    }
    return found;
}
async function prepareNow(runner, signer) {
    const version = await (0,process/* runChecked */.X4)(runner, { file: signer.cosign, args: ['version'], quiet: true });
    const capabilities = capabilitiesOf(parseCosignVersion(`${version.stdout}\n${version.stderr}`));
    const env = signingEnvironment(signer.key);
    const given = signer.key?.publicKey ?? signer.publicKey;
    if (signer.key === undefined && given === undefined) {
        const options = {
            capabilities,
            signer: 'keyless',
            storage: capabilities.defaultStorage,
            transparencyLog: signer.transparencyLog,
        };
        return { options, verification: keylessVerification(signer.identity, signer.env), env };
    }
    const publicKey = given ?? (await (0,process/* runChecked */.X4)(runner, { file: signer.cosign, args: publicKeyArguments(), env, quiet: true })).stdout;
    const publicKeyFile = (0,external_node_path_.join)(signer.workDir, CONSUMER_PUBLIC_KEY_FILE);
    await (0,promises_.writeFile)(publicKeyFile, publicKey, { mode: 0o644 });
    const options = {
        capabilities,
        signer: 'key',
        storage: capabilities.defaultStorage,
        transparencyLog: signer.transparencyLog,
    };
    return { options, verification: { kind: 'key', publicKeyFile }, env };
}
function requireDigest(image) {
    if (!/@sha256:[0-9a-f]{64}$/.test(image))
        throw new Error(`${image} is not a reference by digest; attestations are read and written by digest only`);
}
function attest_lastLine(text) {
    return (text
        .trim()
        .split('\n')
        .filter((l) => !/^WARNING:/.test(l))
        .pop() ?? '').slice(0, 400);
}

;// CONCATENATED MODULE: ./build/packages/cosign/pins.js
/**
 * The cosign releases this action installs (through the project's one
 * installer, packages/tool-install), each asset pinned by the SHA-256 that
 * sigstore published for it in the release's `cosign_checksums.txt`. cosign
 * ships bare executables, one per platform, no archive.
 *
 * The current major (v3) is the default. The previous one (v2) stays
 * installable: it stores signatures as `.sig`/`.att` tags by default, which
 * some registries and verifiers still expect (see version.ts).
 */
const COSIGN_PINS = [
    {
        name: 'cosign',
        version: '3.1.2',
        releaseBase: 'https://github.com/sigstore/cosign/releases/download',
        tag: 'v3.1.2',
        checksumsFile: 'cosign_checksums.txt',
        versionArgs: ['version'],
        assets: {
            'linux-x64': {
                file: 'cosign-linux-amd64',
                sha256: 'f7622ed3cf22e55e1ae6377c080979ff77a22da9981c11df222a2e444991e7cf',
                format: 'binary',
            },
            'linux-arm64': {
                file: 'cosign-linux-arm64',
                sha256: '90e7ae0b5dfd60f20816b52c012addf7fc055ebcc7bea4ce81c428ca8518c302',
                format: 'binary',
            },
        },
    },
    {
        name: 'cosign',
        version: '2.6.4',
        releaseBase: 'https://github.com/sigstore/cosign/releases/download',
        tag: 'v2.6.4',
        checksumsFile: 'cosign_checksums.txt',
        versionArgs: ['version'],
        assets: {
            'linux-x64': {
                file: 'cosign-linux-amd64',
                sha256: '309779b0c4e409186b0a80daba99041fe2cf65a920ce645013901df6211895a9',
                format: 'binary',
            },
            'linux-arm64': {
                file: 'cosign-linux-arm64',
                sha256: 'df408e5418129306fed7349ec46e27be0445d05c5127c07f435e9a566af67593',
                format: 'binary',
            },
        },
    },
];
const DEFAULT_COSIGN_VERSION = '3.1.2';

// EXTERNAL MODULE: ./build/packages/logging/markdown.js
var markdown = __webpack_require__(9929);
;// CONCATENATED MODULE: ./build/packages/cosign/summary.js

/** sign-with-cosign's job summary: what was signed or found, by whom, and the commands that verify it. */
function signMarkdown(result) {
    const status = (created) => (created ? 'signed and verified' : 'already present, verified');
    const rows = [
        ['image', `<code>${(0,markdown/* tableCell */.x)(result.image)}</code>`],
        ['signature', status(result.signed)],
        ...result.attestations.map((a) => [`${(0,markdown/* tableCell */.x)(a.type)} attestation`, status(a.created)]),
        ['signer', result.signer === 'key' ? 'key' : 'keyless (workflow identity)'],
        ['cosign', `${(0,markdown/* tableCell */.x)(result.cosignVersion)}, ${result.storage === 'referrers' ? 'OCI referrers' : '.sig/.att tags'}`],
    ];
    const commands = [result.verifyCommand, ...result.attestations.map((a) => a.verifyCommand)].join('\n');
    const lines = [
        '| what | result |',
        '|---|---|',
        ...rows.map((r) => `| ${r.join(' | ')} |`),
        '',
        'Verify it yourself:',
        '',
        '```sh',
        commands,
        '```',
    ];
    if (result.publicKey !== undefined)
        lines.push('', 'with this public key as `cosign.pub`:', '', '```', result.publicKey.trim(), '```');
    return `${lines.join('\n')}\n`;
}

;// CONCATENATED MODULE: ./build/packages/cosign/index.js













/***/ }),

/***/ 7394:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  fc: () => (/* reexport */ ActionsDownloader),
  yY: () => (/* reexport */ ActionsToolCache),
  v$: () => (/* reexport */ FROM_PATH),
  Hj: () => (/* reexport */ resolveTool)
});

// UNUSED EXPORTS: ChecksumMismatchError, DirectoryToolCache, DownloadError, assetFor, currentPlatform, findOnPath, installTool, parseChecksums, parseVersion, releaseUrl, selectPin, sha256File, toolFromPath

// EXTERNAL MODULE: ./node_modules/@actions/tool-cache/lib/tool-cache.js + 2 modules
var tool_cache = __webpack_require__(9805);
;// CONCATENATED MODULE: ./build/packages/tool-install/download.js
/** The server answered, but not with the file (404, 403, 5xx after retries). */
class DownloadError extends Error {
    url;
    status;
    constructor(url, status, detail) {
        super(`could not download ${url}: ${status !== undefined ? `HTTP ${status}` : (detail ?? 'no response')}`);
        this.url = url;
        this.status = status;
        this.name = 'DownloadError';
    }
}

;// CONCATENATED MODULE: ./build/packages/tool-install/actions-tool-cache.js


/**
 * The runner's tool cache ($RUNNER_TOOL_CACHE), shared by every step and, on
 * self-hosted runners, every job. @actions/tool-cache owns its layout.
 */
class ActionsToolCache {
    async find(tool, version, arch) {
        const dir = tool_cache/* find */.I6(tool, version, arch);
        return dir === '' ? undefined : dir;
    }
    add(sourceDir, tool, version, arch) {
        return tool_cache/* cacheDir */.e8(sourceDir, tool, version, arch);
    }
}
/**
 * Downloads with @actions/tool-cache: it honours the runner's proxy settings
 * (https_proxy, no_proxy) and retries 5xx and 429 answers.
 */
class ActionsDownloader {
    async download(url, dest) {
        try {
            await tool_cache/* downloadTool */.bq(url, dest);
        }
        catch (thrown) {
            if (thrown instanceof tool_cache/* HTTPError */.Hl)
                throw new DownloadError(url, thrown.httpStatusCode);
            throw new DownloadError(url, undefined, thrown instanceof Error ? thrown.message : String(thrown));
        }
    }
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
;// CONCATENATED MODULE: ./build/packages/tool-install/checksum.js


/** Lower-case hex SHA-256 of a file, streamed (archives run to tens of megabytes). */
async function sha256File(path) {
    const hash = (0,external_node_crypto_.createHash)('sha256');
    for await (const chunk of (0,external_node_fs_.createReadStream)(path))
        hash.update(chunk);
    return hash.digest('hex');
}
/**
 * A `sha256sum`-style checksums file (`<hex>  <file>` per line, `*` before the
 * name in binary mode) as a map from file name to checksum.
 */
function parseChecksums(text) {
    const sums = new Map();
    for (const line of text.split(/\r?\n/)) {
        const match = /^([0-9a-fA-F]{64})\s+\*?(.+?)\s*$/.exec(line);
        if (match?.[1] && match[2])
            sums.set(match[2], match[1].toLowerCase());
    }
    return sums;
}
/** A downloaded file is not the one that was pinned. Nothing was installed or cached. */
class ChecksumMismatchError extends Error {
    file;
    url;
    expected;
    actual;
    constructor(file, url, expected, actual, reason = 'the pin') {
        super(`refusing ${file} downloaded from ${url}: its SHA-256 is ${actual}, but ${reason} is ${expected}. ` +
            'The file is not the one that was pinned (a tampered release, a moved tag or a wrong mirror); nothing was installed.');
        this.file = file;
        this.url = url;
        this.expected = expected;
        this.actual = actual;
        this.name = 'ChecksumMismatchError';
    }
}

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./build/packages/errors/index.js + 1 modules
var errors = __webpack_require__(2495);
// EXTERNAL MODULE: ./build/packages/process/index.js + 3 modules
var packages_process = __webpack_require__(3927);
;// CONCATENATED MODULE: ./build/packages/tool-install/pin.js

/** The key `assets` is looked up by for this machine. */
function currentPlatform() {
    return `${process.platform}-${process.arch}`;
}
/** The pin for `version` among a tool's pins; a UserError listing the pinned ones otherwise. */
function selectPin(pins, version, input = 'version') {
    const wanted = version.replace(/^v/, '');
    const pin = pins.find((p) => p.version === wanted);
    if (pin)
        return pin;
    const name = pins[0]?.name ?? 'the tool';
    throw new errors/* UserError */.yo({
        message: `input '${input}' asks for ${name} ${version}, which this release of the action has no pinned checksum for (pinned: ${pins.map((p) => p.version).join(', ')}).`,
        hint: `Use one of the pinned versions, or '${input}: path' to run the ${name} already on PATH.`,
    });
}
/** The pinned asset for a platform; a UserError naming the platforms pinned otherwise. */
function assetFor(pin, platform) {
    const asset = pin.assets[platform];
    if (asset)
        return asset;
    throw new errors/* UserError */.yo({
        message: `${pin.name} ${pin.version} has no pinned download for ${platform} (pinned: ${Object.keys(pin.assets).join(', ')}).`,
        hint: `Run on one of those platforms, or install ${pin.name} yourself and set the version input to 'path'.`,
    });
}
/** `<base>/<tag>/<file>`; a mirror replaces the release base and keeps the rest of the path. */
function releaseUrl(pin, file, mirror) {
    const base = (mirror !== undefined && mirror !== '' ? mirror : pin.releaseBase).replace(/\/+$/, '');
    return `${base}/${pin.tag}/${file}`;
}

;// CONCATENATED MODULE: ./build/packages/tool-install/install.js









/** The value of a version input that means "the one on PATH, whatever it is". */
const FROM_PATH = 'path';
/**
 * Makes `pin` runnable: from the tool cache when it holds it, else downloaded
 * from the release (or the mirror), checked against the pinned SHA-256 and
 * only then unpacked and cached. A file that does not match is refused and
 * never cached.
 */
async function installTool(pin, options) {
    const platform = options.platform ?? currentPlatform();
    const asset = assetFor(pin, platform);
    const arch = platform.split('-').slice(1).join('-');
    const executable = asset.format === 'binary' ? pin.name : (asset.executable ?? pin.name);
    const cached = await options.cache.find(pin.name, pin.version, arch);
    if (cached !== undefined && (0,external_node_fs_.existsSync)((0,external_node_path_.join)(cached, executable))) {
        options.log.info(`${pin.name} ${pin.version}: found in the tool cache`);
        return { name: pin.name, path: (0,external_node_path_.join)(cached, executable), version: pin.version, source: 'cache' };
    }
    const work = (0,external_node_path_.join)(options.tempDir, `${pin.name}-${(0,external_node_crypto_.randomUUID)()}`);
    await (0,promises_.mkdir)(work, { recursive: true });
    try {
        const archive = await downloadVerified(pin, asset, options, work);
        const unpacked = await unpack(archive, asset, pin.name, options.runner, (0,external_node_path_.join)(work, 'unpacked'));
        const inside = (0,external_node_path_.join)(unpacked, executable);
        if (!(0,external_node_fs_.existsSync)(inside)) {
            throw new Error(`${asset.file} holds no '${executable}': the pin's executable path is wrong`);
        }
        await (0,promises_.chmod)(inside, 0o755);
        const dir = await options.cache.add(unpacked, pin.name, pin.version, arch);
        const path = (0,external_node_path_.join)(dir, executable);
        const version = (await reportedVersion(path, pin, options.runner)) ?? pin.version;
        options.log.info(`${pin.name} ${version}: downloaded, SHA-256 verified (${asset.sha256}), cached`);
        return { name: pin.name, path, version, source: 'download' };
    }
    finally {
        await (0,promises_.rm)(work, { recursive: true, force: true });
    }
}
async function downloadVerified(pin, asset, options, work) {
    const url = releaseUrl(pin, asset.file, options.mirror);
    const dest = (0,external_node_path_.join)(work, asset.file);
    options.log.info(`${pin.name} ${pin.version}: downloading ${url}`);
    try {
        await options.downloader.download(url, dest);
    }
    catch (thrown) {
        throw explainDownloadFailure(pin, thrown, options.mirror);
    }
    const actual = await sha256File(dest);
    if (actual !== asset.sha256) {
        await (0,promises_.rm)(dest, { force: true });
        throw new ChecksumMismatchError(asset.file, url, asset.sha256, actual);
    }
    if (pin.checksumsFile !== undefined)
        await crossCheck(pin, asset, options, work);
    return dest;
}
/**
 * The release's own checksums file, read as a second witness. When it is
 * missing (a mirror that copied only the archive) the pin alone decides; when
 * it disagrees with the pin, the release was changed after it was pinned.
 */
async function crossCheck(pin, asset, options, work) {
    const file = pin.checksumsFile ?? '';
    const url = releaseUrl(pin, file, options.mirror);
    const dest = (0,external_node_path_.join)(work, file);
    try {
        await options.downloader.download(url, dest);
    }
    catch (thrown) {
        options.log.warning(`${pin.name}: could not read ${url} (${errorText(thrown)}); the pinned SHA-256 alone vouches for ${asset.file}`);
        return;
    }
    const listed = parseChecksums(await (0,promises_.readFile)(dest, 'utf8')).get(asset.file);
    if (listed === undefined) {
        options.log.warning(`${pin.name}: ${file} does not list ${asset.file}; the pinned SHA-256 alone vouches for it`);
    }
    else if (listed !== asset.sha256) {
        throw new ChecksumMismatchError(asset.file, releaseUrl(pin, asset.file, options.mirror), asset.sha256, listed, `the release's ${file} says`);
    }
}
function explainDownloadFailure(pin, thrown, mirror) {
    if (mirror !== undefined && mirror !== '' && thrown instanceof DownloadError) {
        return new errors/* UserError */.yo({
            message: `${thrown.message} (the mirror set by the action's mirror input).`,
            hint: `Check that the mirror serves ${pin.name}'s releases under <mirror>/${pin.tag}/.`,
        }, { cause: thrown });
    }
    return thrown instanceof Error ? thrown : new Error(String(thrown));
}
async function unpack(file, asset, name, runner, dest) {
    await (0,promises_.mkdir)(dest, { recursive: true });
    switch (asset.format) {
        case 'tar.gz':
            await (0,packages_process/* runChecked */.X4)(runner, { file: 'tar', args: ['-xzf', file, '-C', dest], quiet: true });
            break;
        case 'zip':
            await (0,packages_process/* runChecked */.X4)(runner, { file: 'unzip', args: ['-q', '-o', file, '-d', dest], quiet: true });
            break;
        case 'binary':
            await (0,promises_.copyFile)(file, (0,external_node_path_.join)(dest, name));
            break;
    }
    return dest;
}
/**
 * The tool the user put on PATH, with the version it reports. The user chose
 * it, so no checksum applies; the version is logged so the run says what ran.
 */
async function toolFromPath(pin, runner, log, pathVariable = process.env.PATH ?? '') {
    const path = await findOnPath(pin.name, pathVariable);
    if (path === undefined) {
        throw new errors/* UserError */.yo({
            message: `the version input is '${FROM_PATH}', but there is no '${pin.name}' on PATH.`,
            hint: `Install ${pin.name} in an earlier step, or give a pinned version (${pin.version}).`,
        });
    }
    const version = (await reportedVersion(path, pin, runner)) ?? 'unknown';
    log.info(`${pin.name} ${version}: taken from PATH (${path}), as asked; no checksum applies`);
    return { name: pin.name, path, version, source: 'path' };
}
async function findOnPath(name, pathVariable) {
    for (const dir of pathVariable.split(external_node_path_.delimiter)) {
        if (dir === '')
            continue;
        const candidate = (0,external_node_path_.join)(dir, name);
        try {
            await (0,promises_.access)(candidate, promises_.constants.X_OK);
            return candidate;
        }
        catch {
            // not here; next directory
        }
    }
    return undefined;
}
async function reportedVersion(path, pin, runner) {
    const result = await (0,packages_process/* runChecked */.X4)(runner, { file: path, args: [...pin.versionArgs], quiet: true });
    return parseVersion(`${result.stdout}\n${result.stderr}`);
}
/** `Version: v0.74.0` (trivy), `GitVersion: v3.1.2` (cosign), else the first x.y.z. */
function parseVersion(text) {
    const labelled = /(?:^|\s)(?:Git)?Version:\s*v?(\d+\.\d+\.\d+[^\s]*)/im.exec(text);
    if (labelled?.[1])
        return labelled[1];
    return /\bv?(\d+\.\d+\.\d+[^\s]*)/.exec(text)?.[1];
}
function errorText(thrown) {
    return thrown instanceof Error ? thrown.message : String(thrown);
}
/**
 * What a version input asks for: `path` takes the tool from PATH, anything
 * else must be one of the pinned versions and is installed as pinned.
 */
async function resolveTool(pins, version, options, input = 'version') {
    const first = pins[0];
    if (first === undefined)
        throw new Error('no pins given');
    if (version === FROM_PATH)
        return toolFromPath(first, options.runner, options.log);
    return installTool(selectPin(pins, version, input), options);
}

;// CONCATENATED MODULE: ./build/packages/tool-install/tool-cache.js



/**
 * The tool cache's layout (`<root>/<tool>/<version>/<arch>` plus a
 * `<arch>.complete` marker written last, so a half-copied directory is never
 * found) in any directory.
 */
class DirectoryToolCache {
    root;
    constructor(root) {
        this.root = root;
    }
    async find(tool, version, arch) {
        const dir = join(this.root, tool, version, arch);
        return existsSync(`${dir}.complete`) ? dir : undefined;
    }
    async add(sourceDir, tool, version, arch) {
        const dir = join(this.root, tool, version, arch);
        await rm(`${dir}.complete`, { force: true });
        await rm(dir, { recursive: true, force: true });
        await mkdir(dir, { recursive: true });
        await cp(sourceDir, dir, { recursive: true });
        await writeFile(`${dir}.complete`, '');
        return dir;
    }
    /** Every `tool/version/arch` cached, for tests that must see nothing was. */
    async entries() {
        const found = [];
        for (const tool of await listDirs(this.root)) {
            for (const version of await listDirs(join(this.root, tool))) {
                for (const arch of await listDirs(join(this.root, tool, version)))
                    found.push(`${tool}/${version}/${arch}`);
            }
        }
        return found;
    }
}
async function listDirs(dir) {
    if (!existsSync(dir))
        return [];
    const names = [];
    for (const name of await readdir(dir)) {
        if ((await stat(join(dir, name))).isDirectory())
            names.push(name);
    }
    return names;
}

;// CONCATENATED MODULE: ./build/packages/tool-install/index.js








/***/ })

};
