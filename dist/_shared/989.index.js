export const id = 989;
export const ids = [989];
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

/***/ 1989:
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
// EXTERNAL MODULE: ./build/packages/cosign/index.js + 11 modules
var cosign = __webpack_require__(9974);
// EXTERNAL MODULE: ./build/packages/oci/index.js + 1 modules
var oci = __webpack_require__(259);
// EXTERNAL MODULE: ./build/packages/process/index.js + 3 modules
var packages_process = __webpack_require__(3927);
// EXTERNAL MODULE: ./build/packages/registry/index.js + 6 modules
var registry = __webpack_require__(1834);
// EXTERNAL MODULE: ./build/packages/errors/index.js + 1 modules
var errors = __webpack_require__(2495);
// EXTERNAL MODULE: ./build/packages/github/index.js + 7 modules
var github = __webpack_require__(9010);
// EXTERNAL MODULE: ./build/packages/catalog/model.js
var model = __webpack_require__(5941);
// EXTERNAL MODULE: ./build/packages/plan/index.js + 15 modules
var packages_plan = __webpack_require__(437);
;// CONCATENATED MODULE: ./build/packages/retention/inventory.js

/** The tag retention keeps its record of a repository under (outside the tag scheme, so never a version). */
const STATE_TAG = 'image-actions-retention';
const ATTACHMENT = /^sha256-([a-f0-9]{64})(?:\.(?:sig|att|sbom))?$/;
/** The kind of one tag of the repository of `application`. */
function classifyTag(tag, scheme) {
    const attachment = ATTACHMENT.exec(tag);
    if (attachment?.[1])
        return { kind: 'attachment', subject: `sha256:${attachment[1]}` };
    if (tag === STATE_TAG)
        return { kind: 'state' };
    if (tag.startsWith('buildcache'))
        return { kind: 'cache' };
    const fields = scheme.parseTagPart(tag);
    if (fields === undefined || scheme.formatTag(fields) !== tag)
        return { kind: 'foreign' };
    return { kind: 'version', stream: fields.variant?.id ?? '', version: fields.version, variantVersion: fields.variant?.version ?? '0.0' };
}
/** Retention met something it does not understand, or could not read the whole graph: it removes nothing. */
class IncompleteGraphError extends Error {
    constructor(where, why) {
        super(`${where}: ${why}; retention removes nothing from a repository it cannot read whole`);
        this.name = 'IncompleteGraphError';
    }
}
/**
 * Reads the whole graph of one repository: every tag, the manifest each
 * names, the children of each index, and every signature, attestation and
 * SBOM attached to any of them (cosign's tags, the referrers API or its
 * fallback tag), plus the untagged digests retention itself remembered
 * (`extra`). Any read that fails, or a media type it does not know, throws
 * IncompleteGraphError: a plan from half a graph could delete what a kept
 * tag needs.
 */
