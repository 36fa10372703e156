export const id = 140;
export const ids = [140];
export const modules = {

/***/ 1140:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   O: () => (/* binding */ installedTools)
/* harmony export */ });
/* harmony import */ var _packages_cosign_index_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9974);
/* harmony import */ var _packages_propagate_index_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(9444);
/* harmony import */ var _packages_tool_install_index_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7394);
/* harmony import */ var _packages_trivy_index_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(1157);




/**
 * trivy and cosign, each only when the phase uses it, at their pinned
 * versions (checksums verified, kept in the tool cache), or as found on PATH
 * when the user says so; docker (with buildx) is the runner's.
 */
async function installedTools(fromPath, runner, log, tempDir, needs) {
    const options = { cache: new _packages_tool_install_index_js__WEBPACK_IMPORTED_MODULE_2__/* .ActionsToolCache */ .yY(), downloader: new _packages_tool_install_index_js__WEBPACK_IMPORTED_MODULE_2__/* .ActionsDownloader */ .fc(), runner, log, tempDir };
    const tools = { docker: 'docker' };
    if (needs.trivy)
        tools.trivy = await (0,_packages_tool_install_index_js__WEBPACK_IMPORTED_MODULE_2__/* .resolveTool */ .Hj)(_packages_trivy_index_js__WEBPACK_IMPORTED_MODULE_3__/* .TRIVY_PINS */ .Om, fromPath ? _packages_tool_install_index_js__WEBPACK_IMPORTED_MODULE_2__/* .FROM_PATH */ .v$ : _packages_trivy_index_js__WEBPACK_IMPORTED_MODULE_3__/* .DEFAULT_TRIVY_VERSION */ .ss, options);
    if (needs.cosign)
        tools.cosign = await (0,_packages_tool_install_index_js__WEBPACK_IMPORTED_MODULE_2__/* .resolveTool */ .Hj)(_packages_cosign_index_js__WEBPACK_IMPORTED_MODULE_0__/* .COSIGN_PINS */ .HU, fromPath ? _packages_tool_install_index_js__WEBPACK_IMPORTED_MODULE_2__/* .FROM_PATH */ .v$ : _packages_cosign_index_js__WEBPACK_IMPORTED_MODULE_0__/* .DEFAULT_COSIGN_VERSION */ .ZP, options);
    if (needs.regctl)
        tools.regctl = await (0,_packages_tool_install_index_js__WEBPACK_IMPORTED_MODULE_2__/* .resolveTool */ .Hj)(_packages_propagate_index_js__WEBPACK_IMPORTED_MODULE_1__/* .REGCTL_PINS */ .N5, fromPath ? _packages_tool_install_index_js__WEBPACK_IMPORTED_MODULE_2__/* .FROM_PATH */ .v$ : _packages_propagate_index_js__WEBPACK_IMPORTED_MODULE_1__/* .DEFAULT_REGCTL_VERSION */ .lH, options);
    const named = [
        tools.trivy && `trivy ${tools.trivy.version} (${tools.trivy.source})`,
        tools.cosign && `cosign ${tools.cosign.version} (${tools.cosign.source})`,
        tools.regctl && `regctl ${tools.regctl.version} (${tools.regctl.source})`,
    ];
    log.info(`tools: docker from PATH${named
        .filter(Boolean)
        .map((t) => `, ${t}`)
        .join('')}`);
    return tools;
}


/***/ }),

/***/ 9444:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  lH: () => (/* reexport */ DEFAULT_REGCTL_VERSION),
  N5: () => (/* reexport */ REGCTL_PINS),
  Pr: () => (/* reexport */ laggingOf),
  b6: () => (/* reexport */ propagatePlan),
  Jt: () => (/* reexport */ regctl/* regctlCopy */.Jt),
  d8: () => (/* reexport */ regctl/* regctlFor */.d8),
  QS: () => (/* reexport */ reportLines),
  uL: () => (/* reexport */ reportMarkdown)
});

// UNUSED EXPORTS: COSIGN_LEGACY_SIGNATURE, DEFAULT_CONCURRENCY, MIRROR_ATTESTATIONS, REFERRERS_SETTLE_POLICY, ToolsUnavailableError, copyArguments, digestTagsOf, formatTarget, mirrorTargets, mirrorTools, mirroredImages, missingAt, propagate, readClosure, regctlConfig, regctlReason, target

// EXTERNAL MODULE: ./build/packages/registry/index.js + 6 modules
var packages_registry = __webpack_require__(1834);
;// CONCATENATED MODULE: ./build/packages/propagate/closure.js

