export const id = 437;
export const ids = [437];
export const modules = {

/***/ 8431:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   d: () => (/* binding */ canonicalJson)
/* harmony export */ });
/**
 * JSON with object keys sorted at every level, so the same plan is the same
 * bytes whatever order the code happened to build its objects in. Array order
 * is kept: where it matters (stages, catalog order) it is meaningful.
 */
function canonicalJson(value, indent) {
    return JSON.stringify(sortKeys(value), null, indent);
}
function sortKeys(value) {
    if (Array.isArray(value))
        return value.map(sortKeys);
    if (value !== null && typeof value === 'object') {
        const sorted = {};
        for (const key of Object.keys(value).sort()) {
            const child = value[key];
            if (child !== undefined)
                sorted[key] = sortKeys(child);
        }
        return sorted;
    }
    return value;
}


/***/ }),

/***/ 437:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  zS: () => (/* reexport */ ContextHasher),
  P0: () => (/* reexport */ MAX_MATRIX_BYTES),
  dj: () => (/* reexport */ canonical_json/* canonicalJson */.d),
  Tp: () => (/* reexport */ catalogBase),
  Jx: () => (/* reexport */ catalogScheme),
  Su: () => (/* reexport */ deprecationLines),
  Ol: () => (/* reexport */ expandPlan),
  VT: () => (/* reexport */ importLines),
  aZ: () => (/* reexport */ isRetired),
  u5: () => (/* reexport */ matrixJson),
  vS: () => (/* reexport */ parsePlan),
  rA: () => (/* reexport */ parseUpstreamMirrors),
  Xg: () => (/* reexport */ planMarkdown),
  _6: () => (/* reexport */ plannedTags),
  iZ: () => (/* reexport */ relativePath),
  uy: () => (/* reexport */ resolveChanges),
  WL: () => (/* reexport */ resolveCommit),
  Ih: () => (/* reexport */ selectMatrix),
  zM: () => (/* reexport */ skipUnchanged),
  Hx: () => (/* reexport */ sourceUrl),
  E: () => (/* reexport */ tagFields),
  tj: () => (/* reexport */ unavailableLine),
  vl: () => (/* reexport */ verifyTags)
});

// UNUSED EXPORTS: COMMIT_LABELS, DEFAULT_IGNORED_TAGS, DEPRECATED_LABEL, MAX_MATRIX_JOBS, PULL_REQUEST_EVENTS, REMOVE_AFTER_LABEL, SUMMARY_ROWS, affectedIds, batchLegId, buildId, canonicalRepository, canonicalTagReference, changedLines, changesFromGit, changesFromPullRequestFiles, commitId, contentId, contextEntries, debugTests, entryTests, fixableFindings, gitRevision, globToRegExp, importLine, isIgnored, matrixLegs, orderByStage, parseDockerignore, planStages, repositoryUrl, resolveImport, splitStage, throughMirror, upstreamTag

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./build/packages/plan/canonical-json.js
var canonical_json = __webpack_require__(8431);
;// CONCATENATED MODULE: ./build/packages/plan/dockerignore.js
function parseDockerignore(text) {
    const rules = [];
    for (const raw of text.split(/\r?\n/)) {
        let line = raw.trim();
        if (line === '' || line.startsWith('#'))
            continue;
        const negate = line.startsWith('!');
        if (negate)
            line = line.slice(1).trim();
        line = cleanPath(line);
        if (line === '')
            continue;
        rules.push({ negate, pattern: new RegExp(`^${patternSource(line)}(?:/.*)?$`) });
    }
    return rules;
}
/** Whether `path` (relative to the context, `/`-separated) is left out of the context. */
function isIgnored(path, rules) {
    let ignored = false;
    for (const rule of rules) {
        if (rule.pattern.test(path))
            ignored = !rule.negate;
    }
    return ignored;
}
function cleanPath(pattern) {
    const parts = [];
    for (const part of pattern.split('/')) {
        if (part === '' || part === '.')
            continue;
        if (part === '..')
            parts.pop();
        else
            parts.push(part);
    }
    return parts.join('/');
}
function patternSource(pattern) {
    let source = '';
    for (let i = 0; i < pattern.length; i++) {
        const ch = pattern[i] ?? '';
        if (ch === '*' && pattern[i + 1] === '*') {
            // `**/` matches zero or more directories; a trailing `**` matches everything.
            if (pattern[i + 2] === '/') {
                source += '(?:.*/)?';
                i += 2;
            }
            else {
                source += '.*';
                i += 1;
            }
        }
        else if (ch === '*')
            source += '[^/]*';
        else if (ch === '?')
            source += '[^/]';
        else if (ch === '\\' && i + 1 < pattern.length) {
            source += (pattern[i + 1] ?? '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
            i += 1;
        }
        else if (ch === '[') {
            const close = pattern.indexOf(']', i + 1);
            if (close === -1)
                source += '\\[';
            else {
                const body = pattern.slice(i + 1, close);
                source += `[${body.startsWith('^') || body.startsWith('!') ? `^${body.slice(1)}` : body}]`;
                i = close;
            }
        }
        else
            source += ch.replace(/[.+^${}()|\]]/g, '\\$&');
    }
    return source;
}

;// CONCATENATED MODULE: ./build/packages/plan/build-id.js





/**
 * Digests of what a build reads from disk. Each context is hashed once per
 * plan, however many versions and variants build from it: a catalog with a
 * thousand variants of one image reads that image's files once.
 */
class ContextHasher {
    contexts = new Map();
    files = new Map();
    /**
     * `sha256:` over what a build of `context` can see (contextEntries): sorted
     * paths, each with its kind; a file with its executable bit and content
     * digest, a symlink with its target.
     */
    context(context, dockerfile) {
        const key = `${context}\0${dockerfile}`;
        const known = this.contexts.get(key);
        if (known !== undefined)
            return known;
        const hash = (0,external_node_crypto_.createHash)('sha256');
        for (const entry of contextEntries(context, dockerfile)) {
            if (entry.kind === 'directory')
                hash.update(`${entry.path}\0dir\n`);
            else if (entry.kind === 'symlink')
                hash.update(`${entry.path}\0link\0${entry.target}\n`);
            else
                hash.update(`${entry.path}\0${entry.executable ? 'x' : '-'}\0${this.file((0,external_node_path_.join)(context, entry.path))}\n`);
        }
        const digest = `sha256:${hash.digest('hex')}`;
        this.contexts.set(key, digest);
        return digest;
    }
    /** `sha256:` of one file's content, read once. */
    file(path) {
        const known = this.files.get(path);
        if (known !== undefined)
            return known;
        const digest = `sha256:${(0,external_node_crypto_.createHash)('sha256').update((0,external_node_fs_.readFileSync)(path)).digest('hex')}`;
        this.files.set(path, digest);
        return digest;
    }
}
/**
 * What BuildKit sends of `context`, after the .dockerignore it applies
 * (`<Dockerfile>.dockerignore` first, then the context's `.dockerignore`),
 * sorted by code point so the order never depends on the locale: every file
 * and symlink not ignored; every directory not ignored (empty ones too, as
 * `COPY .` makes them), and every ignored directory that holds something
 * re-included (`!`), as the parent BuildKit must send for it.
 */