async function readInventory(client, host, repository, scheme, extra = []) {
    const where = `${host}/${repository}`;
    const guard = async (what, read) => {
        try {
            return await read();
        }
        catch (error) {
            if (error instanceof IncompleteGraphError)
                throw error;
            throw new IncompleteGraphError(where, `could not read ${what} (${error instanceof Error ? error.message : String(error)})`);
        }
    };
    const inventory = { host, repository, tags: new Map(), nodes: new Map(), unaccounted: [] };
    const attachmentOf = new Map();
    for (const tag of await guard('the tags list', () => client.tags(host, repository))) {
        const kind = classifyTag(tag, scheme);
        const found = await guard(`the manifest of :${tag}`, () => client.manifest(host, repository, tag));
        inventory.tags.set(tag, { digest: found.digest, kind });
        if (kind.kind === 'attachment')
            attachmentOf.set(kind.subject, [...(attachmentOf.get(kind.subject) ?? []), found.digest]);
    }
    const visit = async (digest) => {
        if (inventory.nodes.has(digest))
            return;
        const found = await guard(`the manifest ${digest}`, () => client.findManifest(host, repository, digest));
        // A remembered digest someone already deleted: nothing left of it to plan for.
        if (found === undefined)
            return;
        if (!registry/* MANIFEST_MEDIA_TYPES */.$T.includes(found.mediaType)) {
            throw new IncompleteGraphError(where, `${digest} is a ${found.mediaType}, which retention does not know how to follow`);
        }
        const json = JSON.parse(found.body.toString('utf8'));
        const strange = (json.manifests ?? []).find((m) => !registry/* MANIFEST_MEDIA_TYPES */.$T.includes(m.mediaType ?? ''));
        if (strange)
            throw new IncompleteGraphError(where, `the index ${digest} lists ${strange.digest} as a ${strange.mediaType ?? 'thing of no media type'}`);
        const node = {
            digest,
            mediaType: found.mediaType,
            children: (json.manifests ?? []).map((m) => m.digest),
            attachments: [],
        };
        inventory.nodes.set(digest, node);
        const referrers = await guard(`the referrers of ${digest}`, () => client.referrers(host, repository, digest));
        node.attachments = [...new Set([...(attachmentOf.get(digest) ?? []), ...referrers.descriptors.map((d) => d.digest)])];
        for (const child of [...node.children, ...node.attachments])
            await visit(child);
    };
    // Attachments are reached through their subjects; a build cache is an index of layer blobs, kept whole and never followed.
    for (const { digest, kind } of inventory.tags.values()) {
        if (kind.kind !== 'attachment' && kind.kind !== 'cache')
            await visit(digest);
    }
    for (const digest of extra)
        await visit(digest);
    for (const [tag, { kind }] of inventory.tags) {
        if (kind.kind === 'attachment' && !inventory.nodes.has(kind.subject))
            inventory.unaccounted.push(tag);
    }
    // An attachment tag of a known subject is reached through the subject; one of an unknown subject stays unvisited.
    for (const [tag, { digest, kind }] of inventory.tags) {
        if (kind.kind === 'attachment' && inventory.nodes.has(kind.subject) && !inventory.nodes.has(digest)) {
            throw new IncompleteGraphError(where, `the attachment tag ${tag} was not reached from its subject`);
        }
    }
    return inventory;
}

// EXTERNAL MODULE: ./build/packages/tags/index.js + 4 modules
var packages_tags = __webpack_require__(3184);
;// CONCATENATED MODULE: ./build/packages/retention/plan.js

const EMPTY_STATE = { tags: {}, superseded: [], pending: [] };
const DAY_MS = 24 * 60 * 60 * 1000;
/**
 * Decides, from a repository's whole graph, what retention keeps and
 * removes. Pure: the same graph, state and clock give the same plan.
 *
 * Kept: per stream the `keep` newest versions (semver order of version, then
 * variant version) and every listed one; every tag outside the scheme; the
 * build cache; and everything any of those needs (an index's platform
 * manifests, signatures, attestations). Removed: the other version tags,
 * untagged where their digest is shared, deleted with their attachments and
 * platform manifests where it is not; and superseded digests past their
 * grace period. Nothing a kept tag needs is ever in `actions`.
 */