/** The artifact type of a cosign signature stored as an OCI 1.1 referrer (`--registry-referrers-mode=oci-1-1`). */
const COSIGN_LEGACY_SIGNATURE = 'application/vnd.dev.cosign.artifact.sig.v1+json';
/** Reads the closure of `digest` at the source. `tags` is the repository's tag list (read once per repository). */
async function readClosure(registry, host, repository, digest, tags) {
    const manifests = [];
    const referrers = new Map();
    const digestTags = new Map();
    let legacyReferrers = false;
    let root;
    const queue = [digest];
    const seen = new Set();
    while (queue.length > 0) {
        const current = queue.shift() ?? '';
        if (seen.has(current))
            continue;
        seen.add(current);
        const manifest = await registry.manifest(host, repository, current);
        root ??= manifest;
        manifests.push(current);
        for (const child of childManifests(manifest))
            queue.push(child.digest);
        const found = await registry.referrers(host, repository, current);
        if (found.descriptors.length > 0) {
            referrers.set(current, found.descriptors.map((d) => d.digest).sort());
            if (found.descriptors.some((d) => d.artifactType === COSIGN_LEGACY_SIGNATURE))
                legacyReferrers = true;
            queue.push(...found.descriptors.map((d) => d.digest));
        }
        for (const tag of digestTagsOf(current, tags)) {
            const tagged = (await registry.manifest(host, repository, tag)).digest;
            digestTags.set(tag, tagged);
            queue.push(tagged);
        }
    }
    if (root === undefined)
        throw new Error(`${host}/${repository}@${digest}: nothing was read`);
    return { digest, root, manifests, referrers, digestTags, legacyReferrers };
}
/**
 * The `sha256-<hex>.*` tags of a digest, as regctl's `--digest-tags` finds
 * them; not `sha256-<hex>` itself, the referrers fallback tag, which is the
 * form a registry without the referrers API keeps referrers in and is
 * rewritten by the copy of each referrer, not copied as a tag.
 */
function digestTagsOf(digest, tags) {
    const fallback = (0,packages_registry/* referrersTag */.LN)(digest);
    return tags.filter((tag) => tag.startsWith(fallback) && tag !== fallback).sort();
}
/** What of a closure a mirror does not have, one line each; empty when it holds all of it. */
async function missingAt(registry, host, repository, closure) {
    // Nothing else can be there without the image itself (a referrer is pushed after its subject).
    if ((await registry.findManifest(host, repository, closure.digest)) === undefined)
        return [`the image ${closure.digest}`];
    // One line per missing thing: a referrer that is not there is named as one, not also as a manifest.
    const missing = new Map();
    for (const digest of closure.manifests.slice(1)) {
        if ((await registry.findManifest(host, repository, digest)) === undefined)
            missing.set(digest, `manifest ${digest}`);
    }
    for (const [subject, wanted] of closure.referrers) {
        const there = new Set((await registry.referrers(host, repository, subject)).descriptors.map((d) => d.digest));
        for (const digest of wanted)
            if (!there.has(digest))
                missing.set(digest, `referrer ${digest} of ${subject}`);
    }
    const lines = [...missing.values()];
    if (closure.digestTags.size > 0) {
        const tags = new Set(await registry.tags(host, repository));
        for (const [tag, digest] of closure.digestTags) {
            const found = tags.has(tag) ? (await registry.findManifest(host, repository, tag))?.digest : undefined;
            if (found !== digest)
                lines.push(found === undefined ? `tag ${tag}` : `tag ${tag} (names ${found}, not ${digest})`);
        }
    }
    return lines;
}
function childManifests(manifest) {
    const parsed = JSON.parse(manifest.body.toString('utf8'));
    return (parsed.manifests ?? []).filter((d) => packages_registry/* MANIFEST_MEDIA_TYPES */.$T.includes(d.mediaType));
}

;// CONCATENATED MODULE: ./build/packages/propagate/pins.js
/**
 * The regctl release propagation copies with (through the project's one
 * installer, packages/tool-install): regclient's bare executables, one per
 * platform, no archive.
 *
 * regclient publishes no checksums file with its releases, so there is no
 * second witness to cross-check against: the SHA-256 below is the only
 * thing that makes the pin a pin. These are the values other projects pin
 * for the v0.11.6 assets; they could not be re-computed from the release
 * where this file was written (no access to github.com there). Whoever bumps
 * the version downloads both assets and writes their SHA-256 here.
 */