function contextEntries(context, dockerfile) {
    const ignoreFile = [`${dockerfile}.dockerignore`, (0,external_node_path_.join)(context, '.dockerignore')].find((f) => (0,external_node_fs_.existsSync)(f));
    const rules = ignoreFile === undefined ? [] : parseDockerignore((0,external_node_fs_.readFileSync)(ignoreFile, 'utf8'));
    const entries = [];
    const walk = (relative) => {
        let kept = false;
        for (const dirent of (0,external_node_fs_.readdirSync)((0,external_node_path_.join)(context, relative), { withFileTypes: true })) {
            const path = relative === '' ? dirent.name : `${relative}/${dirent.name}`;
            const ignored = isIgnored(path, rules);
            if (dirent.isDirectory()) {
                const before = entries.length;
                const inside = walk(path);
                if (!ignored || inside) {
                    entries.splice(before, 0, { path, kind: 'directory' });
                    kept = true;
                }
                continue;
            }
            if (ignored || !(dirent.isFile() || dirent.isSymbolicLink()))
                continue;
            const full = (0,external_node_path_.join)(context, path);
            const stat = (0,external_node_fs_.lstatSync)(full);
            entries.push(stat.isSymbolicLink()
                ? { path, kind: 'symlink', target: (0,external_node_fs_.readlinkSync)(full) }
                : { path, kind: 'file', executable: (stat.mode & 0o111) !== 0 });
            kept = true;
        }
        return kept;
    };
    walk('');
    return entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
/**
 * The content build id: equal for two plans exactly when the image would be
 * built from the same inputs. Labels that change with every commit (revision,
 * created) are left out, or no image would ever be recognised as unchanged.
 */
function buildId(inputs) {
    return contentId(inputs);
}
/** `sha256:` over the canonical JSON of a value: equal values, equal ids. */
function contentId(value) {
    return `sha256:${(0,external_node_crypto_.createHash)('sha256').update((0,canonical_json/* canonicalJson */.d)(value)).digest('hex')}`;
}
const COMMIT_LABELS = ['org.opencontainers.image.revision', 'org.opencontainers.image.created'];

// EXTERNAL MODULE: ./build/packages/process/index.js + 3 modules
var process = __webpack_require__(3927);
;// CONCATENATED MODULE: ./build/packages/plan/changes.js

/**
 * Changes between the merge base of `base` and `head`, from git (the three-dot
 * diff a pull request shows). Renames count as a delete and an add, so a file
 * moved out of a context affects that context too.
 */
async function changesFromGit(runner, options) {
    const range = `${options.base}...${options.head ?? 'HEAD'}`;
    const cwd = options.cwd !== undefined ? { cwd: options.cwd } : {};
    const names = await (0,process/* runChecked */.X4)(runner, { file: 'git', args: ['diff', '--name-only', '--no-renames', range], quiet: true, ...cwd });
    const files = names.stdout.split('\n').filter((line) => line !== '');
    if (!files.includes(options.catalogFile))
        return { files, catalogLines: [] };
    const diff = await (0,process/* runChecked */.X4)(runner, {
        file: 'git',
        args: ['diff', '--unified=0', '--no-renames', range, '--', options.catalogFile],
        quiet: true,
        ...cwd,
    });
    return { files, catalogLines: changedLines(diff.stdout) };
}
/** Changes from GitHub's list of pull request files (already paginated). */
function changesFromPullRequestFiles(list, catalogFile) {
    const files = new Set();
    let catalogLines = [];
    for (const file of list) {
        files.add(file.filename);
        if (file.previous_filename !== undefined)
            files.add(file.previous_filename);
        if (file.filename === catalogFile) {
            // GitHub leaves the patch out of large diffs; then the lines are unknown.
            catalogLines = file.patch === undefined ? 'all' : changedLines(file.patch);
        }
    }
    return { files: [...files].sort(), catalogLines };
}
/**
 * Line numbers (in the new file) that a unified diff adds or changes; a pure
 * deletion marks the lines either side of where it happened.
 */
function changedLines(diff) {
    const lines = new Set();
    for (const match of diff.matchAll(/^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/gm)) {
        const start = Number(match[1]);
        const count = match[2] === undefined ? 1 : Number(match[2]);
        if (count === 0) {
            lines.add(start);
            lines.add(start + 1);
        }
        for (let line = start; line < start + count; line++)
            lines.add(line);
    }
    return [...lines].sort((a, b) => a - b);
}

// EXTERNAL MODULE: ./build/packages/errors/index.js + 1 modules
var errors = __webpack_require__(2495);
;// CONCATENATED MODULE: ./build/packages/plan/event.js



const PULL_REQUEST_EVENTS = ['pull_request', 'pull_request_target'];
/**
 * Which changes narrow the plan, or undefined for the whole plan. Git first
 * (the diff a pull request shows, when the checkout has the history); the
 * GitHub API when it does not (a shallow checkout has no merge base).
 */
async function resolveChanges(request) {
    const pullRequest = request.eventName !== undefined && PULL_REQUEST_EVENTS.includes(request.eventName) ? request.event?.pull_request : undefined;
    const wanted = request.mode === 'affected' ||
        (request.mode === 'auto' && (pullRequest !== undefined || request.changedFiles.length > 0 || request.baseRef !== undefined));
    if (!wanted)
        return undefined;
    if (request.changedFiles.length > 0) {
        const files = [...request.changedFiles].sort();
        return { files, catalogLines: files.includes(request.catalogFile) ? 'all' : [] };
    }
    const base = request.baseRef !== undefined
        ? gitRevision(request.baseRef, "input 'base-ref'")
        : pullRequest && commitId(pullRequest.base.sha, "the event's pull_request.base.sha");
    if (base === undefined) {
        throw new errors/* UserError */.yo({
            message: 'the plan should hold only affected entries, but there is no pull request event, changed-files or base-ref to compare with.',
            hint: "Set 'base-ref' (for example origin/main) or 'changed-files', or set 'changes' to 'all'.",
        });
    }
    try {
        const changes = await changesFromGit(request.runner, {
            base,
            ...(pullRequest ? { head: commitId(pullRequest.head.sha, "the event's pull_request.head.sha") } : {}),
            catalogFile: request.catalogFile,
            cwd: request.workspace,
        });
        request.log.info(`changes: ${changes.files.length} files changed since ${base} (git)`);
        return changes;
    }
    catch (error) {
        if (!(error instanceof process/* CommandFailedError */.ju))
            throw error;
        if (pullRequest === undefined || request.listPullRequestFiles === undefined) {
            throw new errors/* UserError */.yo({
                message: `git cannot compare with ${base}: ${error.result.stderr.trim().split('\n').pop() ?? 'no output'}.`,
                hint: "Check out with the history (actions/checkout with fetch-depth: 0), or give 'github-token' on a pull request so the files come from the GitHub API.",
            });
        }
        request.log.info(`changes: git cannot compare with ${base} (shallow checkout?); asking the GitHub API`);
        if (!Number.isSafeInteger(pullRequest.number) || pullRequest.number < 1) {
            throw new errors/* UserError */.yo({
                message: `the event's pull_request.number is ${JSON.stringify(pullRequest.number)}, not a pull request number.`,
            });
        }
        const files = await request.listPullRequestFiles(pullRequest.number);
        request.log.info(`changes: ${files.length} files in pull request #${pullRequest.number} (GitHub API)`);
        return changesFromPullRequestFiles(files, request.catalogFile);
    }
}
/** The commit being planned and its commit time: from git, else the push event; never the clock. */
async function resolveCommit(runner, workspace, sha, event) {
    if (sha !== undefined)
        commitId(sha, 'GITHUB_SHA');
    const result = await runner
        .run({ file: 'git', args: ['log', '-1', '--format=%H%n%cI', sha ?? 'HEAD', '--'], cwd: workspace, quiet: true })
        .catch(() => ({ exitCode: 127, stdout: '', stderr: 'git is not installed' }));
    const [fromGit, time] = result.stdout.trim().split('\n');
    if (result.exitCode === 0 && fromGit && time)
        return { sha: fromGit, time: new Date(time).toISOString().replace('.000Z', 'Z') };
    const timestamp = event?.head_commit?.timestamp;
    if (sha !== undefined && timestamp !== undefined) {
        const time = new Date(timestamp);
        if (Number.isNaN(time.getTime())) {
            throw new errors/* UserError */.yo({ message: `the event's head_commit.timestamp is ${JSON.stringify(timestamp)}, not a time.` });
        }
        return { sha, time: time.toISOString().replace('.000Z', 'Z') };
    }
    throw new errors/* UserError */.yo({
        message: `cannot find the commit to plan (${sha ?? 'HEAD'}) or its time: the workspace is not a git checkout and the event has no head commit.`,
        hint: 'Run actions/checkout before matrix-expand.',
    });
}
const COMMIT_ID = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;
/**
 * A commit id from the event or the environment, checked before it reaches
 * git (where a value starting with `-` would be an option) or a label.
 */
function commitId(value, where) {
    if (typeof value === 'string' && COMMIT_ID.test(value))
        return value;
    throw new errors/* UserError */.yo({
        message: `${where} is ${JSON.stringify(value)}, not a commit id (40 or 64 lowercase hex digits).`,
        hint: 'Run the action from a GitHub Actions workflow, or set it to the full id of the commit being built.',
    });
}
/** A revision given by the user (a branch, a tag, `origin/main`, a commit): what git reads as a revision, never an option. */
function gitRevision(value, where) {
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused.
    if (value !== '' && !value.startsWith('-') && !/[\s\u0000-\u001f\u007f]|\.\./.test(value))
        return value;
    throw new errors/* UserError */.yo({
        message: `${where} is ${JSON.stringify(value)}, which git would not read as one revision.`,
        hint: 'Give a branch, tag or commit, for example origin/main.',
    });
}
const OWNER_AND_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})\/(?!\.\.?$)[A-Za-z0-9._-]{1,100}$/;
/**
 * The repository's web address for `org.opencontainers.image.source`, from
 * GITHUB_SERVER_URL and GITHUB_REPOSITORY when both are what GitHub sets:
 * an http(s) address without credentials, and `owner/name`. Anything else
 * gives no address, and says why: a label must not carry a made-up URL.
 *
 * Under act (ACT=true) GITHUB_REPOSITORY is act's guess from the checkout's
 * `origin` remote: a local path when the origin is one, `nektos/act` when
 * there is none. There the address is given only when `origin` (the remote's
 * URL, when there is one) names that same repository.
 */
function repositoryUrl(env, origin) {
    const repository = env.GITHUB_REPOSITORY;
    if (repository === undefined || repository === '')
        return {};
    if (!OWNER_AND_NAME.test(repository)) {
        return {
            warning: `GITHUB_REPOSITORY is ${JSON.stringify(repository)}, not owner/name (a clone whose origin is not on GitHub?): the images get no org.opencontainers.image.source label`,
        };
    }
    const server = env.GITHUB_SERVER_URL || 'https://github.com';
    let url;
    try {
        url = new URL(server);
    }
    catch {
        return { warning: `GITHUB_SERVER_URL is ${JSON.stringify(server)}, not a web address: the images get no source label` };
    }
    if (!/^https?:$/.test(url.protocol) || url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '') {
        return { warning: `GITHUB_SERVER_URL is ${JSON.stringify(server)}, not a plain http(s) address: the images get no source label` };
    }
    const address = `${url.origin}${url.pathname.replace(/\/+$/, '')}/${repository}`;
    if (env.ACT === 'true' && (origin === undefined || remoteName(origin) !== remoteName(address))) {
        return {
            warning: `under act, GITHUB_REPOSITORY (${JSON.stringify(repository)}) is a guess that the checkout's origin (${origin === undefined ? 'none' : JSON.stringify(origin)}) does not confirm: the images get no org.opencontainers.image.source label`,
        };
    }
    return { url: address };
}
/** `https://github.com/org/app.git`, `git@github.com:org/app` and `ssh://git@github.com/org/app` all name github.com/org/app. */
function remoteName(remote) {
    return remote
        .trim()
        .replace(/^[a-z+]+:\/\/(?:[^@/]*@)?/i, '')
        .replace(/^[^@/:]+@([^:/]+):/, '$1/')
        .replace(/\.git$/, '')
        .replace(/\/+$/, '')
        .toLowerCase();
}
/** The source address of the workspace's repository (see repositoryUrl), reading its origin remote when act runs it. */
async function sourceUrl(runner, workspace, env) {
    if (env.ACT !== 'true')
        return repositoryUrl(env);
    const result = await runner
        .run({ file: 'git', args: ['remote', 'get-url', 'origin'], cwd: workspace, quiet: true })
        .catch(() => ({ exitCode: 127, stdout: '', stderr: '' }));
    return repositoryUrl(env, result.exitCode === 0 ? result.stdout.trim() : undefined);
}

// EXTERNAL MODULE: ./build/packages/catalog/model.js
var model = __webpack_require__(5941);
// EXTERNAL MODULE: ./build/packages/oci/index.js + 1 modules
var oci = __webpack_require__(259);
;// CONCATENATED MODULE: ./build/packages/plan/affected.js
/**
 * Ids of the entries a change affects: a changed file under the image's
 * context, its Dockerfile, a changed line in the image's part of the catalog
 * (a change elsewhere in the catalog, such as defaults, affects every image),
 * and, transitively, every child of an affected entry.
 */
function affectedIds(catalog, nodes, changes, catalogFile) {
    const lines = changedCatalogParts(catalog, changes, catalogFile);
    const affected = new Set();
    for (const node of nodes) {
        const { context, dockerfile } = node.entry;
        const touched = changes.files.some((file) => file === dockerfile || context === '.' || file.startsWith(`${context}/`));
        if (touched || lines.touches(node.image, node.entry))
            affected.add(node.entry.id);
    }
    // Children of affected entries, until nothing new is added (a DAG: at most depth passes).
    let grew = true;
    while (grew) {
        grew = false;
        for (const node of nodes) {
            if (!affected.has(node.entry.id) && node.parentKeys.some((key) => affected.has(key))) {
                affected.add(node.entry.id);
                grew = true;
            }
        }
    }
    return affected;
}
/**
 * Which parts of the catalog changed lines fall in. A line inside a variant's
 * entry affects that variant; inside a version's own lines (its key, its
 * build args), that version; inside an image's other lines, the whole image;
 * outside every image (registry, defaults), everything.
 */