function planRepository(inventory, policy, state, now) {
    const plan = {
        repository: `${inventory.host}/${inventory.repository}`,
        kept: new Map(),
        removed: new Map(),
        protected: [],
        actions: [],
        keptDigests: new Set(),
        next: { tags: {}, superseded: [], pending: [] },
    };
    const keptTags = new Set();
    for (const [stream, tags] of streams(inventory)) {
        const keep = policy.retired ? [] : tags.filter((t, i) => i < policy.keep || policy.listed.has(t.tag)).map((t) => t.tag);
        plan.kept.set(stream, keep);
        plan.removed.set(stream, tags.map((t) => t.tag).filter((t) => !keep.includes(t)));
        for (const tag of keep)
            keptTags.add(tag);
    }
    for (const [tag, { kind }] of inventory.tags) {
        if (kind.kind === 'foreign') {
            keptTags.add(tag);
            plan.protected.push({ what: `:${tag}`, why: 'not a version of the tag scheme' });
        }
        else if (kind.kind === 'cache' || kind.kind === 'state') {
            keptTags.add(tag);
            plan.protected.push({ what: `:${tag}`, why: kind.kind === 'cache' ? 'the build cache' : "retention's own record" });
        }
    }
    for (const tag of keptTags)
        closure(inventory, inventory.tags.get(tag)?.digest ?? '', plan.keptDigests);
    // A signature or attestation of anything kept is kept too: closure() follows attachments.
    const removedTags = new Set([...plan.removed.values()].flat());
    const rooted = new Set();
    for (const tag of removedTags) {
        const digest = inventory.tags.get(tag)?.digest ?? '';
        if (plan.keptDigests.has(digest)) {
            const sharer = [...keptTags].find((t) => inventory.tags.get(t)?.digest === digest) ?? 'a kept image';
            if (policy.canUntag === 'unknown') {
                plan.actions.push({
                    action: 'untag',
                    tag,
                    digest,
                    why: `${tag} is not kept; its digest stays for :${sharer} (where the registry can delete a single tag)`,
                });
            }
            else if (policy.canUntag)
                plan.actions.push({ action: 'untag', tag, digest, why: `${tag} is not kept; its digest stays for :${sharer}` });
            else
                plan.protected.push({
                    what: `:${tag}`,
                    why: `shares ${plan_short(digest)} with :${sharer}, and this registry cannot delete a single tag`,
                });
            continue;
        }
        if (!rooted.has(digest)) {
            rooted.add(digest);
            removeWithAttachments(inventory, digest, `${tag} is past keep ${policy.keep}${policy.retired ? ' (deprecated and past remove-after)' : ''}`, plan);
        }
    }
    // Superseded digests: remembered from earlier runs, plus tags a rebuild moved since the last one.
    const superseded = [...state.superseded];
    for (const [tag, { digest, kind }] of inventory.tags) {
        const before = state.tags[tag];
        if (kind.kind === 'version' && before !== undefined && before !== digest && !superseded.some((s) => s.digest === before)) {
            superseded.push({ digest: before, tag, since: now.toISOString() });
        }
    }
    for (const entry of superseded) {
        if (plan.keptDigests.has(entry.digest) || !inventory.nodes.has(entry.digest))
            continue;
        const until = new Date(Date.parse(entry.since) + policy.keepSupersededDays * DAY_MS);
        const versionGone = removedTags.has(entry.tag) || !inventory.tags.has(entry.tag);
        if (versionGone || now >= until) {
            if (!rooted.has(entry.digest)) {
                rooted.add(entry.digest);
                const why = versionGone
                    ? `superseded digest of ${entry.tag}, which is removed`
                    : `superseded as :${entry.tag} on ${entry.since.slice(0, 10)}, past the ${policy.keepSupersededDays}-day grace period`;
                removeWithAttachments(inventory, entry.digest, why, plan);
            }
            continue;
        }
        plan.protected.push({
            what: plan_short(entry.digest),
            why: `superseded as :${entry.tag} on ${entry.since.slice(0, 10)}; kept until ${until.toISOString().slice(0, 10)} (keep-superseded ${policy.keepSupersededDays} days)`,
        });
        plan.next.superseded.push(entry);
    }
    // Removals an earlier run planned but did not finish, unless something kept now needs them.
    const planned = new Set(plan.actions.map(actionKey));
    for (const action of state.pending) {
        if (planned.has(actionKey(action)))
            continue;
        if (action.action === 'delete' && plan.keptDigests.has(action.digest))
            continue;
        if (action.action === 'untag' && keptTags.has(action.tag))
            continue;
        plan.actions.push({ ...action, why: `${action.why} (left by an earlier run)` });
    }
    for (const tag of inventory.unaccounted)
        plan.protected.push({ what: `:${tag}`, why: 'attached to a digest nothing here names; not removed' });
    for (const tag of keptTags) {
        const entry = inventory.tags.get(tag);
        if (entry?.kind.kind === 'version')
            plan.next.tags[tag] = entry.digest;
    }
    return plan;
}
function actionKey(action) {
    return action.action === 'delete' ? `delete ${action.digest}` : `untag ${action.tag}`;
}
/** Version tags by stream, newest first. */
function streams(inventory) {
    const byStream = new Map();
    for (const [tag, { kind }] of inventory.tags) {
        if (kind.kind !== 'version')
            continue;
        byStream.set(kind.stream, [...(byStream.get(kind.stream) ?? []), { tag, kind }]);
    }
    for (const tags of byStream.values()) {
        tags.sort((a, b) => (0,packages_tags/* compareVersions */.Zy)(b.kind.version, a.kind.version) || (0,packages_tags/* compareVersions */.Zy)(b.kind.variantVersion, a.kind.variantVersion));
    }
    return byStream;
}
/** A digest and everything it needs: its platform manifests and its attachments, transitively. */
function closure(inventory, digest, into) {
    if (digest === '' || into.has(digest))
        return;
    into.add(digest);
    const node = inventory.nodes.get(digest);
    if (!node)
        return;
    for (const next of [...node.children, ...node.attachments])
        closure(inventory, next, into);
}
/**
 * The removal of one digest, in an order that never leaves a kept thing
 * broken: its attachments first (so no signature outlives its subject in the
 * registry's view), then the digest, then its platform manifests. Anything a
 * kept tag needs is skipped.
 */