const REGCTL_PINS = [
    {
        name: 'regctl',
        version: '0.11.6',
        releaseBase: 'https://github.com/regclient/regclient/releases/download',
        tag: 'v0.11.6',
        // `regctl version` prints `VCSTag: v0.11.6`.
        versionArgs: ['version'],
        assets: {
            'linux-x64': {
                file: 'regctl-linux-amd64',
                sha256: '8e0e62a497fcdb8048d18aa927a139613176ba0531f412bc541044e28f9856bd',
                format: 'binary',
            },
            'linux-arm64': {
                file: 'regctl-linux-arm64',
                sha256: 'a9b71a3ee79b2d1dbbd7d51fd5e8fa214722c192864235d3d8764463c751a1ff',
                format: 'binary',
            },
        },
    },
];
const DEFAULT_REGCTL_VERSION = '0.11.6';

// EXTERNAL MODULE: ./build/packages/cosign/index.js + 11 modules
var cosign = __webpack_require__(9974);
// EXTERNAL MODULE: ./build/packages/process/index.js + 3 modules
var process = __webpack_require__(3927);
// EXTERNAL MODULE: ./build/packages/retry/index.js + 2 modules
var retry = __webpack_require__(5227);
// EXTERNAL MODULE: ./build/packages/oci/index.js + 1 modules
var oci = __webpack_require__(259);
;// CONCATENATED MODULE: ./build/packages/propagate/targets.js

/** The images of the plan that have mirrors: each entry and each debug twin, with its tags and mirrors. */
function mirroredImages(entries) {
    const images = [];
    for (const entry of entries) {
        const add = (id, repository, tags, mirrors) => {
            if (mirrors === undefined || mirrors.length === 0)
                return;
            images.push({
                id,
                source: target(repository),
                tags: tags.map((tag) => (0,oci/* parseReference */.F2)(tag, `tag of ${id}`).tag ?? ''),
                mirrors: mirrors.map((m) => ({ ...target(m.repository), overwrite: m.overwrite })),
                ...(entry.import !== undefined ? { imported: true } : {}),
            });
        };
        add(entry.id, entry.repository, entry.tags, entry.mirrors);
        if (entry.debug)
            add(`${entry.id}-debug`, entry.debug.repository, entry.debug.tags, entry.debug.mirrors);
    }
    return images;
}
/**
 * Every mirror repository the plan names, with the source repository it
 * mirrors, once each. The seam for retention on mirrors: retention runs the
 * source's plan on each of these targets as on the source itself.
 */
function mirrorTargets(entries) {
    const seen = new Map();
    for (const image of mirroredImages(entries)) {
        for (const mirror of image.mirrors) {
            const key = `${mirror.registry}/${mirror.repository}`;
            if (!seen.has(key))
                seen.set(key, { source: image.source, mirror: { registry: mirror.registry, repository: mirror.repository } });
        }
    }
    return [...seen.values()];
}
function target(repository) {
    const parsed = (0,oci/* parseReference */.F2)(repository, 'repository');
    return { registry: parsed.registry, repository: parsed.repository };
}
function formatTarget(t) {
    return `${t.registry}/${t.repository}`;
}

// EXTERNAL MODULE: ./build/packages/propagate/tools.js
var propagate_tools = __webpack_require__(3527);
;// CONCATENATED MODULE: ./build/packages/propagate/propagate.js






/** The copy or check tools could not be installed: the run cannot work at all, so it stops rather than lag everywhere. */
class ToolsUnavailableError extends Error {
    constructor(cause) {
        super(cause instanceof Error ? cause.message : String(cause), { cause });
        this.name = 'ToolsUnavailableError';
    }
}
/** Registry round trips dominate a run that has little to copy; a few repositories at once hide them without flooding a mirror. */
const DEFAULT_CONCURRENCY = 4;
/**
 * Copies every published image of the plan to each of its mirrors, in the
 * order that keeps a mirror's tags honest: the digest and what refers to it
 * first, then the signature and SBOM attestation verified at the mirror,
 * and only then the public tags. What the mirror already holds is not
 * written again; a run with nothing missing writes nothing.
 *
 * What is published is read from the source registry, not from this run's
 * outcomes: a mirror that lagged in an earlier run is filled by the next,
 * whatever that run rebuilt. Faults stay local: a mirror that fails or does
 * not answer lags (and after one failure that exhausted the retries, is not
 * asked again in this run), and the others go on; nothing at the source
 * changes.
 */
