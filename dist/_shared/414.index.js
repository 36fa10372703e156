export const id = 414;
export const ids = [414];
export const modules = {

/***/ 2238:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  C: () => (/* binding */ runAction)
});

// UNUSED EXPORTS: reportFailure

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 7 modules
var core = __webpack_require__(3838);
// EXTERNAL MODULE: ./build/packages/errors/index.js + 1 modules
var errors = __webpack_require__(2495);
;// CONCATENATED MODULE: ./build/actions/_common/core-logger.js

/** What the runner was told to mask already: a value read as an input and handed to a client is masked once. */
const masked = new Set();
/** The packages' Logger, backed by the runner's log and annotations. */
const coreLogger = {
    debug: (message) => core/* debug */.Yz(message),
    info: (message) => core/* info */.pq(message),
    warning: (message, location) => core/* warning */.$e(message, annotation(location)),
    error: (message, location) => core/* error */.z3(message, annotation(location)),
    secret: (value) => {
        if (masked.has(value))
            return;
        masked.add(value);
        core/* setSecret */.Pq(value);
    },
    group: (title, body) => core/* group */.Os(title, body),
};
function annotation(location) {
    if (!location)
        return {};
    const props = { file: location.file };
    if (location.line !== undefined)
        props.startLine = location.line;
    if (location.endLine !== undefined)
        props.endLine = location.endLine;
    // GitHub rejects columns on annotations that span several lines.
    if (location.column !== undefined && (location.endLine === undefined || location.endLine === location.line)) {
        props.startColumn = location.column;
        if (location.endColumn !== undefined)
            props.endColumn = location.endColumn;
    }
    return props;
}

;// CONCATENATED MODULE: ./build/actions/_common/inputs.js



/**
 * Typed, strict readers for one action's declared inputs. Every reader names
 * the input in its error, so `ture` for a boolean fails as "input 'push'..."
 * instead of quietly meaning false.
 */
class Inputs {
    actionName;
    constructor(actionName) {
        this.actionName = actionName;
    }
    /** The raw, trimmed value; '' when not set. */
    raw(name) {
        return core/* getInput */.V4(name, { trimWhitespace: true });
    }
    string(name, options = {}) {
        const value = this.raw(name);
        if (value === '') {
            if (options.required) {
                throw new errors/* UserError */.yo({
                    message: `input '${name}' is required but was not set.`,
                    hint: `Add '${name}:' under 'with:' in the step that uses ${this.actionName}.`,
                });
            }
            return undefined;
        }
        return value;
    }
    /** A secret: masked in the log before anything else can print it. */
    secret(name) {
        const value = core/* getInput */.V4(name, { trimWhitespace: false });
        if (value === '')
            return undefined;
        coreLogger.secret(value);
        return value;
    }
    boolean(name, fallback) {
        return parseBoolean(name, this.raw(name), fallback);
    }
    integer(name, fallback, range = {}) {
        return parseInteger(name, this.raw(name), fallback, range);
    }
    /** An integer, or undefined when the input is not set (`stage`, `shard`: all of them). */
    optionalInteger(name, range = {}) {
        const value = this.raw(name);
        return value === '' ? undefined : parseInteger(name, value, 0, range);
    }
    list(name) {
        return parseList(this.raw(name));
    }
    oneOf(name, allowed, fallback) {
        const value = this.raw(name);
        if (value === '')
            return fallback;
        if (allowed.includes(value))
            return value;
        throw new errors/* UserError */.yo({
            message: `input '${name}' is '${value}', which is not one of: ${allowed.join(', ')}.`,
            hint: `Set '${name}' to one of those values.`,
        });
    }
}
const TRUE = new Set(['true', 'True', 'TRUE']);
const FALSE = new Set(['false', 'False', 'FALSE']);
/** YAML 1.2 core-schema booleans only; anything else is a mistake, not false. */
function parseBoolean(name, value, fallback) {
    if (value === '')
        return fallback;
    if (TRUE.has(value))
        return true;
    if (FALSE.has(value))
        return false;
    throw new errors/* UserError */.yo({
        message: `input '${name}' is '${value}', which is not a boolean.`,
        hint: `Use 'true' or 'false'.`,
    });
}
function parseInteger(name, value, fallback, range = {}) {
    if (value === '')
        return fallback;
    if (!/^[+-]?\d+$/.test(value)) {
        throw new errors/* UserError */.yo({
            message: `input '${name}' is '${value}', which is not a whole number.`,
            hint: `Use digits only, for example '${fallback}'.`,
        });
    }
    const number = Number(value);
    if (!Number.isSafeInteger(number)) {
        throw new errors/* UserError */.yo({ message: `input '${name}' is '${value}', which is too large.`, hint: 'Use a smaller number.' });
    }
    if ((range.min !== undefined && number < range.min) || (range.max !== undefined && number > range.max)) {
        const bounds = [range.min !== undefined ? `at least ${range.min}` : '', range.max !== undefined ? `at most ${range.max}` : '']
            .filter(Boolean)
            .join(' and ');
        throw new errors/* UserError */.yo({ message: `input '${name}' is ${number}, but it must be ${bounds}.`, hint: 'Change the value.' });
    }
    return number;
}
/**
 * A list input: items separated by newlines or commas; an item in double
 * quotes may hold commas (`"a,b", c`), and `""` inside quotes is a literal
 * quote, as in CSV. Blank items are dropped.
 */
function parseList(value) {
    const items = [];
    for (const line of value.split(/\r?\n/)) {
        for (const item of splitCsvLine(line)) {
            const trimmed = item.trim();
            if (trimmed !== '')
                items.push(trimmed);
        }
    }
    return items;
}
function splitCsvLine(line) {
    const items = [];
    let current = '';
    let quoted = false;
    let wasQuoted = false;
    for (let i = 0; i < line.length; i++) {
        const ch = line[i];
        if (quoted) {
            if (ch === '"' && line[i + 1] === '"') {
                current += '"';
                i++;
            }
            else if (ch === '"') {
                quoted = false;
            }
            else {
                current += ch;
            }
        }
        else if (ch === '"' && current.trim() === '' && !wasQuoted) {
            quoted = true;
            wasQuoted = true;
            current = '';
        }
        else if (ch === ',') {
            items.push(current);
            current = '';
            wasQuoted = false;
        }
        else {
            current += ch;
        }
    }
    if (quoted) {
        throw new errors/* UserError */.yo({
            message: `list item '${current}' opens a double quote that is never closed.`,
            hint: 'Close the quote, or write the item without quotes.',
        });
    }
    items.push(current);
    return items;
}

;// CONCATENATED MODULE: ./build/actions/_common/outputs.js

/** Writes only the outputs the action declared; objects are written as JSON. */
class Outputs {
    written = new Map();
    set(name, value) {
        const text = typeof value === 'string' ? value : JSON.stringify(value);
        this.written.set(name, text);
        core/* setOutput */.uH(name, text);
    }
}

;// CONCATENATED MODULE: ./build/actions/_common/run-action.js





/**
 * The one entry wrapper of every action: times the run, and turns whatever is
 * thrown (an Error, a string, anything) into a failed step whose message starts
 * with the action's name. A user's mistake is reported as one error per
 * problem, with its file and line as an annotation and how to fix it; anything
 * else is reported as an internal error with its stack in the debug log.
 */
async function runAction(spec, body) {
    const started = performance.now();
    try {
        await body({ inputs: new Inputs(spec.name), outputs: new Outputs(), log: coreLogger, summary: core/* summary */.z });
        core/* info */.pq(`${spec.name}: done in ${seconds(started)}`);
    }
    catch (thrown) {
        reportFailure(spec.name, thrown);
        core/* info */.pq(`${spec.name}: failed after ${seconds(started)}`);
    }
    finally {
        if (core/* summary */.z.stringify() !== '') {
            try {
                await core/* summary */.z.write();
            }
            catch (thrown) {
                core/* warning */.$e(`${spec.name}: could not write the job summary: ${describe(thrown)}`);
            }
        }
    }
}
function reportFailure(actionName, thrown) {
    process.exitCode = 1;
    if ((0,errors/* isUserError */.iU)(thrown)) {
        for (const problem of thrown.problems) {
            const where = problem.location ? `${(0,errors/* formatLocation */.j$)(problem.location)}: ` : '';
            const hint = problem.hint ? ` ${problem.hint}` : '';
            core/* error */.z3(`${actionName}: ${where}${problem.message}${hint}`, annotation(problem.location));
        }
        return;
    }
    if (thrown instanceof Error && thrown.stack)
        core/* debug */.Yz(thrown.stack);
    // Not the user's mistake: a tool or a service failed, or we have a bug. The
    // stack goes to the debug log (ACTIONS_STEP_DEBUG) rather than the annotation.
    core/* error */.z3(`${actionName}: ${describe(thrown)}`);
}
function describe(thrown) {
    if (thrown instanceof Error)
        return thrown.message;
    if (typeof thrown === 'string')
        return thrown;
    try {
        return JSON.stringify(thrown) ?? String(thrown);
    }
    catch {
        return String(thrown);
    }
}
function seconds(since) {
    return `${((performance.now() - since) / 1000).toFixed(1)}s`;
}


/***/ }),

/***/ 8180:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Q: () => (/* binding */ defineAction)
/* harmony export */ });
function defineAction(spec) {
    return spec;
}


/***/ }),

/***/ 9138:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Nf: () => (/* binding */ catalogArgument),
/* harmony export */   X5: () => (/* binding */ runnerTemp),
/* harmony export */   oS: () => (/* binding */ workspaceRoot)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8161);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6760);



/** The repository the workflow checked out (GITHUB_WORKSPACE), or the working directory outside a runner. */
function workspaceRoot() {
    return (0,node_path__WEBPACK_IMPORTED_MODULE_2__.resolve)(process.env.GITHUB_WORKSPACE ?? process.cwd());
}
/** The runner's temporary directory (RUNNER_TEMP), made if missing. */
function runnerTemp() {
    const dir = process.env.RUNNER_TEMP ?? (0,node_os__WEBPACK_IMPORTED_MODULE_1__.tmpdir)();
    (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.mkdirSync)(dir, { recursive: true });
    return dir;
}
/** A catalog path as the loader should see it: relative to the working directory when possible, so annotations point at it. */
function catalogArgument(workspace, path) {
    const absolute = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.resolve)(workspace, path);
    const fromCwd = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.relative)(process.cwd(), absolute);
    return fromCwd === '' || (0,node_path__WEBPACK_IMPORTED_MODULE_2__.isAbsolute)(fromCwd) ? absolute : fromCwd;
}


/***/ }),

/***/ 2495:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  yo: () => (/* reexport */ UserError),
  j$: () => (/* reexport */ formatLocation),
  Vw: () => (/* reexport */ formatProblem),
  iU: () => (/* reexport */ isUserError),
  qF: () => (/* reexport */ parseJson)
});

;// CONCATENATED MODULE: ./build/packages/errors/user-error.js
/**
 * A mistake in what the user gave us (an input, a catalog, a tag): reported as
 * such, with how to fix it, and never with a stack trace. Anything else that is
 * thrown is an internal error.
 */
class UserError extends Error {
    problems;
    constructor(problems, options) {
        const list = Array.isArray(problems) ? problems : [problems];
        if (list.length === 0)
            throw new Error('UserError needs at least one problem');
        super(list.map(formatProblem).join('\n'), options);
        this.name = 'UserError';
        this.problems = list;
    }
}
function isUserError(value) {
    return value instanceof UserError;
}
function formatLocation(location) {
    let text = location.file;
    if (location.line !== undefined) {
        text += `:${location.line}`;
        if (location.column !== undefined)
            text += `:${location.column}`;
    }
    return text;
}
/** `file:line:col: message (hint)`, the form compilers use, so editors can jump to it. */
function formatProblem(problem) {
    const where = problem.location ? `${formatLocation(problem.location)}: ` : '';
    const hint = problem.hint ? ` ${problem.hint}` : '';
    return `${where}${problem.message}${hint}`;
}
/**
 * `JSON.parse`, with the parser's complaint handed to `fail`, which throws the
 * error that names the input or file the text came from.
 */
function parseJson(text, fail) {
    try {
        return JSON.parse(text);
    }
    catch (error) {
        return fail(error instanceof Error ? error.message : String(error));
    }
}

;// CONCATENATED MODULE: ./build/packages/errors/index.js



/***/ }),

/***/ 4603:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  IG: () => (/* reexport */ BufferedLogger),
  qq: () => (/* reexport */ silentLogger),
  xR: () => (/* reexport */ markdown/* tableCell */.x)
});

// UNUSED EXPORTS: MemoryLogger

