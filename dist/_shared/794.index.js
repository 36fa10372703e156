export const id = 794;
export const ids = [794];
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

/***/ 5794:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  main: () => (/* binding */ main)
});

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./build/packages/catalog/index.js + 8 modules
var packages_catalog = __webpack_require__(2639);
// EXTERNAL MODULE: ./build/packages/cosign/index.js + 11 modules
var packages_cosign = __webpack_require__(9974);
// EXTERNAL MODULE: ./build/packages/errors/index.js + 1 modules
var errors = __webpack_require__(2495);
// EXTERNAL MODULE: ./build/packages/process/index.js + 3 modules
var packages_process = __webpack_require__(3927);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: ./build/packages/github/index.js + 7 modules
var github = __webpack_require__(9010);
// EXTERNAL MODULE: ./build/packages/rescan/model.js
var model = __webpack_require__(7628);
;// CONCATENATED MODULE: ./build/packages/rescan/issues.js




/** The label every rescan issue carries; the rescan lists its issues by it and finds each by its marker. */
const DEFAULT_ISSUE_LABEL = 'image-rescan';
function readIssueState(state) {
    if (typeof state !== 'object' || state === null || state.v !== 1)
        return undefined;
    const tags = state.tags;
    if (typeof tags !== 'object' || tags === null)
        return undefined;
    return state;
}
/**
 * What the image's issue should say now: open while a tag fails its gate or
 * does not verify, with the owners mentioned (GitHub users and teams) or
 * named (e-mail), the findings, digests, tags and the run; a comment only
 * for what changed since the last run; closed, with a comment, once every
 * tag passes. Undefined for an image that could not be checked: its issue
 * is left as it is, since nothing was learned.
 */