async function propagate(images, options) {
    const run = { ...options, down: new Map(), contacted: new Map(), tagLists: new Map() };
    // Repositories run side by side (their log lines interleave: each names its image); the images of one repository
    // one after another, so a layer they share is sent to a mirror repository once. The report keeps the plan's order.
    const byRepository = new Map();
    images.forEach((image, index) => {
        const key = formatTarget(image.source);
        byRepository.set(key, [...(byRepository.get(key) ?? []), index]);
    });
    const perImage = new Array(images.length);
    await (0,process/* inParallel */.HN)([...byRepository.values()], options.concurrency ?? DEFAULT_CONCURRENCY, async (indexes) => {
        for (const index of indexes)
            perImage[index] = await propagateImage(run, images[index]);
    });
    const results = perImage.flat();
    // Nothing to copy is an answer only when it is said: a wrong registry would look the same.
    if (images.length > 0 && results.every((r) => r.digest === undefined && r.note?.startsWith('not published'))) {
        options.log.warning(`none of the ${images.length} image(s) with mirrors is published at ${[...new Set(results.map((r) => r.source))].join(', ')}: nothing was propagated`);
    }
    return { images: results };
}
async function propagateImage(run, image) {
    const source = formatTarget(image.source);
    let groups;
    try {
        groups = await publishedAtSource(run, image);
    }
    catch (error) {
        noteIfDown(run, image.source.registry, error);
        const reason = `cannot read the source: ${describe(error)}`;
        run.log.warning(`${image.id}: ${reason}`);
        return [
            {
                id: image.id,
                source,
                tags: [],
                mirrors: image.mirrors.map((m) => ({ mirror: formatTarget(m), state: 'lagging', detail: reason })),
                note: reason,
            },
        ];
    }
    if (groups.length === 0) {
        run.log.info(`${image.id}: none of ${image.tags.join(', ')} is published at ${source}; nothing to propagate`);
        return [{ id: image.id, source, tags: [], mirrors: [], note: `not published at ${source}` }];
    }
    const results = [];
    for (const group of groups) {
        const mirrors = [];
        for (const mirror of image.mirrors) {
            const result = await toMirror(run, image, group, mirror);
            const line = `${image.id} -> ${result.mirror}: ${result.state}: ${result.detail}`;
            if (result.state === 'lagging' || result.state === 'refused')
                run.log.error(line);
            else
                run.log.info(line);
            mirrors.push(result);
        }
        results.push({ id: image.id, source, digest: group.digest, tags: group.tags, mirrors });
    }
    return results;
}
/** The image's tags that exist at the source, by the digest they name, each digest with its closure. */
async function publishedAtSource(run, image) {
    const { registry: host, repository } = image.source;
    await firstContact(run, host, () => tagList(run, image.source));
    const down = run.down.get(host);
    if (down !== undefined)
        throw new Error(`${host} did not answer earlier in this run (${down})`);
    const byDigest = new Map();
    for (const tag of image.tags) {
        const found = await run.registry.findManifest(host, repository, tag);
        if (found === undefined)
            continue;
        byDigest.set(found.digest, [...(byDigest.get(found.digest) ?? []), tag]);
    }
    const groups = [];
    for (const [digest, tags] of byDigest) {
        const closure = await readClosure(run.registry, host, repository, digest, await tagList(run, image.source));
        groups.push({ digest, tags, closure });
    }
    return groups;
}
/** The annotations that say which application and version a build is (the build writes its OCI labels as annotations). */
const IDENTITY_ANNOTATIONS = ['org.opencontainers.image.title', 'org.opencontainers.image.version'];
/**
 * The tags whose digest at the mirror is not an earlier build of the one
 * being published. A rebuild publishes a new digest under the same tags, and
 * the mirror follows it when what the tag names there is the same
 * application and version (its title and version annotations) and verifies
 * with the publish job's key or identity (for an import, whose annotations
 * are upstream's: signed so, and attested as an import). Anything else there (someone
 * else's image, an unsigned one) is never moved without `overwrite: true`.
 */