function changedCatalogParts(catalog, changes, catalogFile) {
    const none = { touches: () => false };
    const all = { touches: () => true };
    if (!changes.files.includes(catalogFile))
        return none;
    if (changes.catalogLines === 'all')
        return all;
    const keys = new Set();
    for (const line of changes.catalogLines) {
        const image = imageSpans(catalog).find((s) => inside(line, s));
        if (image === undefined)
            return all;
        keys.add(partAt(image.image, image, line));
    }
    return {
        touches: (image, entry) => keys.has(image.name) ||
            keys.has(`${image.name}\0${entry.version}`) ||
            keys.has(`${image.name}\0${entry.version}\0${entry.variant?.id ?? ''}`),
    };
}
function inside(line, span) {
    return line >= span.start && line <= span.end;
}
/** The narrowest part of `image` holding `line`: a variant, a version, or the image. */
function partAt(image, span, line) {
    const versions = childSpans(image.versions, span.end);
    const version = versions.find((s) => inside(line, s));
    if (version === undefined)
        return image.name;
    const variants = childSpans(version.item.variants, version.end);
    const variant = variants.find((s) => inside(line, s));
    return variant === undefined ? `${image.name}\0${version.item.version}` : `${image.name}\0${version.item.version}\0${variant.item.id}`;
}
/** Spans of located items in file order: each up to the line before the next, the last up to `end`. */
function childSpans(items, end) {
    const located = items.filter((i) => i.location.line !== undefined).sort((a, b) => (a.location.line ?? 0) - (b.location.line ?? 0));
    return located.map((item, i) => {
        const next = located[i + 1]?.location.line;
        return { item, start: item.location.line ?? 0, end: next !== undefined ? next - 1 : end };
    });
}
/**
 * The lines each image's entry covers: from its key to its last line when the
 * catalog knows it, else to the line before the next image (the last image to
 * the end of the file).
 */
function imageSpans(catalog) {
    return childSpans(catalog.images, Number.POSITIVE_INFINITY).map(({ item, start, end }) => ({
        image: item,
        start,
        end: item.location.endLine ?? end,
    }));
}

;// CONCATENATED MODULE: ./build/packages/plan/glob.js
/**
 * A shell-style glob (`*` any run of characters, `?` one character, `[abc]` a
 * class) as a whole-string RegExp. Entry ids hold no `/`, so `*` needs no
 * path semantics here.
 */
function globToRegExp(glob) {
    let source = '';
    for (let i = 0; i < glob.length; i++) {
        const ch = glob[i] ?? '';
        if (ch === '*')
            source += '.*';
        else if (ch === '?')
            source += '.';
        else if (ch === '[') {
            const close = glob.indexOf(']', i + 1);
            if (close === -1) {
                source += '\\[';
                continue;
            }
            const body = glob.slice(i + 1, close).replace(/\\/g, '\\\\');
            source += `[${body.startsWith('!') ? `^${body.slice(1)}` : body}]`;
            i = close;
        }
        else
            source += ch.replace(/[.+^${}()|\\\]]/g, '\\$&');
    }
    return new RegExp(`^${source}$`);
}

;// CONCATENATED MODULE: ./build/packages/plan/imports.js




/** `docker.io/library/redis:7.2.4`: the upstream tag of one build an import lists. */
function upstreamTag(image, listed, tagPart) {
    const repository = image.import?.repository ?? '';
    const tag = listed.variant?.upstreamTag ?? listed.version.upstreamTag ?? tagPart;
    return `${canonicalRepository(repository)}:${tag}`;
}
/** `registry/repository` as registries read it: `redis` and `docker.io/redis` are `docker.io/library/redis`. */
function canonicalRepository(repository) {
    return (0,oci/* repositoryOf */._M)((0,oci/* parseReference */.F2)(repository, 'import'));
}
/** The same reference with every docker shorthand spelled out, or undefined when it is no image reference. */
function canonicalTagReference(text) {
    let reference;
    try {
        reference = (0,oci/* parseReference */.F2)(text);
    }
    catch {
        return undefined;
    }
    if (reference.digest !== undefined)
        return undefined;
    return `${(0,oci/* repositoryOf */._M)(reference)}:${reference.tag ?? 'latest'}`;
}
/** Where a reference is read from: its registry's mirror when one is given, else the registry itself. */
function throughMirror(reference, mirrors) {
    const parsed = (0,oci/* parseReference */.F2)(reference, 'upstream');
    const mirror = mirrors?.[parsed.registry];
    if (mirror === undefined)
        return reference;
    return reference.replace(`${parsed.registry}/`, `${mirror.replace(/\/+$/, '')}/`);
}
/** `a@sha256:...` from a reference with or without a tag. */
function atDigest(reference, digest) {
    const parsed = (0,oci/* parseReference */.F2)(reference, 'upstream');
    return `${(0,oci/* repositoryOf */._M)(parsed)}@${digest}`;
}
/**
 * Resolves one import for this run: the digest its upstream tag names now
 * (through the mirror when one is given), the digest its own tag names where
 * the plan publishes (the previous import), and the upstream signer. An
 * upstream that cannot be read is not an error: the copy published before
 * stays, and builds FROM it use that.
 */
async function resolveImport(catalog, image, upstream, publishedTag, registry, mirrors) {
    const source = throughMirror(upstream, mirrors);
    const published = await registry.digestOf(publishedTag).catch(() => undefined);
    const publishedImage = published !== undefined ? atDigest(publishedTag, published) : undefined;
    const via = source === upstream ? '' : ` (read through ${source})`;
    let digest;
    try {
        digest = await registry.digestOf(source);
    }
    catch (error) {
        const reason = `${upstream}${via} could not be read: ${error instanceof Error ? error.message : String(error)}`;
        return { unavailable: { upstream, reason, ...(publishedImage !== undefined ? { published: publishedImage } : {}) } };
    }
    if (digest === undefined) {
        const reason = `${upstream}${via} does not exist`;
        return { unavailable: { upstream, reason, ...(publishedImage !== undefined ? { published: publishedImage } : {}) } };
    }
    const planned = { upstream, digest, source: atDigest(source, digest) };
    if (published !== undefined)
        planned.published = published;
    const signature = image.import?.signature;
    if (signature?.kind === 'key') {
        const publicKey = (0,external_node_fs_.readFileSync)((0,external_node_path_.resolve)(catalog.dir, signature.file), 'utf8');
        planned.signature = { kind: 'key', publicKey, transparencyLog: signature.transparencyLog };
    }
    else if (signature?.kind === 'keyless') {
        planned.signature = { kind: 'keyless', identity: signature.identity, issuer: signature.issuer };
    }
    return { planned };
}
/** `docker.io=artifactory.example.com/dockerhub` lines of an input, checked; `input` names it in errors. */
function parseUpstreamMirrors(lines, input) {
    const mirrors = {};
    for (const line of lines) {
        const [host, mirror, ...rest] = line.split('=').map((part) => part.trim());
        const valid = rest.length === 0 &&
            host !== undefined &&
            /^[a-z0-9.-]+(?::\d+)?$/.test(host) &&
            mirror !== undefined &&
            /^[a-z0-9.-]+(?::\d+)?(?:\/[a-z0-9._-]+)*$/.test(mirror);
        if (!valid || host === undefined || mirror === undefined) {
            throw new errors/* UserError */.yo({
                message: `input '${input}' has '${line}', which is not <upstream registry>=<mirror>.`,
                hint: 'Write one mirror per line, for example docker.io=artifactory.example.com/dockerhub.',
            });
        }
        if (host in mirrors) {
            throw new errors/* UserError */.yo({ message: `input '${input}' names ${host} twice.`, hint: 'Give each upstream registry one mirror.' });
        }
        mirrors[host] = mirror;
    }
    return mirrors;
}
/** One line per planned import: new, unchanged, or moved upstream. */
function importLines(plan) {
    return plan.entries.flatMap((entry) => (entry.import !== undefined ? [`${entry.id}: ${importLine(entry.import)}`] : []));
}
/** Why an import is not in the plan, and what stays. */
function unavailableLine(gone) {
    const stays = gone.published !== undefined ? `${gone.published} stays published, and builds FROM it use that` : 'nothing was published before';
    return `${gone.id}: not imported this run: ${gone.reason}; ${stays}.`;
}
/** One line on what an import does this run: new, unchanged, or moved upstream. */
function importLine(planned) {
    if (planned.published === undefined)
        return `imports ${planned.upstream} at ${planned.digest} (not published before)`;
    if (planned.published === planned.digest)
        return `${planned.upstream} is still ${planned.digest}, as published`;
    return `upstream moved from ${planned.published} to ${planned.digest} (${planned.upstream})`;
}

// EXTERNAL MODULE: ./build/packages/tags/index.js + 4 modules
var tags = __webpack_require__(3184);
;// CONCATENATED MODULE: ./build/packages/plan/planned-tags.js



/** The scheme a catalog is planned with: the input's template, else the catalog's, else the ADR's. */
function catalogScheme(catalog, options) {
    if (options.tagTemplate !== undefined)
        return (0,tags/* tagScheme */.Q1)(options.tagTemplate, "input 'tag-template'");
    return (0,tags/* tagScheme */.Q1)(catalog.tagTemplate, `${catalog.file}: tag-template`);
}
/** `registry/repository` every tag of the catalog starts with. */
function catalogBase(catalog, options) {
    const registry = options.registry ?? catalog.registry;
    return { registry, repository: catalog.repository, base: `${registry}/${catalog.repository}` };
}
function tagFields(image, version, variant) {
    const fields = { application: image.name, version: version.version };
    if (variant)
        fields.variant = { id: variant.id, version: variant.version };
    return fields;
}
/**
 * Every tag a catalog plans, with the rules each breaks: the scheme's rules on
 * the catalog's own fields (blamed on the catalog line), the round trip, and
 * two entries (or an image and another's debug twin) landing on the same tag.
 * Reads no files: cheap enough to run on every pull request.
 */