;// CONCATENATED MODULE: ./build/packages/logging/logger.js
/** A Logger that keeps what it was told; for tests and for summaries. */
class MemoryLogger {
    records = [];
    secrets = [];
    debug(message) {
        this.records.push({ level: 'debug', message });
    }
    info(message) {
        this.records.push({ level: 'info', message });
    }
    warning(message, location) {
        this.records.push({ level: 'warning', message, ...(location ? { location } : {}) });
    }
    error(message, location) {
        this.records.push({ level: 'error', message, ...(location ? { location } : {}) });
    }
    secret(value) {
        this.secrets.push(value);
    }
    async group(title, body) {
        this.records.push({ level: 'info', message: `[group] ${title}` });
        return body();
    }
    messages(level) {
        return this.records.filter((r) => level === undefined || r.level === level).map((r) => r.message);
    }
}
/**
 * Holds the log of one piece of work while other work runs beside it, and
 * hands it on whole (`flush`), so that the lines of images built at the same
 * time do not interleave. A secret is passed on at once: masking cannot wait
 * for the flush. A group inside becomes a marked line (groups do not nest;
 * the flush itself is printed as one).
 */
class BufferedLogger extends MemoryLogger {
    target;
    constructor(target) {
        super();
        this.target = target;
    }
    secret(value) {
        this.target.secret(value);
    }
    /** Everything held so far, to the target, in order; then nothing is held. */
    flush() {
        for (const r of this.records.splice(0)) {
            if (r.level === 'warning' || r.level === 'error')
                this.target[r.level](r.message, r.location);
            else
                this.target[r.level](r.message);
        }
    }
}
/** Says nothing. */
const silentLogger = {
    debug() { },
    info() { },
    warning() { },
    error() { },
    secret() { },
    group: (_title, body) => body(),
};

// EXTERNAL MODULE: ./build/packages/logging/markdown.js
var markdown = __webpack_require__(9929);
;// CONCATENATED MODULE: ./build/packages/logging/index.js




/***/ }),

/***/ 9929:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   x: () => (/* binding */ tableCell)
/* harmony export */ });
/**
 * Text for one cell of a Markdown table in a job summary: a pipe would end
 * the cell early and a newline the row, so pipes are escaped and line breaks
 * become `<br>` (or `newline`, where a cell should stay on one line). The
 * text is shown, never rendered: it may come from a tool, a registry or a
 * pull request's files (an ignore file's reason), so `&`, `<` and `>` are
 * escaped too.
 */
function tableCell(text, newline = '<br>') {
    return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\|/g, '\\|').replace(/\r?\n/g, newline);
}


/***/ }),

/***/ 259:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  _W: () => (/* reexport */ byDigest),
  FH: () => (/* reexport */ formatReference),
  Bc: () => (/* reexport */ isDigest),
  Dn: () => (/* reexport */ parseDigestReference),
  F2: () => (/* reexport */ parseReference),
  _M: () => (/* reexport */ repositoryOf)
});

// EXTERNAL MODULE: ./build/packages/errors/index.js + 1 modules
var errors = __webpack_require__(2495);
;// CONCATENATED MODULE: ./build/packages/oci/reference.js

const DIGEST = /^sha256:[a-f0-9]{64}$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
function isDigest(value) {
    return DIGEST.test(value);
}
/**
 * Parses a reference; `what` names where it came from (an input, a file:line)
 * for the error message.
 */
function parseReference(text, what = 'image reference') {
    const fail = (why) => {
        throw new errors/* UserError */.yo({
            message: `${what} '${text}' is not a valid image reference: ${why}.`,
            hint: 'Write it as registry/repository:tag or registry/repository@sha256:<digest>.',
        });
    };
    if (text.trim() !== text || text === '')
        fail('it is empty or has surrounding spaces');
    let rest = text;
    let digest;
    const at = rest.indexOf('@');
    if (at !== -1) {
        digest = rest.slice(at + 1);
        rest = rest.slice(0, at);
        if (!DIGEST.test(digest))
            fail(`'${digest}' is not a sha256 digest`);
    }
    let tag;
    const lastSlash = rest.lastIndexOf('/');
    const colon = rest.lastIndexOf(':');
    if (colon > lastSlash) {
        tag = rest.slice(colon + 1);
        rest = rest.slice(0, colon);
        if (!TAG.test(tag))
            fail(`'${tag}' is not a valid tag`);
    }
    const parts = rest.split('/');
    let registry = 'docker.io';
    const first = parts[0] ?? '';
    if (parts.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost')) {
        registry = first;
        parts.shift();
    }
    if (registry === 'docker.io' && parts.length === 1)
        parts.unshift('library');
    for (const part of parts) {
        if (!PATH_COMPONENT.test(part))
            fail(`'${part}' is not a valid repository path component (lowercase letters, digits, separators)`);
    }
    const reference = { registry, repository: parts.join('/') };
    if (tag !== undefined)
        reference.tag = tag;
    if (digest !== undefined)
        reference.digest = digest;
    return reference;
}
/** `registry/repository` */
function repositoryOf(reference) {
    return `${reference.registry}/${reference.repository}`;
}
function formatReference(reference) {
    let text = repositoryOf(reference);
    if (reference.tag !== undefined)
        text += `:${reference.tag}`;
    if (reference.digest !== undefined)
        text += `@${reference.digest}`;
    return text;
}
/** `registry/repository@sha256:...`: the form every step passes on. */
function byDigest(reference, digest = reference.digest) {
    if (digest === undefined || !DIGEST.test(digest)) {
        throw new Error(`no digest for ${formatReference(reference)}`);
    }
    return `${repositoryOf(reference)}@${digest}`;
}
/** Parses a reference that must carry a digest (what scan, sign and publish accept). */
function parseDigestReference(text, what = 'image reference') {
    const reference = parseReference(text, what);
    if (reference.digest === undefined) {
        throw new errors/* UserError */.yo({
            message: `${what} '${text}' has no digest.`,
            hint: 'Pass the image by digest (registry/repository@sha256:...), as build-prebuilt outputs it; a tag can move.',
        });
    }
    return reference;
}

;// CONCATENATED MODULE: ./build/packages/oci/index.js



/***/ }),

/***/ 6667:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   B: () => (/* binding */ flatten),
/* harmony export */   o: () => (/* binding */ resolvePath)
/* harmony export */ });
/**
 * Applies layers in order, as a container runtime would: later entries
 * replace earlier ones, `.wh.<name>` deletes `<name>` (and what is under it),
 * and `.wh..wh..opq` empties its directory of what lower layers put there.
 * A hard link takes what the reader learnt of the file it links to.
 */
function flatten(layers) {
    const tree = new FileTree();
    for (const layer of layers) {
        // Whiteouts apply to the layers below, so before this layer's own entries.
        for (const entry of layer) {
            const slash = entry.path.lastIndexOf('/');
            const dir = slash === -1 ? '' : entry.path.slice(0, slash);
            const base = entry.path.slice(slash + 1);
            if (base === '.wh..wh..opq')
                tree.removeChildren(`/${dir}`);
            else if (base.startsWith('.wh.'))
                tree.remove(`/${dir ? `${dir}/` : ''}${base.slice(4)}`);
        }
        for (const entry of layer) {
            const base = entry.path.slice(entry.path.lastIndexOf('/') + 1);
            if (base.startsWith('.wh.'))
                continue;
            const path = `/${entry.path}`;
            const file = { kind: entry.kind, mode: entry.mode };
            if (entry.target !== undefined)
                file.target = entry.kind === 'hardlink' ? `/${entry.target}` : entry.target;
            if (entry.kind === 'hardlink' && entry.target !== undefined) {
                // A hard link is the file it links to: same mode, same content, same nature.
                const linked = tree.files.get(`/${entry.target}`);
                if (linked?.content !== undefined)
                    file.content = linked.content;
                if (linked?.recognised !== undefined)
                    file.recognised = linked.recognised;
                if (linked?.format !== undefined)
                    file.format = linked.format;
                if (linked)
                    file.mode = linked.mode;
            }
            if (entry.content !== undefined)
                file.content = entry.content.toString('utf8');
            if (entry.recognised !== undefined)
                file.recognised = entry.recognised;
            if (entry.format !== undefined)
                file.format = entry.format;
            // A file or link replaces a directory of the same name, and all under it.
            if (entry.kind !== 'directory')
                tree.removeChildren(path);
            tree.set(path, file);
        }
    }
    return tree.files;
}
/** The files by path, with each directory's children indexed, so removing a subtree costs its size, not the image's. */
class FileTree {
    files = new Map();
    children = new Map();
    set(path, entry) {
        this.files.set(path, entry);
        let child = path;
        while (child !== '/') {
            const parent = parentOf(child);
            let set = this.children.get(parent);
            if (set === undefined) {
                set = new Set();
                this.children.set(parent, set);
            }
            if (set.has(child))
                break;
            set.add(child);
            child = parent;
        }
    }
    remove(path) {
        this.removeChildren(path);
        this.files.delete(path);
        this.children.get(parentOf(path))?.delete(path);
    }
    removeChildren(path) {
        const set = this.children.get(path === '' ? '/' : path);
        if (set === undefined)
            return;
        for (const child of set) {
            this.removeChildren(child);
            this.files.delete(child);
        }
        set.clear();
    }
}
function parentOf(path) {
    const slash = path.lastIndexOf('/');
    return slash <= 0 ? '/' : path.slice(0, slash);
}
/**
 * Follows symlinks (absolute or relative, in any component) inside the image
 * to the entry a path really names; undefined when it does not exist or the
 * links loop. A map lookup per component: cheap enough for every file a
 * package lists (`/bin/bash` is `/usr/bin/bash` in a merged-/usr image).
 */
function resolvePath(files, path) {
    let parts = split(path);
    for (let hops = 0; hops < 40; hops++) {
        let resolved = '';
        let followed = false;
        for (let i = 0; i < parts.length; i++) {
            const candidate = `${resolved}/${parts[i]}`;
            const entry = files.get(candidate);
            if (entry?.kind === 'symlink' && entry.target !== undefined) {
                const base = entry.target.startsWith('/') ? [] : split(resolved);
                parts = [...normaliseParts([...base, ...split(entry.target)]), ...parts.slice(i + 1)];
                followed = true;
                break;
            }
            resolved = candidate;
        }
        if (!followed) {
            const finalPath = resolved === '' ? '/' : resolved;
            const entry = files.get(finalPath);
            return entry ? { path: finalPath, entry } : undefined;
        }
    }
    return undefined;
}
function split(path) {
    return normaliseParts(path.split('/').filter((part) => part !== '' && part !== '.'));
}
function normaliseParts(parts) {
    const out = [];
    for (const part of parts) {
        if (part === '..')
            out.pop();
        else if (part !== '.' && part !== '')
            out.push(part);
    }
    return out;
}


/***/ }),

/***/ 7442:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   OS: () => (/* reexport safe */ _read_image_js__WEBPACK_IMPORTED_MODULE_4__.OS),
/* harmony export */   g: () => (/* reexport safe */ _read_image_js__WEBPACK_IMPORTED_MODULE_4__.g),
/* harmony export */   o1: () => (/* reexport safe */ _filesystem_js__WEBPACK_IMPORTED_MODULE_0__.o),
/* harmony export */   pl: () => (/* reexport safe */ _installed_packages_js__WEBPACK_IMPORTED_MODULE_1__.pl),
/* harmony export */   tR: () => (/* reexport safe */ _read_image_js__WEBPACK_IMPORTED_MODULE_4__.tR),
/* harmony export */   x3: () => (/* reexport safe */ _lock_down_js__WEBPACK_IMPORTED_MODULE_3__.x3)
/* harmony export */ });
/* harmony import */ var _filesystem_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6667);
/* harmony import */ var _installed_packages_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6096);
/* harmony import */ var _layer_tar_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6357);
/* harmony import */ var _lock_down_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(9308);
/* harmony import */ var _read_image_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(2728);
/* harmony import */ var _recognise_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(4159);









/***/ }),