async function notEarlierVersions(run, image, mirror, group, moved) {
    if (moved.length === 0)
        return [];
    const name = formatTarget(mirror);
    const wanted = identityOf(group.closure.root.body);
    const foreign = [];
    for (const [tag, digest] of moved) {
        const there = await run.registry.manifest(mirror.registry, mirror.repository, digest);
        // An import's digest is upstream's, with upstream's annotations: an earlier copy is one this project
        // signed and attested as an import (its provenance), in this application's repository, under this tag.
        const same = image.imported === true || (wanted !== undefined && identityOf(there.body) === wanted);
        const verifies = same &&
            (await run.tools
                .verify(`${name}@${digest}`, `${formatTarget(image.source)}@${digest}`, {
                legacyReferrers: group.closure.legacyReferrers,
                ...(image.imported ? { attestations: [...propagate_tools/* MIRROR_ATTESTATIONS */.K, cosign/* PROVENANCE_PREDICATE */.CK] } : {}),
            })
                .then(() => true, () => false));
        if (!verifies)
            foreign.push([tag, digest]);
    }
    return foreign;
}
function identityOf(body) {
    const annotations = JSON.parse(body.toString('utf8')).annotations ?? {};
    const values = IDENTITY_ANNOTATIONS.map((key) => annotations[key]);
    return values.every((v) => typeof v === 'string' && v !== '') ? values.join('\n') : undefined;
}
async function toMirror(run, image, group, mirror) {
    const name = formatTarget(mirror);
    const { registry: host, repository } = mirror;
    const lag = (detail) => ({ mirror: name, state: 'lagging', detail });
    const down = run.down.get(host);
    if (down !== undefined)
        return lag(`not tried: ${host} did not answer earlier in this run (${down})`);
    // Only failures of this host's own answers mark it down; a failed copy or check says nothing about the next image.
    let step = 'read';
    try {
        await firstContact(run, host, () => tagList(run, mirror));
        const after = run.down.get(host);
        if (after !== undefined)
            return lag(`not tried: ${host} did not answer earlier in this run (${after})`);
        const there = await tagsAtMirror(run, mirror, group.tags);
        const moved = [...there].filter(([, digest]) => digest !== group.digest);
        const foreign = mirror.overwrite ? [] : await notEarlierVersions(run, image, mirror, group, moved);
        if (foreign.length > 0) {
            return {
                mirror: name,
                state: 'refused',
                detail: `${foreign.map(([tag, digest]) => `${name}:${tag} names ${digest}`).join('; ')}, not the published ${group.digest}, and not an earlier build of it that verifies; the mirror is left as it is (allow moving its tags with 'overwrite: true' on this mirror in the catalog)`,
            };
        }
        const missing = await missingAt(run.registry, host, repository, group.closure);
        const toTag = group.tags.filter((tag) => there.get(tag) !== group.digest);
        if (missing.length === 0 && toTag.length === 0)
            return { mirror: name, state: 'in-sync', detail: 'holds the digest, all that refers to it, and its tags; nothing written' };
        await run.registry.checkAccess(host, repository, 'push');
        const wrote = [];
        if (missing.length > 0) {
            step = 'copy';
            run.tagLists.delete(name);
            await run.tools.copy(`${formatTarget(image.source)}@${group.digest}`, `${name}@${group.digest}`);
            step = 'read';
            const still = await missingAfterCopy(run, mirror, group.closure);
            if (still.length > 0)
                return lag(`copied, but it still lacks ${summarise(still)}`);
            wrote.push(`copied ${copied(missing, group.closure)}`);
        }
        step = 'verify';
        await run.tools.verify(`${name}@${group.digest}`, `${formatTarget(image.source)}@${group.digest}`, {
            legacyReferrers: group.closure.legacyReferrers,
        });
        step = 'read';
        if (toTag.length > 0) {
            run.tagLists.delete(name);
            const { mediaType, body } = group.closure.root;
            for (const tag of toTag)
                await run.registry.putManifest(host, repository, tag, mediaType, body);
            for (const tag of toTag) {
                const found = (await run.registry.findManifest(host, repository, tag))?.digest;
                if (found !== group.digest)
                    return lag(`${name}:${tag} names ${found ?? 'nothing'} after tagging, not ${group.digest}`);
            }
            const why = mirror.overwrite ? 'as overwrite allows' : 'an earlier build of the same version, signed as this one is';
            const movedNote = moved.length > 0 ? ` (moved from ${moved.map(([tag, digest]) => `${tag}: ${digest}`).join(', ')}, ${why})` : '';
            wrote.push(`verified, then tagged ${toTag.join(', ')}${movedNote}`);
        }
        else
            wrote.push('verified; its tags were already there');
        return { mirror: name, state: 'updated', detail: wrote.join('; ') };
    }
    catch (error) {
        if (error instanceof ToolsUnavailableError)
            throw error.cause;
        if (step === 'read')
            noteIfDown(run, host, error);
        const prefix = step === 'copy' ? 'the copy failed: ' : step === 'verify' ? 'does not verify at the mirror, so it was not tagged: ' : '';
        return lag(`${prefix}${describe(error)}`);
    }
}
/** How long a mirror is given to list the referrers a copy just pushed (olareg indexes them as it goes). */
const REFERRERS_SETTLE_POLICY = { attempts: 5, baseDelayMs: 250, maxDelayMs: 2000 };
class ReferrersNotListed extends Error {
}
/**
 * What the mirror still lacks after the copy. A registry with the referrers
 * API may list a referrer it has just taken only a moment later (seen with
 * olareg when two were pushed at once); when referrers are all that is
 * missing, the check is asked again, backing off as the policy says.
 */