function removeWithAttachments(inventory, digest, why, plan) {
    const seen = new Set();
    const walk = (current, reason) => {
        if (seen.has(current) || plan.keptDigests.has(current))
            return;
        seen.add(current);
        const node = inventory.nodes.get(current);
        for (const attachment of node?.attachments ?? [])
            walk(attachment, `attached to ${plan_short(current)}`);
        if (node)
            plan.actions.push({ action: 'delete', digest: current, why: reason });
        for (const child of node?.children ?? []) {
            if (plan.keptDigests.has(child))
                plan.protected.push({ what: plan_short(child), why: `a platform manifest of ${plan_short(current)} that a kept image shares` });
            else
                walk(child, `a platform manifest of ${plan_short(current)}`);
        }
    };
    walk(digest, why);
}
function plan_short(digest) {
    return digest.replace(/^sha256:/, '').slice(0, 12);
}

;// CONCATENATED MODULE: ./build/packages/retention/state.js



/**
 * Retention's record of a repository lives in the repository itself, as a
 * small OCI artifact under its own tag: which digest each version tag named
 * at the last run (so a moved tag is seen as superseding its old digest, and
 * the grace period counts from then), the superseded digests still in their
 * grace period, and the removals a run planned but did not finish. Only
 * retention writes it, one run at a time per repository.
 */
const STATE_MEDIA_TYPE = 'application/vnd.image-actions.retention.v1+json';
const EMPTY_CONFIG = Buffer.from('{}');
const EMPTY_CONFIG_TYPE = 'application/vnd.oci.empty.v1+json';
const MANIFEST_TYPE = 'application/vnd.oci.image.manifest.v1+json';
async function readState(client, host, repository) {
    const manifest = await client.findManifest(host, repository, STATE_TAG);
    if (manifest === undefined)
        return { state: structuredClone(EMPTY_STATE) };
    const parsed = JSON.parse(manifest.body.toString('utf8'));
    const layer = parsed.layers?.find((l) => l.mediaType === STATE_MEDIA_TYPE);
    if (parsed.artifactType !== STATE_MEDIA_TYPE || layer === undefined) {
        throw new Error(`${host}/${repository}:${STATE_TAG} is not retention's record (artifact type ${parsed.artifactType ?? 'none'}); move that tag away first`);
    }
    const state = JSON.parse((await client.blob(host, repository, layer.digest)).toString('utf8'));
    if (state.schema !== 1)
        throw new Error(`${host}/${repository}:${STATE_TAG} has schema ${String(state.schema)}; this release reads schema 1`);
    return {
        state: { tags: state.tags ?? {}, superseded: state.superseded ?? [], pending: (state.pending ?? []) },
        digest: manifest.digest,
    };
}
/** Writes the record under its tag, then deletes the record it replaces (which no tag names any more). */
async function writeState(client, host, repository, state, previous) {
    const body = Buffer.from(`${JSON.stringify({ schema: 1, ...state }, null, 2)}\n`);
    await client.putBlob(host, repository, EMPTY_CONFIG);
    const layer = await client.putBlob(host, repository, body);
    const manifest = Buffer.from(JSON.stringify({
        schemaVersion: 2,
        mediaType: MANIFEST_TYPE,
        artifactType: STATE_MEDIA_TYPE,
        config: { mediaType: EMPTY_CONFIG_TYPE, digest: (0,registry/* sha256 */.sc)(EMPTY_CONFIG), size: EMPTY_CONFIG.length },
        layers: [{ mediaType: STATE_MEDIA_TYPE, digest: layer, size: body.length }],
        annotations: { 'org.opencontainers.image.title': 'image-actions retention record' },
    }));
    await client.putManifest(host, repository, STATE_TAG, MANIFEST_TYPE, manifest);
    const digest = (0,registry/* sha256 */.sc)(manifest);
    if (previous !== undefined && previous !== digest)
        await client.deleteManifest(host, repository, previous).catch(() => false);
    return digest;
}

;// CONCATENATED MODULE: ./build/packages/retention/retain.js