function plannedTags(catalog, options = {}) {
    const scheme = catalogScheme(catalog, options);
    const { registry, repository, base } = catalogBase(catalog, options);
    const tags = [];
    const violations = [];
    const seen = new Map();
    const add = (planned) => {
        const first = seen.get(planned.tag);
        if (first) {
            violations.push({
                tag: planned.tag,
                rule: 'duplicate-tag',
                message: `'${planned.tag}' is planned twice: here and at ${(0,errors/* formatLocation */.j$)(first.location)}.`,
                hint: 'Rename one application or change one version or variant, so each entry has its own tag.',
                location: planned.location,
            });
            return;
        }
        seen.set(planned.tag, planned);
        tags.push(planned);
    };
    for (const image of catalog.images) {
        for (const { version, variant, location } of (0,model/* listedBuilds */.fT)(image)) {
            const fields = tagFields(image, version, variant);
            const problems = scheme.checkFields(fields);
            if (problems.length > 0) {
                for (const p of problems)
                    violations.push({ tag: `${base}/${image.name}`, ...p, location });
                continue;
            }
            for (const debug of image.debug ? [false, true] : [false]) {
                const application = debug ? (0,model/* debugApplication */.Cj)(image.name) : image.name;
                const tag = scheme.formatReference(base, { ...fields, application });
                const { parsed, violations: broken } = scheme.check(tag, { registry, repository });
                for (const v of broken)
                    violations.push({ ...v, location });
                if (broken.length === 0 && !sameFields(parsed, { ...fields, application })) {
                    violations.push({
                        tag,
                        rule: 'round-trip',
                        message: `'${tag}' reads back as something other than ${image.name} ${version.version}${variant ? ` ${variant.id} ${variant.version}` : ''}.`,
                        hint: 'Change the tag template or the version so the tag can be parsed back.',
                        location,
                    });
                }
                if (broken.length === 0)
                    add({ tag, application, fields: { ...fields, application }, location, debug });
            }
        }
    }
    return { scheme, tags, violations };
}
function sameFields(a, b) {
    return (a !== undefined &&
        a.application === b.application &&
        a.version === b.version &&
        a.variant?.id === b.variant?.id &&
        a.variant?.version === b.variant?.version);
}

;// CONCATENATED MODULE: ./build/packages/plan/shards.js


/** GitHub runs at most 256 jobs from one matrix. */
const MAX_MATRIX_JOBS = 256;
/**
 * A job's outputs may total about 1 MB; a shard's matrix must fit in one
 * output with room for the others.
 */
const MAX_MATRIX_BYTES = 900_000;
/** The id of a batch leg from its first and last entries. */
function batchLegId(first, last) {
    return first === last ? first : `${first}..${last}`;
}
/**
 * A matrix's entries as its legs: with batch 1 each entry is a leg of its
 * own, exactly as before batching; otherwise `batch` consecutive entries per
 * leg, a leg never holding two stages (a child is built after its parent's
 * stage, by another job).
 */
function matrixLegs(entries, batch = 1) {
    if (batch <= 1)
        return [...entries];
    const legs = [];
    let open = [];
    const close = () => {
        const [first] = open;
        const last = open[open.length - 1];
        if (first !== undefined && last !== undefined)
            legs.push({ id: batchLegId(first.id, last.id), entries: open });
        open = [];
    };
    for (const entry of entries) {
        if (open.length >= batch || (open[0] !== undefined && open[0].stage !== entry.stage))
            close();
        open.push(entry);
    }
    close();
    return legs;
}
/** The `{"include": [...]}` matrix of some entries, in legs of `batch`, exactly as it is written to the output. */
function matrixJson(entries, batch = 1) {
    return (0,canonical_json/* canonicalJson */.d)({ include: matrixLegs(entries, batch) });
}
/** The bytes a batch leg takes in the matrix: `{"entries":[...],"id":"first..last"}`. */
function batchLegBytes(first, last, entryBytes, count) {
    return '{"entries":['.length + entryBytes + (count - 1) + '],"id":'.length + JSON.stringify(batchLegId(first, last)).length + 1;
}
/**
 * Splits one stage's entries, in order, into shards within both limits: at
 * most `maxJobs` legs (of `batch` entries each) and `maxBytes` of matrix. Never
 * drops an entry: one too large for any shard is an error.
 */
function splitStage(stage, entries, limits) {
    const batch = Math.max(1, limits.batch ?? 1);
    // `{"include":[` + `]}`.
    const frame = 14;
    const shards = [];
    let ids = [];
    // The shard's closed legs with the commas between them, and its open (last) leg.
    let closedBytes = 0;
    let legs = 0;
    let open = { first: '', entryBytes: 0, count: 0 };
    const legBytes = (leg, last) => batch === 1 ? leg.entryBytes : batchLegBytes(leg.first, last, leg.entryBytes, leg.count);
    for (const entry of entries) {
        const size = Buffer.byteLength((0,canonical_json/* canonicalJson */.d)(entry));
        if ((batch === 1 ? size : batchLegBytes(entry.id, entry.id, size, 1)) + frame > limits.maxBytes) {
            throw new errors/* UserError */.yo({
                message: `plan entry '${entry.id}' alone takes ${size} bytes of matrix, more than the ${limits.maxBytes} a job output can hold.`,
                hint: 'Shorten its build arguments or labels.',
            });
        }
        const last = ids[ids.length - 1] ?? '';
        const joins = open.count > 0 && open.count < batch;
        const next = joins
            ? { first: open.first, entryBytes: open.entryBytes + size, count: open.count + 1 }
            : { first: entry.id, entryBytes: size, count: 1 };
        const closed = joins || open.count === 0 ? closedBytes : closedBytes + legBytes(open, last) + 1;
        const grown = frame + closed + legBytes(next, entry.id);
        if (ids.length > 0 && ((!joins && legs >= limits.maxJobs) || grown > limits.maxBytes)) {
            shards.push({ stage, shard: shards.length, ids });
            ids = [entry.id];
            closedBytes = 0;
            legs = 1;
            open = { first: entry.id, entryBytes: size, count: 1 };
            continue;
        }
        if (!joins)
            legs += 1;
        closedBytes = closed;
        open = next;
        ids.push(entry.id);
    }
    if (ids.length > 0)
        shards.push({ stage, shard: shards.length, ids });
    return shards;
}
/**
 * The entries of one matrix (`matrixJson` puts them in legs of `batch`): the
 * whole plan, one stage, or one shard of a stage. The whole plan (all stages, entries carrying their stage and
 * parents) or a whole stage is given only when it fits in one matrix; a
 * selection that does not fit is refused, never cut short.
 */
function selectMatrix(plan, selection, limits = { maxJobs: MAX_MATRIX_JOBS, maxBytes: MAX_MATRIX_BYTES }) {
    const byId = new Map(plan.entries.map((e) => [e.id, e]));
    const pick = (shards) => shards.flatMap((s) => s.ids.map((id) => byId.get(id)).filter((e) => e !== undefined));
    const fits = (entries) => matrixLegs(entries, limits.batch).length <= limits.maxJobs && Buffer.byteLength(matrixJson(entries, limits.batch)) <= limits.maxBytes;
    if (selection.stage === undefined) {
        if (selection.shard !== undefined)
            throw new errors/* UserError */.yo({ message: "input 'shard' is set without 'stage'.", hint: "Set 'stage' too." });
        const shards = plan.stages.flatMap((s) => s.shards);
        const all = pick(shards);
        if (!fits(all)) {
            throw new errors/* UserError */.yo({
                message: `the plan holds ${plan.entries.length} entries in ${shards.length} shards over ${plan.stages.length} stages, more than one matrix can hold.`,
                hint: "Fan out over the 'shards' output and run matrix-expand again in each job with 'stage' and 'shard' set.",
            });
        }
        return all;
    }
    const stage = plan.stages.find((s) => s.stage === selection.stage);
    if (stage === undefined)
        return [];
    if (selection.shard !== undefined) {
        const shard = stage.shards.find((s) => s.shard === selection.shard);
        return shard === undefined ? [] : pick([shard]);
    }
    if (stage.shards.length > 1) {
        throw new errors/* UserError */.yo({
            message: `stage ${selection.stage} holds ${stage.shards.reduce((n, s) => n + s.ids.length, 0)} entries in ${stage.shards.length} shards, more than one matrix can hold.`,
            hint: "Fan out over the 'shards' output and set 'shard' too.",
        });
    }
    return pick(stage.shards);
}

;// CONCATENATED MODULE: ./build/packages/plan/tests.js
const PLACEHOLDER = /\{\{\s*([a-z.]+)\s*\}\}/g;
/**
 * The tests of one entry: the image's, then the version's, then the
 * variant's, a later test replacing an earlier one of the same name (in its
 * place) and a `skip` leaving it out (kept, so the summary can say why).
 * Placeholders are filled in; in a regular expression the value is escaped,
 * so `^velero {{version}}$` matches `velero 1.12.3` and not `velero 1x12x3`.
 * The catalog's checks have refused placeholders an entry cannot fill.
 */
function entryTests(image, version, variant) {
    return resolveTests(mergeTests([image.tests, version.tests, variant?.tests ?? []]), placeholderValues(version, variant));
}
/** The debug twin's own tests (it inherits none: it is another stage, with another entrypoint). */
function debugTests(image, version, variant) {
    return resolveTests(mergeTests([image.debug?.tests ?? []]), placeholderValues(version, variant));
}
function placeholderValues(version, variant) {
    return {
        version: version.version,
        ...(variant ? { 'variant.id': variant.id, 'variant.version': variant.version } : {}),
    };
}
function mergeTests(levels) {
    const merged = new Map();
    for (const level of levels) {
        for (const { location: _location, ...test } of level)
            merged.set(test.name, test);
    }
    return [...merged.values()];
}
function resolveTests(tests, values) {
    const fill = (text, inRegex) => text.replace(PLACEHOLDER, (whole, key) => {
        const value = values[key];
        if (value === undefined)
            return whole;
        return inRegex ? value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') : value;
    });
    return tests.map((test) => {
        if ('skip' in test)
            return { ...test };
        const resolved = {
            ...test,
            env: Object.fromEntries(Object.entries(test.env).map(([name, value]) => [name, fill(value, false)])),
            tmpfs: [...test.tmpfs],
            expect: {
                ...test.expect,
                ...(test.expect.stdout !== undefined ? { stdout: fill(test.expect.stdout, true) } : {}),
                ...(test.expect.stderr !== undefined ? { stderr: fill(test.expect.stderr, true) } : {}),
            },
        };
        if (test.args)
            resolved.args = test.args.map((a) => fill(a, false));
        if (test.entrypoint)
            resolved.entrypoint = test.entrypoint.map((a) => fill(a, false));
        if (test.http) {
            resolved.http = {
                ...test.http,
                path: fill(test.http.path, false),
                ...(test.http.body !== undefined ? { body: fill(test.http.body, true) } : {}),
            };
        }
        return resolved;
    });
}

;// CONCATENATED MODULE: ./build/packages/plan/expand.js