async function missingAfterCopy(run, mirror, closure) {
    let missing = [];
    try {
        await (0,retry/* retry */.L5)(async () => {
            missing = await missingAt(run.registry, mirror.registry, mirror.repository, closure);
            if (missing.length > 0 && missing.every((line) => line.startsWith('referrer ')))
                throw new ReferrersNotListed();
        }, {
            policy: REFERRERS_SETTLE_POLICY,
            transient: (failure) => (failure instanceof ReferrersNotListed ? 'referrers not listed yet' : undefined),
            onRetry: ({ delayMs }) => run.log.info(`${formatTarget(mirror)}: the referrers just copied are not all listed yet; asking again in ${delayMs} ms`),
            ...(run.sleep !== undefined ? { sleep: run.sleep } : {}),
        });
    }
    catch (error) {
        if (!(error instanceof ReferrersNotListed))
            throw error;
    }
    return missing;
}
/** The image's tags at the mirror and the digest each names there. */
async function tagsAtMirror(run, mirror, tags) {
    const existing = new Set(await tagList(run, mirror));
    const there = new Map();
    for (const tag of tags) {
        if (!existing.has(tag))
            continue;
        const found = await run.registry.findManifest(mirror.registry, mirror.repository, tag);
        if (found !== undefined)
            there.set(tag, found.digest);
    }
    return there;
}
function tagList(run, target) {
    const key = formatTarget(target);
    let list = run.tagLists.get(key);
    if (list === undefined) {
        list = run.registry.tags(target.registry, target.repository);
        run.tagLists.set(key, list);
        // A failed listing is not kept: the next image asks again (unless the host is down).
        list.catch(() => run.tagLists.delete(key));
    }
    return list;
}
/**
 * The run's first request to a host goes alone, the images that need the
 * host waiting for it: a host that is down then costs one round of retries,
 * not one per image in flight. The one that asked gets its failure; the
 * others find the host marked down, or go on.
 */
async function firstContact(run, host, probe) {
    const known = run.contacted.get(host);
    if (known !== undefined)
        return known;
    const asked = probe().then(() => undefined, (error) => {
        noteIfDown(run, host, error);
        throw error;
    });
    run.contacted.set(host, asked.catch(() => undefined));
    await asked;
}
/** A host whose answers failed after every retry (5xx, 429, a dropped connection) is not asked again in this run. */
function noteIfDown(run, host, error) {
    const reason = (0,retry/* transientRegistryFailure */.Il)(errorChainText(error));
    if (reason !== undefined && !run.down.has(host)) {
        run.down.set(host, reason);
        run.log.warning(`${host}: ${reason} after every retry; not asking it again in this run`);
    }
}
function errorChainText(error) {
    const parts = [];
    let current = error;
    for (let depth = 0; current !== undefined && current !== null && depth < 5; depth++) {
        const e = current;
        parts.push(String(e.message ?? current), String(e.code ?? ''));
        current = e.cause;
    }
    return parts.join(' ');
}
function describe(error) {
    const text = error instanceof Error ? error.message : String(error);
    return text.replace(/\s+/g, ' ').trim().slice(0, 600);
}
/** What a copy sent, in words: the whole image, or the pieces the mirror lacked. */
function copied(missing, closure) {
    if (!missing[0]?.startsWith('the image '))
        return summarise(missing);
    const referrers = [...closure.referrers.values()].reduce((n, list) => n + list.length, 0);
    const parts = [`${closure.manifests.length} manifest(s)`, `${referrers} referrer(s)`];
    if (closure.digestTags.size > 0)
        parts.push(`${closure.digestTags.size} sha256-* tag(s)`);
    return `the image (${parts.join(', ')})`;
}
function summarise(items) {
    return items.length <= 3 ? items.join(', ') : `${items.slice(0, 3).join(', ')} and ${items.length - 3} more`;
}
/** Mirrors that do not hold an image they should: what fails the step. */
function laggingOf(report) {
    return report.images.flatMap((image) => image.mirrors
        .filter((m) => m.state === 'lagging' || m.state === 'refused')
        .map((m) => ({ id: image.id, ...(image.digest !== undefined ? { digest: image.digest } : {}), ...m })));
}

// EXTERNAL MODULE: ./build/packages/propagate/regctl.js
var regctl = __webpack_require__(4977);
;// CONCATENATED MODULE: ./build/packages/propagate/report.js

