export const id = 984;
export const ids = [984];
export const modules = {

/***/ 8984:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  main: () => (/* binding */ main)
});

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./build/packages/errors/index.js + 1 modules
var errors = __webpack_require__(2495);
// EXTERNAL MODULE: ./build/packages/oci/index.js + 1 modules
var oci = __webpack_require__(259);
// EXTERNAL MODULE: ./build/packages/process/index.js + 3 modules
var process = __webpack_require__(3927);
// EXTERNAL MODULE: ./build/packages/registry/index.js + 6 modules
var registry = __webpack_require__(1834);
// EXTERNAL MODULE: ./build/packages/tool-install/index.js + 6 modules
var tool_install = __webpack_require__(7394);
// EXTERNAL MODULE: ./build/packages/trivy/index.js + 13 modules
var packages_trivy = __webpack_require__(1157);
// EXTERNAL MODULE: ./build/actions/_common/run-action.js + 3 modules
var run_action = __webpack_require__(2238);
// EXTERNAL MODULE: ./build/actions/_common/workspace.js
var _common_workspace = __webpack_require__(9138);
// EXTERNAL MODULE: ./build/actions/_common/spec.js
var spec = __webpack_require__(8180);
;// CONCATENATED MODULE: ./build/actions/scan-with-trivy/src/spec.js

const spec_spec = (0,spec/* defineAction */.Q)({
    name: 'scan-with-trivy',
    inputs: [
        'images',
        'severity',
        'ignore-unfixed',
        'ignore-file',
        'formats',
        'fail-on-findings',
        'trivy-version',
        'mirror',
        'db-repositories',
        'max-db-age',
        'cache-db',
        'output-dir',
    ],
    outputs: [
        'verdict',
        'reason',
        'counts',
        'fixable',
        'critical',
        'high',
        'medium',
        'low',
        'unknown',
        'blocking',
        'reports',
        'sarif',
        'sboms',
        'sbom',
        'trivy-version',
        'db-source',
        'db-updated-at',
    ],
});

;// CONCATENATED MODULE: ./build/actions/scan-with-trivy/src/main.js