/**
 * The build plan of a catalog: one entry per image x version x variant (x
 * platform), parents before children, split into shards a matrix can hold.
 * Same catalog, same files, same commit: the same plan, byte for byte.
 */
async function expandPlan(catalog, context) {
    const { scheme, violations } = plannedTags(catalog, optionalTagOptions(context));
    if (violations.length > 0) {
        throw new errors/* UserError */.yo(violations.map((v) => ({ message: `[${v.rule}] ${v.message}`, hint: v.hint, ...(v.location ? { location: v.location } : {}) })));
    }
    checkApplications(catalog, context.applications);
    const retired = catalog.images.filter((image) => isRetired(image, context.today));
    const drafts = draftEntries({ ...catalog, images: catalog.images.filter((image) => !retired.includes(image)) }, context, scheme);
    await linkParents(catalog, context, drafts, scheme);
    const byId = new Map(drafts.map((d) => [d.entry.id, d]));
    const wanted = wantedWithParents(drafts, byId, context);
    await resolveImports(catalog, context, drafts, wanted);
    await resolveBases(context, drafts, wanted);
    assignBuildIds(catalog, drafts, byId);
    let selected = new Set(drafts.filter((d) => matchesFilters(d.entry, context) && d.unavailable === undefined).map((d) => d.entry.id));
    if (context.changes) {
        const affected = affectedIds(catalog, drafts, context.changes, relativePath(context.workspace, catalog.file));
        selected = new Set([...selected].filter((id) => affected.has(id)));
    }
    const entries = assignStages(drafts.filter((d) => selected.has(d.entry.id)));
    const batch = context.batch ?? 1;
    const limits = { maxJobs: context.maxJobs ?? MAX_MATRIX_JOBS, maxBytes: context.maxBytes ?? MAX_MATRIX_BYTES, batch };
    return {
        schema: 1,
        catalog: relativePath(context.workspace, catalog.file),
        commit: context.commit.sha,
        tagTemplate: scheme.template.text,
        batch,
        entries,
        stages: planStages(entries, limits),
        unchanged: [],
        skipped: drafts.filter((d) => !selected.has(d.entry.id) && d.unavailable === undefined).map((d) => d.entry.id),
        unavailable: drafts.flatMap((d) => (d.unavailable && matchesFilters(d.entry, context) ? [{ id: d.entry.id, ...d.unavailable }] : [])),
        retired: retired.flatMap((image) => image.deprecated ? [{ application: image.name, reason: image.deprecated.reason, removeAfter: image.deprecated.removeAfter }] : []),
    };
}
/** Past its remove-after day (which is still kept): no longer built, and retention removes it. */
function isRetired(image, today) {
    return image.deprecated !== undefined && today > image.deprecated.removeAfter;
}
/** One warning per deprecated image still built, and per retired one no longer built: every summary says them. */
function deprecationLines(plan) {
    const lines = new Map();
    for (const entry of plan.entries) {
        if (entry.deprecated && !lines.has(entry.application)) {
            lines.set(entry.application, `${entry.application} is deprecated (${entry.deprecated.reason}); it is built until ${entry.deprecated.removeAfter}, then removed.`);
        }
    }
    for (const retired of plan.retired) {
        lines.set(retired.application, `${retired.application} is deprecated (${retired.reason}) and past its remove-after date ${retired.removeAfter}: it is no longer built, and retention removes its versions.`);
    }
    return [...lines.values()];
}
/** The label (and annotation) a deprecated image carries, saying why and until when. */
const DEPRECATED_LABEL = 'dev.image-actions.deprecated';
const REMOVE_AFTER_LABEL = 'dev.image-actions.remove-after';
function optionalTagOptions(context) {
    return {
        ...(context.registry !== undefined ? { registry: context.registry } : {}),
        ...(context.tagTemplate !== undefined ? { tagTemplate: context.tagTemplate } : {}),
    };
}
function checkApplications(catalog, applications) {
    const known = new Set(catalog.images.map((i) => i.name));
    const unknown = (applications ?? []).filter((a) => !known.has(a));
    if (unknown.length > 0) {
        throw new errors/* UserError */.yo({
            message: `input 'images' names ${unknown.map((a) => `'${a}'`).join(', ')}, not in ${catalog.file}.`,
            hint: `Use the catalog's application names: ${[...known].join(', ')}.`,
        });
    }
}
function matchesFilters(entry, context) {
    if (context.applications && context.applications.length > 0 && !context.applications.includes(entry.application))
        return false;
    return context.glob === undefined || globToRegExp(context.glob).test(entry.id);
}
function relativePath(workspace, path) {
    const absolute = (0,external_node_path_.isAbsolute)(path) ? path : (0,external_node_path_.resolve)(path);
    const rel = (0,external_node_path_.relative)(workspace, absolute);
    return (rel === '' ? '.' : rel).split(external_node_path_.sep).join('/');
}
function draftEntries(catalog, context, scheme) {
    const { base } = catalogBase(catalog, optionalTagOptions(context));
    const vendor = catalog.repository.split('/')[0] ?? catalog.repository;
    const drafts = [];
    const problems = [];
    for (const image of catalog.images) {
        const contextDir = relativePath(context.workspace, (0,external_node_path_.resolve)(catalog.dir, image.context));
        const dockerfile = relativePath(context.workspace, (0,external_node_path_.resolve)(catalog.dir, image.context, image.dockerfile));
        for (const listed of (0,model/* listedBuilds */.fT)(image)) {
            const { version, variant, location } = listed;
            const fields = tagFields(image, version, variant);
            const tagPart = scheme.formatTag(fields);
            const imported = image.import !== undefined;
            const buildArgs = imported ? {} : resolveBuildArgs(image, listed, problems);
            const entry = {
                id: `${image.name}-${tagPart}`,
                application: image.name,
                version: version.version,
                mode: image.mode,
                owner: image.owner,
                context: imported ? '' : contextDir,
                dockerfile: imported ? '' : dockerfile,
                buildArgs,
                platforms: [...image.platforms],
                repository: `${base}/${image.name}`,
                tags: [scheme.formatReference(base, fields)],
                // An import's labels are upstream's: copied by digest, nothing of the image is changed.
                labels: imported
                    ? {}
                    : {
                        ...image.labels,
                        ...(context.source !== undefined ? { 'org.opencontainers.image.source': context.source } : {}),
                        'org.opencontainers.image.revision': context.commit.sha,
                        'org.opencontainers.image.version': tagPart,
                        'org.opencontainers.image.created': context.commit.time,
                        'org.opencontainers.image.title': image.name,
                        'org.opencontainers.image.vendor': vendor,
                        'org.opencontainers.image.authors': image.owner,
                        ...(image.deprecated
                            ? { [DEPRECATED_LABEL]: image.deprecated.reason, [REMOVE_AFTER_LABEL]: image.deprecated.removeAfter }
                            : {}),
                    },
                requires: image.requires,
                buildId: '',
                sourceId: '',
                bases: [],
                maxAge: image.maxAge,
                stage: 0,
                parents: [],
                publishedParents: [],
            };
            if (variant)
                entry.variant = { id: variant.id, version: variant.version };
            if (image.target !== undefined)
                entry.target = image.target;
            const mirrors = context.mirrors ?? image.mirrors ?? [];
            if (mirrors.length > 0)
                entry.mirrors = plannedMirrors(mirrors, image.name);
            if (image.deprecated)
                entry.deprecated = { reason: image.deprecated.reason, removeAfter: image.deprecated.removeAfter };
            const tests = entryTests(image, version, variant);
            if (tests.length > 0)
                entry.tests = tests;
            if (image.debug) {
                const debugFields = { ...fields, application: (0,model/* debugApplication */.Cj)(image.name) };
                const twinTests = debugTests(image, version, variant);
                entry.debug = {
                    target: image.debug.target,
                    repository: `${base}/${image.name}-debug`,
                    tags: [scheme.formatReference(base, debugFields)],
                    ...(twinTests.length > 0 ? { tests: twinTests } : {}),
                    ...(mirrors.length > 0 ? { mirrors: plannedMirrors(mirrors, (0,model/* debugApplication */.Cj)(image.name)) } : {}),
                };
            }
            const platforms = context.perPlatform ? image.platforms : [undefined];
            for (const platform of platforms) {
                const copy = platform === undefined ? entry : { ...entry, id: `${entry.id}-${platform.replace(/\//g, '-')}`, platform, parents: [] };
                drafts.push({
                    entry: copy,
                    image,
                    location,
                    parentKeys: [],
                    links: [],
                    baseRefs: [],
                    ...(imported ? { upstream: upstreamTag(image, listed, tagPart) } : {}),
                });
            }
        }
    }
    if (problems.length > 0)
        throw new errors/* UserError */.yo(problems);
    return drafts;
}
/** Each mirror's repository for one application: `<mirror>/<application>`, as at the source. */
function plannedMirrors(mirrors, application) {
    return mirrors.map((m) => ({ repository: `${(0,model/* mirrorTarget */.hZ)(m)}/${application}`, overwrite: m.overwrite }));
}
const expand_PLACEHOLDER = /\{\{\s*([a-z.]+)\s*\}\}/g;
/** Merges image < version < variant build args and fills in {{version}}, {{variant.id}}, {{variant.version}}. */
function resolveBuildArgs(image, { version, variant, location }, problems) {
    const values = {
        version: version.version,
        'variant.id': variant?.id,
        'variant.version': variant?.version,
    };
    const merged = { ...image.buildArgs, ...version.buildArgs, ...variant?.buildArgs };
    const resolved = {};
    for (const [name, raw] of Object.entries(merged)) {
        resolved[name] = raw.replace(expand_PLACEHOLDER, (whole, key) => {
            const value = values[key];
            if (value !== undefined)
                return value;
            problems.push({
                message: `build arg ${name} of ${image.name} ${version.version} uses ${whole}, ${key in values ? 'but this version has no variants' : 'which is not a placeholder'}.`,
                hint: 'Use {{version}}, or {{variant.id}} and {{variant.version}} in images with variants.',
                location,
            });
            return whole;
        });
    }
    return resolved;
}
/** Points each entry at the catalog entries its Dockerfile builds FROM. */
async function linkParents(catalog, context, drafts, scheme) {
    const base = catalogBase(catalog, optionalTagOptions(context)).base;
    const prefixes = [...new Set([`${catalog.registry}/${catalog.repository}/`, `${base}/`])];
    const byKey = new Map();
    for (const d of drafts)
        byKey.set(entryKey(d.entry.application, d.entry.version, d.entry.variant, d.entry.platform), d);
    const byImage = new Map();
    for (const d of drafts) {
        const list = byImage.get(d.image);
        if (list)
            list.push(d);
        else
            byImage.set(d.image, [d]);
    }
    // Imports by upstream tag: a FROM the upstream is built on the curated copy instead.
    const byUpstream = new Map();
    for (const d of drafts)
        if (d.upstream !== undefined)
            byUpstream.set(`${d.upstream}\0${d.entry.platform ?? ''}`, d);
    const problems = [];
    for (const image of catalog.images) {
        if (image.import !== undefined)
            continue;
        const dockerfile = (0,external_node_path_.resolve)(catalog.dir, image.context, image.dockerfile);
        const froms = await context.readFroms(dockerfile);
        const mine = byImage.get(image) ?? [];
        for (const from of froms) {
            const prefix = prefixes.find((p) => from.reference.startsWith(p));
            if (prefix === undefined) {
                const upstream = byUpstream.size > 0 ? canonicalTagReference(from.reference) : undefined;
                for (const child of mine) {
                    const imported = upstream === undefined ? undefined : byUpstream.get(`${upstream}\0${child.entry.platform ?? ''}`);
                    if (imported !== undefined)
                        linkImport(child, from.reference, imported);
                    else if (!child.baseRefs.includes(from.reference))
                        child.baseRefs.push(from.reference);
                }
                continue;
            }
            const rest = from.reference.slice(prefix.length).split('@')[0] ?? '';
            const colon = rest.indexOf(':');
            const application = colon === -1 ? rest : rest.slice(0, colon);
            const fields = colon === -1 ? undefined : scheme.parseTagPart(rest.slice(colon + 1));
            const where = { file: relativePath(context.workspace, dockerfile), line: from.line };
            for (const child of mine) {
                const parent = fields && byKey.get(entryKey(application, fields.version, fields.variant, child.entry.platform));
                if (parent === undefined) {
                    problems.push({
                        message: `FROM ${from.reference} names a catalog image that the catalog does not plan${child.entry.platform ? ` for ${child.entry.platform}` : ''}.`,
                        hint: `Build FROM a tag the catalog plans for '${application}' (for example ${scheme.formatReference(prefix.slice(0, -1), { application, version: '1.0.0' })}), or add that version to the catalog.`,
                        location: where,
                    });
                    break;
                }
                if (!child.parentKeys.includes(parent.entry.id)) {
                    child.parentKeys.push(parent.entry.id);
                    // Published where this plan publishes, whichever of the two prefixes the Dockerfile wrote.
                    child.links.push({
                        reference: from.reference,
                        entry: parent.entry.id,
                        published: `${base}/${from.reference.slice(prefix.length)}`,
                    });
                }
            }
        }
    }
    if (problems.length > 0)
        throw new errors/* UserError */.yo(problems);
}
/** A FROM the upstream of an import: the child is built on the curated copy, after it. */
function linkImport(child, reference, parent) {
    if (parent === undefined || child.parentKeys.includes(parent.entry.id))
        return;
    child.parentKeys.push(parent.entry.id);
    child.links.push({ reference, entry: parent.entry.id, published: parent.entry.tags[0] ?? '' });
}
/** The entries the filters select, and every parent they build on: what the plan must know the digests of. */
function wantedWithParents(drafts, byId, context) {
    const wanted = new Set();
    const add = (draft) => {
        if (wanted.has(draft.entry.id))
            return;
        wanted.add(draft.entry.id);
        for (const key of draft.parentKeys) {
            const parent = byId.get(key);
            if (parent)
                add(parent);
        }
    };
    for (const draft of drafts)
        if (matchesFilters(draft.entry, context))
            add(draft);
    return wanted;
}
/**
 * Each import's upstream tag resolved to the digest it names now (once per
 * tag, however many platform jobs share it). One that cannot be read is
 * left out of the plan, saying why.
 */