/***/ 6096:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   At: () => (/* binding */ installedPackages),
/* harmony export */   Kp: () => (/* binding */ isPackageRecord),
/* harmony export */   mm: () => (/* binding */ upstreamVersion),
/* harmony export */   pl: () => (/* binding */ packageRecords)
/* harmony export */ });
/* unused harmony export RPM_DATABASES */
/** Where rpm keeps its database, in its three formats and two places. */
const RPM_DATABASES = [
    '/var/lib/rpm/Packages',
    '/var/lib/rpm/Packages.db',
    '/var/lib/rpm/rpmdb.sqlite',
    '/usr/lib/sysimage/rpm/Packages',
    '/usr/lib/sysimage/rpm/Packages.db',
    '/usr/lib/sysimage/rpm/rpmdb.sqlite',
];
const NODE_MODULE = /\/node_modules\/(?:@[^/]+\/)?[^/@][^/]*\/package\.json$/;
/** The files whose text the reader keeps; everything else passes by. */
function isPackageRecord(path) {
    const absolute = path.startsWith('/') ? path : `/${path}`;
    return (absolute === '/var/lib/dpkg/status' ||
        (absolute.startsWith('/var/lib/dpkg/status.d/') && !absolute.endsWith('.md5sums')) ||
        absolute === '/lib/apk/db/installed' ||
        absolute.endsWith('.dist-info/METADATA') ||
        absolute.endsWith('.egg-info/PKG-INFO') ||
        NODE_MODULE.test(absolute));
}
function packageRecords(files) {
    const packages = [];
    for (const [path, entry] of files) {
        if (entry.content === undefined)
            continue;
        if (path === '/var/lib/dpkg/status' || path.startsWith('/var/lib/dpkg/status.d/')) {
            packages.push(...dpkgStanzas(entry.content, path));
        }
        else if (path === '/lib/apk/db/installed') {
            packages.push(...apkRecords(entry.content, path));
        }
        else if (path.endsWith('.dist-info/METADATA') || path.endsWith('.egg-info/PKG-INFO')) {
            const name = /^Name: *(.+)$/m.exec(entry.content)?.[1]?.trim();
            const version = /^Version: *(.+)$/m.exec(entry.content)?.[1]?.trim();
            if (name && version)
                packages.push({ name, version, source: 'python', record: path });
        }
        else if (NODE_MODULE.test(path)) {
            const module = nodeModule(entry.content);
            if (module)
                packages.push({ ...module, source: 'node', record: path });
        }
    }
    const unlisted = RPM_DATABASES.filter((path) => files.get(path)?.kind === 'file').map((path) => ({ source: 'rpm', path }));
    return { packages, unlisted };
}
/** The packages alone, for the capability checks. */
function installedPackages(files) {
    return packageRecords(files).packages;
}
function dpkgStanzas(text, record) {
    const packages = [];
    for (const stanza of text.split(/\n\s*\n/)) {
        const name = /^Package: *(.+)$/m.exec(stanza)?.[1]?.trim();
        const version = /^Version: *(.+)$/m.exec(stanza)?.[1]?.trim();
        const status = /^Status: *(.+)$/m.exec(stanza)?.[1]?.trim();
        // status.d records of distroless images may omit Status; a status file lists removed packages too.
        if (name && version && (status === undefined || status.endsWith(' installed')))
            packages.push({ name, version, source: 'dpkg', record });
    }
    return packages;
}
function apkRecords(text, record) {
    const packages = [];
    for (const stanza of text.split(/\n\s*\n/)) {
        const name = /^P:(.+)$/m.exec(stanza)?.[1]?.trim();
        const version = /^V:(.+)$/m.exec(stanza)?.[1]?.trim();
        if (name && version)
            packages.push({ name, version, source: 'apk', record });
    }
    return packages;
}
/** A module's own package.json names it; one without a name or version (a test fixture, a nested build file) is no package. */
function nodeModule(text) {
    try {
        const json = JSON.parse(text);
        if (typeof json.name === 'string' && json.name !== '' && typeof json.version === 'string' && json.version !== '') {
            return { name: json.name, version: json.version };
        }
    }
    catch {
        // Not JSON: not a module record.
    }
    return undefined;
}
/**
 * The upstream version of a distribution version, as semver can compare it:
 * `1:3.11.2-6+deb12u6` -> `3.11.2`, `1.36.1-r15` -> `1.36.1`, `3.11` -> `3.11.0`.
 * Undefined when there is no leading number to compare.
 */
function upstreamVersion(version) {
    const withoutEpoch = version.replace(/^\d+:/, '');
    const match = /^(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(withoutEpoch);
    if (!match)
        return undefined;
    return `${Number(match[1])}.${Number(match[2] ?? 0)}.${Number(match[3] ?? 0)}`;
}


/***/ }),

/***/ 6357:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   w: () => (/* binding */ readLayer)
/* harmony export */ });
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7075);
/* harmony import */ var tar_stream__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6118);
/* harmony import */ var _recognise_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(4159);



/**
 * Reads a layer as it streams: each entry's header, the content of the few
 * files asked for, and, for executables, what the probe makes of the bytes
 * going past. No entry, and no layer, is ever held whole in memory.
 */
async function readLayer(source, options = {}) {
    const input = Buffer.isBuffer(source) ? node_stream__WEBPACK_IMPORTED_MODULE_0__.Readable.from([source]) : source;
    const parser = (0,tar_stream__WEBPACK_IMPORTED_MODULE_1__.extract)();
    input.on('error', (error) => parser.destroy(error));
    input.pipe(parser);
    const entries = [];
    for await (const stream of parser) {
        const header = stream.header;
        const path = normalise(header.name);
        const kind = kindOf(header.type);
        const keep = path !== '' && kind === 'file' && options.wantContent?.(path) === true;
        const probe = options.recognise && kind === 'file' && ((header.mode ?? 0) & 0o111) !== 0 ? new _recognise_js__WEBPACK_IMPORTED_MODULE_2__/* .ContentProbe */ .G_(header.size ?? 0) : undefined;
        const kept = [];
        for await (const data of stream) {
            const chunk = data;
            if (keep)
                kept.push(chunk);
            if (probe?.wantsMore)
                probe.push(chunk);
        }
        if (path === '')
            continue;
        const entry = { path, kind, mode: (header.mode ?? 0) & 0o7777, size: header.size ?? 0 };
        if ((kind === 'symlink' || kind === 'hardlink') && header.linkname) {
            entry.target = kind === 'hardlink' ? normalise(header.linkname) : header.linkname;
        }
        if (keep)
            entry.content = Buffer.concat(kept);
        const recognised = probe?.result();
        if (recognised)
            entry.recognised = recognised;
        if (probe?.format)
            entry.format = probe.format;
        entries.push(entry);
    }
    return entries;
}
function kindOf(type) {
    switch (type) {
        case 'file':
        case 'contiguous-file':
            return 'file';
        case 'link':
            return 'hardlink';
        case 'symlink':
            return 'symlink';
        case 'directory':
            return 'directory';
        default:
            return 'other';
    }
}
function normalise(name) {
    return name
        .replace(/^(?:\.\/|\/)+/, '')
        .replace(/\/+$/, '')
        .replace(/^\.$/, '');
}


/***/ }),

/***/ 9308:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   OF: () => (/* binding */ SHELLS),
/* harmony export */   x3: () => (/* binding */ lockDownPushed)
/* harmony export */ });
/* unused harmony exports LOCK_DOWN_RULES, PACKAGE_MANAGERS, checkLockDown, lockDownProblems */
/* harmony import */ var semver__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2088);
/* harmony import */ var _filesystem_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(6667);
/* harmony import */ var _installed_packages_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6096);
/* harmony import */ var _read_image_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2728);




/**
 * The prebuilt contract, checked on the image as pushed: no shell, no package
 * manager, not root, ENTRYPOINT/CMD in exec form, and every capability the
 * catalog requires present. Pure over an ImageDescription, so every rule is
 * tested on tables of made-up images and the reader is tested on real ones.
 */
const LOCK_DOWN_RULES = (/* unused pure expression or super */ null && (['no-shell', 'no-package-manager', 'non-root', 'exec-form', 'capabilities']));
/**
 * Names that are a shell wherever they sit: a file, a symlink, a busybox
 * applet link. Under another name, a shell is still known by its content
 * (see recognise.ts): an ELF busybox, toybox, bash, dash, mksh or zsh, or a
 * script whose first line names a shell.
 */
const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh', 'ksh', 'mksh', 'csh', 'tcsh', 'fish', 'busybox']);
/**
 * Tools that install software at run time. npm and friends count: a node
 * image that can `npm install` is not the image that was scanned. Python's
 * pip also counts as a module (`site-packages/pip`), since `python -m pip` needs
 * no pip executable.
 */
const PACKAGE_MANAGERS = new Set([
    'apk',
    'apt',
    'apt-get',
    'aptitude',
    'dpkg',
    'yum',
    'dnf',
    'microdnf',
    'rpm',
    'zypper',
    'pip',
    'pip3',
    'easy_install',
    'npm',
    'npx',
    'yarn',
    'pnpm',
    'gem',
]);
function checkLockDown(images, requires) {
    return [
        rule('no-shell', images, shells),
        rule('no-package-manager', images, packageManagers),
        rule('non-root', images, rootUser),
        rule('exec-form', images, shellForm),
        rule('capabilities', images, (image) => missingCapabilities(image, requires)),
    ];
}
/** Every problem of every rule, for a one-line-each failure message. */
function lockDownProblems(results) {
    return results.flatMap((result) => result.problems.map((problem) => `${result.rule}: ${problem}`));
}
function rule(name, images, check) {
    const problems = images.flatMap((image) => check(image).map((problem) => `${image.platform}: ${problem}`));
    return { rule: name, passed: problems.length === 0, problems };
}
function basename(path) {
    return path.slice(path.lastIndexOf('/') + 1);
}
/**
 * Something that can be run: an executable file or a link (links are judged
 * by name: `sh -> busybox` is a shell whatever it points at). Configuration
 * and documentation named after a program (/usr/share/menu/bash,
 * /etc/cron.daily/dpkg) are not.
 */
function isProgram(path, entry) {
    if (path.startsWith('/etc/') || path.startsWith('/usr/share/'))
        return false;
    return entry.kind === 'symlink' || entry.kind === 'hardlink' || (entry.kind === 'file' && (entry.mode & 0o111) !== 0);
}
function shells(image) {
    const found = [];
    const scripts = [];
    for (const [path, entry] of image.files) {
        const byName = SHELLS.has(basename(path)) && isProgram(path, entry);
        const byContent = entry.recognised?.kind === 'shell' ? entry.recognised : undefined;
        if (!byName && !byContent)
            continue;
        const what = entry.kind === 'symlink'
            ? `symlink to ${entry.target ?? '?'}`
            : entry.kind === 'hardlink'
                ? `hard link to ${entry.target ?? '?'}`
                : 'file';
        if (byContent && entry.format === 'script' && !byName)
            scripts.push({ path, line: byContent.how.replace(/^a script starting /, '') });
        else if (byContent)
            found.push(`has a shell: ${path} (${what}; ${byContent.what}, recognised as ${byContent.how})`);
        else
            found.push(`has a shell: ${path} (${what})`);
    }
    found.push(...scriptProblems(image, scripts));
    return found.sort();
}
const SCRIPTS_SHOWN = 5;
/**
 * Scripts that need a shell: one line each when there are few; one line for
 * all when a whole distribution's worth of them is there (a Debian base has
 * over a hundred), naming the first few.
 */