/**
 * Deletes through the distribution API, with the project's one registry
 * client. Whether the registry removes single tags is asked once per host:
 * deleting a tag that does not exist answers 404 where the API exists, and
 * 400 or 405 where it does not (distribution 2.x).
 */
function registryDeleter(client) {
    const answers = new Map();
    return {
        canUntag: (repository) => {
            let answer = answers.get(repository.host);
            if (!answer) {
                // A registry that refuses the probe itself (a read-only login) is taken not to remove single tags.
                answer = client
                    .deleteTag(repository.host, repository.path, 'image-actions-tag-deletion-probe')
                    .then((r) => r !== 'unsupported')
                    .catch(() => false);
                answers.set(repository.host, answer);
            }
            return answer;
        },
        deleteManifest: (repository, digest) => client.deleteManifest(repository.host, repository.path, digest),
        untag: (repository, tag) => client.deleteTag(repository.host, repository.path, tag),
    };
}
/** Each host's own way of deleting, as `pick` chooses it for the host. */
function deleterByHost(pick) {
    return {
        canUntag: async (repository) => pick(repository.host).canUntag(repository),
        deleteManifest: async (repository, digest) => pick(repository.host).deleteManifest(repository, digest),
        untag: async (repository, tag) => pick(repository.host).untag(repository, tag),
    };
}
/**
 * Retention for a whole catalog, one repository at a time (each image and
 * its debug twin): read the whole graph and retention's record, plan, print
 * the plan in full, and then (unless a dry run) write the plan into the
 * record as pending before deleting anything, delete, clear the record, and
 * read back and verify every kept version tag. A repository whose graph
 * cannot be read whole fails the run before anything anywhere is deleted.
 */
async function retainVersions(options) {
    const scheme = (0,packages_plan/* catalogScheme */.Jx)(options.catalog, options.tagTemplate !== undefined ? { tagTemplate: options.tagTemplate } : {});
    const { registry: host, base } = (0,packages_plan/* catalogBase */.Tp)(options.catalog, options.registry !== undefined ? { registry: options.registry } : {});
    const path = base.slice(host.length + 1);
    const today = options.now.toISOString().slice(0, 10);
    const prepared = [];
    for (const image of options.catalog.images) {
        const mirrors = options.includeMirrors ? (options.mirrors ?? image.mirrors ?? []) : [];
        for (const application of image.debug ? [image.name, (0,model/* debugApplication */.Cj)(image.name)] : [image.name]) {
            for (const place of [{ host, path }, ...mirrors.map((m) => ({ host: m.registry, path: m.repository }))]) {
                prepared.push(await prepare(options, { image, application, host: place.host, repository: `${place.path}/${application}`, scheme, today }));
            }
        }
    }
    const known = new Set(prepared.filter((p) => p.host === host).map((p) => p.repository));
    const listed = await options.client.repositories(host, `${path}/`).catch(() => undefined);
    const unlisted = listed?.filter((name) => !known.has(name) && !name.slice(path.length + 1).includes('/'));
    for (const { plan } of prepared)
        printPlan(options.log, plan);
    for (const name of unlisted ?? []) {
        options.log.warning(`${host}/${name} is not in the catalog any more; retention removes nothing from it. To remove an image, mark it 'deprecated' with a 'remove-after' date instead of deleting it from the catalog.`);
    }
    const result = { plans: prepared.map((p) => p.plan), unlisted, done: [], verified: [] };
    if (options.dryRun) {
        options.log.info('retain-versions: dry run; nothing removed');
        return result;
    }
    for (const { host, repository, plan, stored } of prepared) {
        if (plan.actions.length === 0 && sameState(stored.state, plan.next))
            continue;
        const target = { host, path: repository };
        // The plan goes into the record first: a run that stops halfway is finished by the next one.
        const journal = await writeState(options.client, host, repository, { ...plan.next, pending: plan.actions }, stored.digest);
        for (const action of plan.actions) {
            if (action.action === 'delete')
                await options.deleter.deleteManifest(target, action.digest);
            else if ((await options.deleter.untag(target, action.tag)) === 'unsupported') {
                throw new Error(`${host}/${repository}: the registry refused to delete the single tag ${action.tag}`);
            }
            result.done.push(action);
            options.log.info(`removed ${describe(action, `${host}/${repository}`)}`);
        }
        await writeState(options.client, host, repository, plan.next, journal);
    }
    for (const { host, repository, plan } of prepared) {
        for (const tag of [...plan.kept.values()].flat()) {
            const found = await options.client.findManifest(host, repository, tag);
            if (found === undefined)
                throw new Error(`${host}/${repository}:${tag} is kept but no longer resolves after the removals`);
            await options.verify(`${host}/${repository}@${found.digest}`);
            result.verified.push(`${host}/${repository}:${tag}`);
        }
    }
    return result;
}
/** One repository read whole and planned: nothing is deleted anywhere until every one is. */
async function prepare(options, place) {
    const { image, application, host, repository, scheme } = place;
    const stored = await readState(options.client, host, repository);
    const extra = [
        ...stored.state.superseded.map((s) => s.digest),
        ...Object.values(stored.state.tags),
        ...stored.state.pending.flatMap((a) => (a.action === 'delete' ? [a.digest] : [])),
    ];
    const inventory = await readInventory(options.client, host, repository, scheme, extra);
    const plan = planRepository(inventory, {
        keep: image.keep,
        listed: listedTags(image, application, scheme),
        retired: (0,packages_plan/* isRetired */.aZ)(image, place.today),
        keepSupersededDays: image.keepSuperseded,
        // A dry run sends the registry nothing but reads, not even the harmless probe.
        canUntag: options.dryRun ? 'unknown' : await options.deleter.canUntag({ host, path: repository }),
    }, stored.state, options.now);
    return { host, repository, plan, stored };
}
/** The tags of the versions the catalog lists for this application (its debug twin has the same ones). */
function listedTags(image, application, scheme) {
    const tags = new Set();
    for (const { version, variant } of (0,model/* listedBuilds */.fT)(image))
        tags.add(scheme.formatTag({ ...(0,packages_plan/* tagFields */.E)(image, version, variant), application }));
    return tags;
}
function sameState(a, b) {
    return JSON.stringify(a) === JSON.stringify(b);
}
function printPlan(log, plan) {
    const kept = [...plan.kept.values()].flat();
    const removed = [...plan.removed.values()].flat();
    log.info(`${plan.repository}: keeps ${kept.join(', ') || 'no version'}; removes ${removed.join(', ') || 'no version'}`);
    for (const action of plan.actions)
        log.info(`  plan: ${describe(action, plan.repository)}`);
    for (const item of plan.protected)
        log.info(`  protected: ${item.what}: ${item.why}`);
}
function describe(action, repository) {
    return action.action === 'delete'
        ? `${repository}@${plan_short(action.digest)} (${action.why})`
        : `${repository}:${action.tag}, leaving ${plan_short(action.digest)} (${action.why})`;
}