/** The job summary: per image, which mirrors hold it and which lag (and why). */
function reportMarkdown(report) {
    const rows = report.images.map((image) => {
        const holding = image.mirrors.filter((m) => m.state === 'in-sync' || m.state === 'updated');
        const lagging = image.mirrors.filter((m) => m.state === 'lagging' || m.state === 'refused');
        const held = holding.map((m) => `\`${m.mirror}\` (${m.state === 'in-sync' ? 'already' : cell(m.detail)})`).join('<br>');
        const lags = lagging.map((m) => `\`${m.mirror}\`: **${m.state}**: ${cell(m.detail)}`).join('<br>');
        const what = image.digest !== undefined ? `\`${image.digest}\`<br>${image.tags.map((t) => `\`${t}\``).join(' ')}` : cell(image.note ?? '');
        return `| \`${image.id}\` | ${what} | ${held || '-'} | ${lags || '-'} |`;
    });
    const lag = laggingOf(report);
    const total = report.images.filter((i) => i.digest !== undefined).length;
    const head = lag.length === 0
        ? `${total} published image(s); every mirror holds each of them, and put its tags only after it verified there.`
        : `${total} published image(s); ${lag.length} copy(ies) lag: the step fails, and the next run copies what is missing.`;
    return `${[head, '', '| image | published | held by | lagging |', '|---|---|---|---|', ...rows].join('\n')}\n`;
}
/** One line per image and mirror, for a terminal. */
function reportLines(report) {
    return report.images.flatMap((image) => image.mirrors.length === 0
        ? [`${image.id}: ${image.note ?? 'no mirrors'}`]
        : image.mirrors.map((m) => `${image.id}: ${m.mirror}: ${m.state}: ${m.detail}`));
}
function cell(text) {
    return text.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|');
}

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
;// CONCATENATED MODULE: ./build/packages/propagate/run.js








/**
 * What the propagate action does: finds the plan's images that have
 * mirrors, installs the tools, and propagates each image to each of its
 * mirrors. Logins: the explicit ones (the source's from the inputs, the
 * mirrors' by host), else the docker config's, as for every other step;
 * regctl and cosign get the same ones through a docker config of the step's
 * own, so the user's config is never changed and nothing is left behind.
 */
async function propagatePlan(settings, services) {
    const { log } = services;
    const images = mirroredImages(settings.entries);
    if (images.length === 0) {
        log.info(`none of the ${settings.entries.length} plan entries has a mirror: nothing to propagate`);
        return { images: [] };
    }
    const sources = [...new Set(images.map((i) => i.source.registry))];
    const logins = { ...settings.mirrorLogins };
    if (settings.sourceLogin)
        for (const host of sources)
            logins[host] = settings.sourceLogin;
    const hosts = [...new Set([...sources, ...images.flatMap((i) => i.mirrors.map((m) => m.registry))])];
    log.info(`propagating ${images.length} image(s) from ${sources.join(', ')} to ${hosts.filter((h) => !sources.includes(h)).join(', ')}`);
    const workDir = await (0,promises_.mkdtemp)((0,external_node_path_.join)(services.tempDir, 'propagate-'));
    try {
        let installed;
        const tools = () => {
            installed ??= services.tools(workDir).then(async (found) => ({ regctl: await (0,regctl/* regctlFor */.d8)(found.regctl, hosts, workDir), cosign: found.cosign }), (error) => {
                throw new ToolsUnavailableError(error);
            });
            return installed;
        };
        const credentials = new packages_registry/* CredentialChain */.LD([
            new packages_registry/* ExplicitCredentials */.rX(logins, "inputs 'registry-username'/'registry-password' or 'mirror-logins'", "the 'mirror-logins' input (or 'registry-username' and 'registry-password' for the source)"),
            new packages_registry/* DockerConfigCredentials */.zw({ runner: services.runner, env: settings.env, log }),
        ]);
        const dockerConfig = (0,external_node_path_.join)(workDir, 'docker');
        const held = await (0,packages_registry/* writeDockerConfig */._D)(dockerConfig, hosts, credentials);
        log.info(`logins for regctl and cosign: ${held.length > 0 ? held.join(', ') : 'none (anonymous)'}`);
        const runner = (0,process/* withEnvironment */.Ec)(services.runner, { DOCKER_CONFIG: dockerConfig });
        const registry = new packages_registry/* RegistryClient */.bP({ credentials, log, ...(services.retry !== undefined ? { retry: services.retry } : {}) });
        const { verification } = settings;
        return await propagate(images, {
            registry,
            log,
            tools: (0,propagate_tools/* mirrorTools */.D)({
                runner,
                log,
                tools,
                workDir,
                ...(verification.publicKey !== undefined ? { publicKey: verification.publicKey } : {}),
                recordedKey: (source) => verification.recordedKeys.get(source),
                identity: verification.identity,
                ...(verification.run !== undefined ? { run: verification.run } : {}),
                transparencyLog: verification.transparencyLog,
                env: settings.env,
            }),
        });
    }
    finally {
        await (0,promises_.rm)(workDir, { recursive: true, force: true });
    }
}