function scriptProblems(image, scripts) {
    if (scripts.length <= 1) {
        return scripts.map(({ path, line }) => {
            const recognised = image.files.get(path)?.recognised;
            return `has a shell: ${path} (file; ${recognised?.what ?? 'a script'}, recognised as a script starting ${line})`;
        });
    }
    const sorted = [...scripts].sort((a, b) => a.path.localeCompare(b.path));
    const shown = sorted.slice(0, SCRIPTS_SHOWN).map(({ path, line }) => `${path} (${line})`);
    const more = sorted.length > SCRIPTS_SHOWN ? ` and ${sorted.length - SCRIPTS_SHOWN} more` : '';
    return [`has ${sorted.length} scripts that need a shell to run: ${shown.join(', ')}${more}`];
}
function packageManagers(image) {
    const found = [];
    for (const [path, entry] of image.files) {
        const name = basename(path);
        const byContent = entry.recognised?.kind === 'package-manager' ? entry.recognised : undefined;
        if (byContent) {
            found.push(`has a package manager: ${path} (${byContent.what}, recognised as ${byContent.how})`);
        }
        else if (isProgram(path, entry) && (PACKAGE_MANAGERS.has(name) || /^pip\d+(?:\.\d+)?$/.test(name))) {
            found.push(`has a package manager: ${path}`);
        }
        else if (entry.kind === 'directory' && name === 'pip' && /\/(?:site|dist)-packages\/pip$/.test(path)) {
            found.push(`has a package manager: ${path} (the pip module, runnable as 'python -m pip')`);
        }
        else if (entry.kind === 'directory' && /\/node_modules\/(?:npm|yarn|pnpm|corepack)$/.test(path)) {
            found.push(`has a package manager: ${path} (the ${name} module, runnable with node)`);
        }
    }
    return found.sort();
}
function rootUser(image) {
    const user = image.config.user.trim();
    const name = user.split(':')[0] ?? '';
    if (name === '' || name === '0' || name === 'root') {
        return [`runs as root (User is ${user === '' ? 'not set' : `'${user}'`}); set USER to a non-root uid, e.g. USER 65532:65532`];
    }
    return [];
}
function shellForm(image) {
    const { entrypoint, cmd } = image.config;
    const problems = [];
    if (entrypoint.length === 0 && cmd.length === 0)
        problems.push('declares neither ENTRYPOINT nor CMD, so it does nothing as shipped');
    for (const [field, argv] of [
        ['ENTRYPOINT', entrypoint],
        ['CMD', cmd],
    ]) {
        const first = argv[0];
        if (first !== undefined && SHELLS.has(basename(first)) && argv[1] === '-c') {
            problems.push(`${field} is in shell form (${JSON.stringify(argv)}); write it in exec form, ["/path/to/program", "arg"]`);
        }
    }
    return problems;
}
function missingCapabilities(image, requires) {
    const problems = [];
    const packages = requires.some((c) => c.kind === 'package') ? (0,_installed_packages_js__WEBPACK_IMPORTED_MODULE_2__/* .installedPackages */ .At)(image.files) : [];
    for (const capability of requires) {
        if (capability.kind === 'binary') {
            const found = (0,_filesystem_js__WEBPACK_IMPORTED_MODULE_3__/* .resolvePath */ .o)(image.files, capability.path);
            if (!found)
                problems.push(`lacks the binary ${capability.path}`);
            else if (found.entry.kind !== 'file')
                problems.push(`binary ${capability.path} is not a regular file (${found.entry.kind})`);
            else if ((found.entry.mode & 0o111) === 0)
                problems.push(`binary ${capability.path} is not executable (mode ${found.entry.mode.toString(8)})`);
        }
        else if (capability.kind === 'file') {
            const found = (0,_filesystem_js__WEBPACK_IMPORTED_MODULE_3__/* .resolvePath */ .o)(image.files, capability.path);
            if (!found)
                problems.push(`lacks the file ${capability.path}`);
            else if (found.entry.kind === 'directory')
                problems.push(`${capability.path} is a directory, not a file`);
        }
        else {
            const matches = packages.filter((p) => p.name === capability.name);
            const wanted = capability.range ? ` ${capability.range}` : '';
            if (matches.length === 0) {
                problems.push(`lacks the package ${capability.name}${wanted} (no dpkg, apk, Python or node record of it)`);
            }
            else if (capability.range !== undefined) {
                const range = capability.range;
                const fits = matches.some((p) => {
                    const version = (0,_installed_packages_js__WEBPACK_IMPORTED_MODULE_2__/* .upstreamVersion */ .mm)(p.version);
                    return version !== undefined && semver__WEBPACK_IMPORTED_MODULE_0__.satisfies(version, range);
                });
                if (!fits)
                    problems.push(`package ${capability.name} is ${matches.map((p) => p.version).join(', ')}, not in ${range}`);
            }
        }
    }
    return problems;
}
/**
 * The lock-down checks of an image already in the registry (built, or
 * imported by digest): every platform read back and checked, each rule's
 * verdict logged. Empty `problems` when it passed.
 */
async function lockDownPushed(registry, log, image, requires) {
    const images = await log.group(`lock-down checks of ${image}`, () => (0,_read_image_js__WEBPACK_IMPORTED_MODULE_1__/* .readImage */ .AM)(registry, image));
    const checks = checkLockDown(images, requires);
    for (const check of checks)
        log.info(`${check.passed ? 'pass' : 'FAIL'} ${check.rule}${check.passed ? '' : `: ${check.problems.join('; ')}`}`);
    return { checks, problems: lockDownProblems(checks) };
}


/***/ }),

/***/ 2728:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   AM: () => (/* binding */ readImage),
/* harmony export */   OS: () => (/* binding */ platformManifests),
/* harmony export */   g: () => (/* binding */ recordedPackageCount),
/* harmony export */   tR: () => (/* binding */ readPlatformImage)
/* harmony export */ });
/* unused harmony export uncompressed */
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7075);
/* harmony import */ var node_zlib__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8522);
/* harmony import */ var _oci_index_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(259);
/* harmony import */ var _filesystem_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(6667);
/* harmony import */ var _installed_packages_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(6096);
/* harmony import */ var _layer_tar_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(6357);






/**
 * The pushed image itself, per platform, from the registry: the platform
 * manifests of the index (attestation manifests skipped), each config, each
 * layer streamed through gunzip (or zstd) and the tar reader, and flattened.
 * Nothing runs inside the image, so a locked-down image with no shell reads
 * as well as any.
 */
async function readImage(client, image, options = {}) {
    const results = [];
    for (const platform of await platformManifests(client, image)) {
        results.push(await readPlatformImage(client, image, platform, options));
    }
    return results;
}
/** How many packages the records in `image` list, every platform together (no content recognition: records only). */
async function recordedPackageCount(client, image) {
    let count = 0;
    for (const platform of await readImage(client, image, { recognise: false }))
        count += (0,_installed_packages_js__WEBPACK_IMPORTED_MODULE_4__/* .packageRecords */ .pl)(platform.files).packages.length;
    return count;
}
/** One platform's image of `image` (whose repository holds it), by the platform manifest's digest. */
async function readPlatformImage(client, image, platform, options = {}) {
    const { registry, repository } = (0,_oci_index_js__WEBPACK_IMPORTED_MODULE_2__/* .parseDigestReference */ .Dn)(image, 'image');
    const manifest = JSON.parse((await client.manifest(registry, repository, platform.digest)).body.toString('utf8'));
    const config = JSON.parse((await client.blob(registry, repository, requireDigest(manifest.config))).toString('utf8'));
    const layers = [];
    for (const layer of manifest.layers ?? []) {
        const bytes = await client.blob(registry, repository, layer.digest);
        layers.push(await (0,_layer_tar_js__WEBPACK_IMPORTED_MODULE_3__/* .readLayer */ .w)(uncompressed(bytes, layer.mediaType ?? ''), {
            wantContent: _installed_packages_js__WEBPACK_IMPORTED_MODULE_4__/* .isPackageRecord */ .Kp,
            recognise: options.recognise ?? true,
        }));
    }
    return { platform: platform.platform, digest: platform.digest, config: imageConfig(config), files: (0,_filesystem_js__WEBPACK_IMPORTED_MODULE_5__/* .flatten */ .B)(layers) };
}
/** The platform images of `image` (an index or a single manifest), with their sizes. */
async function platformManifests(client, image) {
    const { registry, repository, digest } = (0,_oci_index_js__WEBPACK_IMPORTED_MODULE_2__/* .parseDigestReference */ .Dn)(image, 'image');
    const top = await client.manifest(registry, repository, digest);
    const parsed = JSON.parse(top.body.toString('utf8'));
    const descriptors = parsed.manifests
        ? parsed.manifests.filter((m) => m.platform?.os !== undefined && m.platform.os !== 'unknown')
        : [{ digest: top.digest }];
    const platforms = [];
    for (const descriptor of descriptors) {
        const manifest = descriptor.digest === top.digest
            ? parsed
            : JSON.parse((await client.manifest(registry, repository, descriptor.digest)).body.toString('utf8'));
        const size = (manifest.config?.size ?? 0) + (manifest.layers ?? []).reduce((sum, layer) => sum + (layer.size ?? 0), 0);
        let platform = platformName(descriptor.platform);
        if (platform === undefined) {
            const config = JSON.parse((await client.blob(registry, repository, requireDigest(manifest.config))).toString('utf8'));
            platform = platformName(config) ?? 'unknown';
        }
        platforms.push({ platform, digest: descriptor.digest, size });
    }
    return platforms;
}
function platformName(p) {
    if (!p?.os || !p.architecture)
        return undefined;
    return [p.os, p.architecture, p.variant].filter(Boolean).join('/');
}
function requireDigest(descriptor) {
    if (!descriptor)
        throw new Error('the image manifest has no config');
    return descriptor.digest;
}
function imageConfig(blob) {
    return { user: blob.config?.User ?? '', entrypoint: blob.config?.Entrypoint ?? [], cmd: blob.config?.Cmd ?? [] };
}
/**
 * The layer's tar stream. The registry client hands over the compressed blob
 * (checked against its digest); it is decompressed as the tar reader pulls,
 * so the uncompressed layer never exists whole in memory.
 */
function uncompressed(bytes, mediaType) {
    const source = node_stream__WEBPACK_IMPORTED_MODULE_0__.Readable.from([bytes]);
    let decompress;
    if (mediaType.endsWith('+zstd') || mediaType.endsWith('.zstd'))
        decompress = (0,node_zlib__WEBPACK_IMPORTED_MODULE_1__.createZstdDecompress)();
    // Gzip by its magic number: some registries label a gzip layer without the suffix.
    else if (bytes[0] === 0x1f && bytes[1] === 0x8b)
        decompress = (0,node_zlib__WEBPACK_IMPORTED_MODULE_1__.createGunzip)();
    if (decompress === undefined)
        return source;
    source.on('error', (error) => decompress.destroy(error));
    return source.pipe(decompress);
}


/***/ }),

/***/ 4159:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   G_: () => (/* binding */ ContentProbe)
/* harmony export */ });
/* unused harmony exports ELF_SIGNATURES, SHELL_INTERPRETERS, readOnlyRanges, shebang */
/** Most specific first: busybox carries strings of the ash it contains. */
const ELF_SIGNATURES = [
    { what: 'busybox', kind: 'shell', all: ['BusyBox v'], checked: true },
    { what: 'toybox', kind: 'shell', all: ['toybox', 'multicall binary'], checked: true },
    { what: 'bash', kind: 'shell', all: ['GNU bash, version'], checked: true },
    { what: 'mksh', kind: 'shell', all: ['@(#)MIRBSD KSH'], checked: true },
    // lksh, mksh's legacy build, has no version string, but the same prompt.
    { what: 'mksh', kind: 'shell', all: ["Use 'exit' to leave mksh"], checked: true },
    { what: 'zsh', kind: 'shell', all: ['ZSH_PATCHLEVEL'], checked: true },
    // dash and the other Almquist shells (ash) keep this message of the original ash.
    { what: 'dash (an Almquist shell, like ash)', kind: 'shell', all: ['turning off NDELAY mode'], checked: true },
    { what: 'apt', kind: 'package-manager', all: ['Usage: apt [options] command'], checked: true },
    { what: 'apt-get', kind: 'package-manager', all: ['Usage: apt-get [options] command'], checked: true },
    { what: 'dpkg', kind: 'package-manager', all: ["Debian '%s' package management program version %s."], checked: true },
    { what: 'rpm', kind: 'package-manager', all: ['no packages given for install'], checked: true },
    // apk-tools' version line, "apk-tools <version>, compiled for <arch>." (src/apk.c).
    { what: 'apk', kind: 'package-manager', all: ['apk-tools ', ', compiled for '], checked: false },
    // microdnf is its name plus libdnf's context API, which it links.
    { what: 'microdnf', kind: 'package-manager', all: ['microdnf', 'dnf_context_'], checked: false },
];
/** Interpreters that are shells: a script naming one needs a shell to run. */
const SHELL_INTERPRETERS = new Set([
    'sh',
    'bash',
    'rbash',
    'ash',
    'dash',
    'zsh',
    'rzsh',
    'ksh',
    'mksh',
    'lksh',
    'csh',
    'tcsh',
    'fish',
    'yash',
    'posh',
    'busybox',
    'toybox',
]);
/** Python scripts that are package managers, by what they import. */
const PYTHON_MARKERS = [
    { what: 'pip', needle: 'pip._internal' },
    { what: 'dnf', needle: 'from dnf' },
    { what: 'dnf', needle: 'import dnf' },
    { what: 'yum', needle: 'import yum' },
];
/** Bytes kept to decide what a file is: the ELF header and its program headers, or a script's first line. */
const HEAD = 4096;
/** A program header table further in than this is not worth keeping bytes for: the whole file is searched. */
const MAX_HEAD = 65536;
const LONGEST = Math.max(...ELF_SIGNATURES.flatMap((s) => s.all.map((n) => n.length)), ...PYTHON_MARKERS.map((m) => m.needle.length));
/**
 * One file's bytes, pushed in order as the layer streams. After the last
 * chunk, `result()` says what the file was recognised as, if anything.
 */