;// CONCATENATED MODULE: ./build/packages/retention/ghcr.js



/**
 * ghcr.io's Packages API there (the API client made on first use, from
 * `github`), the distribution API everywhere else. Without `github` a
 * ghcr.io repository is refused, and before anything is deleted anywhere:
 * retainVersions asks every repository's canUntag while it plans.
 */
function hostDeleter(client, github) {
    const registry = registryDeleter(client);
    let ghcr;
    return deleterByHost((host) => {
        if (host !== 'ghcr.io')
            return registry;
        if (github === undefined) {
            throw new errors/* UserError */.yo({
                message: "ghcr.io deletes only through the GitHub Packages API, and input 'github-token' is empty.",
                hint: "Leave 'github-token' at its default (github.token), and give the job 'permissions: { packages: write }'.",
            });
        }
        ghcr ??= ghcrDeleter(github());
        return ghcr;
    });
}
/**
 * Deletes on ghcr.io, which removes nothing through the registry API: a
 * manifest is a package version (`ghcr.io/<owner>/<package>`, the package
 * named by the rest of the path, `curated-images/velero`), deleted by its id
 * through the GitHub Packages API. A version is a digest with every tag
 * naming it, so a single tag cannot be removed (`canUntag` is false: a
 * shared digest keeps even its removed tag). The versions of a package are
 * listed once per run, and whether the owner is an organisation or a user is
 * learned from which listing answers.
 */