function wantedIssue(image, known, context) {
    if (image.status === 'error')
        return undefined;
    const previous = readIssueState(known?.state);
    const open = image.status === 'fail';
    const state = { v: 1, tags: {} };
    for (const tag of image.tags) {
        state.tags[tag.tag] = { ...(tag.digest ? { digest: tag.digest } : {}), status: tag.status, blocking: tag.blocking.map(model/* findingKey */.fl) };
    }
    const requested = context.rebuild?.images.includes(image.application) ? context.rebuild : undefined;
    const rebuildDigests = Object.fromEntries(image.tags.filter((t) => t.status === 'findings' && t.fixable && t.digest).map((t) => [t.tag, t.digest ?? '']));
    if (open && previous?.rebuild && sameDigests(previous.rebuild.digests, rebuildDigests)) {
        state.rebuild = previous.rebuild;
    }
    else if (open && requested) {
        state.rebuild = {
            requestedAt: requested.requestedAt,
            ...(requested.run?.htmlUrl ? { url: requested.run.htmlUrl } : {}),
            digests: rebuildDigests,
        };
    }
    else if (open && previous?.rebuild) {
        state.rebuild = previous.rebuild;
    }
    const runLink = context.result.run ? `[this run](${context.result.run.url})` : 'this run';
    const changes = known ? changeLines(image, previous) : [];
    if (state.rebuild && state.rebuild !== previous?.rebuild && known) {
        changes.push(`- A rebuild was requested${state.rebuild.url ? `: [the rebuild run](${state.rebuild.url})` : ''}.`);
    }
    let comment;
    if (known && !open && known.issue.state === 'open') {
        comment = [
            `Clean again in ${runLink}: every published tag of **${image.application}** passes its gate.`,
            '',
            ...closingLines(image, previous),
        ]
            .join('\n')
            .trimEnd();
    }
    else if (known && open && known.issue.state === 'closed') {
        comment = [`Failing again in ${runLink}.`, '', ...(changes.length > 0 ? changes : failingLines(image))].join('\n');
    }
    else if (known && open && changes.length > 0) {
        comment = [`What changed in ${runLink}:`, '', ...changes].join('\n');
    }
    return {
        key: image.key,
        open,
        title: title(image),
        body: body(image, state, context),
        state,
        ...(comment !== undefined ? { comment } : {}),
    };
}
function sameDigests(a, b) {
    const keys = Object.keys(b);
    return keys.length > 0 && keys.every((k) => a[k] === b[k]);
}
function title(image) {
    if (image.tags.some((t) => t.status === 'tampered'))
        return `Rescan: ${image.application} has a published tag that does not verify`;
    return `Rescan: ${image.application} fails its vulnerability gate`;
}
function body(image, state, context) {
    const { result } = context;
    const gate = `${result.policy.threshold} or above${result.policy.ignoreUnfixed ? ', with a fix available' : ''}`;
    const failing = image.tags.filter((t) => t.status !== 'clean');
    const lines = [
        image.status === 'fail'
            ? `**${image.application}**: ${failing.length} of ${image.tags.length} published tag${image.tags.length === 1 ? '' : 's'} fail${failing.length === 1 ? 's' : ''} the rescan.`
            : `**${image.application}**: every published tag passes the rescan.`,
        '',
        (0,github/* ownersLine */.V5)(image.owners),
        `Rescanned ${result.finishedAt.slice(0, 16).replace('T', ' ')} UTC in ${result.run ? `[run ${result.run.id}](${result.run.url})` : 'a local run'}, with the build's gate (${gate}) and ignore file, trivy ${result.trivyVersion}.`,
        '',
        '| tag | digest | result |',
        '|---|---|---|',
        ...image.tags.map((t) => `| \`${t.tag}\` | ${t.digest ? `\`${t.digest}\`` : ''} | ${cell(t.reason)} |`),
        '',
    ];
    const findings = findingsByKey(image.tags);
    if (findings.size > 0) {
        lines.push(`#### Findings at the gate`, '', '| id | severity | package | installed | fixed in | tags |', '|---|---|---|---|---|---|');
        for (const { finding, tags } of findings.values()) {
            const id = finding.url ? `[${cell(finding.id)}](${finding.url})` : cell(finding.id);
            lines.push(`| ${id} | ${finding.severity} | ${cell(finding.pkg)} | ${cell(finding.installedVersion)} | ${cell(finding.fixedVersion ?? 'no fix yet')} | ${tags.map((t) => `\`${tagPart(t)}\``).join(', ')} |`);
        }
        lines.push('');
    }
    const tampered = image.tags.filter((t) => t.status === 'tampered');
    if (tampered.length > 0) {
        lines.push('#### Tampered', '', 'These tags name a digest with no signature from the publisher. The rescan changes nothing: find out who moved the tag, then publish the image again through the nightly (its publish job puts the tag back on a verified digest).', '', ...tampered.map((t) => `- \`${t.tag}\` -> \`${t.digest ?? ''}\``), '');
    }
    if (state.rebuild) {
        lines.push('#### Rebuild', '', `A rebuild was requested on ${state.rebuild.requestedAt.slice(0, 10)}${state.rebuild.url ? ` ([run](${state.rebuild.url}))` : ''} for the digests above with a fix available; the next rescan says whether it fixed them.`, '');
    }
    else if (image.rebuild) {
        lines.push('#### Rebuild', '', 'A fix is available, but no rebuild was requested by this run (the rebuild job did not run or failed).', '');
    }
    lines.push(`<sub>Kept by the scheduled rescan: it finds this issue by a hidden marker and the \`${DEFAULT_ISSUE_LABEL}\` label, comments when something changes, and closes it when every tag passes.</sub>`);
    return lines.join('\n');
}
/** What changed since the last run, tag by tag. */
function changeLines(image, previous) {
    const lines = [];
    for (const tag of image.tags) {
        const before = previous?.tags[tag.tag];
        const name = `\`${tag.tag}\``;
        if (!before) {
            if (tag.status !== 'clean')
                lines.push(`- ${name}: ${tag.reason}`);
            continue;
        }
        if (before.digest !== tag.digest) {
            lines.push(`- ${name} ${digestMove(tag, before.digest, previous?.rebuild)}`);
            continue;
        }
        const now = new Set(tag.blocking.map(model/* findingKey */.fl));
        const was = new Set(before.blocking);
        const added = tag.blocking.filter((f) => !was.has((0,model/* findingKey */.fl)(f)));
        const gone = before.blocking.filter((k) => !now.has(k));
        if (added.length > 0)
            lines.push(`- ${name}: new at the gate: ${added.map(describe).join('; ')}`);
        if (gone.length > 0)
            lines.push(`- ${name}: no longer at the gate: ${gone.join('; ')}`);
        if (before.status !== tag.status && added.length === 0 && gone.length === 0)
            lines.push(`- ${name}: ${tag.reason}`);
    }
    for (const [tag, before] of Object.entries(previous?.tags ?? {})) {
        if (!image.tags.some((t) => t.tag === tag) && before.status !== 'clean')
            lines.push(`- \`${tag}\` is no longer published.`);
    }
    return lines;
}
/** A tag that names another digest than last time: after a requested rebuild, whether it fixed it. */
function digestMove(tag, was, rebuild) {
    const now = `\`${tag.digest ?? 'nothing'}\``;
    const rebuilt = rebuild !== undefined && was !== undefined && rebuild.digests[tag.tag] === was;
    if (tag.status === 'tampered')
        return `now names ${now}, which does not verify: tampered.`;
    if (rebuilt) {
        return tag.status === 'clean'
            ? `was rebuilt as ${now}: **the rebuild fixed it**.`
            : `was rebuilt as ${now}, but **the rebuild did not fix it**: ${tag.reason}`;
    }
    return `now names ${now} (was \`${was ?? 'nothing'}\`): ${tag.reason}`;
}
function closingLines(image, previous) {
    const lines = changeLines(image, previous);
    const rebuilt = previous?.rebuild
        ? Object.entries(previous.rebuild.digests).some(([tag, digest]) => image.tags.some((t) => t.tag === tag && t.digest !== digest))
        : false;
    if (previous?.rebuild) {
        lines.push('', rebuilt
            ? 'The rebuild fixed it.'
            : 'The rebuild was not needed in the end: the digests are the same, and the findings are gone from the vulnerability DB or are now ignored.');
    }
    else if (lines.length === 0) {
        lines.push('The findings are gone from the vulnerability DB, or are now ignored.');
    }
    return lines;
}
function failingLines(image) {
    return image.tags.filter((t) => t.status !== 'clean').map((t) => `- \`${t.tag}\`: ${t.reason}`);
}
function findingsByKey(tags) {
    const found = new Map();
    for (const tag of tags) {
        for (const finding of tag.blocking) {
            const key = (0,model/* findingKey */.fl)(finding);
            const entry = found.get(key) ?? { finding, tags: [] };
            entry.tags.push(tag.tag);
            found.set(key, entry);
        }
    }
    return found;
}
function describe(finding) {
    return `${finding.id} (${finding.severity}, ${finding.pkg} ${finding.installedVersion}${finding.fixedVersion ? `, fixed in ${finding.fixedVersion}` : ''})`;
}
function tagPart(tag) {
    return tag.slice(tag.lastIndexOf(':') + 1);
}
function cell(text) {
    return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}