class ContentProbe {
    size;
    head = [];
    headLength = 0;
    offset = 0;
    state = 'head';
    ranges = [];
    carry = Buffer.alloc(0);
    carryEnd = -1;
    pending = [];
    found = new Map();
    recognition;
    /** `elf` or `script` once the first bytes said so. */
    format;
    constructor(size) {
        this.size = size;
    }
    /** Whether more bytes could change the answer; the reader still drains the entry either way. */
    get wantsMore() {
        return this.state !== 'done';
    }
    push(chunk) {
        if (this.state === 'done') {
            this.offset += chunk.length;
            return;
        }
        if (this.state === 'head') {
            this.head.push(chunk);
            this.headLength += chunk.length;
            this.offset += chunk.length;
            if (this.headLength < Math.min(HEAD, this.size) && this.offset < this.size)
                return;
            this.decideOnHead();
            return;
        }
        const start = this.offset;
        this.offset += chunk.length;
        this.search(chunk, start);
    }
    result() {
        if (this.state === 'head' && this.head.length > 0)
            this.decideOnHead(true);
        this.state = 'done';
        return this.recognition;
    }
    /** The head holds bytes [0, headLength): decide what the file is, then search what it already holds. */
    decideOnHead(last = false) {
        const head = Buffer.concat(this.head);
        this.head = [];
        this.decide(head, last);
        if (this.state === 'elf' || this.state === 'python')
            this.search(head, 0);
    }
    decide(head, last) {
        if (head.length >= 4 && head[0] === 0x7f && head[1] === 0x45 && head[2] === 0x4c && head[3] === 0x46) {
            const ranges = readOnlyRanges(head, this.size);
            if (ranges === 'need-more' && !last && head.length < MAX_HEAD && head.length < this.size) {
                // The program headers lie further in: keep reading the head.
                this.head = [head];
                this.headLength = head.length;
                return;
            }
            this.ranges = ranges === 'need-more' ? [[0, this.size]] : ranges;
            this.pending = [...ELF_SIGNATURES];
            this.state = 'elf';
            this.format = 'elf';
            return;
        }
        if (head.length >= 2 && head[0] === 0x23 && head[1] === 0x21) {
            this.format = 'script';
            const interpreter = shebang(head);
            if (interpreter === undefined) {
                this.state = 'done';
                return;
            }
            const name = basename(interpreter.program);
            if (SHELL_INTERPRETERS.has(name)) {
                this.recognition = { kind: 'shell', what: `a ${name} script`, how: `a script starting ${interpreter.line}` };
                this.state = 'done';
                return;
            }
            if (/^python[\d.]*$/.test(name)) {
                this.ranges = [[0, this.size]];
                this.state = 'python';
                return;
            }
        }
        this.state = 'done';
    }
    /** Searches `bytes` (at file offset `start`) where the ranges allow, with the tail of the last piece for strings across chunks. */
    search(bytes, start) {
        for (const [from, to] of this.ranges) {
            const lo = Math.max(from, start);
            const hi = Math.min(to, start + bytes.length);
            if (lo >= hi)
                continue;
            const piece = bytes.subarray(lo - start, hi - start);
            const window = this.carryEnd === lo && this.carry.length > 0 ? Buffer.concat([this.carry, piece]) : piece;
            this.match(window);
            if (this.state === 'done')
                return;
            this.carry = Buffer.from(window.subarray(Math.max(0, window.length - (LONGEST - 1))));
            this.carryEnd = hi;
        }
    }
    match(window) {
        if (this.state === 'python') {
            const marker = PYTHON_MARKERS.find((m) => window.includes(m.needle));
            if (marker) {
                this.recognition = { kind: 'package-manager', what: marker.what, how: `a Python script that runs "${marker.needle}"` };
                this.state = 'done';
            }
            return;
        }
        for (const signature of this.pending) {
            let seen = this.found.get(signature);
            for (const needle of signature.all) {
                if (seen?.has(needle) || !window.includes(needle))
                    continue;
                if (!seen) {
                    seen = new Set();
                    this.found.set(signature, seen);
                }
                seen.add(needle);
            }
            if (seen?.size === signature.all.length) {
                this.recognition = {
                    kind: signature.kind,
                    what: signature.what,
                    how: `an ELF binary carrying ${signature.all.map((n) => JSON.stringify(n)).join(' and ')}`,
                };
                this.state = 'done';
                return;
            }
        }
    }
}
/**
 * The file ranges of an ELF object's read-only data: `PT_LOAD` segments that
 * are neither writable nor executable; without any (an old linker that put
 * `.rodata` with the code), every segment that is not writable. `need-more`
 * when the program header table is not inside `head`.
 */
function readOnlyRanges(head, size) {
    const wide = head[4] === 2;
    const little = head[5] !== 2;
    if (head.length < (wide ? 64 : 52))
        return 'need-more';
    const u16 = (at) => (little ? head.readUInt16LE(at) : head.readUInt16BE(at));
    const u32 = (at) => (little ? head.readUInt32LE(at) : head.readUInt32BE(at));
    const u64 = (at) => Number(little ? head.readBigUInt64LE(at) : head.readBigUInt64BE(at));
    const phoff = wide ? u64(32) : u32(28);
    const phentsize = u16(wide ? 54 : 42);
    const phnum = u16(wide ? 56 : 44);
    if (phnum === 0 || phentsize === 0)
        return [[0, size]];
    if (phoff + phnum * phentsize > head.length)
        return 'need-more';
    const loads = [];
    for (let i = 0; i < phnum; i++) {
        const at = phoff + i * phentsize;
        if (u32(at) !== 1)
            continue; // PT_LOAD
        const flags = wide ? u32(at + 4) : u32(at + 24);
        const offset = wide ? u64(at + 8) : u32(at + 4);
        const filesz = wide ? u64(at + 32) : u32(at + 16);
        if (filesz > 0)
            loads.push({ flags, range: [offset, Math.min(size, offset + filesz)] });
    }
    const PF_X = 1;
    const PF_W = 2;
    const readOnly = loads.filter((l) => (l.flags & (PF_X | PF_W)) === 0);
    const chosen = readOnly.length > 0 ? readOnly : loads.filter((l) => (l.flags & PF_W) === 0);
    if (chosen.length === 0)
        return [[0, size]];
    return chosen.map((l) => l.range).sort((a, b) => a[0] - b[0]);
}
/** `#!/usr/bin/env -S bash -e` -> bash; `#! /bin/sh` -> /bin/sh. */
function shebang(head) {
    const end = head.indexOf(0x0a);
    const line = head
        .subarray(0, end === -1 ? Math.min(head.length, 256) : end)
        .toString('utf8')
        .replace(/\r$/, '');
    const words = line.slice(2).trim().split(/\s+/).filter(Boolean);
    const [interpreter, ...args] = words;
    if (interpreter === undefined)
        return undefined;
    if (basename(interpreter) !== 'env')
        return { program: interpreter, line };
    // env's options come before the program; -S splits the rest, -u takes a name.
    for (let i = 0; i < args.length; i++) {
        const arg = args[i] ?? '';
        if (arg === '-u' || arg === '--unset' || arg === '-C' || arg === '--chdir') {
            i++;
            continue;
        }
        if (arg.startsWith('-') || arg.includes('='))
            continue;
        return { program: arg, line };
    }
    return undefined;
}
function basename(path) {
    return path.slice(path.lastIndexOf('/') + 1);
}


/***/ }),

/***/ 3927:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  ju: () => (/* reexport */ CommandFailedError),
  iN: () => (/* reexport */ ExecRunner),
  HN: () => (/* reexport */ inParallel),
  Y5: () => (/* reexport */ loggingRunner),
  X4: () => (/* reexport */ runChecked),
  Ec: () => (/* reexport */ withEnvironment)
});

// UNUSED EXPORTS: describeCommand

;// CONCATENATED MODULE: ./build/packages/process/command.js
/** A tool exited non-zero where the caller needed it to succeed. */
class CommandFailedError extends Error {
    result;
    command;
    constructor(command, result) {
        const tail = lastLines(result.stderr || result.stdout, 20);
        super(`${describeCommand(command)} exited with code ${result.exitCode}${tail ? `:\n${tail}` : ''}`);
        this.name = 'CommandFailedError';
        this.command = command;
        this.result = result;
    }
}
/** Runs a command and throws CommandFailedError unless it exits 0. */
async function runChecked(runner, command) {
    const result = await runner.run(command);
    if (result.exitCode !== 0)
        throw new CommandFailedError(command, result);
    return result;
}
/** The executable and its first argument: enough to say what failed, never the arguments' values. */
function describeCommand(command) {
    const name = command.file.split('/').pop() ?? command.file;
    const sub = command.args.find((a) => !a.startsWith('-'));
    return sub ? `${name} ${sub}` : name;
}
function lastLines(text, count) {
    return text.trimEnd().split('\n').slice(-count).join('\n');
}
/**
 * A runner that gives every command these variables too (the command's own
 * win): how a step points the tools it runs at files of its own, such as a
 * private docker config, without changing its own environment.
 */
function withEnvironment(runner, env) {
    return { run: (command) => runner.run({ ...command, env: { ...env, ...command.env } }) };
}
/**
 * A runner that prints nothing itself and tells `log` each command and what
 * it printed, once it ended: with a BufferedLogger, the output of commands
 * run at the same time stays with the work that ran them.
 */
function loggingRunner(runner, log) {
    return {
        async run(command) {
            const result = await runner.run({ ...command, quiet: true });
            if (command.quiet !== true) {
                log.info(`[command]${command.file} ${command.args.join(' ')}`);
                const printed = `${result.stdout}${result.stderr}`.trimEnd();
                if (printed !== '')
                    log.info(printed);
            }
            return result;
        },
    };
}

// EXTERNAL MODULE: ./node_modules/@actions/exec/lib/exec.js + 1 modules
var exec = __webpack_require__(1955);
;// CONCATENATED MODULE: ./build/packages/process/exec-runner.js

/**
 * The real runner. @actions/exec spawns without a shell, so an argument is
 * always one argument, whatever characters it holds.
 */
class ExecRunner {
    async run(command) {
        const env = command.env ? mergeEnv(command.env) : undefined;
        const result = await (0,exec/* getExecOutput */.H)(command.file, [...command.args], {
            ignoreReturnCode: true,
            silent: command.quiet ?? false,
            ...(command.cwd !== undefined ? { cwd: command.cwd } : {}),
            ...(env !== undefined ? { env } : {}),
            ...(command.stdin !== undefined ? { input: Buffer.from(command.stdin) } : {}),
        });
        return { exitCode: result.exitCode, stdout: result.stdout, stderr: result.stderr };
    }
}
function mergeEnv(extra) {
    const env = {};
    for (const [key, value] of Object.entries(process.env)) {
        if (value !== undefined)
            env[key] = value;
    }
    return { ...env, ...extra };
}

;// CONCATENATED MODULE: ./build/packages/process/parallel.js
/**
 * `work` for every item, at most `limit` at a time; the results in the
 * items' order. Every item is worked on even when one fails, and the first
 * failure is thrown only once all have ended: nothing is left running behind
 * the caller (its clean-up, its logout) after it has returned.
 */
async function inParallel(items, limit, work) {
    const results = new Array(items.length);
    const failures = [];
    let next = 0;
    const worker = async () => {
        while (next < items.length) {
            const index = next++;
            try {
                results[index] = await work(items[index]);
            }
            catch (error) {
                failures.push(error);
            }
        }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
    if (failures.length > 0)
        throw failures[0];
    return results;
}

;// CONCATENATED MODULE: ./build/packages/process/index.js





/***/ }),

/***/ 1834:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  LD: () => (/* reexport */ CredentialChain),
  zw: () => (/* reexport */ DockerConfigCredentials),
  rX: () => (/* reexport */ ExplicitCredentials),
  $T: () => (/* reexport */ MANIFEST_MEDIA_TYPES),
  bP: () => (/* reexport */ RegistryClient),
  F9: () => (/* reexport */ actionCredentials),
  a1: () => (/* reexport */ dockerLogin),
  tX: () => (/* reexport */ dockerLogout),
  $n: () => (/* reexport */ parseRegistryLogins),
  LN: () => (/* reexport */ referrersTag),
  KR: () => (/* reexport */ scheme),
  sc: () => (/* reexport */ sha256),
  _D: () => (/* reexport */ writeDockerConfig)
});

// UNUSED EXPORTS: ANONYMOUS, DOCKER_HUB, DOCKER_HUB_CONFIG_KEY, OCI_INDEX, RegistryHttpError, apiHost, challengeParams, configKeyHost, configKeyMatches, helperServerUrl, isDockerHub, nextPage, registryNote, retryAfter

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./build/packages/errors/index.js + 1 modules
var errors = __webpack_require__(2495);
// EXTERNAL MODULE: ./build/packages/logging/index.js + 1 modules
var logging = __webpack_require__(4603);
// EXTERNAL MODULE: ./build/packages/oci/index.js + 1 modules
var oci = __webpack_require__(259);
// EXTERNAL MODULE: ./build/packages/process/index.js + 3 modules
var packages_process = __webpack_require__(3927);
// EXTERNAL MODULE: ./build/packages/retry/index.js + 2 modules
var retry = __webpack_require__(5227);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
;// CONCATENATED MODULE: ./build/packages/registry/host.js
/**
 * How a registry's name in a reference becomes the address its API answers
 * at and the key its credentials are stored under, the way docker does it.
 */