;// CONCATENATED MODULE: ./build/packages/propagate/index.js










/***/ }),

/***/ 4977:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Jt: () => (/* binding */ regctlCopy),
/* harmony export */   d8: () => (/* binding */ regctlFor)
/* harmony export */ });
/* unused harmony exports regctlConfig, copyArguments, regctlReason */
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1455);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var _registry_index_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1834);



/**
 * Writes regctl's configuration for this run: plain HTTP for loopback
 * registries, as the project's registry client, docker and BuildKit treat
 * them; every other host keeps regctl's defaults (TLS verified).
 */
async function regctlFor(path, hosts, dir) {
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.mkdir)(dir, { recursive: true });
    const config = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(dir, 'regctl-config.json');
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.writeFile)(config, `${JSON.stringify(regctlConfig(hosts), null, 2)}\n`, { mode: 0o600 });
    return { path, config };
}
function regctlConfig(hosts) {
    const config = {};
    for (const host of [...new Set(hosts)].sort())
        if ((0,_registry_index_js__WEBPACK_IMPORTED_MODULE_2__/* .scheme */ .KR)(host) === 'http')
            config[host] = { tls: 'disabled' };
    return { hosts: config };
}
/** `regctl image copy` of one digest, by digest: no tag is written at the target. */
function copyArguments(source, target) {
    if (!/@sha256:[0-9a-f]{64}$/.test(source) || !/@sha256:[0-9a-f]{64}$/.test(target)) {
        throw new Error(`regctl copies by digest only: ${source} -> ${target}`);
    }
    return ['image', 'copy', '--referrers', '--digest-tags', source, target];
}
/**
 * Runs the copy. regctl retries a failing request itself (five times, with
 * backoff) before it gives up; this does not retry it again, the next run
 * copies what is still missing.
 */
async function regctlCopy(runner, regctl, source, target) {
    const result = await runner.run({
        file: regctl.path,
        args: copyArguments(source, target),
        env: { REGCTL_CONFIG: regctl.config },
        quiet: true,
    });
    if (result.exitCode !== 0) {
        throw new Error(`regctl image copy exited with code ${result.exitCode}: ${regctlReason(result.stderr || result.stdout)}`);
    }
}
/**
 * What regctl said went wrong, without its notes: it logs, for every
 * loopback host this run's configuration sets to plain HTTP, that it
 * changed the TLS setting the docker config implied.
 */
function regctlReason(output) {
    const lines = output
        .split('\n')
        .map((line) => line.trim())
        .filter((line) => line !== '' && !line.includes('msg="Changing TLS settings for registry"'));
    return lines.slice(-3).join(' / ') || 'no output';
}


/***/ }),

/***/ 3527:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   D: () => (/* binding */ mirrorTools),
/* harmony export */   K: () => (/* binding */ MIRROR_ATTESTATIONS)
/* harmony export */ });
/* harmony import */ var _cosign_index_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9974);
/* harmony import */ var _regctl_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4977);


/** The predicate types whose attestation must verify at a mirror besides the signature: the SBOM's. */
const MIRROR_ATTESTATIONS = ['cyclonedx'];
/** The real tools: regctl copies, cosign verifies at the mirror (signature and SBOM attestation). */
function mirrorTools(config) {
    return {
        async copy(source, target) {
            await (0,_regctl_js__WEBPACK_IMPORTED_MODULE_1__/* .regctlCopy */ .Jt)(config.runner, (await config.tools()).regctl, source, target);
        },
        async verify(image, source, options) {
            const trusted = config.publicKey ?? config.recordedKey?.(source);
            await (0,_cosign_index_js__WEBPACK_IMPORTED_MODULE_0__/* .verifyInTempDir */ .Il)(config.runner, config.log, config.workDir, {
                cosign: (await config.tools()).cosign,
                image,
                ...(trusted !== undefined ? { publicKey: trusted } : {}),
                identity: config.identity,
                ...(trusted === undefined && config.run !== undefined ? { run: config.run } : {}),
                transparencyLog: config.transparencyLog,
                env: config.env,
                attestations: options.attestations ?? MIRROR_ATTESTATIONS,
                legacyReferrers: options.legacyReferrers,
            });
        },
    };
}


/***/ })

};