async function resolveImports(catalog, context, drafts, wanted) {
    const imports = drafts.filter((d) => d.upstream !== undefined && wanted.has(d.entry.id));
    if (imports.length === 0)
        return;
    const registry = context.reader;
    if (registry === undefined)
        throw new Error(`${catalog.file} imports images, and the plan was given no registry to resolve them with`);
    const resolved = new Map();
    for (const draft of imports) {
        const upstream = draft.upstream ?? '';
        const tag = draft.entry.tags[0] ?? '';
        let found = resolved.get(`${upstream}\0${tag}`);
        if (found === undefined) {
            found = await resolveImport(catalog, draft.image, upstream, tag, registry, context.upstreamMirrors);
            resolved.set(`${upstream}\0${tag}`, found);
        }
        if ('planned' in found)
            draft.entry.import = found.planned;
        else
            draft.unavailable = found.unavailable;
    }
}
/**
 * Each base image (a FROM outside the catalog) resolved to the digest its
 * tag names now, once per reference, through the upstream mirrors: the build
 * is pinned to it and the build id covers it, so a moved base is a new
 * build. One that cannot be resolved is left unpinned and said why; such an
 * entry is never taken for unchanged.
 */
async function resolveBases(context, drafts, wanted) {
    const resolved = new Map();
    const resolve = (reference) => {
        let found = resolved.get(reference);
        if (found === undefined) {
            found = resolveBase(reference, context.reader, context.upstreamMirrors);
            resolved.set(reference, found);
        }
        return found;
    };
    for (const draft of drafts) {
        if (!wanted.has(draft.entry.id))
            continue;
        draft.entry.bases = await Promise.all(draft.baseRefs.map(resolve));
    }
}
async function resolveBase(reference, reader, mirrors) {
    if (reference.includes('$'))
        return { reference, unresolved: 'it names a build argument without a default' };
    let parsed;
    try {
        parsed = (0,oci/* parseReference */.F2)(reference, 'FROM');
    }
    catch (error) {
        return { reference, unresolved: error instanceof Error ? error.message : String(error) };
    }
    const repository = (0,oci/* repositoryOf */._M)(parsed);
    if (parsed.digest !== undefined)
        return { reference, image: `${repository}@${parsed.digest}` };
    if (reader === undefined)
        return { reference, unresolved: 'the plan was given no registry to read it from' };
    const source = throughMirror(`${repository}:${parsed.tag ?? 'latest'}`, mirrors);
    try {
        const digest = await reader.digestOf(source);
        if (digest === undefined)
            return { reference, unresolved: `${source} does not exist` };
        return { reference, image: `${repository}@${digest}` };
    }
    catch (error) {
        return { reference, unresolved: `${source} could not be read: ${error instanceof Error ? error.message : String(error)}` };
    }
}
function entryKey(application, version, variant, platform) {
    return [application, version, variant?.id ?? '', variant?.version ?? '', platform ?? ''].join('\0');
}
/** Build ids, parents first; a FROM cycle is the user's mistake. */
function assignBuildIds(catalog, drafts, byId) {
    const hasher = new ContextHasher();
    const state = new Map();
    const visit = (draft, path) => {
        const id = draft.entry.id;
        if (state.get(id) === 'done')
            return draft.entry.buildId;
        if (state.get(id) === 'visiting') {
            throw new errors/* UserError */.yo({
                message: `the images build FROM each other in a cycle: ${[...path, id].join(' -> ')}.`,
                hint: 'Break the cycle: an image cannot be its own ancestor.',
                location: draft.image.location,
            });
        }
        state.set(id, 'visiting');
        const parentDrafts = draft.parentKeys.map((key) => {
            const parent = byId.get(key);
            if (parent !== undefined)
                visit(parent, [...path, id]);
            return { key, parent };
        });
        const parents = parentDrafts.map(({ key, parent }) => parent?.entry.sourceId ?? key);
        const { entry } = draft;
        if (draft.upstream !== undefined) {
            entry.sourceId = importBuildId(draft, 'source');
            entry.buildId = importBuildId(draft, 'digest');
            state.set(id, 'done');
            return entry.buildId;
        }
        const contextDir = (0,external_node_path_.resolve)(catalog.dir, draft.image.context);
        const dockerfile = (0,external_node_path_.join)(contextDir, draft.image.dockerfile);
        const labels = { ...entry.labels };
        for (const name of COMMIT_LABELS)
            delete labels[name];
        entry.sourceId = buildId({
            context: hasher.context(contextDir, dockerfile),
            dockerfile: hasher.file(dockerfile),
            ...(entry.target !== undefined ? { target: entry.target } : {}),
            buildArgs: entry.buildArgs,
            // The platforms of the published image, also in per-platform jobs: the tag's build id is the image's, not a job's.
            platforms: entry.platforms,
            labels,
            mode: entry.mode,
            requires: entry.requires,
            // What the digest must pass before it is published: new tests make an unchanged image a new build to test.
            ...(entry.tests ? { tests: entry.tests } : {}),
            ...(entry.debug ? { debugTarget: entry.debug.target } : {}),
            ...(entry.debug?.tests ? { debugTests: entry.debug.tests } : {}),
            parents,
        });
        entry.buildId = fullBuildId(entry, parentDrafts.map(({ key, parent }) => parent?.entry.buildId ?? key));
        state.set(id, 'done');
        return entry.buildId;
    };
    for (const draft of drafts)
        visit(draft, []);
}
/** The build id: the source id, each base image's digest (or that it was not resolved), and the parents' build ids. */
function fullBuildId(entry, parents) {
    return contentId({
        source: entry.sourceId,
        bases: entry.bases.map((b) => [b.reference, b.image ?? 'unresolved']),
        parents,
    });
}
/**
 * An import's ids: the source id covers the upstream tag and what it must
 * pass; the build id also the upstream digest, so a moved upstream is a new build.
 */
function importBuildId(draft, kind) {
    const { entry } = draft;
    const digest = kind === 'source' ? 'tag' : (entry.import?.digest ?? draft.unavailable?.published ?? 'unresolved');
    return buildId({
        context: `import:${draft.upstream ?? ''}@${digest}`,
        dockerfile: '',
        buildArgs: {},
        platforms: entry.platforms,
        labels: {},
        mode: entry.mode,
        requires: entry.requires,
        ...(entry.tests ? { tests: entry.tests } : {}),
        parents: [],
    });
}
/**
 * Stage 0 for entries with no parent in the plan; otherwise one more than the
 * highest parent. A parent left out of the plan (filtered, or not affected by
 * a pull request) is already published: the child builds FROM its published
 * image, read from where the plan publishes.
 */
function assignStages(drafts) {
    const ids = new Set(drafts.map((d) => d.entry.id));
    return orderByStage(drafts.map((draft) => ({
        ...draft.entry,
        parents: draft.links.filter((l) => ids.has(l.entry)).map((l) => ({ reference: l.reference, entry: l.entry })),
        publishedParents: draft.links.filter((l) => !ids.has(l.entry)).map((l) => ({ reference: l.reference, image: l.published })),
    })));
}
/**
 * Entries with their stage set from the parents the plan builds (0 without
 * any), ordered by stage; within a stage the order given (catalog order).
 */