async function main() {
    await (0,run_action/* runAction */.C)(spec_spec, async (context) => {
        const { inputs, log } = context;
        // Every input is read and checked before anything is downloaded or scanned.
        const images = inputs.list('images');
        if (images.length === 0) {
            throw new errors/* UserError */.yo({ message: "input 'images' is required but was not set.", hint: 'Give one image by digest per line.' });
        }
        for (const [index, image] of images.entries())
            (0,oci/* parseDigestReference */.Dn)(image, `input 'images' (item ${index + 1})`);
        const policy = { threshold: inputs.oneOf('severity', packages_trivy/* SEVERITIES */.oC, 'HIGH'), ignoreUnfixed: inputs.boolean('ignore-unfixed', false) };
        const formats = readFormats(inputs.list('formats'));
        const failOnFindings = inputs.boolean('fail-on-findings', true);
        const cacheDb = inputs.boolean('cache-db', true);
        const repositories = inputs.list('db-repositories');
        const maxDbAgeMs = (0,packages_trivy/* parseMaxDbAge */.n6)(inputs.string('max-db-age') ?? packages_trivy/* DEFAULT_MAX_DB_AGE */.WP);
        const mirror = inputs.string('mirror');
        const version = inputs.string('trivy-version') ?? packages_trivy/* DEFAULT_TRIVY_VERSION */.ss;
        const workspace = (0,_common_workspace/* workspaceRoot */.oS)();
        const ignoreFile = inputs.string('ignore-file');
        const ignores = ignoreFile ? await (0,packages_trivy/* loadIgnoreFile */.FI)((0,external_node_path_.resolve)(workspace, ignoreFile), ignoreFile) : [];
        const temp = (0,_common_workspace/* runnerTemp */.X5)();
        const outputDir = (0,external_node_path_.resolve)(workspace, inputs.string('output-dir') ?? (0,external_node_path_.join)(temp, 'scan-with-trivy'));
        const today = (0,packages_trivy/* utcDate */.HB)(new Date());
        const runner = new process/* ExecRunner */.iN();
        const trivy = await log.group('Install trivy', () => (0,tool_install/* resolveTool */.Hj)(packages_trivy/* TRIVY_PINS */.Om, version, { cache: new tool_install/* ActionsToolCache */.yY(), downloader: new tool_install/* ActionsDownloader */.fc(), runner, log, tempDir: temp, ...(mirror ? { mirror } : {}) }, 'trivy-version'));
        const cacheDir = (0,external_node_path_.join)(temp, 'scan-with-trivy-cache');
        const db = await log.group('Vulnerability DB', () => (0,packages_trivy/* prepareDb */.Sn)({
            trivy: trivy.path,
            cacheDir,
            repositories: repositories.length > 0 ? repositories : packages_trivy/* DEFAULT_DB_REPOSITORIES */.Sj,
            store: cacheDb ? new packages_trivy/* ActionsDbCache */.E9(log) : packages_trivy/* noDbCache */.y9,
            runner,
            log,
            today,
        }));
        const result = await (0,packages_trivy/* scanImages */.so)({
            trivy: trivy.path,
            toolVersion: trivy.version,
            cacheDir,
            outputDir,
            images,
            formats,
            policy,
            ignores,
            today,
            db,
            maxDbAgeMs,
            // trivy, cosign and this client read the same docker config for logins.
            registry: new registry/* RegistryClient */.bP({ log }),
            runner,
            log,
        });
        writeOutputs(context, result, trivy.version);
        context.summary.addHeading('scan-with-trivy', 2).addRaw((0,packages_trivy/* summaryMarkdown */.eH)(result, policy.threshold), true);
        if (result.verdict !== 'pass' && failOnFindings) {
            throw new errors/* UserError */.yo(result.images
                .filter((s) => s.status !== 'pass')
                .map((s) => ({ message: `${s.image}: ${s.status}: ${s.reason}.`, hint: HINTS[s.status] })));
        }
    });
}
/** What to do about each verdict that blocks. */
const HINTS = {
    pass: '',
    fail: 'Rebuild on fixed packages, or accept the finding in the ignore file with a reason and an expiry date.',
    unscannable: 'Ship what the message names, so that the scanner sees every package the image holds.',
    'stale-db': `Make a DB repository reachable (input 'db-repositories'), or raise 'max-db-age' if an older DB is acceptable.`,
};
function readFormats(values) {
    const formats = [];
    for (const value of values) {
        if (value === 'json')
            continue; // always written: the gate reads it
        if (!packages_trivy/* EXTRA_FORMATS */.G7.includes(value)) {
            throw new errors/* UserError */.yo({
                message: `input 'formats' lists '${value}', which is not one of: json, ${packages_trivy/* EXTRA_FORMATS */.G7.join(', ')}.`,
                hint: 'List the report formats to write, e.g. `sarif, cyclonedx`.',
            });
        }
        formats.push(value);
    }
    return formats;
}
function writeOutputs(context, result, version) {
    const { outputs } = context;
    const byImage = (pick) => Object.fromEntries(result.images.flatMap((s) => (pick(s) === undefined ? [] : [[s.image, pick(s)]])));
    outputs.set('verdict', result.verdict);
    outputs.set('reason', result.images.map((s) => `${s.image}: ${s.status}: ${s.reason}`).join('\n'));
    outputs.set('counts', byImage((s) => s.counts));
    outputs.set('fixable', byImage((s) => s.fixable));
    outputs.set('critical', result.counts.CRITICAL);
    outputs.set('high', result.counts.HIGH);
    outputs.set('medium', result.counts.MEDIUM);
    outputs.set('low', result.counts.LOW);
    outputs.set('unknown', result.counts.UNKNOWN);
    outputs.set('blocking', result.images.reduce((sum, s) => sum + s.blocking, 0));
    outputs.set('reports', byImage((s) => Object.fromEntries(s.platforms.map((p) => [p.platform, p.report]))));
    outputs.set('sarif', result.sarif ?? '');
    outputs.set('sboms', byImage((s) => s.sbom));
    outputs.set('sbom', result.images[0]?.sbom ?? '');
    outputs.set('trivy-version', version);
    outputs.set('db-source', result.db.source);
    outputs.set('db-updated-at', result.db.updatedAt);
}


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