function ghcrDeleter(client) {
    const api = Promise.resolve(client);
    const listings = new Map();
    const listing = (path) => {
        let found = listings.get(path);
        if (!found) {
            found = api.then((a) => listVersions(a, path));
            listings.set(path, found);
        }
        return found;
    };
    return {
        canUntag: async () => false,
        async deleteManifest(repository, digest) {
            const { owner, name, versions } = await listing(repository.path);
            const version = versions.find((v) => v.digest === digest);
            if (version === undefined)
                return false;
            await (0,github/* deletePackageVersion */.AW)(await api, owner, name, version.id);
            versions.splice(versions.indexOf(version), 1);
            return true;
        },
        untag: async () => 'unsupported',
    };
}
/** `example-org/curated-images/velero` -> the owner `example-org` and the package `curated-images/velero`. */
function packageOf(path) {
    const slash = path.indexOf('/');
    if (slash <= 0 || slash === path.length - 1)
        throw new Error(`ghcr.io/${path} names no package under an owner`);
    return { owner: path.slice(0, slash), name: path.slice(slash + 1) };
}
async function listVersions(api, path) {
    const { owner, name } = packageOf(path);
    return { name, ...(await (0,github/* findPackageVersions */.x1)(api, owner, name)) };
}

// EXTERNAL MODULE: ./build/packages/logging/index.js + 1 modules
var logging = __webpack_require__(4603);
;// CONCATENATED MODULE: ./build/packages/retention/summary.js


/**
 * The job summary of a retention run: per stream what is kept and removed,
 * what was protected and why, and the removals in order (the whole plan in a
 * dry run, what was done otherwise).
 */
function retentionMarkdown(result, dryRun) {
    const lines = [];
    lines.push(dryRun ? '**Dry run**: the plan below was computed; nothing was removed.' : '');
    lines.push('', '| Repository | Stream | Kept | Removed |', '| --- | --- | --- | --- |');
    for (const plan of result.plans) {
        for (const [stream, kept] of plan.kept) {
            const removed = plan.removed.get(stream) ?? [];
            lines.push(`| \`${plan.repository}\` | ${stream || '(no variant)'} | ${code(kept)} | ${code(removed)} |`);
        }
        if (plan.kept.size === 0)
            lines.push(`| \`${plan.repository}\` | - | no version | - |`);
    }
    const actions = result.plans.flatMap((plan) => plan.actions.map((action) => ({ plan, action })));
    if (actions.length > 0) {
        lines.push('', dryRun ? '### Removals planned' : '### Removed', '', '| Repository | What | Why |', '| --- | --- | --- |');
        for (const { plan, action } of actions) {
            const what = action.action === 'delete' ? `\`@${plan_short(action.digest)}\`` : `\`:${action.tag}\` (untagged; \`${plan_short(action.digest)}\` stays)`;
            lines.push(`| \`${plan.repository}\` | ${what} | ${(0,logging/* tableCell */.xR)(action.why)} |`);
        }
    }
    const protectedRows = result.plans.flatMap((plan) => plan.protected.map((p) => ({ plan, p })));
    if (protectedRows.length > 0) {
        lines.push('', '### Protected', '', '| Repository | What | Why |', '| --- | --- | --- |');
        for (const { plan, p } of protectedRows)
            lines.push(`| \`${plan.repository}\` | \`${p.what}\` | ${(0,logging/* tableCell */.xR)(p.why)} |`);
    }
    if (result.unlisted && result.unlisted.length > 0) {
        lines.push('', `> [!NOTE]\n> Not in the catalog any more, so nothing was removed from them: ${result.unlisted.map((r) => `\`${r}\``).join(', ')}. To remove an image, mark it \`deprecated\` with a \`remove-after\` date.`);
    }
    if (!dryRun && result.verified.length > 0)
        lines.push('', `Every kept tag (${result.verified.length}) still resolves and its signature verifies.`);
    return `${lines.join('\n').trim()}\n`;
}
function code(tags) {
    return tags.length === 0 ? '-' : tags.map((t) => `\`${t}\``).join(', ');
}
/** The action's outputs: counts, and the plan of every repository (kept, removed, what was done, what is protected). */
function retentionOutputs(result) {
    return {
        removed: result.done.length,
        kept: result.plans.reduce((n, p) => n + [...p.kept.values()].flat().length, 0),
        protected: result.plans.reduce((n, p) => n + p.protected.length, 0),
        plan: result.plans.map((p) => ({
            repository: p.repository,
            kept: Object.fromEntries(p.kept),
            removed: Object.fromEntries(p.removed),
            actions: p.actions,
            protected: p.protected,
        })),
    };
}

;// CONCATENATED MODULE: ./build/packages/retention/index.js







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
;// CONCATENATED MODULE: ./build/actions/retain-versions/src/spec.js