function orderByStage(entries) {
    const byId = new Map(entries.map((e) => [e.id, e]));
    const stage = new Map();
    const visit = (entry) => {
        const known = stage.get(entry.id);
        if (known !== undefined)
            return known;
        const value = entry.parents.reduce((max, link) => {
            const parent = byId.get(link.entry);
            return parent === undefined ? max : Math.max(max, visit(parent) + 1);
        }, 0);
        stage.set(entry.id, value);
        return value;
    };
    return entries
        .map((entry, index) => ({ entry: { ...entry, stage: visit(entry) }, index }))
        .sort((a, b) => a.entry.stage - b.entry.stage || a.index - b.index)
        .map((x) => x.entry);
}
/** The stages of staged entries, each split into shards a matrix can hold. */
function planStages(entries, limits) {
    const stageNumbers = [...new Set(entries.map((e) => e.stage))].sort((a, b) => a - b);
    return stageNumbers.map((stage) => ({
        stage,
        shards: splitStage(stage, entries.filter((e) => e.stage === stage), limits),
    }));
}

;// CONCATENATED MODULE: ./build/packages/plan/plan.js

/** A plan file as matrix-expand wrote it, checked for the shape its readers rely on; `source` names it in errors. */
function parsePlan(text, source) {
    const value = (0,errors/* parseJson */.qF)(text, (reason) => {
        throw new errors/* UserError */.yo({
            message: `${source} is not a plan: ${reason}.`,
            hint: "Pass the file matrix-expand wrote (its 'plan-file' output).",
        });
    });
    const plan = value;
    if (plan === null || typeof plan !== 'object' || plan.schema !== 1 || !Array.isArray(plan.entries) || !Array.isArray(plan.stages)) {
        throw new errors/* UserError */.yo({
            message: `${source} is not a plan of this version of the actions (needs schema 1, entries and stages).`,
            hint: "Pass the file matrix-expand wrote (its 'plan-file' output), from the same release of the actions.",
        });
    }
    if (plan.batch !== undefined && !(Number.isInteger(plan.batch) && plan.batch >= 1)) {
        throw new errors/* UserError */.yo({
            message: `${source} has batch ${JSON.stringify(plan.batch)}; a plan's batch is a whole number of images per leg, 1 or more.`,
            hint: "Pass the file matrix-expand wrote (its 'plan-file' output), unchanged.",
        });
    }
    return { ...plan, batch: plan.batch ?? 1 };
}

// EXTERNAL MODULE: ./build/packages/logging/markdown.js
var markdown = __webpack_require__(9929);
;// CONCATENATED MODULE: ./build/packages/plan/summary.js



/** Rows beyond this go to the plan file only: a job summary holds at most 1 MiB. */
const SUMMARY_ROWS = 500;
/**
 * The plan as a job summary: how many entries in how many stages, the
 * deprecation warnings, and a row per entry (stage, tags, platforms, parents,
 * build id). `narrowed` when the plan holds only what a change affects.
 */
function planMarkdown(plan, narrowed) {
    const lines = [
        `${plan.entries.length} entries in ${plan.stages.length} stage(s), commit \`${plan.commit.slice(0, 12)}\`` +
            (narrowed ? `, only what the change affects (${plan.skipped.length} entries unchanged)` : '') +
            (plan.unchanged.length > 0 ? `; ${plan.unchanged.length} unchanged, not built` : '') +
            '.',
        '',
    ];
    for (const line of deprecationLines(plan))
        lines.push(`> [!WARNING]`, `> ${line}`, '');
    for (const gone of plan.unavailable ?? [])
        lines.push(`> [!WARNING]`, `> ${(0,markdown/* tableCell */.x)(unavailableLine(gone))}`, '');
    const imports = importLines(plan);
    if (imports.length > 0)
        lines.push('Imports:', '', ...imports.map((line) => `- ${(0,markdown/* tableCell */.x)(line)}`), '');
    const skipping = plan.unchanged.length > 0 || plan.entries.some((e) => e.rebuild !== undefined);
    lines.push(`| Stage | Entry | Tags | Platforms | Parents | Build id |${skipping ? ' Why built |' : ''}`, `|---|---|---|---|---|---|${skipping ? '---|' : ''}`);
    for (const e of plan.entries.slice(0, SUMMARY_ROWS)) {
        const code = (text) => `<code>${(0,markdown/* tableCell */.x)(text)}</code>`;
        const parents = [...e.parents.map((p) => (0,markdown/* tableCell */.x)(p.entry)), ...e.publishedParents.map((p) => `${code(p.image)} (published)`)];
        const cells = [
            String(e.stage),
            (0,markdown/* tableCell */.x)(e.id),
            e.tags.map(code).join('<br>'),
            (0,markdown/* tableCell */.x)(e.platform ?? e.platforms.join(', ')),
            parents.join('<br>') || '-',
            code(e.buildId.slice(7, 19)),
            ...(skipping ? [(e.rebuild ?? []).map((r) => (0,markdown/* tableCell */.x)(r)).join('<br>')] : []),
        ];
        lines.push(`| ${cells.join(' | ')} |`);
    }
    if (plan.entries.length > SUMMARY_ROWS)
        lines.push('', `…and ${plan.entries.length - SUMMARY_ROWS} more entries: see the plan file.`);
    if (plan.unchanged.length > 0) {
        lines.push('', 'Unchanged, not built:', '', '| Entry | Digest | Checked |', '|---|---|---|');
        for (const u of plan.unchanged.slice(0, SUMMARY_ROWS))
            lines.push(`| ${(0,markdown/* tableCell */.x)(u.id)} | <code>${(0,markdown/* tableCell */.x)(u.image)}</code> | ${(0,markdown/* tableCell */.x)(u.reason)} |`);
        if (plan.unchanged.length > SUMMARY_ROWS)
            lines.push('', `…and ${plan.unchanged.length - SUMMARY_ROWS} more: see the plan file.`);
    }
    return `${lines.join('\n')}\n`;
}

// EXTERNAL MODULE: ./build/packages/rescan/model.js
var rescan_model = __webpack_require__(7628);
// EXTERNAL MODULE: ./build/packages/tags/registry.js
var registry = __webpack_require__(2057);
// EXTERNAL MODULE: ./build/packages/trivy/report.js
var report = __webpack_require__(9585);
// EXTERNAL MODULE: ./build/packages/trivy/severity.js
var trivy_severity = __webpack_require__(5336);
;// CONCATENATED MODULE: ./build/packages/plan/unchanged.js





const DAY_MS = 86_400_000;
/**
 * The plan without what is already done. An entry is unchanged when every
 * tag it plans exists and names one digest, that digest carries this build
 * id and was built on the digests the plan resolved (base images, and each
 * parent's published digest), its signature and SBOM attestation verify,
 * it is younger than its max-age, and its last rescan found no fixable
 * finding at or above the gate. Everything else is rebuilt, each entry
 * saying why (`rebuild`), and so is every child of a rebuilt entry. A child
 * of an unchanged parent is built on the parent's verified digest.
 */