/** Docker Hub's references say `docker.io`; its API lives on another host. */
const DOCKER_HUB = 'docker.io';
const DOCKER_HUB_ALIASES = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);
const DOCKER_HUB_API = 'registry-1.docker.io';
/** The key docker writes Docker Hub's login under in config.json, and hands to credential helpers. */
const DOCKER_HUB_CONFIG_KEY = 'https://index.docker.io/v1/';
function isDockerHub(host) {
    return DOCKER_HUB_ALIASES.has(host);
}
/** The host the distribution API is served from. */
function apiHost(host) {
    return isDockerHub(host) ? DOCKER_HUB_API : host;
}
/** Loopback registries speak plain HTTP, as docker and BuildKit allow them to; every other one HTTPS. */
function scheme(host) {
    return /^(?:localhost|127\.\d+\.\d+\.\d+|\[::1\])(?::\d+)?$/.test(host) ? 'http' : 'https';
}
/**
 * The host a docker config key names: `https://index.docker.io/v1/` ->
 * `index.docker.io`, `http://localhost:5000` -> `localhost:5000`, as docker's
 * own lookup normalises the keys users and login actions write.
 */
function configKeyHost(key) {
    const bare = key.replace(/^[a-z]+:\/\//i, '');
    const slash = bare.indexOf('/');
    return (slash === -1 ? bare : bare.slice(0, slash)).toLowerCase();
}
/** Whether a config key is the login for `host` (Docker Hub under any of its names). */
function configKeyMatches(key, host) {
    const keyHost = configKeyHost(key);
    if (isDockerHub(host))
        return isDockerHub(keyHost);
    return keyHost === host.toLowerCase();
}
/** What a credential helper is asked for: docker hands it the server URL it logged in to. */
function helperServerUrl(host) {
    return isDockerHub(host) ? DOCKER_HUB_CONFIG_KEY : host;
}
/**
 * What users must know about a registry before they are surprised by it,
 * quoted in the errors where it matters.
 */
function registryNote(host, topic) {
    if (host === 'ghcr.io' && topic === 'delete') {
        return 'ghcr.io does not delete through the registry API; package versions are deleted through the GitHub Packages API';
    }
    if (isDockerHub(host) && topic === 'rate-limit') {
        return 'Docker Hub limits pulls per 6 hours (fewer for anonymous pulls): log in to raise the limit, or pull through a mirror';
    }
    if (host === 'ghcr.io' && topic === 'referrers') {
        return 'ghcr.io has no referrers API; signatures and attestations are found through their sha256-<digest> tags';
    }
    return undefined;
}

;// CONCATENATED MODULE: ./build/packages/registry/credentials.js





/** Logins given explicitly (the actions' username and password inputs), by host. */
class ExplicitCredentials {
    logins;
    source;
    where;
    constructor(logins, source = "inputs 'registry-username' and 'registry-password'", where = "the 'registry-username' and 'registry-password' inputs") {
        this.logins = logins;
        this.source = source;
        this.where = where;
    }
    async resolve(host) {
        const login = Object.entries(this.logins).find(([key]) => configKeyMatches(key, host))?.[1];
        return login ? { credential: { kind: 'basic', ...login }, source: this.source } : undefined;
    }
}
/** The first resolver that has a login for the host wins: explicit inputs, then the docker config. */
class CredentialChain {
    resolvers;
    where;
    constructor(resolvers) {
        this.resolvers = resolvers;
        this.where = resolvers.map((r) => r.where).join(', or ');
    }
    async resolve(host) {
        for (const resolver of this.resolvers) {
            const found = await resolver.resolve(host);
            if (found)
                return found;
        }
        return undefined;
    }
}
/** No logins at all: every registry is asked anonymously. */
const ANONYMOUS = { where: 'nowhere (anonymous access only)', resolve: async () => undefined };
/**
 * Logins as docker, buildx, trivy and cosign find them: `$DOCKER_CONFIG/config.json`
 * (or `~/.docker/config.json`); for a host, a `credHelpers` entry first, then
 * the `credsStore`, then the `auths` entry. A helper is the real
 * `docker-credential-<name>` program, asked by its protocol: `get`, the server
 * URL on stdin, a JSON `{ServerURL, Username, Secret}` on stdout. So a job that
 * ran docker/login-action, amazon-ecr-login or gcloud's helper setup never
 * passes a password again.
 */
class DockerConfigCredentials {
    options;
    path;
    where;
    config;
    cache = new Map();
    constructor(options) {
        this.options = options;
        const dir = options.env.DOCKER_CONFIG || (0,external_node_path_.join)(options.env.HOME || (0,external_node_os_.homedir)(), '.docker');
        this.path = (0,external_node_path_.join)(dir, 'config.json');
        this.where = `a docker login (docker login, docker/login-action or aws-actions/amazon-ecr-login write ${this.path}), or a credential helper named for the host in 'credHelpers' or 'credsStore' there`;
    }
    resolve(host) {
        let found = this.cache.get(host);
        if (!found) {
            found = this.lookup(host);
            this.cache.set(host, found);
        }
        return found;
    }
    async lookup(host) {
        const config = this.read();
        const helper = Object.entries(config.credHelpers ?? {}).find(([key]) => configKeyMatches(key, host))?.[1];
        if (helper)
            return this.fromHelper(helper, host, `'credHelpers' in ${this.path}`);
        if (config.credsStore)
            return this.fromHelper(config.credsStore, host, `'credsStore' in ${this.path}`);
        const entry = Object.entries(config.auths ?? {}).find(([key]) => configKeyMatches(key, host))?.[1];
        if (!entry)
            return undefined;
        const source = `'auths' in ${this.path}`;
        if (entry.identitytoken)
            return this.masked({ credential: { kind: 'identity-token', token: entry.identitytoken }, source });
        if (entry.username && entry.password) {
            return this.masked({ credential: { kind: 'basic', username: entry.username, password: entry.password }, source });
        }
        if (entry.auth) {
            const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
            const colon = decoded.indexOf(':');
            if (colon <= 0) {
                throw new errors/* UserError */.yo({
                    message: `the login for ${host} in ${this.path} ('auths' -> 'auth') is not base64 of user:password.`,
                    hint: `Log in again with docker login ${host}.`,
                });
            }
            return this.masked({ credential: { kind: 'basic', username: decoded.slice(0, colon), password: decoded.slice(colon + 1) }, source });
        }
        // An empty entry is what docker leaves beside a credsStore; nothing to use here.
        return undefined;
    }
    read() {
        if (this.config)
            return this.config;
        if (!(0,external_node_fs_.existsSync)(this.path)) {
            this.config = {};
            return this.config;
        }
        try {
            this.config = JSON.parse((0,external_node_fs_.readFileSync)(this.path, 'utf8'));
        }
        catch (error) {
            throw new errors/* UserError */.yo({
                message: `the docker config ${this.path} is not valid JSON: ${error instanceof Error ? error.message : String(error)}.`,
                hint: 'Fix the file, or point DOCKER_CONFIG at a directory with a valid config.json.',
            });
        }
        return this.config;
    }
    async fromHelper(name, host, configured) {
        const program = `docker-credential-${name}`;
        let result;
        try {
            result = await this.options.runner.run({ file: program, args: ['get'], stdin: helperServerUrl(host), quiet: true });
        }
        catch (error) {
            throw new errors/* UserError */.yo({
                message: `${configured} names the credential helper '${name}' for ${host}, but ${program} could not be run: ${error instanceof Error ? error.message : String(error)}.`,
                hint: `Install ${program} on the runner (on PATH), or remove the entry.`,
            });
        }
        if (result.exitCode !== 0) {
            const said = (result.stdout || result.stderr).trim().split('\n')[0] ?? '';
            // The protocol's answer for "no login stored for this server".
            if (/credentials not found/i.test(said))
                return undefined;
            throw new Error(`${program} get for ${host} (${configured}) exited with code ${result.exitCode}: ${said.slice(0, 200)}`);
        }
        let answer;
        try {
            answer = JSON.parse(result.stdout);
        }
        catch {
            throw new Error(`${program} get for ${host} did not answer with the credential helper protocol's JSON`);
        }
        if (!answer.Secret)
            return undefined;
        const source = `credential helper ${program} (${configured})`;
        // The protocol's marker for an identity token rather than a password.
        if (answer.Username === '<token>')
            return this.masked({ credential: { kind: 'identity-token', token: answer.Secret }, source });
        return this.masked({ credential: { kind: 'basic', username: answer.Username ?? '', password: answer.Secret }, source });
    }
    masked(found) {
        this.options.log?.secret(found.credential.kind === 'basic' ? found.credential.password : found.credential.token);
        return found;
    }
}
/**
 * How the actions resolve logins: the explicit inputs when given (for their
 * registry only), then the docker config, then anonymous.
 */
function actionCredentials(explicit, options, 
/** Logins for other hosts (the mirrors'), by host. */
others = {}) {
    const docker = new DockerConfigCredentials(options);
    const given = { ...others, ...(explicit ? { [explicit.registry]: explicit } : {}) };
    return new CredentialChain([new ExplicitCredentials(given), docker]);
}

;// CONCATENATED MODULE: ./build/packages/registry/client.js








/**
 * The one client of the OCI distribution API that every step uses: tags,
 * manifests and blobs (each checked against its digest), publishing by
 * digest, deleting, and referrers. It finds logins as docker does (see
 * credentials.ts), answers Basic and Bearer challenges, logs in again once
 * when a token expires, follows `Link` pagination, and retries 429 and 5xx
 * with the shared policy, honouring `Retry-After`.
 */
const MANIFEST_MEDIA_TYPES = [
    'application/vnd.oci.image.index.v1+json',
    'application/vnd.docker.distribution.manifest.list.v2+json',
    'application/vnd.oci.image.manifest.v1+json',
    'application/vnd.docker.distribution.manifest.v2+json',
];
const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
/** The registry answered with a status we did not expect; `status` lets callers tell 404 from 503. */
class RegistryHttpError extends Error {
    status;
    host;
    /** `Retry-After`, in milliseconds, when the registry sent one. */
    retryAfterMs;
    constructor(method, url, status, statusText, details) {
        super(`${method} ${url}: ${status} ${statusText}${details.note ? ` (${details.note})` : ''}`);
        this.name = 'RegistryHttpError';
        this.status = status;
        this.host = details.host;
        this.retryAfterMs = details.retryAfterMs;
    }
}
class RegistryClient {
    credentials;
    fetchImpl;
    policy;
    sleep;
    log;
    pageSize;
    /** Authorization headers by host and scope (Bearer) or host (Basic). */
    authorizations = new Map();
    logins = new Map();
    referrersApi = new Map();
    /** Hosts that asked for authentication at least once. */
    challenged = new Set();
    constructor(options = {}) {
        this.log = options.log ?? logging/* silentLogger */.qq;
        this.credentials = options.credentials ?? new DockerConfigCredentials({ runner: new packages_process/* ExecRunner */.iN(), env: process.env, log: this.log });
        this.fetchImpl = options.fetch ?? fetch;
        this.policy = options.retry ?? retry/* DEFAULT_RETRY_POLICY */.cO;
        this.sleep = options.sleep;
        this.pageSize = options.pageSize ?? 1000;
    }
    /** A manifest or index by tag or digest; the bytes are checked against the digest asked for or announced. */
    async manifest(host, repository, reference) {
        const response = await this.request(host, repository, 'GET', `manifests/${reference}`, {
            headers: { accept: MANIFEST_MEDIA_TYPES.join(', ') },
        });
        const body = Buffer.from(await response.arrayBuffer());
        const digest = sha256(body);
        const announced = response.headers.get('docker-content-digest');
        if (reference.startsWith('sha256:') && reference !== digest) {
            throw new Error(`${host}/${repository}@${reference}: the registry sent a manifest whose digest is ${digest}`);
        }
        if (announced?.startsWith('sha256:') && announced !== digest) {
            throw new Error(`${host}/${repository}:${reference}: the registry announced ${announced} but sent a manifest whose digest is ${digest}`);
        }
        const mediaType = response.headers.get('content-type')?.split(';')[0]?.trim() || mediaTypeOf(body);
        return { mediaType, digest, body };
    }
    /** The manifest a tag or digest names, or undefined when there is none. */
    async findManifest(host, repository, reference) {
        try {
            return await this.manifest(host, repository, reference);
        }
        catch (error) {
            if (error instanceof RegistryHttpError && error.status === 404)
                return undefined;
            throw error;
        }
    }
    /** The digest `reference` (`registry/repository:tag` or `@sha256:...`) names now; undefined when there is no such manifest. */
    async digestOf(reference) {
        const parsed = (0,oci/* parseReference */.F2)(reference);
        return (await this.findManifest(parsed.registry, parsed.repository, parsed.digest ?? parsed.tag ?? 'latest'))?.digest;
    }
    /** A blob by digest, checked against its digest. */
    async blob(host, repository, digest) {
        const response = await this.request(host, repository, 'GET', `blobs/${digest}`);
        const body = Buffer.from(await response.arrayBuffer());
        if (sha256(body) !== digest)
            throw new Error(`${host}/${repository}: blob ${digest} arrived with another digest`);
        return body;
    }
    /** Every tag of the repository, page by page; empty when the repository does not exist. */
    async tags(host, repository) {
        const tags = [];
        let path = `tags/list?n=${this.pageSize}`;
        while (path !== undefined) {
            const response = await this.request(host, repository, 'GET', path, { headers: { accept: 'application/json' }, expected: [404] });
            if (response.status === 404)
                return tags;
            const page = (await response.json());
            tags.push(...(page.tags ?? []));
            path = nextPage(response.headers.get('link'), repository);
        }
        return tags;
    }
    /** Whether the repository holds a blob; no bytes are read. */
    async hasBlob(host, repository, digest) {
        const response = await this.request(host, repository, 'HEAD', `blobs/${digest}`, { expected: [404] });
        return response.status !== 404;
    }
    /** Uploads a small blob in one request (unless the repository has it already); returns its digest. */
    async putBlob(host, repository, bytes) {
        const digest = sha256(bytes);
        if (await this.hasBlob(host, repository, digest))
            return digest;
        const started = await this.request(host, repository, 'POST', 'blobs/uploads/', { action: 'push', body: Buffer.alloc(0) });
        const location = started.headers.get('location');
        if (!location)
            throw new Error(`${host}/${repository}: the registry started an upload without saying where to send it`);
        const target = new URL(location, `${scheme(host)}://${apiHost(host)}`);
        target.searchParams.set('digest', digest);
        const prefix = `/v2/${repository}/`;
        if (!target.pathname.startsWith(prefix))
            throw new Error(`${host}: the upload location ${location} is outside ${repository}`);
        await this.request(host, repository, 'PUT', target.pathname.slice(prefix.length) + target.search, {
            action: 'push',
            headers: { 'content-type': 'application/octet-stream' },
            body: bytes,
        });
        return digest;
    }
    /**
     * The repositories of a registry under a path prefix (`org/apps/`), page by
     * page, or undefined when the registry does not list them (ghcr.io and
     * Docker Hub have no catalog API).
     */
    async repositories(host, prefix) {
        const found = [];
        let url = `${scheme(host)}://${apiHost(host)}/v2/_catalog?n=${this.pageSize}`;
        while (url !== undefined) {
            const response = await this.authorized(host, 'registry:catalog:*', url, 'GET', {});
            if (!response.ok) {
                await response.arrayBuffer().catch(() => undefined);
                if ([401, 403, 404, 405].includes(response.status))
                    return undefined;
                throw new RegistryHttpError('GET', url, response.status, response.statusText, { host });
            }
            const page = (await response.json());
            found.push(...(page.repositories ?? []).filter((name) => name.startsWith(prefix)));
            const next = response.headers.get('link');
            const match = next ? /<([^>]+)>\s*;\s*rel="?next"?/.exec(next) : null;
            url = match?.[1] ? new URL(match[1], `${scheme(host)}://${apiHost(host)}`).toString() : undefined;
        }
        return found;
    }
    /** Puts a manifest under a tag, byte for byte, so the tag names exactly the digest of those bytes. */
    async putManifest(host, repository, tag, mediaType, body) {
        await this.request(host, repository, 'PUT', `manifests/${tag}`, { headers: { 'content-type': mediaType }, body, action: 'push' });
    }
    /** Puts a manifest under its own digest (no tag); returns that digest. */
    async putManifestByDigest(host, repository, mediaType, body) {
        const digest = sha256(body);
        await this.request(host, repository, 'PUT', `manifests/${digest}`, { headers: { 'content-type': mediaType }, body, action: 'push' });
        return digest;
    }
    /**
     * Deletes a manifest by digest, which also removes every tag naming it (the
     * registry has no other way); callers check first that no kept tag does.
     * False when it was already gone.
     */
    async deleteManifest(host, repository, digest) {
        if (!digest.startsWith('sha256:'))
            throw new Error(`deleteManifest wants a digest, not '${digest}'`);
        const response = await this.request(host, repository, 'DELETE', `manifests/${digest}`, { action: 'delete', expected: [404] });
        return response.status !== 404;
    }
    /**
     * Removes one tag with the OCI tag-deletion API, leaving the manifest and
     * other tags alone. `unsupported` when the registry lacks that API (as
     * distribution 2.x does): the caller then decides whether deleting the
     * digest is safe.
     */
    async deleteTag(host, repository, tag) {
        if (tag.startsWith('sha256:'))
            throw new Error(`deleteTag wants a tag, not the digest '${tag}'`);
        const response = await this.request(host, repository, 'DELETE', `manifests/${tag}`, {
            action: 'delete',
            expected: [400, 404, 405],
        });
        if (response.status === 404)
            return 'absent';
        if (response.status === 400 || response.status === 405)
            return 'unsupported';
        return 'deleted';
    }
    /**
     * What refers to a digest (signatures, attestations, SBOMs): the referrers
     * API where the registry has it, else the `sha256-<hex>` tag the OCI spec
     * keeps for registries without it. Which one answered is remembered per host.
     */
    async referrers(host, repository, digest) {
        if (this.referrersApi.get(host) !== false) {
            const response = await this.request(host, repository, 'GET', `referrers/${digest}`, {
                headers: { accept: OCI_INDEX },
                expected: [404, 400, 405],
            });
            const type = response.headers.get('content-type')?.split(';')[0]?.trim();
            if (response.ok && type === OCI_INDEX) {
                this.referrersApi.set(host, true);
                const index = (await response.json());
                return { descriptors: index.manifests ?? [], via: 'api' };
            }
            // Drain the body so the connection is reused.
            await response.arrayBuffer();
            this.referrersApi.set(host, false);
        }
        const fallback = await this.findManifest(host, repository, referrersTag(digest));
        if (!fallback)
            return { descriptors: [], via: 'tag' };
        const index = JSON.parse(fallback.body.toString('utf8'));
        return { descriptors: index.manifests ?? [], via: 'tag' };
    }
    /** Whether this host answered the referrers API (undefined until it was asked). */
    hasReferrersApi(host) {
        return this.referrersApi.get(host);
    }
    /**
     * Proves, before anything is built or pushed, that the registry will take
     * `action` on the repository with the login we have, so a missing login
     * stops the job with a message that says how to log in, not a 401 from
     * the middle of a push.
     */
    async checkAccess(host, repository, action) {
        await this.request(host, repository, 'GET', 'tags/list?n=1', { action, expected: [404] }).then((r) => r.arrayBuffer());
        // A token service hands anonymous clients a pull-only token when asked for
        // more; a registry that challenged us will not take an anonymous push.
        if (action !== 'pull' && this.challenged.has(host) && !(await this.login(host))) {
            throw new errors/* UserError */.yo({
                message: `${host} asks for a login to ${action} to ${repository}, and none was found for it.`,
                hint: `Log in with ${this.credentials.where}.`,
            });
        }
    }
    async request(host, repository, method, path, options = {}) {
        const url = `${scheme(host)}://${apiHost(host)}/v2/${repository}/${path}`;
        const action = options.action ?? 'pull';
        const scope = `repository:${repository}:${action === 'pull' ? 'pull' : action === 'push' ? 'pull,push' : 'delete'}`;
        return (0,retry/* retry */.L5)(async () => {
            const response = await this.authorized(host, scope, url, method, options);
            if (response.ok || options.expected?.includes(response.status))
                return response;
            await response.arrayBuffer().catch(() => undefined);
            const wait = retryAfter(response);
            const note = response.status === 429 ? registryNote(host, 'rate-limit') : method === 'DELETE' ? registryNote(host, 'delete') : undefined;
            throw new RegistryHttpError(method, url, response.status, `${response.statusText}${rateLimitText(response)}`, {
                host,
                ...(wait !== undefined ? { retryAfterMs: wait } : {}),
                ...(note !== undefined ? { note } : {}),
            });
        }, {
            policy: this.policy,
            transient: (failure) => transientReason(failure),
            requestedDelay: (failure) => (failure instanceof RegistryHttpError ? failure.retryAfterMs : undefined),
            onRetry: ({ attempt, of, delayMs, reason, requested }) => this.log.warning(`${host}: ${method} ${path.split('?')[0]} failed (${reason}), attempt ${attempt} of ${of}; waiting ${(delayMs / 1000).toFixed(1)}s${requested ? ' as the registry asked (Retry-After)' : ''}`),
            ...(this.sleep ? { sleep: this.sleep } : {}),
        }).catch((failure) => {
            throw this.finalFailure(host, failure);
        });
    }
    /** Sends once, answering a 401 with a login; a cached token the registry refused is renewed once. */
    async authorized(host, scope, url, method, options) {
        const send = (authorization) => this.fetchImpl(url, {
            method,
            headers: { ...options.headers, ...(authorization ? { authorization } : {}) },
            ...(options.body !== undefined ? { body: new Uint8Array(options.body) } : {}),
        });
        const cacheKey = `${host} ${scope}`;
        const cached = this.authorizations.get(cacheKey) ?? this.authorizations.get(host);
        let response = await send(cached);
        if (response.status !== 401)
            return response;
        await response.arrayBuffer().catch(() => undefined);
        // Expired or never had one: authorise from the challenge, once.
        this.authorizations.delete(cacheKey);
        this.challenged.add(host);
        const challenge = response.headers.get('www-authenticate') ?? '';
        const { header, basic } = await this.authorize(host, scope, challenge);
        this.authorizations.set(basic ? host : cacheKey, header);
        response = await send(header);
        if (response.status === 401) {
            await response.arrayBuffer().catch(() => undefined);
            const login = await this.login(host);
            throw new errors/* UserError */.yo({
                message: login
                    ? `${host} refused the login from ${login.source} for ${scope}.`
                    : `${host} asks for a login for ${scope}, and none was found for it.`,
                hint: login ? 'Check that the login is current and may do this.' : `Log in with ${this.credentials.where}.`,
            });
        }
        return response;
    }
    async authorize(host, scope, challenge) {
        const login = await this.login(host);
        if (/^basic\b/i.test(challenge)) {
            if (login?.credential.kind !== 'basic') {
                throw new errors/* UserError */.yo({
                    message: `${host} asks for a login (basic authentication), and ${login ? `${login.source} holds only an identity token` : 'none was found for it'}.`,
                    hint: `Log in with ${this.credentials.where}.`,
                });
            }
            return { header: basicHeader(login.credential), basic: true };
        }
        const params = challengeParams(challenge);
        if (!/^bearer\b/i.test(challenge) || params.realm === undefined) {
            throw new Error(`${host}: unsupported authentication challenge '${challenge}'`);
        }
        const tokenUrl = new URL(params.realm);
        const wanted = params.scope ?? scope;
        const response = login?.credential.kind === 'identity-token'
            ? await this.fetchImpl(tokenUrl, {
                method: 'POST',
                headers: { 'content-type': 'application/x-www-form-urlencoded' },
                body: new URLSearchParams({
                    grant_type: 'refresh_token',
                    refresh_token: login.credential.token,
                    service: params.service ?? '',
                    scope: wanted,
                    client_id: 'image-actions',
                }).toString(),
            })
            : await this.fetchImpl(withQuery(tokenUrl, params.service, wanted), {
                headers: login?.credential.kind === 'basic' ? { authorization: basicHeader(login.credential) } : {},
            });
        if (response.status === 401 || response.status === 403) {
            throw new errors/* UserError */.yo({
                message: login
                    ? `${host}'s token service refused the login from ${login.source} for ${wanted}.`
                    : `${host} asks for a login for ${wanted}, and none was found for it.`,
                hint: login ? 'Check that the login is current and may do this.' : `Log in with ${this.credentials.where}.`,
            });
        }
        if (!response.ok) {
            throw new RegistryHttpError('GET', tokenUrl.origin + tokenUrl.pathname, response.status, response.statusText, { host });
        }
        const token = (await response.json());
        const value = token.token ?? token.access_token;
        if (value === undefined)
            throw new Error(`${host}: the token service answered without a token`);
        this.log.secret(value);
        return { header: `Bearer ${value}`, basic: false };
    }
    /** The login for a host, resolved once, and said where it came from (never what it is). */
    login(host) {
        let found = this.logins.get(host);
        if (!found) {
            found = this.credentials.resolve(host).then((login) => {
                this.log.info(`${host}: ${login ? `logging in with ${login.source}` : 'no login found; asking anonymously'}`);
                return login;
            });
            this.logins.set(host, found);
        }
        return found;
    }
    finalFailure(host, failure) {
        if (failure instanceof retry/* RetryWaitTooLongError */.W7) {
            return new Error(`${host}: gave up: ${failure.message}. ${registryNote(host, 'rate-limit') ?? 'Try again later.'}`);
        }
        if (failure instanceof RegistryHttpError && transientReason(failure) !== undefined) {
            return new Error(`${host}: gave up after ${this.policy.attempts} attempts (the retry limit): ${failure.message}`, { cause: failure });
        }
        return failure;
    }
}
function transientReason(failure) {
    if (failure instanceof RegistryHttpError) {
        if (failure.status === 429)
            return 'rate limited (429)';
        if (failure.status >= 500 && failure.status <= 504)
            return `registry error (${failure.status})`;
        return undefined;
    }
    if (failure instanceof TypeError) {
        // fetch's network failures: the cause carries the system error (ECONNRESET, ECONNREFUSED).
        const cause = failure.cause;
        return (0,retry/* transientRegistryFailure */.Il)(`${cause?.code ?? ''} ${cause?.message ?? ''} ${failure.message}`);
    }
    return undefined;
}
/** `Retry-After` as seconds or an HTTP date, in milliseconds. */
function retryAfter(response, now = Date.now()) {
    const value = response.headers.get('retry-after')?.trim();
    if (!value)
        return undefined;
    if (/^\d+$/.test(value))
        return Number(value) * 1000;
    const date = Date.parse(value);
    return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
/** Docker Hub's `RateLimit-*` headers, when sent, as a note on the status. */
function rateLimitText(response) {
    const limit = response.headers.get('ratelimit-limit');
    const remaining = response.headers.get('ratelimit-remaining');
    if (!limit && !remaining)
        return '';
    return `; rate limit ${limit ?? '?'}, remaining ${remaining ?? '?'}`;
}
/** The `sha256-<hex>` tag under which registries without the referrers API keep a digest's referrers. */
function referrersTag(digest) {
    return digest.replace(':', '-');
}
function withQuery(url, service, scope) {
    const copy = new URL(url);
    if (service !== undefined)
        copy.searchParams.set('service', service);
    copy.searchParams.set('scope', scope);
    return copy;
}
function basicHeader(credential) {
    return `Basic ${Buffer.from(`${credential.username}:${credential.password}`).toString('base64')}`;
}
function challengeParams(challenge) {
    const params = {};
    for (const match of challenge.matchAll(/(\w+)="([^"]*)"/g)) {
        const [, key, value] = match;
        if (key !== undefined && value !== undefined)
            params[key] = value;
    }
    return params;
}
/** The next page of a `Link: <...>; rel="next"` header, as a path under the repository. */
function nextPage(header, repository) {
    const match = header ? /<([^>]+)>\s*;\s*rel="?next"?/.exec(header) : null;
    if (!match?.[1])
        return undefined;
    const target = new URL(match[1], 'http://registry.invalid');
    const prefix = `/v2/${repository}/`;
    if (!target.pathname.startsWith(prefix))
        throw new Error(`the registry's next page ${match[1]} is outside ${repository}`);
    return target.pathname.slice(prefix.length) + target.search;
}
function sha256(bytes) {
    return `sha256:${(0,external_node_crypto_.createHash)('sha256').update(bytes).digest('hex')}`;
}
function mediaTypeOf(body) {
    const parsed = JSON.parse(body.toString('utf8'));
    return parsed.mediaType ?? 'application/vnd.oci.image.manifest.v1+json';
}

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
;// CONCATENATED MODULE: ./build/packages/registry/docker-config.js



/**
 * A docker config of a step's own (point DOCKER_CONFIG at `dir`), holding,
 * for each of `hosts`, the login the resolver finds for it: the step's
 * explicit logins, else what the user's docker config gives (its `auths`,
 * credential helpers, credential store). Tools that read docker's config
 * (regctl, cosign) then see the same logins as the project's registry
 * client, while the user's own config, store and helpers are left as they
 * are: nothing to log out afterwards. The file is the user's alone (0600);
 * the caller removes `dir` when the step ends. Returns the hosts it holds a
 * login for.
 */
async function writeDockerConfig(dir, hosts, credentials) {
    const auths = {};
    for (const host of [...new Set(hosts)].sort()) {
        const login = await credentials.resolve(host);
        if (!login)
            continue;
        const { credential } = login;
        auths[helperServerUrl(host)] =
            credential.kind === 'basic'
                ? { auth: Buffer.from(`${credential.username}:${credential.password}`).toString('base64') }
                : { identitytoken: credential.token };
    }
    await (0,promises_.mkdir)(dir, { recursive: true, mode: 0o700 });
    await (0,promises_.chmod)(dir, 0o700);
    await (0,promises_.writeFile)((0,external_node_path_.join)(dir, 'config.json'), `${JSON.stringify({ auths }, null, 2)}\n`, { mode: 0o600 });
    return Object.keys(auths).sort();
}

;// CONCATENATED MODULE: ./build/packages/registry/docker-login.js


/**
 * `docker login` with the password on stdin: masked first, never on a
 * command line, never logged. Retried like a push when the registry is
 * briefly unavailable; a wrong password fails at once.
 */
async function dockerLogin(runner, log, docker, login, policy) {
    log.secret(login.password);
    await (0,retry/* retry */.L5)(() => (0,packages_process/* runChecked */.X4)(runner, {
        file: docker,
        args: ['login', login.registry, '--username', login.username, '--password-stdin'],
        stdin: login.password,
        quiet: true,
    }), {
        policy,
        transient: (failure) => (failure instanceof packages_process/* CommandFailedError */.ju ? (0,retry/* transientRegistryFailure */.Il)(failure.result.stderr) : undefined),
        onRetry: ({ attempt, of, reason }) => log.warning(`login to ${login.registry}, attempt ${attempt} of ${of}, failed: ${reason}; retrying`),
    });
    log.info(`logged in to ${login.registry} as ${login.username}`);
}
/** Forgets the credentials `dockerLogin` stored, so a shared runner does not keep them. */
async function dockerLogout(runner, docker, registry) {
    await (0,packages_process/* runChecked */.X4)(runner, { file: docker, args: ['logout', registry], quiet: true });
}

;// CONCATENATED MODULE: ./build/packages/registry/host-logins.js

const HOST = /^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*(?::[0-9]+)?$/;
/**
 * Logins by registry host, as a workflow maps its secrets (the mirrors' logins):
 * `{"<host>": {"username": "...", "password": "..."}}`. Every password is
 * masked before anything else can print it; an error names the input and
 * the host, never a value.
 */
function parseRegistryLogins(text, input, log) {
    if (text === undefined || text.trim() === '')
        return {};
    const value = (0,errors/* parseJson */.qF)(text, () => {
        throw new errors/* UserError */.yo({
            message: `input '${input}' is not JSON.`,
            hint: `Give an object of logins by host: {"registry.example.com": {"username": "...", "password": "..."}}.`,
        });
    });
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        throw new errors/* UserError */.yo({
            message: `input '${input}' is not a JSON object of logins by host.`,
            hint: `Give {"registry.example.com": {"username": "...", "password": "..."}}.`,
        });
    }
    const logins = {};
    for (const [host, login] of Object.entries(value)) {
        const entry = login;
        if (typeof entry?.password === 'string' && entry.password !== '')
            log.secret(entry.password);
        if (!HOST.test(host)) {
            throw new errors/* UserError */.yo({
                message: `input '${input}' has a login for '${host}', which is not a registry host.`,
                hint: 'Key each login by the host of the mirror, as the catalog names it: registry.example.com or 127.0.0.1:5002 (no scheme, no path).',
            });
        }
        if (entry === null ||
            typeof entry !== 'object' ||
            typeof entry.username !== 'string' ||
            entry.username === '' ||
            typeof entry.password !== 'string' ||
            entry.password === '') {
            throw new errors/* UserError */.yo({
                message: `input '${input}': the login for ${host} needs a non-empty "username" and "password".`,
                hint: `Write it as {"${host}": {"username": "...", "password": "..."}}.`,
            });
        }
        logins[host] = { username: entry.username, password: entry.password };
    }
    return logins;
}