/** Every image's issue brought up to date; images that could not be checked are left alone, and said so. */
async function syncRescanIssues(issues, label, context, log) {
    const known = await (0,github/* findOwnerIssues */.xM)(issues, label, log);
    const reports = [];
    for (const image of context.result.images) {
        const wanted = wantedIssue(image, known.get(image.key), context);
        if (!wanted) {
            log.warning(`${image.application}: not every tag could be checked; its issue is left as it is.`);
            continue;
        }
        const outcome = await (0,github/* syncOwnerIssue */.kP)(issues, label, known.get(image.key), wanted);
        if (outcome.action !== 'none' && outcome.action !== 'unchanged') {
            log.info(`${image.application}: issue #${outcome.number ?? '?'} ${outcome.action}${outcome.url ? ` (${outcome.url})` : ''}`);
        }
        reports.push({ application: image.application, outcome });
    }
    return reports;
}
const ISSUES_FILE = 'rescan-issues.json';
async function writeIssueReports(dir, repository, reports) {
    const file = (0,external_node_path_.join)(dir, ISSUES_FILE);
    await (0,promises_.writeFile)(file, `${JSON.stringify({ repository, issues: reports }, null, 2)}\n`);
    return file;
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: ./build/packages/plan/index.js + 15 modules
var plan = __webpack_require__(437);
// EXTERNAL MODULE: ./build/packages/registry/index.js + 6 modules
var packages_registry = __webpack_require__(1834);
// EXTERNAL MODULE: ./build/packages/retry/index.js + 2 modules
var retry = __webpack_require__(5227);
;// CONCATENATED MODULE: ./build/packages/rescan/summary.js
/** One line per published tag (and per tag that could not be read): what the rescan says about it. */
function tagLines(result) {
    return result.images.flatMap((image) => image.tags.map((tag) => `${tag.tag}: ${tag.reason}`));
}
const STATUS = { clean: 'clean', findings: 'findings', tampered: 'TAMPERED', error: 'not checked' };
/** The job summary: per image, a row per tag, what is new since the last rescan, and what is not published. */
function summaryMarkdown(result) {
    const gate = `${result.policy.threshold} or above${result.policy.ignoreUnfixed ? ' with a fix available' : ''}`;
    const lines = [
        `Gate: fail on ${gate}. Vulnerability DB: ${result.db.source}${result.db.repository ? ` from ${result.db.repository}` : ''}; trivy ${result.trivyVersion}.`,
        '',
        '| image | tag | digest | result | at the gate | new since last rescan | resolved |',
        '|---|---|---|---|---|---|---|',
    ];
    for (const image of result.images) {
        for (const tag of image.tags) {
            lines.push(`| ${summary_cell(image.application)} | \`${summary_cell(summary_tagPart(tag.tag))}\` | ${tag.digest ? `\`${tag.digest.slice(0, 19)}…\`` : ''} | ${STATUS[tag.status]} | ${ids(tag.blocking)} | ${ids(tag.changes?.new ?? [])} | ${ids(tag.changes?.resolved ?? [])} |`);
        }
        if (image.tags.length === 0)
            lines.push(`| ${summary_cell(image.application)} | | | nothing published | | | |`);
    }
    const unpublished = result.images.flatMap((i) => i.unpublished);
    if (unpublished.length > 0)
        lines.push('', `Planned but not published (not rescanned): ${unpublished.map((t) => `\`${t}\``).join(', ')}.`);
    const problems = result.images.flatMap((i) => i.tags.filter((t) => t.status === 'tampered' || t.status === 'error'));
    if (problems.length > 0) {
        lines.push('', '#### Tampered or not checked', '');
        for (const tag of problems)
            lines.push(`- \`${tag.tag}\`: ${summary_cell(tag.reason)}`);
    }
    return `${lines.join('\n')}\n`;
}
/** The images a rebuild may fix: a verified tag with a fixable finding at the gate. */
function imagesToRebuild(result) {
    return result.images.filter((image) => image.rebuild);
}
function ids(findings) {
    return [...new Set(findings.map((f) => f.id))].map(summary_cell).join(', ');
}
function summary_tagPart(tag) {
    return tag.slice(tag.lastIndexOf('/') + 1);
}
function summary_cell(text) {
    return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

;// CONCATENATED MODULE: ./build/packages/rescan/rebuild.js





/**
 * A fixable finding at the gate in a published image is fixed by building it
 * again (the base image's packages move on), through every gate: so the
 * rescan starts the nightly for those images at once, with a
 * workflow_dispatch naming them, rather than waiting for the next night.
 * A tampered tag is never rebuilt from here: someone must look first.
 */
async function requestRebuild(api, result, settings, log) {
    const images = imagesToRebuild(result).map((i) => i.application);
    if (images.length === 0) {
        log.info('No published image has a fixable finding at the gate: nothing to rebuild.');
        return undefined;
    }
    const run = await (0,github/* dispatchWorkflow */["in"])(api, settings.repository, {
        workflow: settings.workflow,
        ref: settings.ref,
        inputs: { images: images.join(',') },
    });
    log.info(`Rebuild of ${images.join(', ')} requested: ${settings.workflow} on ${settings.ref}${run.htmlUrl ? `, ${run.htmlUrl}` : ''}.`);
    return {
        workflow: settings.workflow,
        ref: settings.ref,
        images,
        requestedAt: settings.now.toISOString(),
        ...(Object.keys(run).length > 0 ? { run } : {}),
    };
}
async function writeRebuildRecord(dir, record) {
    const file = (0,external_node_path_.join)(dir, model/* REBUILD_FILE */.t9);
    await (0,promises_.writeFile)(file, `${JSON.stringify(record ?? null, null, 2)}\n`);
    return file;
}

// EXTERNAL MODULE: ./build/packages/trivy/index.js + 13 modules
var packages_trivy = __webpack_require__(1157);
;// CONCATENATED MODULE: ./build/packages/rescan/compare.js

/**
 * What a rescan found that the last rescan of the same digest did not, what
 * it no longer finds, and the findings an ignore entry covered last time but
 * no longer does because the entry expired. With no last rescan, every
 * finding is new.
 */
function compareScans(previous, current) {
    const before = new Map((previous?.findings ?? []).map((f) => [(0,model/* findingKey */.fl)(f), f]));
    const now = new Map(current.findings.map((f) => [(0,model/* findingKey */.fl)(f), f]));
    const ignoredBefore = new Set((previous?.ignored ?? []).map((i) => i.key));
    const expiredIgnores = current.expired
        .filter((e) => previous === undefined || ignoredBefore.has(e.key))
        .flatMap((e) => {
        const finding = now.get(e.key);
        return finding ? [{ ...finding, expired: e.expires ?? '' }] : [];
    });
    return {
        ...(previous ? { since: previous.scannedAt } : {}),
        new: [...now].filter(([key]) => !before.has(key)).map(([, f]) => f),
        resolved: [...before].filter(([key]) => !now.has(key)).map(([, f]) => f),
        expiredIgnores,
    };
}
/** Whether two scans of a digest say the same thing (same findings, same gate, same ignores): nothing new to attest. */
function sameResult(a, b) {
    const keys = (list) => list.map(model/* findingKey */.fl).sort().join('\n');
    const sorted = (list) => [...list].sort().join('\n');
    return (a.verdict === b.verdict &&
        a.policy.threshold === b.policy.threshold &&
        a.policy.ignoreUnfixed === b.policy.ignoreUnfixed &&
        keys(a.findings) === keys(b.findings) &&
        sorted(a.blocking) === sorted(b.blocking) &&
        sorted(a.ignored.map((i) => i.key)) === sorted(b.ignored.map((i) => i.key)) &&
        sorted(a.expired.map((e) => e.key)) === sorted(b.expired.map((e) => e.key)));
}

// EXTERNAL MODULE: ./build/packages/rescan/predicate.js
var predicate = __webpack_require__(5268);
// EXTERNAL MODULE: ./build/packages/oci/index.js + 1 modules
var oci = __webpack_require__(259);
;// CONCATENATED MODULE: ./build/packages/rescan/sarif.js




/**
 * `rescan/<repository path>:<tag>/`: one code-scanning category per image
 * and tag, so the tags of an image show side by side and a tag's alerts
 * close only when that tag's rescan no longer finds them. The registry's
 * host is left out: the same image in a mirror is the same alert.
 */
function rescanCategory(tag) {
    const reference = (0,oci/* parseReference */.F2)(tag, 'tag');
    return `rescan/${reference.repository}:${reference.tag ?? ''}/`.replace(/[^A-Za-z0-9._/:-]/g, '-');
}
/** One SARIF file for an image: a run per published tag and platform whose digest was scanned. */
async function writeImageSarif(dir, application, tags, toolVersion) {
    if (tags.length === 0)
        return undefined;
    await (0,promises_.mkdir)(dir, { recursive: true });
    const file = (0,external_node_path_.join)(dir, `${application}.sarif`);
    const log = (0,packages_trivy/* toSarif */.zv)(tags.flatMap(({ tag, scan }) => scan.platforms.map((platform) => ({
        image: platform.image,
        platform: platform.platform,
        findings: platform.findings,
        verdict: platform.verdict,
        toolVersion,
        // One category per tag and platform: each platform's alerts open and close on their own.
        category: `${rescanCategory(tag)}${platform.platform}/`,
        ...(platform.status === 'unscannable' ? { unscannable: platform.reason } : {}),
    }))));
    await (0,promises_.writeFile)(file, `${JSON.stringify(log, null, 2)}\n`);
    return file;
}

;// CONCATENATED MODULE: ./build/packages/rescan/targets.js


/**
 * For every image and version the catalog lists (its debug twin too), the
 * tags the registry has, each resolved to the digest it names now. A tag
 * the registry does not have is not published, not an error; a repository
 * the registry will not list is one.
 */
async function publishedTargets(catalog, registry, options) {
    const { tags } = (0,plan/* plannedTags */._6)(catalog, options);
    const { base } = (0,plan/* catalogBase */.Tp)(catalog, options);
    const wanted = options.applications && options.applications.length > 0 ? new Set(options.applications) : undefined;
    const existing = new Map();
    const listed = (repository) => {
        let found = existing.get(repository);
        if (!found) {
            const { registry: host, repository: path } = (0,oci/* parseReference */.F2)(repository, 'catalog repository');
            found = registry.tags(host, path).then((list) => new Set(list));
            existing.set(repository, found);
        }
        return found;
    };
    const targets = [];
    for (const image of catalog.images) {
        if (wanted && !wanted.has(image.name))
            continue;
        const target = {
            application: image.name,
            key: `${base}/${image.name}`,
            owners: image.owners,
            published: [],
            unpublished: [],
            unreadable: [],
        };
        const applications = new Set([image.name, ...(image.debug ? [`${image.name}-debug`] : [])]);
        for (const planned of tags.filter((t) => applications.has(t.application))) {
            const reference = (0,oci/* parseReference */.F2)(planned.tag, 'planned tag');
            const repository = (0,oci/* repositoryOf */._M)(reference);
            try {
                if (!(await listed(repository)).has(reference.tag ?? '')) {
                    target.unpublished.push(planned.tag);
                    continue;
                }
                const manifest = await registry.manifest(reference.registry, reference.repository, reference.tag ?? '');
                target.published.push({ tag: planned.tag, repository, digest: manifest.digest });
            }
            catch (error) {
                target.unreadable.push({ tag: planned.tag, repository, reason: error instanceof Error ? error.message : String(error) });
            }
        }
        targets.push(target);
    }
    return targets;
}

;// CONCATENATED MODULE: ./build/packages/rescan/rescan.js











/**
 * Rescans what the catalog's images have published: every planned tag the
 * registry has, resolved to its digest; the digest's signature checked as
 * the publish job checks it (a digest that does not verify is tampered, and
 * left as it is); every verified digest scanned with one vulnerability DB for
 * the whole run, through the build's gate and ignore file; the result
 * compared with the last rescan of the same digest and, when it differs,
 * attested on the digest, where the next rescan reads it.
 */
async function rescan(settings, services) {
    const { log } = services;
    const startedAt = settings.now().toISOString();
    const today = (0,packages_trivy/* utcDate */.HB)(settings.now());
    const targets = await publishedTargets(settings.catalog, services.registry, {
        ...(settings.registry !== undefined ? { registry: settings.registry } : {}),
        ...(settings.tagTemplate !== undefined ? { tagTemplate: settings.tagTemplate } : {}),
        ...(settings.applications !== undefined ? { applications: settings.applications } : {}),
    });
    await (0,promises_.mkdir)(services.tempDir, { recursive: true });
    const work = await (0,promises_.mkdtemp)((0,external_node_path_.join)(services.tempDir, 'rescan-'));
    try {
        // Signatures are checked one after the other, all queued at once, so that
        // cosign works on the next digests while trivy scans the first.
        const verifications = new Map();
        let queue = Promise.resolve();
        const verify = (image) => {
            let found = verifications.get(image);
            if (!found) {
                found = queue.then(() => verifyDigest(settings, services, image, work));
                // Awaited later, by its tag; the queue goes on whatever one check did.
                queue = found.catch(() => undefined);
                verifications.set(image, found);
            }
            return found;
        };
        for (const target of targets)
            for (const tag of target.published)
                void verify(`${tag.repository}@${tag.digest}`);
        const cacheDir = (0,external_node_path_.join)(services.tempDir, 'trivy-cache');
        let db;
        let signer;
        const scans = new Map();
        const scanOnce = (image) => {
            let found = scans.get(image);
            if (!found) {
                db ??= log.group('Vulnerability DB (once for the whole rescan)', () => (0,packages_trivy/* prepareDb */.Sn)({
                    trivy: services.trivy.path,
                    cacheDir,
                    repositories: settings.dbRepositories,
                    store: services.dbStore,
                    runner: services.runner,
                    log,
                    today,
                    ...(settings.dbCacheKey !== undefined ? { runKey: settings.dbCacheKey } : {}),
                }));
                signer ??= attestationSigner(settings, services, work);
                const attestations = signer;
                found = db.then(async (state) => scanDigest(settings, services, image, { cacheDir, today, startedAt, work, db: state, signer: await attestations }));
                scans.set(image, found);
            }
            return found;
        };
        const images = [];
        for (const target of targets) {
            images.push(await log.group(`rescan: ${target.application}`, () => rescanImage(settings, services, target, verify, scanOnce)));
        }
        const state = db ? await db : undefined;
        return {
            schema: 1,
            startedAt,
            finishedAt: settings.now().toISOString(),
            ...(settings.run ? { run: settings.run } : {}),
            policy: settings.policy,
            trivyVersion: services.trivy.version,
            db: { source: state?.source ?? 'not needed', ...(state?.repository ? { repository: state.repository } : {}) },
            images,
        };
    }
    finally {
        await (0,promises_.rm)(work, { recursive: true, force: true });
    }
}
async function rescanImage(settings, services, target, verify, scanOnce) {
    const tags = [];
    const scanned = [];
    for (const unreadable of target.unreadable) {
        tags.push({
            tag: unreadable.tag,
            repository: unreadable.repository,
            status: 'error',
            reason: `the registry could not be read: ${unreadable.reason}`,
            blocking: [],
            fixable: false,
        });
    }
    for (const published of target.published) {
        const result = await rescanTag(settings, published, verify, scanOnce);
        tags.push(result.tag);
        if (result.scan)
            scanned.push({ tag: published.tag, scan: result.scan });
        services.log.info(`${published.tag}: ${result.tag.reason}`);
    }
    const sarif = await writeImageSarif((0,external_node_path_.join)(settings.outputDir, 'sarif'), target.application, scanned, services.trivy.version);
    const status = tags.some((t) => t.status === 'error')
        ? 'error'
        : tags.some((t) => t.status === 'findings' || t.status === 'tampered')
            ? 'fail'
            : 'pass';
    return {
        application: target.application,
        key: target.key,
        owners: target.owners,
        status,
        rebuild: tags.some((t) => t.status === 'findings' && t.fixable),
        tags,
        unpublished: target.unpublished,
        ...(sarif !== undefined ? { sarif } : {}),
    };
}
async function rescanTag(settings, published, verify, scanOnce) {
    const image = `${published.repository}@${published.digest}`;
    const base = { tag: published.tag, repository: published.repository, digest: published.digest, blocking: [], fixable: false };
    const verification = await verify(image);
    if (verification.status !== 'verified')
        return { tag: { ...base, status: verification.status, reason: verification.reason } };
    let outcome;
    try {
        outcome = await scanOnce(image);
    }
    catch (error) {
        if ((0,errors/* isUserError */.iU)(error))
            throw error;
        return { tag: { ...base, status: 'error', reason: `the scan failed: ${error instanceof Error ? error.message : String(error)}` } };
    }
    const { scan, view, current, changes, attestation } = outcome;
    const reports = scan.platforms.map((p) => p.report);
    // A scan that could not see into the image (no OS found, packages trivy did not list) or ran on a DB
    // too old is no verdict at all: the tag is not checked, never clean.
    if (scan.status === 'unscannable' || scan.status === 'stale-db') {
        return { tag: { ...base, status: 'error', reason: `${scan.status}: ${scan.reason}`, reports }, scan };
    }
    const blocking = view.verdict.blocking.map(predicate/* toRecorded */.kD);
    const fixable = view.verdict.blocking.some(packages_trivy/* isFixable */.G4);
    const status = current.verdict === 'fail' ? 'findings' : 'clean';
    return {
        tag: {
            ...base,
            status,
            reason: tagReason(status, view, settings.policy, changes),
            blocking,
            changes,
            fixable,
            reports,
            attestation,
        },
        scan,
    };
}
function tagReason(status, scan, policy, changes) {
    if (status === 'clean')
        return `clean: ${(0,packages_trivy/* verdictReason */.s_)(scan.verdict, policy)}`;
    const blocking = new Set(scan.verdict.blocking.map(model/* findingKey */.fl));
    const fresh = (changes?.new ?? []).filter((f) => blocking.has((0,model/* findingKey */.fl)(f)));
    const since = changes?.since ? `since the rescan of ${changes.since.slice(0, 10)}` : 'since publishing';
    const named = fresh.length > 0 ? `new ${since}: ${fresh.map((f) => `${f.id} (${f.pkg})`).join(', ')}` : `none new ${since}`;
    return `findings: ${(0,packages_trivy/* verdictReason */.s_)(scan.verdict, policy)}; ${named}`;
}
/** The signature check the publish job makes, on the digest the tag names now. */
async function verifyDigest(settings, services, image, work) {
    const dir = await (0,promises_.mkdtemp)((0,external_node_path_.join)(work, 'verify-'));
    try {
        await (0,packages_cosign/* verifySignature */.Od)(services.runner, services.log, {
            cosign: services.cosign,
            image,
            ...(settings.signatures.publicKey !== undefined ? { publicKey: settings.signatures.publicKey } : {}),
            identity: settings.signatures.identity,
            ...(settings.signatures.run !== undefined ? { run: settings.signatures.run } : {}),
            transparencyLog: settings.signatures.transparencyLog,
            workDir: dir,
            env: settings.env,
        });
        return { status: 'verified' };
    }
    catch (error) {
        if ((0,errors/* isUserError */.iU)(error))
            throw error;
        const message = error instanceof Error ? error.message : String(error);
        const transient = (0,retry/* transientRegistryFailure */.Il)(message);
        if (transient !== undefined)
            return { status: 'error', reason: `the signature could not be checked (${transient}): ${message}` };
        return {
            status: 'tampered',
            reason: `TAMPERED: the tag names ${image.split('@')[1] ?? image}, which carries no signature that verifies (${message.replace(/^no signature of \S+ verifies: /, '')}); left as it is`,
        };
    }
}
async function scanDigest(settings, services, image, context) {
    const { cacheDir, today, startedAt, work, signer, db } = context;
    const digest = image.split('@')[1] ?? '';
    // The last rescan is read while trivy scans.
    const last = signer ? previousScan(services, signer, image, digest) : Promise.resolve(undefined);
    last.catch(() => undefined);
    const { policy, ignores, maxDbAgeMs } = settings;
    const { registry, runner, log } = services;
    // trivy's JSON report is the report: a CycloneDX rendering would cost a second trivy run per digest.
    const outputDir = (0,external_node_path_.join)(settings.outputDir, 'reports');
    const tool = { trivy: services.trivy.path, toolVersion: services.trivy.version, cacheDir, outputDir, formats: [], registry, runner, log };
    const { scan } = await (0,packages_trivy/* scanOneImage */.DL)(image, { ...tool, policy, ignores, today, db, maxDbAgeMs });
    const view = digestView(scan, settings, today);
    const current = (0,predicate/* digestScan */.kr)(digest, view, settings.policy, settings.now().toISOString());
    const previous = await last;
    const changes = compareScans(previous, current);
    let attestation = 'off';
    if (signer && settings.attestations !== 'off') {
        if (previous && sameResult(previous, current)) {
            attestation = 'unchanged';
        }
        else if (settings.attestations.write) {
            const file = (0,external_node_path_.join)(work, `vuln-${digest.replace(/^sha256:/, '').slice(0, 16)}.json`);
            const context = {
                trivyVersion: services.trivy.version,
                startedAt,
                ...(settings.dbRepositories[0] !== undefined ? { dbRepository: settings.dbRepositories[0] } : {}),
                ...(settings.run ? { run: settings.run } : {}),
            };
            await (0,promises_.writeFile)(file, `${JSON.stringify((0,predicate/* vulnPredicate */.Rl)(current, context), null, 2)}\n`);
            await (0,packages_cosign/* attestPredicate */.hu)(services.runner, services.log, signer, image, 'vuln', file);
            attestation = 'written';
        }
    }
    return { scan, view, current, changes, attestation };
}
/**
 * The digest as one image: every platform's findings together (a finding on
 * any platform counts, once), judged by the same gate. The rescan keeps one
 * record per digest; the SARIF keeps each platform apart.
 */
function digestView(scan, settings, today) {
    const unique = new Map();
    for (const platform of scan.platforms)
        for (const finding of platform.findings)
            unique.set((0,model/* findingKey */.fl)(finding), finding);
    const findings = [...unique.values()];
    const verdict = (0,packages_trivy/* evaluate */._3)(scan.image, findings, settings.policy, settings.ignores, today);
    verdict.blocking.sort(packages_trivy/* bySeverityThenId */.V0);
    return { scan, findings, verdict };
}
async function attestationSigner(settings, services, work) {
    if (settings.attestations === 'off')
        return undefined;
    const { key, publicKey, identity, transparencyLog } = settings.attestations;
    return {
        cosign: services.cosign,
        ...(key !== undefined ? { key } : {}),
        ...(publicKey !== undefined ? { publicKey } : {}),
        identity,
        transparencyLog,
        workDir: await (0,promises_.mkdtemp)((0,external_node_path_.join)(work, 'attest-')),
        env: settings.env,
    };
}
/** The last rescan of this digest, from its verified vuln attestations; none on its first rescan. */
async function previousScan(services, signer, image, digest) {
    const read = await (0,packages_cosign/* readAttestations */.aF)(services.runner, signer, image, 'vuln');
    if (read.none !== undefined) {
        services.log.info(`${image}: no earlier rescan attested (${read.none})`);
        return undefined;
    }
    const latest = (0,predicate/* latestScan */.x7)(read.statements, digest);
    services.log.info(latest
        ? `${image}: comparing with the rescan of ${latest.scannedAt} (${read.statements.length} ${predicate/* VULN_PREDICATE_TYPE */.jF} attestations)`
        : `${image}: ${read.statements.length} vuln attestations, none of them this project's`);
    return latest;
}
/** The result where the later jobs (rebuild, issues) read it. */
async function writeResult(dir, result) {
    await (0,promises_.mkdir)(dir, { recursive: true });
    const file = (0,external_node_path_.join)(dir, model/* RESULT_FILE */.FX);
    await (0,promises_.writeFile)(file, `${JSON.stringify(result, null, 2)}\n`);
    return file;
}

;// CONCATENATED MODULE: ./build/packages/rescan/phases.js












async function runScanPhase(settings, services) {
    const { registry: host } = (0,plan/* catalogBase */.Tp)(settings.catalog, settings.registry !== undefined ? { registry: settings.registry } : {});
    const login = settings.login && { registry: host, ...settings.login };
    const { runner, log } = services;
    // trivy and cosign read the docker config: an explicit login goes there for this step only.
    if (login)
        await (0,packages_registry/* dockerLogin */.a1)(runner, log, settings.docker, login, retry/* DEFAULT_RETRY_POLICY */.cO);
    try {
        const registry = new packages_registry/* RegistryClient */.bP({ credentials: (0,packages_registry/* actionCredentials */.F9)(login, { runner, env: settings.env, log }), log });
        const result = await rescan({ ...settings, outputDir: settings.resultsDir }, { ...services, registry });
        return { result, file: await writeResult(settings.resultsDir, result) };
    }
    finally {
        if (login) {
            await (0,packages_registry/* dockerLogout */.tX)(runner, settings.docker, login.registry).catch((error) => log.warning(`docker logout ${login.registry} failed: ${error instanceof Error ? error.message : String(error)}`));
        }
    }
}
/** The scan phase's result, as an earlier job left it in the directory. */
async function readResult(resultsDir) {
    const file = (0,external_node_path_.join)(resultsDir, model/* RESULT_FILE */.FX);
    if (!(0,external_node_fs_.existsSync)(file)) {
        throw new errors/* UserError */.yo({
            message: `there is no ${model/* RESULT_FILE */.FX} in ${resultsDir}: the scan phase did not run, or its results were not handed to this job.`,
            hint: "Run the 'scan' phase first, and give this step the same 'results-dir' (or download its artifact there).",
        });
    }
    const result = JSON.parse(await (0,promises_.readFile)(file, 'utf8'));
    if (result.schema !== 1)
        throw new Error(`${file} has schema ${String(result.schema)}; this version reads schema 1`);
    return result;
}
async function runRebuildPhase(api, resultsDir, settings, log) {
    const result = await readResult(resultsDir);
    const record = await requestRebuild(api, result, settings, log);
    return { record, file: await writeRebuildRecord(resultsDir, record) };
}
async function runIssuesPhase(api, resultsDir, settings, log) {
    const result = await readResult(resultsDir);
    const rebuildFile = (0,external_node_path_.join)(resultsDir, model/* REBUILD_FILE */.t9);
    const rebuild = (0,external_node_fs_.existsSync)(rebuildFile)
        ? (JSON.parse(await (0,promises_.readFile)(rebuildFile, 'utf8')) ?? undefined)
        : undefined;
    const reports = await syncRescanIssues(new github/* Issues */.tm(api, settings.repository), settings.label, { result, rebuild }, log);
    const file = await writeIssueReports(resultsDir, (0,github/* repositoryName */.aR)(settings.repository), reports);
    const problems = result.images.flatMap((i) => i.tags.filter((t) => t.status === 'tampered' || t.status === 'error'));
    return { result, reports, file, problems };
}

;// CONCATENATED MODULE: ./build/packages/rescan/index.js











// EXTERNAL MODULE: ./build/packages/tool-install/index.js + 6 modules
var tool_install = __webpack_require__(7394);
// EXTERNAL MODULE: ./build/actions/_common/github.js
var _common_github = __webpack_require__(512);
// EXTERNAL MODULE: ./build/actions/_common/identity.js + 1 modules
var identity = __webpack_require__(3513);
// EXTERNAL MODULE: ./build/actions/_common/registry-login.js
var registry_login = __webpack_require__(180);
// EXTERNAL MODULE: ./build/actions/_common/run-action.js + 3 modules
var run_action = __webpack_require__(2238);
// EXTERNAL MODULE: ./build/actions/_common/signing-key.js
var signing_key = __webpack_require__(6690);
// EXTERNAL MODULE: ./build/actions/_common/workspace.js
var _common_workspace = __webpack_require__(9138);
// EXTERNAL MODULE: ./build/actions/_common/spec.js
var spec = __webpack_require__(8180);
;// CONCATENATED MODULE: ./build/actions/rescan/src/spec.js

const spec_spec = (0,spec/* defineAction */.Q)({
    name: 'rescan',
    inputs: [
        'phase',
        'results-dir',
        'catalog',
        'registry',
        'images',
        'severity',
        'ignore-unfixed',
        'ignore-file',
        'max-db-age',
        'db-repositories',
        'db-cache-key',
        'tools-from-path',
        'public-key',
        'certificate-identity',
        'certificate-identity-regexp',
        'transparency-log',
        'attest',
        'key',
        'key-password',
        'attestation-identity-regexp',
        'registry-username',
        'registry-password',
        'github-token',
        'github-api-url',
        'rebuild-workflow',
        'rebuild-ref',
        'issue-label',
        'fail-on-problems',
    ],
    outputs: ['result', 'verdict', 'tags', 'rebuild', 'sarif-dir', 'rebuild-run-url', 'issues'],
});

;// CONCATENATED MODULE: ./build/actions/rescan/src/main.js















const PHASES = ['scan', 'rebuild', 'issues'];
/**
 * The scheduled rescan, one phase per step (rescan.yml runs each in a job of
 * its own, with only that job's permissions): `scan` what is published,
 * `rebuild` what a rebuild may fix, and bring the owners' `issues` up to date.
 */
async function main() {
    await (0,run_action/* runAction */.C)(spec_spec, async (context) => {
        const phase = context.inputs.oneOf('phase', PHASES, 'scan');
        const workspace = (0,_common_workspace/* workspaceRoot */.oS)();
        const resultsDir = (0,external_node_path_.resolve)(workspace, context.inputs.string('results-dir') ?? (0,external_node_path_.join)((0,_common_workspace/* runnerTemp */.X5)(), 'rescan'));
        if (phase === 'scan')
            await scan(context, workspace, resultsDir);
        else if (phase === 'rebuild')
            await rebuild(context, resultsDir);
        else
            await issues(context, resultsDir);
    });
}
async function scan({ inputs, outputs, log, summary }, workspace, resultsDir) {
    const catalogPath = inputs.string('catalog', { required: true });
    const registry = inputs.string('registry');
    const applications = inputs.list('images');
    const policy = { threshold: inputs.oneOf('severity', packages_trivy/* SEVERITIES */.oC, 'HIGH'), ignoreUnfixed: inputs.boolean('ignore-unfixed', true) };
    const ignoreFile = inputs.string('ignore-file');
    const listed = inputs.list('db-repositories');
    const repositories = listed.length > 0 ? listed : packages_trivy/* DEFAULT_DB_REPOSITORIES */.Sj;
    const runKey = inputs.string('db-cache-key');
    const dbCacheKey = runKey !== undefined ? (0,packages_trivy/* checkDbCacheKey */.Ss)(runKey, repositories) : undefined;
    const maxDbAgeMs = (0,packages_trivy/* parseMaxDbAge */.n6)(inputs.string('max-db-age') ?? packages_trivy/* DEFAULT_MAX_DB_AGE */.WP);
    const fromPath = inputs.boolean('tools-from-path', false);
    // Keyless: only signatures of this repository's publishing runs count, as the publish job checks them.
    const signatures = (0,identity/* publishedSignatureInputs */.u)(inputs, process.env);
    const { publicKey, transparencyLog } = signatures;
    const attest = inputs.boolean('attest', true);
    const key = (0,signing_key/* signingKeyInput */.B)(inputs, log);
    const attestationIdentity = inputs.string('attestation-identity-regexp');
    const login = (0,registry_login/* registryLoginInput */.z)(inputs, log);
    const catalog = await (0,packages_catalog/* loadCatalog */.ak)((0,external_node_path_.resolve)(workspace, catalogPath));
    const ignores = ignoreFile ? await (0,packages_trivy/* loadIgnoreFile */.FI)((0,external_node_path_.resolve)(workspace, ignoreFile), ignoreFile) : [];
    const runner = new packages_process/* ExecRunner */.iN();
    const tools = { cache: new tool_install/* ActionsToolCache */.yY(), downloader: new tool_install/* ActionsDownloader */.fc(), runner, log, tempDir: (0,_common_workspace/* runnerTemp */.X5)() };
    const trivy = await (0,tool_install/* resolveTool */.Hj)(packages_trivy/* TRIVY_PINS */.Om, fromPath ? tool_install/* FROM_PATH */.v$ : packages_trivy/* DEFAULT_TRIVY_VERSION */.ss, tools);
    const cosign = await (0,tool_install/* resolveTool */.Hj)(packages_cosign/* COSIGN_PINS */.HU, fromPath ? tool_install/* FROM_PATH */.v$ : packages_cosign/* DEFAULT_COSIGN_VERSION */.ZP, tools);
    const run = runOf(process.env);
    const { result, file } = await runScanPhase({
        catalog,
        ...(registry !== undefined ? { registry } : {}),
        applications,
        maxDbAgeMs,
        policy,
        ignores,
        dbRepositories: repositories,
        ...(dbCacheKey !== undefined ? { dbCacheKey } : {}),
        signatures,
        attestations: {
            ...(key !== undefined ? { key } : {}),
            ...(key === undefined && publicKey !== undefined ? { publicKey } : {}),
            identity: attestationIdentity !== undefined ? { identityRegexp: attestationIdentity } : {},
            transparencyLog,
            write: attest,
        },
        resultsDir,
        ...(login !== undefined ? { login } : {}),
        docker: 'docker',
        ...(run !== undefined ? { run } : {}),
        env: process.env,
        now: () => new Date(),
    }, {
        runner,
        log,
        trivy: { path: trivy.path, version: trivy.version },
        cosign: cosign.path,
        dbStore: new packages_trivy/* ActionsDbCache */.E9(log),
        tempDir: (0,_common_workspace/* runnerTemp */.X5)(),
    });
    writeScanOutputs(outputs, result, file, resultsDir);
    for (const line of tagLines(result))
        log.info(line);
    summary.addHeading('Rescan', 2).addRaw(summaryMarkdown(result), true);
}
function writeScanOutputs(outputs, result, file, resultsDir) {
    const tags = result.images.flatMap((i) => i.tags.map((t) => ({ tag: t.tag, digest: t.digest ?? '', status: t.status, reason: t.reason })));
    outputs.set('result', file);
    outputs.set('verdict', result.images.some((i) => i.status === 'error') ? 'error' : result.images.some((i) => i.status === 'fail') ? 'fail' : 'pass');
    outputs.set('tags', tags);
    outputs.set('rebuild', result.images.filter((i) => i.rebuild).map((i) => i.application));
    outputs.set('sarif-dir', result.images.some((i) => i.sarif !== undefined) ? (0,external_node_path_.join)(resultsDir, 'sarif') : '');
}
async function rebuild({ inputs, outputs, log, summary }, resultsDir) {
    const api = await requiredGitHubApi(inputs, log);
    const workflow = inputs.string('rebuild-workflow', { required: true });
    const ref = inputs.string('rebuild-ref') ?? process.env.GITHUB_REF;
    if (!ref) {
        throw new errors/* UserError */.yo({
            message: "input 'rebuild-ref' is empty and GITHUB_REF is not set.",
            hint: 'Give the branch the rebuild runs on, e.g. main.',
        });
    }
    const { record } = await runRebuildPhase(api, resultsDir, { repository: (0,_common_github/* runRepository */.Yk)(), workflow, ref, now: new Date() }, log);
    outputs.set('rebuild', record?.images ?? []);
    outputs.set('rebuild-run-url', record?.run?.htmlUrl ?? '');
    summary
        .addHeading('Rescan: rebuild', 2)
        .addRaw(record
        ? `Requested ${workflow} on ${ref} for ${record.images.join(', ')}${record.run?.htmlUrl ? `: ${record.run.htmlUrl}` : ''}.\n`
        : 'Nothing to rebuild.\n', true);
}
async function issues({ inputs, outputs, log, summary }, resultsDir) {
    const api = await requiredGitHubApi(inputs, log);
    const label = inputs.string('issue-label') ?? DEFAULT_ISSUE_LABEL;
    const failOnProblems = inputs.boolean('fail-on-problems', true);
    const { reports, problems } = await runIssuesPhase(api, resultsDir, { repository: (0,_common_github/* runRepository */.Yk)(), label }, log);
    outputs.set('issues', reports.map((r) => ({ application: r.application, ...r.outcome })));
    const rows = reports
        .filter((r) => r.outcome.number !== undefined)
        .map((r) => `| ${r.application} | [#${r.outcome.number}](${r.outcome.url ?? ''}) | ${r.outcome.action} |`);
    summary
        .addHeading('Rescan: owners’ issues', 2)
        .addRaw(rows.length > 0 ? `| image | issue | this run |\n|---|---|---|\n${rows.join('\n')}\n` : 'No image has an issue.\n', true);
    if (problems.length === 0)
        return;
    const problemList = problems.map((t) => ({
        message: `${t.tag}: ${t.reason}`,
        hint: 'See the image’s issue; a tampered tag is never fixed by the rescan.',
    }));
    if (failOnProblems)
        throw new errors/* UserError */.yo(problemList);
    for (const p of problemList)
        log.error(p.message);
}
function runOf(env) {
    if (!env.GITHUB_REPOSITORY || !env.GITHUB_RUN_ID)
        return undefined;
    const server = (env.GITHUB_SERVER_URL ?? 'https://github.com').replace(/\/+$/, '');
    return { url: `${server}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}`, id: env.GITHUB_RUN_ID };
}
function requiredGitHubApi(inputs, log) {
    const api = (0,_common_github/* githubApiInputs */.NF)(inputs, log);
    if (api === undefined) {
        throw new errors/* UserError */.yo({
            message: "input 'github-token' is required for this phase but was not set.",
            hint: "Leave it at its default, the workflow's github.token.",
        });
    }
    return api();
}


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