async function skipUnchanged(plan, published, settings) {
    const unchanged = new Map();
    const rebuilt = new Map();
    // Parents first: a parent's decision is known before its children's.
    for (const entry of plan.entries) {
        const decision = await rebuildReasons(entry, rebuilt, unchanged, published, settings);
        if ('verified' in decision)
            unchanged.set(entry.id, unchangedEntry(entry, decision.verified, settings));
        else
            rebuilt.set(entry.id, { ...entry, rebuild: decision });
    }
    const entries = orderByStage([...rebuilt.values()].map((entry) => {
        // A parent that is not rebuilt is built on at the digest that was verified.
        const kept = entry.parents.filter((p) => !unchanged.has(p.entry));
        const moved = entry.parents.flatMap((p) => {
            const parent = unchanged.get(p.entry);
            return parent === undefined ? [] : [{ reference: p.reference, image: parent.image }];
        });
        return moved.length === 0 ? entry : { ...entry, parents: kept, publishedParents: [...entry.publishedParents, ...moved] };
    }));
    return {
        ...plan,
        entries,
        stages: planStages(entries, { ...settings, batch: plan.batch }),
        unchanged: plan.entries.flatMap((e) => {
            const done = unchanged.get(e.id);
            return done === undefined ? [] : [done];
        }),
    };
}
/** Why an entry must be rebuilt (at least one reason), or what was verified (the image, then its twin) when nothing says so. */
async function rebuildReasons(entry, rebuilt, unchanged, published, settings) {
    if (settings.force)
        return ['forced (force: true)'];
    if (entry.platform !== undefined)
        return ['one job per platform: only whole images are checked for changes'];
    const parents = entry.parents.filter((p) => rebuilt.has(p.entry)).map((p) => `its parent ${p.entry} is rebuilt`);
    if (parents.length > 0)
        return parents;
    const unresolved = entry.bases
        .filter((b) => b.image === undefined)
        .map((b) => `base image ${b.reference} was not resolved: ${b.unresolved}`);
    if (unresolved.length > 0)
        return unresolved;
    const images = [{ repository: entry.repository, tags: entry.tags }];
    if (entry.debug)
        images.push({ repository: entry.debug.repository, tags: entry.debug.tags });
    const verified = [];
    for (const image of images) {
        const found = await publishedDigest(image.tags, published);
        if (typeof found === 'string')
            return [found];
        const reasons = entry.import !== undefined ? importReasons(entry) : labelReasons(entry, found, unchanged);
        if (reasons.length > 0)
            return reasons;
        const ref = `${image.repository}@${found.digest}`;
        try {
            await published.verify(ref);
        }
        catch (error) {
            return [`${ref} does not verify: ${error instanceof Error ? error.message : String(error)}`];
        }
        const rescan = await published.lastRescan(ref);
        const fixable = rescan === undefined ? [] : fixableFindings(rescan, settings.severity);
        if (fixable.length > 0) {
            return [
                `the last rescan (${rescan?.scannedAt}) found ${fixable.length} fixable finding(s) at or above ${settings.severity}: ${fixable.slice(0, 5).join(', ')}${fixable.length > 5 ? ', ...' : ''}`,
            ];
        }
        // An import is a copy of its upstream digest: nothing inside it changes with time.
        if (entry.import !== undefined) {
            verified.push({ image: ref });
            continue;
        }
        const built = await published.builtAt(ref);
        if (built === undefined || Number.isNaN(Date.parse(built)))
            return [`the attested SBOM of ${ref} does not say when it was built`];
        const days = ageDays(built, settings.now);
        if (days > entry.maxAge)
            return [`built ${days.toFixed(1)} days ago (${built}), older than max-age ${entry.maxAge} days`];
        verified.push({ image: ref, builtAt: built });
    }
    return { verified };
}
function ageDays(builtAt, now) {
    return (now.getTime() - Date.parse(builtAt)) / DAY_MS;
}
/** The record of an entry rebuildReasons found unchanged, from what it verified (the image, then its twin). */
function unchangedEntry(entry, verified, settings) {
    const [main, twin] = verified;
    if (main === undefined)
        throw new Error(`${entry.id} was found unchanged with nothing verified`);
    const age = main.builtAt !== undefined ? `, built ${ageDays(main.builtAt, settings.now).toFixed(1)} days ago` : '';
    const what = entry.import !== undefined ? `still ${entry.import.upstream} at ${entry.import.digest}` : `build id ${entry.buildId}`;
    const record = {
        id: entry.id,
        application: entry.application,
        owner: entry.owner,
        repository: entry.repository,
        tags: [...entry.tags],
        image: main.image,
        reason: `unchanged: ${what}; signature and SBOM attestation verified${age}`,
    };
    if (entry.debug && twin !== undefined)
        record.debug = { repository: entry.debug.repository, tags: [...entry.debug.tags], image: twin.image };
    return record;
}
/** The one digest all the tags name, or why there is none. */
async function publishedDigest(tags, published) {
    let first;
    for (const tag of tags) {
        const image = await published.tagged(tag);
        if (image === undefined)
            return `${tag} is not published`;
        if (first !== undefined && first.image.digest !== image.digest) {
            return `its tags name different digests (${first.tag} ${first.image.digest}, ${tag} ${image.digest})`;
        }
        first ??= { tag, image };
    }
    if (first === undefined)
        return 'it plans no tag';
    return first.image;
}
function importReasons(entry) {
    const planned = entry.import;
    if (planned === undefined || planned.published === planned.digest)
        return [];
    return [`upstream ${planned.upstream} moved to ${planned.digest}`];
}
/** What the published image's labels say against the plan: the build id, and what each FROM was built on. */
function labelReasons(entry, image, unchanged) {
    if (image.platforms.length === 0)
        return [`${entry.repository}@${image.digest} holds no image`];
    for (const labels of image.platforms) {
        const bases = parseBases(labels[registry/* BASES_LABEL */.iK]);
        const expected = new Map();
        for (const base of entry.bases)
            if (base.image !== undefined)
                expected.set(base.reference, base.image);
        for (const parent of entry.parents) {
            const done = unchanged.get(parent.entry);
            if (done !== undefined)
                expected.set(parent.reference, done.image);
        }
        const moved = [...expected]
            .filter(([reference, pinned]) => bases?.[reference] !== pinned)
            .map(([reference, pinned]) => bases?.[reference] === undefined
            ? `it records no digest for FROM ${reference} (now ${pinned})`
            : `FROM ${reference} moved from ${bases[reference]} to ${pinned}`);
        if (moved.length > 0)
            return moved;
        if (labels[registry/* BUILD_ID_LABEL */.yi] === entry.buildId)
            continue;
        if (labels[registry/* SOURCE_ID_LABEL */.dQ] !== entry.sourceId)
            return [`its sources or build inputs changed (build id ${entry.buildId})`];
        return [`it was built with build id ${labels[registry/* BUILD_ID_LABEL */.yi] ?? 'none'}, the plan's is ${entry.buildId}`];
    }
    return [];
}
function parseBases(text) {
    if (text === undefined)
        return undefined;
    try {
        const value = JSON.parse(text);
        return typeof value === 'object' && value !== null ? value : undefined;
    }
    catch {
        return undefined;
    }
}
/** The last rescan's findings with a fixed version, at or above the gate, not covered by an ignore entry: `CVE-1 (pkg 1.0 -> 1.1)`. */
function fixableFindings(rescan, severity) {
    const ignored = new Set(rescan.ignored.map((i) => i.key));
    return rescan.findings
        .filter((f) => (0,report/* isFixable */.G4)(f) && (0,trivy_severity/* isSeverity */._Z)(f.severity) && (0,trivy_severity/* atLeast */.jZ)(f.severity, severity) && !ignored.has((0,rescan_model/* findingKey */.fl)(f)))
        .map((f) => `${f.id} (${f.pkg} ${f.installedVersion} -> ${f.fixedVersion})`);
}

;// CONCATENATED MODULE: ./build/packages/plan/verify.js





/**
 * Tags in a repository that are not image tags of the scheme: cosign's
 * signatures and attestations (`sha256-<hex>.sig`) and build caches.
 */
const DEFAULT_IGNORED_TAGS = ['sha256-*.sig', 'sha256-*.att', 'sha256-*.sbom', 'buildcache*'];
/**
 * Every check verify-tag-scheme makes: given tags against the scheme; a
 * catalog's planned tags (blamed on the catalog line) and duplicates; the FROM
 * lines naming catalog images; and, with a registry, the tags already there
 * and planned tags that would silently move to an image of other content.
 */
async function verifyTags(request) {
    const options = {
        ...(request.registry !== undefined ? { registry: request.registry } : {}),
        ...(request.tagTemplate !== undefined ? { tagTemplate: request.tagTemplate } : {}),
    };
    const { catalog } = request;
    const scheme = catalog ? catalogScheme(catalog, options) : (0,tags/* tagScheme */.Q1)(request.tagTemplate, "input 'tag-template'");
    const expected = catalog ? catalogBase(catalog, options) : undefined;
    const violations = [];
    let checked = 0;
    for (const tag of request.tags) {
        checked++;
        violations.push(...scheme.check(tag, expected).violations);
    }
    const repositories = new Map();
    for (const tag of request.tags) {
        const name = tag.split('@')[0] ?? tag;
        const colon = name.lastIndexOf(':');
        if (colon > name.lastIndexOf('/'))
            repositories.set(name.slice(0, colon), undefined);
    }
    if (catalog) {
        const planned = plannedTags(catalog, options);
        checked += planned.tags.length;
        violations.push(...planned.violations);
        for (const image of catalog.images) {
            repositories.set(`${expected?.base}/${image.name}`, image.location);
            if (image.debug)
                repositories.set(`${expected?.base}/${(0,model/* debugApplication */.Cj)(image.name)}`, image.location);
        }
        if (request.plan)
            checked += await checkFroms(catalog, request.plan, scheme, expected?.base ?? '', violations);
    }
    if (request.tagRegistry) {
        checked += await checkRegistryTags(request.tagRegistry, repositories, scheme, expected, request.ignore ?? DEFAULT_IGNORED_TAGS, violations);
        if (catalog && request.plan)
            await checkOverwrites(request.tagRegistry, catalog, request.plan, options, violations);
    }
    return { checked, violations };
}
/** FROM lines that name an image of this catalog must name it by a tag of the scheme. */
async function checkFroms(catalog, plan, scheme, base, violations) {
    const prefixes = [...new Set([`${catalog.registry}/${catalog.repository}/`, `${base}/`])];
    let checked = 0;
    for (const image of catalog.images) {
        if (image.import !== undefined)
            continue;
        const dockerfile = `${catalog.dir}/${image.context}/${image.dockerfile}`;
        for (const from of await plan.readFroms(dockerfile)) {
            const prefix = prefixes.find((p) => from.reference.startsWith(p));
            if (prefix === undefined || from.reference.includes('@'))
                continue;
            checked++;
            const registry = prefix.slice(0, prefix.indexOf('/'));
            const repository = prefix.slice(registry.length + 1, -1);
            const location = { file: relativePath(plan.workspace, dockerfile), line: from.line };
            for (const v of scheme.check(from.reference, { registry, repository }).violations)
                violations.push({ ...v, location });
        }
    }
    return checked;
}
async function checkRegistryTags(registry, repositories, scheme, expected, ignore, violations) {
    const ignored = ignore.map(globToRegExp);
    let checked = 0;
    for (const [full, location] of [...repositories].sort(([a], [b]) => (a < b ? -1 : 1))) {
        for (const tag of await registry.listTags(full)) {
            if (ignored.some((r) => r.test(tag)))
                continue;
            checked++;
            for (const v of scheme.check(`${full}:${tag}`, expected).violations) {
                violations.push({ ...v, message: `in the registry: ${v.message}`, ...(location ? { location } : {}) });
            }
        }
    }
    return checked;
}
/**
 * A planned tag that already exists must hold an image with the same build id:
 * otherwise publishing would silently move it to other content (a Dockerfile
 * or context changed without a new version or variant version).
 */
async function checkOverwrites(registry, catalog, context, options, violations) {
    const plan = await expandPlan(catalog, { ...context, ...options });
    const locations = new Map(plannedTags(catalog, options).tags.map((t) => [t.tag, t.location]));
    for (const entry of plan.entries) {
        // An import's tag follows its upstream tag by design (a moved upstream is re-gated, then published there).
        if (entry.platform !== undefined || entry.import !== undefined)
            continue;
        for (const tag of entry.tags) {
            const ids = await registry.labelValues(entry.repository, tag.slice(entry.repository.length + 1), tags/* SOURCE_ID_LABEL */.dQ);
            if (ids === undefined || (ids.length > 0 && ids.every((id) => id === entry.sourceId)))
                continue;
            const found = ids.find((id) => id !== entry.sourceId);
            const location = locations.get(tag);
            violations.push({
                tag,
                rule: 'overwrite',
                message: found === undefined
                    ? `'${tag}' already exists and points at an image without the ${tags/* SOURCE_ID_LABEL */.dQ} label; publishing would replace it.`
                    : `'${tag}' already exists with source id ${found}, but the catalog plans ${entry.sourceId} for it: its Dockerfile, context or build inputs changed while its version did not.`,
                hint: 'Bump the version or variant version in the catalog so the new image gets a new tag, or revert the change.',
                ...(location ? { location } : {}),
            });
        }
    }
}

;// CONCATENATED MODULE: ./build/packages/plan/index.js



















/***/ }),

/***/ 7628:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   FX: () => (/* binding */ RESULT_FILE),
/* harmony export */   fl: () => (/* binding */ findingKey),
/* harmony export */   t9: () => (/* binding */ REBUILD_FILE)
/* harmony export */ });
/** `TEST-2026-0101 gzip@1.12-1`: the same vulnerability in the same package at the same version. */
function findingKey(finding) {
    return `${finding.id} ${finding.pkg}@${finding.installedVersion}`;
}
const RESULT_FILE = 'rescan-result.json';
const REBUILD_FILE = 'rescan-rebuild.json';


/***/ })

};