;// CONCATENATED MODULE: ./build/packages/registry/index.js








/***/ }),

/***/ 5227:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  cO: () => (/* reexport */ DEFAULT_RETRY_POLICY),
  W7: () => (/* reexport */ RetryWaitTooLongError),
  L5: () => (/* reexport */ retry),
  Il: () => (/* reexport */ transientRegistryFailure)
});

// UNUSED EXPORTS: backoffDelay

;// CONCATENATED MODULE: ./build/packages/retry/retry.js
const DEFAULT_RETRY_POLICY = { attempts: 4, baseDelayMs: 2_000, maxDelayMs: 30_000 };
/** The wait before retry number `retry` (1-based): uniform in [0, min(max, base * 2^(retry-1))]. */
function backoffDelay(retry, policy, random = Math.random) {
    const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, retry - 1));
    // Full jitter: many jobs that failed together do not come back together.
    return Math.round(ceiling * random());
}
/** Runs `operation` until it succeeds, fails for a reason that is not transient, or runs out of attempts. */
async function retry(operation, options) {
    if (!Number.isInteger(options.policy.attempts) || options.policy.attempts < 1) {
        throw new Error(`a retry policy needs at least one attempt, not ${options.policy.attempts}`);
    }
    const sleep = options.sleep ?? ((ms) => new Promise((done) => setTimeout(done, ms)));
    for (let attempt = 1;; attempt++) {
        try {
            return await operation(attempt);
        }
        catch (failure) {
            const reason = options.transient(failure);
            if (reason === undefined || attempt >= options.policy.attempts)
                throw failure;
            const asked = options.requestedDelay?.(failure);
            if (asked !== undefined && asked > options.policy.maxDelayMs) {
                throw new RetryWaitTooLongError(failure, asked, options.policy.maxDelayMs, reason);
            }
            const delayMs = asked ?? backoffDelay(attempt, options.policy, options.random);
            options.onRetry({ attempt, of: options.policy.attempts, delayMs, reason, requested: asked !== undefined });
            await sleep(delayMs);
        }
    }
}
/** The failure asked for a longer wait than the policy allows; `cause` is the failure. */
class RetryWaitTooLongError extends Error {
    failure;
    requestedMs;
    limitMs;
    reason;
    constructor(failure, requestedMs, limitMs, reason) {
        super(`${reason}: asked to wait ${Math.ceil(requestedMs / 1000)}s before trying again, longer than the limit of ${Math.round(limitMs / 1000)}s`, { cause: failure });
        this.failure = failure;
        this.requestedMs = requestedMs;
        this.limitMs = limitMs;
        this.reason = reason;
        this.name = 'RetryWaitTooLongError';
    }
}