const spec_spec = (0,spec/* defineAction */.Q)({
    name: 'retain-versions',
    inputs: [
        'catalog',
        'registry',
        'tag-template',
        'dry-run',
        'include-mirrors',
        'mirrors',
        'mirror-logins',
        'registry-username',
        'registry-password',
        'public-key',
        'certificate-identity',
        'certificate-identity-regexp',
        'transparency-log',
        'tools-from-path',
        'github-token',
        'github-api-url',
    ],
    outputs: ['removed', 'kept', 'protected', 'plan'],
});

;// CONCATENATED MODULE: ./build/actions/retain-versions/src/main.js
















/**
 * retain-versions: keeps at most `keep` versions per stream of every catalog
 * image in the registry, and removes the rest with their platform manifests,
 * signatures and attestations (see packages/retention). Kept tags are read
 * back and verified with cosign, with the key or identity the publish job
 * verifies with.
 */
async function main() {
    await (0,run_action/* runAction */.C)(spec_spec, async ({ inputs, outputs, log, summary }) => {
        // Every input is read before anything runs: a mistake changes nothing.
        const catalogPath = inputs.string('catalog', { required: true });
        const target = (0,publish_target/* publishTargetInputs */.y)(inputs);
        const dryRun = inputs.boolean('dry-run', false);
        const includeMirrors = inputs.boolean('include-mirrors', true);
        const mirrorLogins = (0,registry/* parseRegistryLogins */.$n)(inputs.secret('mirror-logins'), 'mirror-logins', log);
        const login = (0,registry_login/* registryLoginInput */.z)(inputs, log);
        const signatures = (0,identity/* publishedSignatureInputs */.u)(inputs, process.env, { pinRuns: !dryRun });
        const fromPath = inputs.boolean('tools-from-path', false);
        const github = (0,_common_github/* githubApiInputs */.NF)(inputs, log);
        const workspace = (0,_common_workspace/* workspaceRoot */.oS)();
        const catalog = await (0,packages_catalog/* loadCatalog */.ak)((0,_common_workspace/* catalogArgument */.Nf)(workspace, catalogPath));
        const host = target.registry ?? catalog.registry;
        const runner = new packages_process/* ExecRunner */.iN();
        const explicit = login !== undefined ? { registry: host, ...login } : undefined;
        const credentials = (0,registry/* actionCredentials */.F9)(explicit, { runner, env: process.env, log }, mirrorLogins);
        const client = new registry/* RegistryClient */.bP({ credentials, log });
        const workDir = (0,external_node_fs_.mkdtempSync)((0,external_node_path_.join)((0,_common_workspace/* runnerTemp */.X5)(), 'retain-versions-'));
        // cosign reads docker's config: one of the step's own, with the logins the registry client uses for each host
        // verified at (a mirror's from 'mirror-logins'), not whatever the machine's config happens to hold.
        const dockerConfig = (0,external_node_path_.join)(workDir, 'docker');
        const verifier = (0,packages_process/* withEnvironment */.Ec)(runner, { DOCKER_CONFIG: dockerConfig });
        const held = new Set();
        try {
            const tools = dryRun
                ? undefined
                : await (0,_common_tools/* installedTools */.O)(fromPath, runner, log, workDir, { trivy: false, cosign: true, regctl: false });
            const result = await retainVersions({
                catalog,
                ...target,
                client,
                // ghcr.io deletes only through the GitHub Packages API.
                deleter: hostDeleter(client, github),
                dryRun,
                includeMirrors,
                now: new Date(),
                log,
                verify: async (image) => {
                    const at = (0,oci/* parseReference */.F2)(image, 'image').registry;
                    if (!held.has(at)) {
                        held.add(at);
                        await (0,registry/* writeDockerConfig */._D)(dockerConfig, [...held], credentials);
                    }
                    await (0,cosign/* verifySignature */.Od)(verifier, log, {
                        ...signatures,
                        cosign: tools?.cosign?.path ?? 'cosign',
                        image,
                        workDir,
                        env: process.env,
                    });
                },
            });
            const written = retentionOutputs(result);
            for (const name of ['removed', 'kept', 'protected', 'plan'])
                outputs.set(name, written[name]);
            summary.addHeading('Retention', 2).addRaw(retentionMarkdown(result, dryRun), true);
        }
        finally {
            (0,external_node_fs_.rmSync)(workDir, { recursive: true, force: true });
        }
    });
}


/***/ })

};