;// CONCATENATED MODULE: ./build/packages/retry/transient-registry.js
/**
 * Failures of a registry or of the network to it that another attempt (or
 * another mirror) may not meet, as docker, buildx, BuildKit, trivy and
 * Node's fetch print them. The one list for every step: builds and logins
 * retry on these, the registry client retries on these, and the scan's DB
 * download moves on to the next repository on these. Each pattern carries
 * the short reason that is logged with the retry.
 */
const TRANSIENT = [
    { pattern: /\b429\b|too many requests|toomanyrequests/i, reason: 'rate limited (429)' },
    {
        pattern: /\b50[0-4] (?:Internal Server Error|Not Implemented|Bad Gateway|Service Unavailable|Gateway Time-?out)\b/i,
        reason: 'registry error (5xx)',
    },
    { pattern: /(?:status|code|status code)[: ]+50[0-4]\b/i, reason: 'registry error (5xx)' },
    // The distribution API's error code for 503, as trivy and oras print it.
    { pattern: /\bUNAVAILABLE: /, reason: 'registry unavailable (503)' },
    { pattern: /connection reset by peer|ECONNRESET/i, reason: 'connection reset' },
    { pattern: /connection refused|ECONNREFUSED/i, reason: 'connection refused' },
    { pattern: /i\/o timeout|TLS handshake timeout|ETIMEDOUT|context deadline exceeded/i, reason: 'timeout' },
    { pattern: /unexpected EOF|broken pipe|EPIPE/i, reason: 'connection dropped' },
    { pattern: /no such host|EAI_AGAIN/, reason: 'host not found' },
];
/** The reason `text` (a tool's stderr, an error message) shows a transient registry failure, or undefined. */
function transientRegistryFailure(text) {
    for (const { pattern, reason } of TRANSIENT) {
        if (pattern.test(text))
            return reason;
    }
    return undefined;
}

;// CONCATENATED MODULE: ./build/packages/retry/index.js




/***/ })

};
