export const id = 157;
export const ids = [157];
export const modules = {

/***/ 2639:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  oY: () => (/* reexport */ SourceMap),
  Fc: () => (/* reexport */ compileSchema),
  Do: () => (/* reexport */ confine),
  yY: () => (/* reexport */ dockerfileFroms),
  ak: () => (/* reexport */ loadCatalog),
  nc: () => (/* reexport */ parseMirrorTargets),
  Ic: () => (/* reexport */ schemaProblems)
});

// UNUSED EXPORTS: DEFAULT_MAX_AGE_DAYS, closest, debugApplication, durationSeconds, exists, isDirectory, isFile, isSkipped, listedBuilds, mirrorTarget, parseCatalog, parseFroms

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
;// CONCATENATED MODULE: ./build/packages/catalog/dockerfile.js

async function dockerfileFroms(path) {
    return parseFroms(await (0,promises_.readFile)(path, 'utf8'));
}
/**
 * Reads the FROM lines the way BuildKit does for our purpose: instructions
 * joined across `\` continuations, comments skipped, case-insensitive, flags
 * such as `--platform=` skipped, global ARG defaults substituted.
 */
function parseFroms(text) {
    const args = new Map();
    const stages = new Set();
    const froms = [];
    let seenFrom = false;
    for (const { line, text: instruction } of instructions(text)) {
        const match = /^(\w+)\s+(.*)$/s.exec(instruction.trim());
        if (!match)
            continue;
        const keyword = (match[1] ?? '').toUpperCase();
        const rest = match[2] ?? '';
        if (keyword === 'ARG' && !seenFrom) {
            for (const declaration of rest.trim().split(/\s+/)) {
                const eq = declaration.indexOf('=');
                if (eq > 0)
                    args.set(declaration.slice(0, eq), unquote(declaration.slice(eq + 1)));
            }
        }
        else if (keyword === 'FROM') {
            seenFrom = true;
            const words = rest
                .trim()
                .split(/\s+/)
                .filter((w) => !w.startsWith('--'));
            const image = substitute(words[0] ?? '', args);
            const stage = words[1]?.toUpperCase() === 'AS' ? words[2]?.toLowerCase() : undefined;
            if (image !== '' && image.toLowerCase() !== 'scratch' && !stages.has(image.toLowerCase())) {
                froms.push({ reference: image, line, ...(stage ? { stage } : {}) });
            }
            if (stage)
                stages.add(stage);
        }
    }
    return froms;
}
function instructions(text) {
    const result = [];
    const lines = text.split(/\r?\n/);
    let current = '';
    let start = 0;
    for (let i = 0; i < lines.length; i++) {
        const raw = lines[i] ?? '';
        // Comment lines are dropped everywhere; blank lines too inside a continued instruction (BuildKit does the same).
        if (/^\s*#/.test(raw) || (current !== '' && raw.trim() === ''))
            continue;
        if (current === '')
            start = i + 1;
        if (/\\\s*$/.test(raw)) {
            current += `${raw.replace(/\\\s*$/, '')} `;
            continue;
        }
        current += raw;
        if (current.trim() !== '')
            result.push({ line: start, text: current });
        current = '';
    }
    if (current.trim() !== '')
        result.push({ line: start, text: current });
    return result;
}
function substitute(text, args) {
    return text.replace(/\$\{(\w+)(?::?-([^}]*))?\}|\$(\w+)/g, (_, braced, fallback, bare) => {
        const name = braced ?? bare ?? '';
        return args.get(name) ?? fallback ?? '';
    });
}
function unquote(text) {
    return /^(["']).*\1$/.test(text) ? text.slice(1, -1) : text;
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
;// CONCATENATED MODULE: ./build/packages/catalog/files.js


function isDirectory(path) {
    return (0,external_node_fs_.existsSync)(path) && (0,external_node_fs_.statSync)(path).isDirectory();
}
function isFile(path) {
    return (0,external_node_fs_.existsSync)(path) && (0,external_node_fs_.statSync)(path).isFile();
}
/** Whether something (a file, a directory, a symlink even when dangling) is at `path`. */
function exists(path) {
    try {
        (0,external_node_fs_.lstatSync)(path);
        return true;
    }
    catch {
        return false;
    }
}
function confine(root, base, written) {
    if ((0,external_node_path_.isAbsolute)(written))
        return { inside: false, path: written, why: 'is an absolute path' };
    const path = (0,external_node_path_.resolve)(base, written);
    const top = (0,external_node_path_.resolve)(root);
    if (!within(top, path))
        return { inside: false, path, why: `climbs out of ${top} with '..'` };
    const realTop = realpath(top);
    const real = realpath(path);
    if (!within(realTop, real))
        return { inside: false, path, why: `leads through a symlink to ${real}` };
    return { inside: true, path };
}
function within(root, path) {
    const rel = (0,external_node_path_.relative)(root, path);
    return rel === '' || (rel !== '..' && !rel.startsWith(`..${external_node_path_.sep}`) && !(0,external_node_path_.isAbsolute)(rel));
}
/** The real path of `path`, or of its nearest existing parent joined with the rest. */
function realpath(path) {
    let existing = path;
    const rest = [];
    while (!exists(existing)) {
        const parent = (0,external_node_path_.dirname)(existing);
        if (parent === existing)
            return path;
        rest.unshift(existing.slice(parent.length + (parent.endsWith(external_node_path_.sep) ? 0 : 1)));
        existing = parent;
    }
    try {
        return (0,external_node_path_.join)((0,external_node_fs_.realpathSync)(existing), ...rest);
    }
    catch {
        // A dangling (or looping) symlink: where it points is where a build would look.
        return (0,external_node_fs_.lstatSync)(existing).isSymbolicLink() ? (0,external_node_path_.join)((0,external_node_path_.resolve)((0,external_node_fs_.realpathSync)((0,external_node_path_.dirname)(existing)), (0,external_node_fs_.readlinkSync)(existing)), ...rest) : path;
    }
}

// EXTERNAL MODULE: ./build/packages/errors/index.js + 1 modules
var errors = __webpack_require__(2495);
// EXTERNAL MODULE: ./build/packages/catalog/model.js
var model = __webpack_require__(5941);
// EXTERNAL MODULE: ./node_modules/ajv/dist/ajv.js
var ajv = __webpack_require__(2463);
;// CONCATENATED MODULE: ./build/schema/catalog.schema.json
const catalog_schema_namespaceObject = /*#__PURE__*/JSON.parse('{"$schema":"http://json-schema.org/draft-07/schema#","$id":"https://image-actions.dev/schema/catalog.schema.json","title":"image-actions catalog","description":"The curated images a platform team builds, scans, signs and publishes: one entry per application, with its versions and variants.","type":"object","additionalProperties":false,"required":["registry","repository","images"],"properties":{"registry":{"description":"Registry host the images are published to, e.g. ghcr.io or registry.example.com:5000.","type":"string","pattern":"^[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:[0-9]+)?$"},"repository":{"description":"Repository path under the registry; each application is published below it: <registry>/<repository>/<application>.","type":"string","pattern":"^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$"},"tag-template":{"description":"An organisation\'s own tag template, replacing the ADR\'s scheme. Placeholders: {application}, {version}, {variant}, {variant-version}. Refused when tags could not be parsed back unambiguously.","type":"string","minLength":1},"keep":{"$ref":"#/definitions/keep"},"keep-superseded":{"$ref":"#/definitions/keepSuperseded"},"max-age":{"$ref":"#/definitions/maxAge"},"defaults":{"description":"Values every image takes unless it sets its own.","type":"object","additionalProperties":false,"properties":{"platforms":{"$ref":"#/definitions/platforms"},"keep":{"$ref":"#/definitions/keep"},"mode":{"$ref":"#/definitions/mode"},"build-args":{"$ref":"#/definitions/buildArgs"},"labels":{"$ref":"#/definitions/stringMap"},"keep-superseded":{"$ref":"#/definitions/keepSuperseded"},"max-age":{"$ref":"#/definitions/maxAge"}}},"images":{"description":"The curated images, keyed by application name (the last path component of the published image).","type":"object","minProperties":1,"propertyNames":{"pattern":"^[a-z0-9]+(?:[._-][a-z0-9]+)*$","description":"An application name: lowercase letters and digits, with . _ - between them."},"additionalProperties":{"$ref":"#/definitions/image"}},"mirrors":{"$ref":"#/definitions/mirrors"}},"definitions":{"platforms":{"description":"Platforms to build, e.g. linux/amd64, linux/arm64.","type":"array","minItems":1,"uniqueItems":true,"items":{"type":"string","pattern":"^[a-z0-9]+/[a-z0-9_]+(/[a-z0-9]+)?$"}},"keep":{"description":"How many versions to retain in the registry, per image and per variant identifier (a stream): the newest in semver order of (version, variant version). Older ones are removed after each publishing run, with their platform manifests, signatures and attestations; a version the catalog still lists is never removed. Default 3.","type":"integer","minimum":1},"keepSuperseded":{"description":"Days a digest is kept after a rebuild moved its tag to another digest (consumers may have pinned it), counted from when retention first saw it superseded. Then it is removed with its signatures and attestations, unless a kept tag or index still names it. Default 30.","type":"integer","minimum":0},"maxAge":{"description":"Days a published image may go unrebuilt. A nightly skips an image whose published digest already carries its build id, verified; once that digest is older than this (counted from its attested SBOM), it is rebuilt anyway, so that package updates a RUN line installs still arrive. Imports follow their upstream digest instead. Default 7.","type":"integer","minimum":1},"mode":{"description":"layered (default): built as written. prebuilt: must work as shipped: no shell, no package manager, non-root, exec-form ENTRYPOINT/CMD, and every capability in \'requires\' present.","enum":["layered","prebuilt"]},"stringMap":{"type":"object","additionalProperties":{"type":"string"},"description":"Names and values, both text."},"buildArgs":{"description":"Build arguments. Values may use {{version}}, {{variant.id}} and {{variant.version}}.","type":"object","propertyNames":{"pattern":"^[A-Za-z_][A-Za-z0-9_]*$"},"additionalProperties":{"type":"string"}},"capability":{"description":"Something a prebuilt image must carry: a binary (executable file), a file, or a package within a version range.","oneOf":[{"type":"object","additionalProperties":false,"required":["binary"],"properties":{"binary":{"type":"string","pattern":"^/","description":"Absolute path of an executable file the image must contain, e.g. /usr/bin/python3.11."}},"title":"binary"},{"type":"object","additionalProperties":false,"required":["file"],"properties":{"file":{"type":"string","pattern":"^/","description":"Absolute path of a file the image must contain, e.g. /etc/ssl/certs/ca-certificates.crt."}},"title":"file"},{"type":"object","additionalProperties":false,"required":["package"],"properties":{"package":{"type":"string","minLength":1,"description":"Name of an operating-system package the image must record as installed (its dpkg or apk database)."},"version":{"description":"A semver range, e.g. \'>=3.11 <3.12\'.","type":"string","minLength":1}},"title":"package"}]},"variant":{"description":"A variant: its version as a string, or an object with the version and its own build arguments.","oneOf":[{"type":"string","title":"version only","description":"The variant\'s version, e.g. \\"1.8.2\\"."},{"type":"object","additionalProperties":false,"required":["version"],"properties":{"version":{"type":"string","description":"The variant\'s version (e.g. the plugin\'s), published in the tag after the identifier: aws1.8.2. A version: two to four dot-separated numbers without leading zeros (1.12.3, 3.11.9, 20.11.1, 1.2.3.4); no \'v\' prefix and no pre-release suffix, so a tag can be read back. Quote it in YAML: unquoted, 1.10 is the number 1.1."},"build-args":{"$ref":"#/definitions/buildArgs"},"tests":{"$ref":"#/definitions/tests"},"upstream-tag":{"description":"For an import: the upstream tag this version (or variant) is imported from. Default: the tag the scheme gives it (7.2.4, or 1.12.3-aws1.8.2).","type":"string","pattern":"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$"}},"title":"version and build arguments"}]},"version":{"description":"A version\'s own build arguments and variants; an empty value means neither. The key is the version. A version: two to four dot-separated numbers without leading zeros (1.12.3, 3.11.9, 20.11.1, 1.2.3.4); no \'v\' prefix and no pre-release suffix, so a tag can be read back. Quote it in YAML: unquoted, 1.10 is the number 1.1.","type":["object","null"],"additionalProperties":false,"properties":{"build-args":{"$ref":"#/definitions/buildArgs"},"variants":{"type":"object","minProperties":1,"additionalProperties":{"$ref":"#/definitions/variant"},"description":"Variants of this version, keyed by identifier: lowercase letters only (aws, gcp), because the tag joins identifier and version with nothing between them (1.12.3-aws1.8.2) and s3 + 1.0 could not be read back.","propertyNames":{"description":"A variant identifier: lowercase letters only.","type":"string"}},"tests":{"$ref":"#/definitions/tests"},"upstream-tag":{"description":"For an import: the upstream tag this version (or variant) is imported from. Default: the tag the scheme gives it (7.2.4, or 1.12.3-aws1.8.2).","type":"string","pattern":"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$"}}},"image":{"type":"object","additionalProperties":false,"required":["owner","versions"],"properties":{"owner":{"description":"Who answers for this image: an e-mail address (platform-team@example.com), a GitHub user or team (@someone, @example-org/platform-team), or a list of them. The rescan\'s issue for the image mentions the GitHub ones and names the e-mail ones.","type":["string","array"],"minLength":1,"pattern":"^(?:[^@\\\\s]+@[^@\\\\s]+\\\\.[^@\\\\s]+|@[A-Za-z0-9][A-Za-z0-9-]*(?:/[A-Za-z0-9._-]+)?)$","minItems":1,"uniqueItems":true,"items":{"description":"An e-mail address or a GitHub handle.","type":"string","pattern":"^(?:[^@\\\\s]+@[^@\\\\s]+\\\\.[^@\\\\s]+|@[A-Za-z0-9][A-Za-z0-9-]*(?:/[A-Za-z0-9._-]+)?)$"}},"import":{"description":"Import this image instead of building it: the upstream repository (registry/path, no tag), e.g. docker.io/library/redis. Each version (or variant) names an upstream tag, resolved to its digest on every run; that digest\'s whole index is copied by digest into <registry>/<repository>/<application>, then tested, scanned, signed and published like a built image. An imported image has no context, dockerfile, target, build-args or debug twin.","type":"string","pattern":"^(?:[a-z0-9]+(?:[.-][a-z0-9]+)*\\\\.[a-z0-9-]+|localhost|[a-z0-9]+(?:[.-][a-z0-9]+)*:[0-9]+)(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)+$"},"upstream-signature":{"description":"For an import: the signature the upstream digest must carry before it is copied (cosign), with a public key file or a keyless identity. Without it, upstream signatures are not checked.","oneOf":[{"title":"public key","type":"object","additionalProperties":false,"required":["key"],"properties":{"key":{"description":"The upstream\'s cosign public key (PEM), a file relative to the catalog.","type":"string","minLength":1},"transparency-log":{"description":"Whether upstream records its signatures in the transparency log (default true); false checks the key alone.","type":"boolean"}}},{"title":"keyless identity","type":"object","additionalProperties":false,"required":["identity","issuer"],"properties":{"identity":{"description":"The certificate identity the upstream signs with, exactly (for Chainguard: https://github.com/chainguard-images/images/.github/workflows/release.yaml@refs/heads/main).","type":"string","minLength":1},"issuer":{"description":"The OIDC issuer of that identity, e.g. https://token.actions.githubusercontent.com.","type":"string","minLength":1}}}]},"context":{"description":"Build context, relative to the catalog file (default: images/<application>).","type":"string","minLength":1},"dockerfile":{"description":"Dockerfile, relative to the context (default: Dockerfile).","type":"string","minLength":1},"target":{"description":"Build stage to stop at.","type":"string","minLength":1},"mode":{"$ref":"#/definitions/mode"},"platforms":{"$ref":"#/definitions/platforms"},"build-args":{"$ref":"#/definitions/buildArgs"},"labels":{"$ref":"#/definitions/stringMap"},"requires":{"description":"Capabilities a prebuilt image must carry, checked on the built image.","type":"array","items":{"$ref":"#/definitions/capability"}},"tests":{"$ref":"#/definitions/tests"},"keep":{"$ref":"#/definitions/keep"},"keep-superseded":{"$ref":"#/definitions/keepSuperseded"},"max-age":{"$ref":"#/definitions/maxAge"},"deprecated":{"description":"Marks the image for removal. Until remove-after it is still rebuilt, its images carry the label and annotation dev.image-actions.deprecated with the reason, and every summary warns. From that date it is no longer built, and retention removes all of its versions.","type":"object","additionalProperties":false,"required":["reason","remove-after"],"properties":{"reason":{"description":"Why, and what to use instead (shown to consumers and in every summary).","type":"string","minLength":1},"remove-after":{"description":"The last day it is kept (YYYY-MM-DD, UTC): from the next day on, it is no longer built and its versions are removed.","type":"string","pattern":"^\\\\d{4}-\\\\d{2}-\\\\d{2}$"}}},"mirrors":{"$ref":"#/definitions/mirrors"},"debug":{"description":"A debug twin with a shell, built from another stage of the same Dockerfile and published as <application>-debug with the same tags.","type":"object","additionalProperties":false,"required":["target"],"properties":{"target":{"type":"string","minLength":1,"description":"The Dockerfile stage to build the debug twin from."},"tests":{"$ref":"#/definitions/tests"}}},"versions":{"description":"The versions to build: a list (no variants) or a map of version to its variants and build arguments. A version: two to four dot-separated numbers without leading zeros (1.12.3, 3.11.9, 20.11.1, 1.2.3.4); no \'v\' prefix and no pre-release suffix, so a tag can be read back. Quote it in YAML: unquoted, 1.10 is the number 1.1.","oneOf":[{"type":"array","minItems":1,"items":{"type":"string","description":"A version: two to four dot-separated numbers without leading zeros (1.12.3, 3.11.9, 20.11.1, 1.2.3.4); no \'v\' prefix and no pre-release suffix, so a tag can be read back. Quote it in YAML: unquoted, 1.10 is the number 1.1."},"title":"list of versions","description":"Versions without variants, e.g. [\\"3.11.9\\"]."},{"type":"object","minProperties":1,"additionalProperties":{"$ref":"#/definitions/version"},"title":"map of versions","description":"Each version with its own build arguments and variants."}]}},"title":"image","description":"One curated application: who owns it, how to build it, and which versions (and variants) to publish."},"tests":{"description":"Tests of the image as it runs: each starts the pushed digest with docker, per platform, as the image\'s own user, read-only, with no capabilities and no network unless it declares a port; never through a shell. A version\'s or variant\'s tests replace the inherited test of the same name, add new ones, or leave one out with \'skip\'.","type":"array","items":{"$ref":"#/definitions/test"}},"test":{"title":"test","description":"One test: a command (args, entrypoint) with the exit code and output it must give, or a server (port, http) that must answer.","type":"object","additionalProperties":false,"required":["name"],"properties":{"name":{"type":"string","minLength":1,"description":"What the test shows, e.g. \'prints its version\'; shown in the summary, and what a version\'s or variant\'s test of the same name replaces."},"args":{"type":"array","items":{"type":"string"},"description":"Exec form: the arguments that replace the image\'s CMD; its ENTRYPOINT stays. Each item is one argument, never given to a shell: no $VARIABLES, pipes or &&."},"entrypoint":{"type":"array","minItems":1,"items":{"type":"string","minLength":1},"description":"Exec form: replaces the image\'s ENTRYPOINT (and, as docker does, its CMD); the first item is the executable, an absolute path inside the image."},"env":{"type":"object","propertyNames":{"pattern":"^[A-Za-z_][A-Za-z0-9_]*$"},"additionalProperties":{"type":"string"},"description":"Extra environment variables for the container."},"tmpfs":{"type":"array","uniqueItems":true,"items":{"type":"string","pattern":"^/"},"description":"Directories to mount writable and in memory on the read-only filesystem, as a pod\'s emptyDir would be, e.g. [/tmp]."},"expect":{"type":"object","additionalProperties":false,"description":"What the run must give. Without it: exit code 0 (a port test: an answer on the port).","properties":{"exit":{"type":"integer","minimum":0,"maximum":255,"description":"The exit code (default 0). A port test checks it after stopping the container only when given."},"stdout":{"type":"string","description":"A regular expression (JavaScript syntax; ^ and $ match at every line) the standard output must match."},"stderr":{"type":"string","description":"A regular expression the standard error must match."}}},"port":{"type":"integer","minimum":1,"maximum":65535,"description":"A port the image serves HTTP on: the container gets a network, the port is published on loopback only, probed with \'http\' (default GET / answering 200) until it answers as expected or the timeout, then the container is stopped."},"http":{"type":"object","additionalProperties":false,"description":"With \'port\': the HTTP GET the server must answer (default GET / with status 200).","properties":{"path":{"type":"string","pattern":"^/","description":"The path to request (default /)."},"status":{"type":"integer","minimum":100,"maximum":599,"description":"The status it must answer (default 200)."},"body":{"type":"string","description":"A regular expression the body must match."}}},"timeout":{"type":"string","pattern":"^[0-9]+(ms|s|m)$","description":"How long the test may take before the container is killed and the test fails: 500ms, 30s, 2m (default 60s)."},"memory":{"type":"string","pattern":"^[0-9]+[kmg]$","description":"The container\'s memory limit, no swap on top: 256m, 1g (default 512m)."},"skip":{"type":"string","minLength":1,"description":"In a version\'s or variant\'s tests only: leave out the inherited test of this name, for this reason (shown in the summary)."}},"dependencies":{"http":["port"]}},"mirrors":{"description":"Registries every published image is copied to after publishing, signed: the same digest (the whole index, every platform), its signatures, attestations and SBOM, verified there with the publisher\'s identity before the public tags are put there. Each image goes to <mirror>/<application> with the tags it has at the source. At the top for every image; an image\'s own list replaces it (an empty list: this image is not mirrored).","type":"array","uniqueItems":true,"items":{"$ref":"#/definitions/mirror"}},"mirror":{"description":"A mirror: <registry>/<repository>, e.g. artifactory.example.com/curated. Its login comes from the docker config on the runner, or from the propagate action\'s mirror-logins.","oneOf":[{"type":"string","pattern":"^(?:localhost(?::[0-9]+)?|[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\\\\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+(?::[0-9]+)?|[a-z0-9](?:[a-z0-9-]*[a-z0-9])?:[0-9]+)/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$","title":"target","description":"<registry>/<repository>: the registry a host name with a dot or a port (registry.example.com, 127.0.0.1:5002, localhost), then the repository path images go below."},{"type":"object","additionalProperties":false,"required":["target"],"properties":{"target":{"type":"string","pattern":"^(?:localhost(?::[0-9]+)?|[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\\\\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+(?::[0-9]+)?|[a-z0-9](?:[a-z0-9-]*[a-z0-9])?:[0-9]+)/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$","description":"<registry>/<repository>: the registry a host name with a dot or a port (registry.example.com, 127.0.0.1:5002, localhost), then the repository path images go below."},"overwrite":{"type":"boolean","description":"Move a tag that this mirror already holds for another digest (false, the default: refuse, naming both digests, and leave the mirror as it is)."}},"title":"target with options"}]}}}');
;// CONCATENATED MODULE: ./build/packages/catalog/schema.js


/** One compiler configuration for every published schema: all errors, strict, with the data for messages. */
function compileSchema(schema) {
    return new ajv.Ajv({ allErrors: true, strict: true, allowUnionTypes: true, verbose: true }).compile(schema);
}
/** The published JSON Schema is the one structural validator; compiled once per process. */
let compiled;
/** Every structural problem of a catalog, each pointing at the line a person wrote, most specific first. */
function catalogSchemaProblems(data, source) {
    compiled ??= compileSchema(catalog_schema_namespaceObject);
    return schemaProblems(compiled, data, source, CATALOG_WORDING);
}
/** Every problem `validate` finds in `data`, worded for its document, each at its place in `source`, in file order. */
function schemaProblems(validate, data, source, wording) {
    if (validate(data))
        return [];
    const all = validate.errors ?? [];
    const problems = [];
    const seen = new Set();
    const name = (segs) => nameOf(segs, wording);
    const shapePath = (e) => (wording.shapes ? wording.shapes.path.exec(e.instancePath)?.[0] : undefined);
    const shapes = new Set(all.map(shapePath).filter((p) => p !== undefined));
    // A right shape with a wrong value (a relative path) is reported as such, not as a wrong shape.
    for (const e of all)
        if (e.keyword === 'pattern' && shapePath(e))
            shapes.delete(shapePath(e) ?? '');
    for (const path of shapes) {
        problems.push({
            message: wording.shapes?.message(name(segments(path))) ?? '',
            hint: wording.shapes?.hint ?? '',
            location: source.at(pathOf(segments(path))),
        });
    }
    const errors = relevant(all.filter((e) => {
        const path = shapePath(e);
        return path === undefined || (!shapes.has(path) && (e.keyword === 'pattern' || e.instancePath !== path));
    }));
    for (const error of errors) {
        const problem = describe(error, source, wording);
        const key = `${problem.location?.line}:${problem.location?.column}:${problem.message}`;
        if (!seen.has(key)) {
            seen.add(key);
            problems.push(problem);
        }
    }
    return problems.sort((a, b) => (a.location?.line ?? 0) - (b.location?.line ?? 0) || (a.location?.column ?? 0) - (b.location?.column ?? 0));
}
const CATALOG_WORDING = {
    document: 'the catalog',
    schemaFile: 'schema/catalog.schema.json',
    patternMeaning,
    patternHint,
    requiredHint: (missing) => missing === 'owner' ? 'Every curated image has an owner: add `owner: team@example.com` (who answers for it).' : undefined,
    // A capability is one of three shapes; ajv's per-branch complaints would only confuse.
    shapes: {
        path: /^\/images\/[^/]+\/requires\/\d+/,
        message: (where) => `${where} must name exactly one of binary, file or package (with an optional version range).`,
        hint: 'Write it as { binary: /usr/bin/tool }, { file: /etc/file } or { package: name, version: ">=1.2 <2" }.',
    },
};
function nameOf(segs, wording) {
    if (segs.length === 0)
        return wording.document;
    return wording.name ? wording.name(segs) : `'${segs.join('.')}'`;
}
/**
 * ajv reports every branch of a oneOf; keep the errors of the branch that got
 * furthest (the deepest paths), which is the one the author meant.
 */
function relevant(errors) {
    const byBranchRoot = new Map();
    for (const error of errors) {
        if (error.keyword === 'oneOf' || error.keyword === 'if')
            continue;
        const list = byBranchRoot.get(error.instancePath) ?? [];
        list.push(error);
        byBranchRoot.set(error.instancePath, list);
    }
    const paths = [...byBranchRoot.keys()];
    const kept = [];
    for (const [path, list] of byBranchRoot) {
        // A wrong shape at a path with deeper errors is another oneOf branch talking (only there: outside a
        // oneOf, a missing key and a bad value below it are two real problems).
        const deeper = paths.some((p) => p !== path && p.startsWith(`${path}/`));
        for (const error of list) {
            const branch = error.schemaPath.includes('/oneOf/');
            if (deeper && branch && (error.keyword === 'type' || error.keyword === 'required' || error.keyword === 'additionalProperties'))
                continue;
            kept.push(error);
        }
    }
    // A value of the right shape for one oneOf branch (a mirror written as a string, or as an object) is
    // not also "of the wrong type" for the other: when a branch says something about it, that is the problem.
    const branchOf = (e) => /\/oneOf\/(\d+)\//.exec(e.schemaPath)?.[1];
    const wrongBranch = (e) => e.keyword === 'type' &&
        branchOf(e) !== undefined &&
        kept.some((o) => o.keyword !== 'type' &&
            branchOf(o) !== undefined &&
            branchOf(o) !== branchOf(e) &&
            (o.instancePath === e.instancePath || o.instancePath.startsWith(`${e.instancePath}/`)));
    const types = kept.filter((e) => e.keyword === 'type' && !wrongBranch(e));
    // Several "must be X" for one value (oneOf branches): say it once, listing what is allowed.
    const merged = new Map();
    for (const error of types) {
        const previous = merged.get(error.instancePath);
        if (previous) {
            previous.params.type = `${typeText(previous)} or ${typeText(error)}`;
        }
        else
            merged.set(error.instancePath, { ...error, params: { ...error.params, type: typeText(error) } });
    }
    return [...kept.filter((e) => e.keyword !== 'type'), ...merged.values()];
}
/** A type error's expected type as words: `["array", "null"]` reads `array or null`. */
function typeText(error) {
    return [error.params.type].flat().join(' or ');
}
function segments(instancePath) {
    return instancePath
        .split('/')
        .slice(1)
        .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}
function pathOf(segs) {
    return segs.map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}
function describe(error, source, wording) {
    const name = error.propertyName;
    if (name !== undefined) {
        const parent = segments(error.instancePath);
        return {
            message: `'${name}' is not a valid key in ${nameOf(parent, wording)}.`,
            hint: wording.patternHint([...parent, name]),
            location: source.at([...pathOf(parent), name], 'key'),
        };
    }
    const segs = segments(error.instancePath);
    const path = pathOf(segs);
    const where = nameOf(segs, wording);
    switch (error.keyword) {
        case 'additionalProperties': {
            const key = error.params.additionalProperty;
            const allowed = Object.keys(error.parentSchema.properties ?? {});
            const suggestion = closest(key, allowed);
            return {
                message: `unknown key '${key}' in ${where}${suggestion ? ` (did you mean '${suggestion}'?)` : ''}.`,
                hint: suggestion ? `Rename it to '${suggestion}'.` : `Allowed keys: ${allowed.join(', ')}.`,
                location: source.at([...path, key], 'key'),
            };
        }
        case 'required': {
            const missing = error.params.missingProperty;
            const hint = wording.requiredHint?.(missing, where) ?? `Add '${missing}:' to ${where}.`;
            return { message: `${where} is missing '${missing}'.`, hint, location: source.at(path, segs.length > 0 ? 'key' : 'value') };
        }
        case 'type': {
            const scalar = source.scalar(path);
            const expected = error.params.type;
            if (typeof scalar?.value === 'number' && expected.includes('string')) {
                return {
                    message: `${where} is the number ${scalar.source ?? String(scalar.value)} in YAML, where text is expected.`,
                    hint: `Quote it ("${scalar.source ?? String(scalar.value)}"): unquoted, 1.10 reads as 1.1.`,
                    location: source.at(path),
                };
            }
            return {
                message: `${where} must be ${article(expected)}.`,
                hint: `Change ${where} to ${article(expected)}.`,
                location: source.at(path),
            };
        }
        case 'enum': {
            const allowed = error.params.allowedValues.map(String);
            const value = String(source.scalar(path)?.value ?? '');
            const suggestion = closest(value, allowed);
            return {
                message: `${where} is '${value}', which is not one of: ${allowed.join(', ')}${suggestion ? ` (did you mean '${suggestion}'?)` : ''}.`,
                hint: `Use one of: ${allowed.join(', ')}.`,
                location: source.at(path),
            };
        }
        case 'pattern':
            return {
                message: `${where} '${String(source.scalar(path)?.value ?? '')}' ${wording.patternMeaning(segs)}.`,
                hint: wording.patternHint(segs),
                location: source.at(path),
            };
        case 'minimum':
            return {
                message: `${where} must be at least ${error.params.limit}.`,
                hint: 'Raise the value.',
                location: source.at(path),
            };
        case 'minItems':
        case 'minProperties':
            return { message: `${where} is empty.`, hint: `Give ${where} at least one entry, or remove it.`, location: source.at(path) };
        case 'uniqueItems':
            return { message: `${where} lists the same value twice.`, hint: 'Remove the duplicate.', location: source.at(path) };
        case 'minLength':
            return { message: `${where} is empty.`, hint: `Give ${where} a value.`, location: source.at(path) };
        case 'dependencies':
            return {
                message: `${where} has 'http' but no 'port' to probe.`,
                hint: "Add 'port:' with the port the image serves HTTP on.",
                location: source.at([...path, 'http'], 'key'),
            };
        default:
            return {
                message: `${where} ${error.message ?? 'is invalid'}.`,
                hint: `See ${wording.schemaFile} for what is allowed.`,
                location: source.at(path),
            };
    }
}
function patternMeaning(segs) {
    const last = segs.at(-1);
    if (last === 'registry')
        return 'is not a registry host (lowercase host name, optional :port)';
    if (last === 'repository')
        return 'is not a repository path (lowercase letters, digits and separators, / between parts)';
    if (segs.includes('platforms'))
        return 'is not a platform (os/arch or os/arch/variant)';
    if (segs.includes('mirrors'))
        return 'is not a mirror: <registry>/<repository>, the registry a host name with a dot or a port';
    if (last === 'binary' || last === 'file')
        return 'is not an absolute path';
    if (last === 'owner' || segs.at(-2) === 'owner')
        return 'is neither an e-mail address nor a GitHub handle';
    if (last === 'timeout')
        return 'is not a duration (500ms, 30s, 2m)';
    if (last === 'memory')
        return 'is not a memory size (256m, 1g)';
    if (segs.includes('tmpfs') || (last === 'path' && segs.includes('http')))
        return 'is not an absolute path';
    return 'does not have the allowed form';
}
function patternHint(segs) {
    if (segs[0] === 'images' && segs.length === 2)
        return 'Application names are lowercase letters, digits and . _ - separators.';
    if (segs.includes('build-args'))
        return 'Build argument names are letters, digits and underscores, not starting with a digit.';
    if (segs.includes('platforms'))
        return 'Write platforms like linux/amd64 or linux/arm64/v8.';
    if (segs.includes('mirrors'))
        return 'Write mirrors like artifactory.example.com/curated or 127.0.0.1:5002/team/images (lowercase).';
    if (segs.at(-1) === 'binary' || segs.at(-1) === 'file')
        return 'Write the path inside the image, starting with /.';
    if (segs.at(-1) === 'owner' || segs.at(-2) === 'owner')
        return 'Name who answers for the image: team@example.com or @example-org/team, or a list of both.';
    if (segs.includes('env'))
        return 'Environment variable names are letters, digits and underscores, not starting with a digit.';
    if (segs.at(-1) === 'timeout')
        return "Write a whole number with its unit: '500ms', '30s' or '2m'.";
    if (segs.at(-1) === 'memory')
        return "Write a whole number with k, m or g, as docker's --memory takes it: '256m'.";
    if (segs.includes('tmpfs') || segs.includes('http'))
        return 'Write the path inside the image, starting with /.';
    return 'See schema/catalog.schema.json for the allowed form.';
}
function article(type) {
    const first = type.split(' or ')[0] ?? type;
    return `${/^[aeiou]/.test(first) ? 'an' : 'a'} ${type.replace('null', 'empty value')}`;
}
/** The allowed word closest to a typo, when it is close enough to be the one meant. */
function closest(word, candidates) {
    let best;
    let bestDistance = Number.POSITIVE_INFINITY;
    for (const candidate of candidates) {
        const d = editDistance(word.toLowerCase(), candidate.toLowerCase());
        if (d < bestDistance) {
            best = candidate;
            bestDistance = d;
        }
    }
    return best !== undefined && bestDistance <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}
function editDistance(a, b) {
    let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
    for (let i = 1; i <= a.length; i++) {
        const current = [i];
        for (let j = 1; j <= b.length; j++) {
            const cost = a[i - 1] === b[j - 1] ? 0 : 1;
            current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
        }
        previous = current;
    }
    return previous[b.length] ?? 0;
}

// EXTERNAL MODULE: ./node_modules/semver/index.js
var semver = __webpack_require__(2088);
// EXTERNAL MODULE: ./build/packages/tags/index.js + 4 modules
var tags = __webpack_require__(3184);
;// CONCATENATED MODULE: ./build/packages/catalog/semantics.js







const VARIANT_ID = /^[a-z]+$/;
const PLACEHOLDER = /\{\{\s*([^}]*?)\s*\}\}/g;
const VARIANT_PLACEHOLDERS = new Set(['variant.id', 'variant.version']);
/** What the schema cannot say: versions, identifiers, files on disk, FROM lines between images. */
async function semanticProblems(catalog, source, options) {
    const problems = [];
    const workspace = options.workspace ?? catalog.dir;
    const names = new Set(catalog.images.map((i) => i.name));
    // Debug twins are published as applications too, so a Dockerfile may build FROM one.
    const known = new Set([...names, ...catalog.images.flatMap((i) => (i.debug ? [(0,model/* debugApplication */.Cj)(i.name)] : []))]);
    // A twin whose name another image takes is the tag scheme's duplicate-tag rule (packages/tags), not a catalog error.
    if (catalog.mirrors)
        problems.push(...mirrorProblems(catalog.mirrors, catalog, 'the catalog'));
    for (const image of catalog.images) {
        if (image.mirrors && image.mirrors !== catalog.mirrors)
            problems.push(...mirrorProblems(image.mirrors, catalog, `'${image.name}'`));
        problems.push(...versionProblems(image, source), ...placeholderProblems(image, source), ...modeProblems(image, source), ...retentionProblems(image, source), ...testProblems(image, source));
        problems.push(...importProblems(catalog, image, source, workspace, options.skipFileChecks === true));
        if (image.import !== undefined)
            continue;
        const paths = pathProblems(catalog, image, source, workspace);
        problems.push(...paths);
        if (!options.skipFileChecks && paths.length === 0)
            problems.push(...fileProblems(catalog, image, source, known));
    }
    return problems
        .map(atStart)
        .sort((a, b) => (a.location?.line ?? 0) - (b.location?.line ?? 0) || (a.location?.column ?? 0) - (b.location?.column ?? 0));
}
/** A problem points at where an entry starts, not at its whole span (an annotation would cover the block). */
function atStart(problem) {
    if (problem.location?.endLine === undefined)
        return problem;
    const { endLine: _line, endColumn: _column, ...start } = problem.location;
    return { ...problem, location: start };
}
/** A mirror is somewhere else than the source, and is named once per list. */
function mirrorProblems(mirrors, catalog, owner) {
    const problems = [];
    const source = `${catalog.registry}/${catalog.repository}`;
    const seen = new Map();
    for (const mirror of mirrors) {
        const target = (0,model/* mirrorTarget */.hZ)(mirror);
        if (target === source) {
            problems.push({
                message: `mirror '${target}' of ${owner} is where the images are published: a mirror must be another registry or repository.`,
                hint: `Remove it, or name the registry the images are to be copied to.`,
                location: mirror.location,
            });
        }
        const first = seen.get(target);
        if (first !== undefined) {
            problems.push({
                message: `mirror '${target}' of ${owner} is listed twice (first on line ${first}).`,
                hint: 'Remove the duplicate; give `overwrite` once, on the entry you keep.',
                location: mirror.location,
            });
        }
        else
            seen.set(target, mirror.location.line ?? 0);
    }
    return problems;
}
function versionProblems(image, source) {
    const problems = [];
    const seen = new Map();
    const versionKeys = new Map(source.keys(['images', image.name, 'versions']).map((k) => [k.key, k]));
    for (const version of image.versions) {
        const numeric = versionKeys.get(version.version)?.numeric;
        if (numeric) {
            problems.push({
                message: `version ${version.version} of '${image.name}' is a number in YAML.`,
                hint: `Quote it ("${version.version}"): unquoted, 1.10 reads as 1.1.`,
                location: version.location,
            });
            continue;
        }
        const why = (0,tags/* versionProblem */.Ec)(version.version);
        if (why) {
            problems.push({
                message: `version '${version.version}' of '${image.name}' is not a version: ${why}.`,
                hint: 'Write versions as 1.12.3.',
                location: version.location,
            });
        }
        const first = seen.get(version.version);
        if (first !== undefined) {
            problems.push({
                message: `version '${version.version}' of '${image.name}' is listed twice (first on line ${first}).`,
                hint: 'Remove the duplicate.',
                location: version.location,
            });
        }
        else
            seen.set(version.version, version.location.line ?? 0);
        for (const variant of version.variants) {
            if (!VARIANT_ID.test(variant.id)) {
                problems.push({
                    message: `variant identifier '${variant.id}' of '${image.name}' ${version.version} is not lowercase letters only.`,
                    hint: `Tags join identifier and version with no separator ('aws1.8.2'), so '${variant.id}' followed by a version could not be read back (s3 + 1.0 reads as s31.0). Use letters only, e.g. '${variant.id.toLowerCase().replace(/[^a-z]/g, '') || 'name'}'.`,
                    location: variant.location,
                });
            }
            const variantWhy = (0,tags/* versionProblem */.Ec)(variant.version);
            if (variantWhy) {
                problems.push({
                    message: `variant '${variant.id}' of '${image.name}' ${version.version} has version '${variant.version}', which is not a version: ${variantWhy}.`,
                    hint: 'Write variant versions as 1.8.2.',
                    location: variant.location,
                });
            }
        }
    }
    return problems;
}
/**
 * Retention keeps `keep` versions per stream (the image, or one variant
 * identifier of it) and never removes one the catalog lists: a catalog that
 * lists more than it may keep could never be satisfied.
 */
function retentionProblems(image, source) {
    const problems = [];
    const streams = new Map();
    for (const { version, variant, location } of (0,model/* listedBuilds */.fT)(image)) {
        if (!(0,tags/* isTagVersion */.z9)(version.version) || (variant && !(0,tags/* isTagVersion */.z9)(variant.version)))
            continue;
        const id = variant?.id ?? '';
        const list = streams.get(id) ?? [];
        list.push({ key: [version.version, variant?.version ?? '0.0'], location });
        streams.set(id, list);
    }
    const ownKeep = source.keys(['images', image.name]).find((k) => k.key === 'keep');
    const keepWhere = ownKeep ? `, line ${ownKeep.location.line}` : ' from the defaults';
    for (const [id, listed] of streams) {
        if (listed.length <= image.keep)
            continue;
        listed.sort((a, b) => (0,tags/* compareVersions */.Zy)(b.key[0], a.key[0]) || (0,tags/* compareVersions */.Zy)(b.key[1], a.key[1]));
        const stream = id === '' ? `'${image.name}'` : `the '${id}' variant of '${image.name}'`;
        problems.push({
            message: `the catalog lists ${listed.length} versions of ${stream}, more than it keeps (keep: ${image.keep}${keepWhere}); retention never removes a listed version, so it could not keep ${image.keep}.`,
            hint: `Remove the oldest versions from the catalog, or raise 'keep' to ${listed.length}.`,
            location: listed[image.keep]?.location ?? image.location,
        });
    }
    if (image.deprecated && !isCalendarDate(image.deprecated.removeAfter)) {
        problems.push({
            message: `remove-after '${image.deprecated.removeAfter}' of '${image.name}' is not a date.`,
            hint: 'Write it as YYYY-MM-DD, e.g. 2027-03-01.',
            location: image.deprecated.location,
        });
    }
    return problems;
}
function isCalendarDate(text) {
    const date = new Date(`${text}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}
/**
 * Every {{...}} in a build argument that the entry could not fill in, at the
 * line of that build argument: in the defaults, the image, a version or a variant.
 */
function placeholderProblems(image, source) {
    const problems = [];
    const check = (args, path, hasVariants) => {
        for (const [name, value] of Object.entries(args)) {
            for (const match of value.matchAll(PLACEHOLDER)) {
                const key = match[1] ?? '';
                if (key === 'version' || (VARIANT_PLACEHOLDERS.has(key) && hasVariants))
                    continue;
                problems.push({
                    message: VARIANT_PLACEHOLDERS.has(key)
                        ? `build arg ${name} of '${image.name}' uses {{${key}}}, but a version without variants has none.`
                        : `build arg ${name} of '${image.name}' uses {{${key}}}, which is not a placeholder.`,
                    hint: 'Use {{version}}, {{variant.id}} or {{variant.version}}.',
                    location: source.at([...path, name]),
                });
            }
        }
    };
    const allHaveVariants = image.versions.every((v) => v.variants.length > 0);
    const imagePath = ['images', image.name];
    // image.buildArgs holds the defaults too: each is checked where it is written.
    const own = new Set(source.keys([...imagePath, 'build-args']).map((k) => k.key));
    const byPlace = { image: {}, defaults: {} };
    for (const [name, value] of Object.entries(image.buildArgs))
        byPlace[own.has(name) ? 'image' : 'defaults'][name] = value;
    check(byPlace.defaults, ['defaults', 'build-args'], allHaveVariants);
    check(byPlace.image, [...imagePath, 'build-args'], allHaveVariants);
    for (const version of image.versions) {
        const versionPath = [...imagePath, 'versions', version.version];
        check(version.buildArgs, [...versionPath, 'build-args'], version.variants.length > 0);
        for (const variant of version.variants)
            check(variant.buildArgs, [...versionPath, 'variants', variant.id, 'build-args'], true);
    }
    return problems;
}
function modeProblems(image, source) {
    const problems = [];
    if (image.mode !== 'prebuilt' && image.requires.length > 0) {
        problems.push({
            message: `'${image.name}' declares 'requires' but is not a prebuilt image, so nothing would check it.`,
            hint: "Add 'mode: prebuilt', or remove 'requires'.",
            location: source.at(['images', image.name, 'requires'], 'key'),
        });
    }
    if (image.mode !== 'prebuilt' && image.debug) {
        problems.push({
            message: `'${image.name}' declares a debug twin but is not a prebuilt image; a layered image may already carry a shell.`,
            hint: "Add 'mode: prebuilt', or remove 'debug'.",
            location: source.at(['images', image.name, 'debug'], 'key'),
        });
    }
    image.requires.forEach((capability, i) => {
        if (capability.kind === 'package' && capability.range !== undefined && semver.validRange(capability.range) === null) {
            problems.push({
                message: `'${capability.range}' is not a version range.`,
                hint: "Write a semver range, e.g. '>=3.11 <3.12'.",
                location: source.at(['images', image.name, 'requires', i, 'version']),
            });
        }
    });
    return problems;
}
/** What an image imports with describes the copy, not a build: build fields are refused, and import fields need an import. */
function importProblems(catalog, image, source, workspace, skipFiles) {
    const problems = [];
    const path = ['images', image.name];
    const written = (segments) => source.scalar([...path, ...segments]) !== undefined || source.keys([...path, ...segments]).length > 0;
    const versionPaths = image.versions.flatMap((version) => [
        ['versions', version.version],
        ...version.variants.map((variant) => ['versions', version.version, 'variants', variant.id]),
    ]);
    if (image.import === undefined) {
        if (written(['upstream-signature'])) {
            problems.push({
                message: `'${image.name}' has 'upstream-signature' but no 'import': only an imported image has an upstream to verify.`,
                hint: "Add 'import: <registry>/<repository>' (the upstream repository), or remove 'upstream-signature'.",
                location: source.at([...path, 'upstream-signature'], 'key'),
            });
        }
        for (const at of versionPaths) {
            if (source.scalar([...path, ...at, 'upstream-tag']) === undefined)
                continue;
            problems.push({
                message: `'${image.name}' ${at.slice(1).join(' ')} has 'upstream-tag' but the image has no 'import'.`,
                hint: "Add 'import: <registry>/<repository>' to the image, or remove 'upstream-tag'.",
                location: source.at([...path, ...at, 'upstream-tag'], 'key'),
            });
        }
        return problems;
    }
    for (const field of ['context', 'dockerfile', 'target', 'build-args', 'debug']) {
        if (!written([field]))
            continue;
        problems.push({
            message: `'${image.name}' imports ${image.import.repository}, so '${field}' has no meaning: an imported image is copied, not built.`,
            hint: `Remove '${field}', or build the image (remove 'import') FROM the upstream instead.`,
            location: source.at([...path, field], 'key'),
        });
    }
    for (const at of versionPaths) {
        if (!written([...at, 'build-args']))
            continue;
        problems.push({
            message: `'${image.name}' imports ${image.import.repository}, so the build-args of ${at.slice(1).join(' ')} have no meaning.`,
            hint: "Remove 'build-args': an imported image is copied, not built.",
            location: source.at([...path, ...at, 'build-args'], 'key'),
        });
    }
    const own = `${catalog.registry}/${catalog.repository}/`;
    if (`${image.import.repository}/`.startsWith(own)) {
        problems.push({
            message: `'${image.name}' imports ${image.import.repository}, which is where this catalog publishes.`,
            hint: 'Import from the upstream registry; a FROM a catalog image already builds on the published copy.',
            location: image.import.location,
        });
    }
    const signature = image.import.signature;
    if (signature?.kind === 'key') {
        const where = confine(workspace, catalog.dir, signature.file);
        const location = source.at([...path, 'upstream-signature', 'key']);
        if (!where.inside) {
            problems.push({
                message: `the upstream key '${signature.file}' of '${image.name}' leaves the repository: it ${where.why}.`,
                hint: 'Keep the public key in the repository, relative to the catalog file.',
                location,
            });
        }
        else if (!skipFiles && !isFile(where.path)) {
            problems.push({
                message: `the upstream key '${signature.file}' of '${image.name}' does not exist.`,
                hint: "Add the upstream's cosign public key (PEM) there, or fix 'upstream-signature.key' (it is relative to the catalog file).",
                location,
            });
        }
    }
    return problems;
}
/** Where a field of the image is written, or where the image starts when the field is left to its default. */
function fieldLocation(source, image, field) {
    const path = ['images', image.name, field];
    return source.scalar(path) !== undefined ? source.at(path) : image.location;
}
/**
 * The context, the Dockerfile and the .dockerignore files a build of the
 * image reads must stay inside the workspace after every symlink; each
 * escape is refused at the field that leads there.
 */
function pathProblems(catalog, image, source, workspace) {
    const leaves = (field, written, why) => ({
        message: `the ${field} '${written}' of '${image.name}' leaves the repository: it ${why}.`,
        hint: `Point '${field}' at a path inside the repository, relative to ${field === 'context' ? 'the catalog file' : 'the context'}; a build sends what it names to BuildKit.`,
        location: fieldLocation(source, image, field),
    });
    const context = confine(workspace, catalog.dir, image.context);
    if (!context.inside)
        return [leaves('context', image.context, context.why)];
    const dockerfile = confine(workspace, context.path, image.dockerfile);
    if (!dockerfile.inside)
        return [leaves('dockerfile', image.dockerfile, dockerfile.why)];
    // What BuildKit reads besides the context: `<Dockerfile>.dockerignore` first, else the context's `.dockerignore`.
    const ignores = [
        { field: 'dockerfile', written: `${image.dockerfile}.dockerignore`, base: context.path },
        { field: 'context', written: (0,external_node_path_.join)(image.context, '.dockerignore'), base: catalog.dir },
    ];
    for (const ignore of ignores) {
        if (!exists((0,external_node_path_.resolve)(ignore.base, ignore.written)))
            continue;
        const where = confine(workspace, ignore.base, ignore.written);
        if (!where.inside)
            return [leaves(ignore.field, ignore.written, where.why)];
    }
    return [];
}
function fileProblems(catalog, image, source, known) {
    const context = (0,external_node_path_.resolve)(catalog.dir, image.context);
    if (!isDirectory(context)) {
        return [
            {
                message: `the context '${image.context}' of '${image.name}' does not exist.`,
                hint: `Create ${context}, or fix 'context' (it is relative to the catalog file).`,
                location: fieldLocation(source, image, 'context'),
            },
        ];
    }
    const dockerfile = (0,external_node_path_.resolve)(context, image.dockerfile);
    if (!isFile(dockerfile)) {
        const written = source.scalar(['images', image.name, 'dockerfile']) !== undefined;
        return [
            {
                message: `the Dockerfile '${image.dockerfile}' of '${image.name}' does not exist in ${image.context}.`,
                hint: written
                    ? "Add it, or fix 'dockerfile' (it is relative to the context)."
                    : `Add ${image.dockerfile} to ${(0,external_node_path_.dirname)(dockerfile)}, or name another file with 'dockerfile:'.`,
                // The default name: the context is what holds no Dockerfile.
                location: fieldLocation(source, image, written ? 'dockerfile' : 'context'),
            },
        ];
    }
    const prefix = `${catalog.registry}/${catalog.repository}/`;
    const problems = [];
    for (const from of parseFroms((0,external_node_fs_.readFileSync)(dockerfile, 'utf8'))) {
        if (!from.reference.startsWith(prefix))
            continue;
        const application = from.reference.slice(prefix.length).split(/[:@]/)[0] ?? '';
        if (!known.has(application)) {
            problems.push({
                message: `FROM ${from.reference} names the catalog image '${application}', which is not in the catalog.`,
                hint: `Add '${application}' to the catalog, or build FROM another image.`,
                location: { file: dockerfile, line: from.line, column: 1 },
            });
        }
    }
    return problems;
}
/** The fields of a test that may hold placeholders, and whether each is a regular expression. */
function testTexts(test) {
    if ((0,model/* isSkipped */.JR)(test))
        return [];
    const texts = [];
    for (const [i, value] of (test.args ?? []).entries())
        texts.push({ field: `args[${i}]`, value, regex: false });
    for (const [i, value] of (test.entrypoint ?? []).entries())
        texts.push({ field: `entrypoint[${i}]`, value, regex: false });
    for (const [name, value] of Object.entries(test.env))
        texts.push({ field: `env.${name}`, value, regex: false });
    if (test.expect.stdout !== undefined)
        texts.push({ field: 'expect.stdout', value: test.expect.stdout, regex: true });
    if (test.expect.stderr !== undefined)
        texts.push({ field: 'expect.stderr', value: test.expect.stderr, regex: true });
    if (test.http)
        texts.push({ field: 'http.path', value: test.http.path, regex: false });
    if (test.http?.body !== undefined)
        texts.push({ field: 'http.body', value: test.http.body, regex: true });
    return texts;
}
/**
 * Tests: names unique in each list, `skip` only where there is something to
 * inherit and only naming an inherited test, placeholders the entry can fill,
 * regular expressions that compile.
 */
function testProblems(image, source) {
    const problems = [];
    const base = ['images', image.name];
    const list = (tests, path, inherited, hasVariants) => {
        const seen = new Map();
        tests.forEach((test, i) => {
            const first = seen.get(test.name);
            if (first !== undefined) {
                problems.push({
                    message: `test '${test.name}' of '${image.name}' is declared twice in the same list (first on line ${first}).`,
                    hint: 'Give each test its own name; a version or variant replaces an inherited test by declaring one of the same name.',
                    location: test.location,
                });
            }
            else
                seen.set(test.name, test.location.line ?? 0);
            if ((0,model/* isSkipped */.JR)(test)) {
                const keys = source.keys([...path, i]).filter((k) => k.key !== 'name' && k.key !== 'skip');
                if (inherited === undefined) {
                    problems.push({
                        message: `test '${test.name}' of '${image.name}' says 'skip', but there is no inherited test to leave out here.`,
                        hint: "Use 'skip' in a version's or variant's tests, to leave out a test of the image; here, remove the test.",
                        location: source.at([...path, i, 'skip'], 'key'),
                    });
                }
                else if (!inherited.has(test.name)) {
                    problems.push({
                        message: `test '${test.name}' of '${image.name}' skips a test it does not inherit.`,
                        hint: `Name one of the inherited tests: ${[...inherited].map((n) => `'${n}'`).join(', ') || '(none)'}.`,
                        location: source.at([...path, i, 'name']),
                    });
                }
                for (const key of keys) {
                    problems.push({
                        message: `test '${test.name}' of '${image.name}' is skipped, so its '${key.key}' would never be read.`,
                        hint: "A skipped test has only 'name' and 'skip'; remove the other keys, or remove 'skip'.",
                        location: key.location,
                    });
                }
                return;
            }
            if (test.timeout <= 0) {
                problems.push({
                    message: `test '${test.name}' of '${image.name}' has a timeout of zero.`,
                    hint: "Give it time to run, e.g. 'timeout: 30s'.",
                    location: source.at([...path, i, 'timeout']),
                });
            }
            for (const text of testTexts(test)) {
                for (const match of text.value.matchAll(PLACEHOLDER)) {
                    const key = match[1] ?? '';
                    if (key === 'version' || (VARIANT_PLACEHOLDERS.has(key) && hasVariants))
                        continue;
                    problems.push({
                        message: VARIANT_PLACEHOLDERS.has(key)
                            ? `${text.field} of test '${test.name}' of '${image.name}' uses {{${key}}}, but a version without variants has none.`
                            : `${text.field} of test '${test.name}' of '${image.name}' uses {{${key}}}, which is not a placeholder.`,
                        hint: 'Use {{version}}, {{variant.id}} or {{variant.version}}.',
                        location: test.location,
                    });
                }
                if (!text.regex)
                    continue;
                try {
                    new RegExp(text.value.replace(PLACEHOLDER, 'x'), 'm');
                }
                catch (error) {
                    problems.push({
                        message: `${text.field} of test '${test.name}' of '${image.name}' is not a regular expression: ${error instanceof Error ? error.message : String(error)}.`,
                        hint: 'Write a JavaScript regular expression; escape what should match literally (\\. for a dot, \\( for a parenthesis).',
                        location: test.location,
                    });
                }
            }
        });
    };
    const allHaveVariants = image.versions.length > 0 && image.versions.every((v) => v.variants.length > 0);
    list(image.tests, [...base, 'tests'], undefined, allHaveVariants);
    if (image.debug)
        list(image.debug.tests, [...base, 'debug', 'tests'], undefined, allHaveVariants);
    const names = (tests) => tests.map((t) => t.name);
    for (const version of image.versions) {
        const path = [...base, 'versions', version.version];
        const fromImage = new Set(names(image.tests));
        list(version.tests, [...path, 'tests'], fromImage, version.variants.length > 0);
        const fromVersion = new Set([...fromImage, ...names(version.tests)]);
        for (const t of version.tests)
            if ((0,model/* isSkipped */.JR)(t))
                fromVersion.delete(t.name);
        for (const variant of version.variants)
            list(variant.tests, [...path, 'variants', variant.id, 'tests'], fromVersion, true);
    }
    return problems;
}

// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(8815);
;// CONCATENATED MODULE: ./build/packages/catalog/source-map.js

/**
 * A parsed YAML document with the means to point at any of its nodes. Map
 * lookups go through a per-map index built on first use, so locating every
 * version of a large catalog stays linear in its size.
 */
class SourceMap {
    file;
    text;
    lines = new dist/* LineCounter */.HN();
    doc;
    index = new WeakMap();
    constructor(file, text) {
        this.file = file;
        this.text = text;
        this.doc = (0,dist/* parseDocument */.Tp)(text, { lineCounter: this.lines, uniqueKeys: false, prettyErrors: false });
    }
    /**
     * What keeps the document from being read at all: YAML syntax errors, then
     * keys written twice in one mapping (only once the syntax is right).
     */
    syntaxProblems() {
        const syntax = this.doc.errors.map((error) => ({
            message: error.message.split('\n')[0] ?? error.message,
            hint: 'Fix the YAML syntax.',
            location: this.location(error.pos[0]),
        }));
        return syntax.length > 0 ? syntax : this.duplicateKeys();
    }
    /**
     * Keys written twice in one mapping. The yaml package's own check compares
     * each key with every earlier one, which is quadratic in a large catalog;
     * this is one pass with a set per mapping.
     */
    duplicateKeys() {
        const problems = [];
        (0,dist/* visit */.YR)(this.doc, {
            Map: (_, map) => {
                const first = new Map();
                for (const pair of map.items) {
                    if (!(0,dist/* isScalar */.jn)(pair.key))
                        continue;
                    const name = String(pair.key.value);
                    const where = this.location(pair.key.range?.[0] ?? 0);
                    const line = first.get(name);
                    if (line === undefined)
                        first.set(name, where.line ?? 0);
                    else {
                        problems.push({
                            message: `'${name}' is written twice in the same mapping (first on line ${line}).`,
                            hint: 'Each key may appear once: remove or merge the duplicate.',
                            location: where,
                        });
                    }
                }
            },
        });
        return problems;
    }
    /** Location of the node at a path (object keys and array indexes); the nearest existing parent otherwise. */
    at(path, which = 'value') {
        const { node, key } = this.walk(path);
        const target = which === 'key' && key ? key : (node ?? key);
        return this.location(target?.range?.[0] ?? 0);
    }
    /** Like `at`, with `endLine`/`endColumn` where the value at the path ends. */
    span(path) {
        const { node, key } = this.walk(path);
        const start = this.location((key ?? node)?.range?.[0] ?? 0);
        const range = node?.range;
        if (!range)
            return start;
        // range[1] is just past the value, which may include a line break: step back onto its last character.
        let last = range[1] - 1;
        while (last > range[0] && /\s/.test(this.text[last] ?? ''))
            last--;
        const end = this.lines.linePos(last);
        return { ...start, endLine: end.line, endColumn: end.col };
    }
    location(offset) {
        const { line, col } = this.lines.linePos(offset);
        return { file: this.file, line, column: col };
    }
    /** The scalar node at a path, when it is one (to tell `1.10` from `"1.10"`). */
    scalar(path) {
        const { node, complete } = this.walk(path);
        return complete && (0,dist/* isScalar */.jn)(node)
            ? { value: node.value, ...(node.type ? { type: node.type } : {}), ...(node.source ? { source: node.source } : {}) }
            : undefined;
    }
    /** Map keys under a path, with their scalar type (numbers in keys lose digits: 1.10 reads as 1.1). */
    keys(path) {
        const { node, complete } = this.walk(path);
        if (!complete || !(0,dist/* isMap */.jh)(node))
            return [];
        return node.items.map((pair) => {
            const keyNode = pair.key;
            const raw = (0,dist/* isScalar */.jn)(keyNode) ? keyNode.value : keyNode;
            return {
                key: String(raw),
                numeric: typeof raw === 'number',
                location: this.location(keyNode?.range?.[0] ?? 0),
            };
        });
    }
    /** Follows a path as far as it exists; `complete` says whether it got to the end. */
    walk(path) {
        let node = this.doc.contents ?? undefined;
        let key;
        for (const segment of path) {
            if ((0,dist/* isMap */.jh)(node)) {
                const pair = this.pairs(node).get(String(segment));
                if (!pair)
                    return { node, ...(key ? { key } : {}), complete: false };
                key = (0,dist/* isNode */.Ll)(pair.key) ? pair.key : undefined;
                node = (0,dist/* isNode */.Ll)(pair.value) ? pair.value : undefined;
            }
            else if ((0,dist/* isSeq */.oP)(node) && typeof segment === 'number') {
                key = undefined;
                const item = node.items[segment];
                node = (0,dist/* isNode */.Ll)(item) ? item : undefined;
            }
            else
                return { ...(node ? { node } : {}), ...(key ? { key } : {}), complete: false };
        }
        return { ...(node ? { node } : {}), ...(key ? { key } : {}), complete: true };
    }
    pairs(map) {
        let pairs = this.index.get(map);
        if (!pairs) {
            pairs = new Map();
            for (const pair of map.items) {
                const name = (0,dist/* isScalar */.jn)(pair.key) ? String(pair.key.value) : String(pair.key);
                // The first of duplicate keys wins, as in toJS(); duplicates are reported as syntax errors.
                if (!pairs.has(name))
                    pairs.set(name, pair);
            }
            this.index.set(map, pairs);
        }
        return pairs;
    }
}

;// CONCATENATED MODULE: ./build/packages/catalog/load.js







/** Reads, validates and normalises a catalog file; every problem found is thrown at once. */
async function loadCatalog(file, options = {}) {
    let text;
    try {
        text = await (0,promises_.readFile)(file, 'utf8');
    }
    catch (error) {
        throw new errors/* UserError */.yo({
            message: `cannot read the catalog ${file}: ${error.code ?? String(error)}.`,
            hint: "Check the 'catalog' path; it is relative to the repository root.",
        });
    }
    return parseCatalog(text, file, options);
}
/** Parses catalog text; `file` names it in messages and anchors relative contexts. */
async function parseCatalog(text, file, options = {}) {
    const source = new SourceMap(file, text);
    const syntax = source.syntaxProblems();
    if (syntax.length > 0)
        throw new errors/* UserError */.yo(syntax);
    const data = source.doc.toJS();
    const structural = catalogSchemaProblems(data, source);
    if (structural.length > 0)
        throw new errors/* UserError */.yo(structural);
    const catalog = normalise(data, source, file);
    const semantic = await semanticProblems(catalog, source, options);
    if (semantic.length > 0)
        throw new errors/* UserError */.yo(semantic);
    return catalog;
}
const DEFAULT_PLATFORMS = ['linux/amd64'];
const DEFAULT_KEEP = 3;
const DEFAULT_KEEP_SUPERSEDED_DAYS = 30;
function normalise(raw, source, file) {
    const defaults = raw.defaults ?? {};
    const mirrors = raw.mirrors && normaliseMirrors(raw.mirrors, ['mirrors'], source);
    const catalog = {
        file,
        dir: (0,external_node_path_.dirname)((0,external_node_path_.resolve)(file)),
        registry: raw.registry,
        repository: raw.repository,
        images: Object.entries(raw.images).map(([name, image]) => normaliseImage(name, image, { ...topLevel(raw), ...defaults }, mirrors, source)),
    };
    if (raw['tag-template'] !== undefined)
        catalog.tagTemplate = raw['tag-template'];
    if (mirrors !== undefined)
        catalog.mirrors = mirrors;
    return catalog;
}
/** Each mirror with its place; the string form is a target that refuses to overwrite. */
function normaliseMirrors(raw, path, source) {
    return raw.map((item, i) => {
        const target = typeof item === 'string' ? item : item.target;
        const slash = target.indexOf('/');
        return {
            registry: target.slice(0, slash),
            repository: target.slice(slash + 1),
            overwrite: typeof item === 'string' ? false : item.overwrite === true,
            location: source.at([...path, i]),
        };
    });
}
/** What the top level sets for every image; `defaults` overrides it, and an image overrides both. */
function topLevel(raw) {
    return {
        ...(raw.keep !== undefined ? { keep: raw.keep } : {}),
        ...(raw['keep-superseded'] !== undefined ? { 'keep-superseded': raw['keep-superseded'] } : {}),
        ...(raw['max-age'] !== undefined ? { 'max-age': raw['max-age'] } : {}),
    };
}
function normaliseImage(name, raw, defaults, catalogMirrors, source) {
    const path = ['images', name];
    const image = {
        name,
        owner: owners(raw.owner).join(', '),
        owners: owners(raw.owner),
        context: raw.context ?? `images/${name}`,
        dockerfile: raw.dockerfile ?? 'Dockerfile',
        mode: raw.mode ?? defaults.mode ?? 'layered',
        platforms: [...(raw.platforms ?? defaults.platforms ?? DEFAULT_PLATFORMS)],
        buildArgs: { ...defaults['build-args'], ...raw['build-args'] },
        labels: { ...defaults.labels, ...raw.labels },
        requires: (raw.requires ?? []).map(capability),
        keep: raw.keep ?? defaults.keep ?? DEFAULT_KEEP,
        keepSuperseded: raw['keep-superseded'] ?? defaults['keep-superseded'] ?? DEFAULT_KEEP_SUPERSEDED_DAYS,
        maxAge: raw['max-age'] ?? defaults['max-age'] ?? model/* DEFAULT_MAX_AGE_DAYS */.xp,
        tests: normaliseTests(raw.tests, [...path, 'tests'], source),
        versions: [],
        location: source.span(path),
    };
    if (raw.target !== undefined)
        image.target = raw.target;
    if (raw.import !== undefined)
        image.import = importOf(raw, path, source);
    // An image's own list replaces the catalog's, as its other settings replace the defaults.
    const mirrors = raw.mirrors !== undefined ? normaliseMirrors(raw.mirrors, [...path, 'mirrors'], source) : catalogMirrors;
    if (mirrors !== undefined)
        image.mirrors = mirrors;
    if (raw.debug !== undefined)
        image.debug = { target: raw.debug.target, tests: normaliseTests(raw.debug.tests, [...path, 'debug', 'tests'], source) };
    if (raw.deprecated !== undefined) {
        image.deprecated = {
            reason: raw.deprecated.reason,
            removeAfter: raw.deprecated['remove-after'],
            location: source.at([...path, 'deprecated', 'remove-after']),
        };
    }
    image.versions = Array.isArray(raw.versions)
        ? raw.versions.map((version, i) => ({
            version: String(version),
            buildArgs: {},
            tests: [],
            variants: [],
            location: source.span([...path, 'versions', i]),
        }))
        : Object.entries(raw.versions).map(([version, spec]) => normaliseVersion(version, spec ?? {}, [...path, 'versions'], source));
    return image;
}
function normaliseVersion(version, raw, path, source) {
    const variants = Object.entries(raw.variants ?? {}).map(([id, spec]) => {
        const where = source.span([...path, version, 'variants', id]);
        return typeof spec === 'string'
            ? { id, version: spec, buildArgs: {}, tests: [], location: where }
            : {
                id,
                version: spec.version,
                ...(spec['upstream-tag'] !== undefined ? { upstreamTag: spec['upstream-tag'] } : {}),
                buildArgs: { ...spec['build-args'] },
                tests: normaliseTests(spec.tests, [...path, version, 'variants', id, 'tests'], source),
                location: where,
            };
    });
    return {
        version,
        ...(raw['upstream-tag'] !== undefined ? { upstreamTag: raw['upstream-tag'] } : {}),
        buildArgs: { ...raw['build-args'] },
        tests: normaliseTests(raw.tests, [...path, version, 'tests'], source),
        variants,
        location: source.span([...path, version]),
    };
}
function importOf(raw, path, source) {
    const found = { repository: raw.import ?? '', location: source.at([...path, 'import']) };
    const signature = raw['upstream-signature'];
    if (signature?.key !== undefined) {
        found.signature = { kind: 'key', file: signature.key, transparencyLog: signature['transparency-log'] !== false };
    }
    else if (signature?.identity !== undefined) {
        found.signature = { kind: 'keyless', identity: signature.identity, issuer: signature.issuer ?? '' };
    }
    return found;
}
const DEFAULT_TEST_TIMEOUT = 60;
const DEFAULT_TEST_MEMORY = '512m';
function normaliseTests(raw, path, source) {
    return (raw ?? []).map((test, i) => {
        const location = source.at([...path, i]);
        if (test.skip !== undefined)
            return { name: test.name, skip: test.skip, location };
        const normal = {
            name: test.name,
            env: { ...test.env },
            tmpfs: [...(test.tmpfs ?? [])],
            expect: {
                ...(test.expect?.exit !== undefined ? { exit: test.expect.exit } : test.port === undefined ? { exit: 0 } : {}),
                ...(test.expect?.stdout !== undefined ? { stdout: test.expect.stdout } : {}),
                ...(test.expect?.stderr !== undefined ? { stderr: test.expect.stderr } : {}),
            },
            timeout: test.timeout !== undefined ? durationSeconds(test.timeout) : DEFAULT_TEST_TIMEOUT,
            memory: test.memory ?? DEFAULT_TEST_MEMORY,
            location,
        };
        if (test.args !== undefined)
            normal.args = [...test.args];
        if (test.entrypoint !== undefined)
            normal.entrypoint = [...test.entrypoint];
        if (test.port !== undefined)
            normal.port = test.port;
        // A port is probed over HTTP: GET / answering 200 unless the test says otherwise.
        if (test.port !== undefined) {
            normal.http = {
                path: test.http?.path ?? '/',
                status: test.http?.status ?? 200,
                ...(test.http?.body !== undefined ? { body: test.http.body } : {}),
            };
        }
        return normal;
    });
}
/** `500ms`, `30s`, `2m` (the schema's pattern) in seconds. */
function durationSeconds(text) {
    const [, amount, unit] = /^(\d+)(ms|s|m)$/.exec(text) ?? [];
    const value = Number(amount);
    return unit === 'ms' ? value / 1000 : unit === 'm' ? value * 60 : value;
}
function owners(raw) {
    return Array.isArray(raw) ? [...raw] : [raw];
}
function capability(raw) {
    if (raw.binary !== undefined)
        return { kind: 'binary', path: raw.binary };
    if (raw.file !== undefined)
        return { kind: 'file', path: raw.file };
    const pkg = { kind: 'package', name: raw.package ?? '' };
    if (raw.version !== undefined)
        pkg.range = raw.version;
    return pkg;
}

;// CONCATENATED MODULE: ./build/packages/catalog/mirrors.js


/** The one definition of a mirror target: the published schema's pattern. */
const TARGET = new RegExp(catalog_schema_namespaceObject.definitions.mirror.oneOf[0].pattern, 'u');
/**
 * Mirrors given as an input (`<registry>/<repository>`, one per item) rather
 * than in the catalog, checked as the catalog's are; they never overwrite.
 */
function parseMirrorTargets(items, input) {
    const seen = new Set();
    return items.map((item) => {
        if (!TARGET.test(item)) {
            throw new errors/* UserError */.yo({
                message: `input '${input}' lists '${item}', which is not a mirror: <registry>/<repository>, the registry a host name with a dot or a port.`,
                hint: 'Write mirrors like artifactory.example.com/curated or 127.0.0.1:5002/team/images (lowercase), one per line.',
            });
        }
        if (seen.has(item)) {
            throw new errors/* UserError */.yo({ message: `input '${input}' lists '${item}' twice.`, hint: 'Remove the duplicate.' });
        }
        seen.add(item);
        const slash = item.indexOf('/');
        return { registry: item.slice(0, slash), repository: item.slice(slash + 1), overwrite: false };
    });
}

;// CONCATENATED MODULE: ./build/packages/catalog/index.js









/***/ }),

/***/ 1157:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  E9: () => (/* reexport */ ActionsDbCache),
  Sj: () => (/* reexport */ DEFAULT_DB_REPOSITORIES),
  WP: () => (/* reexport */ DEFAULT_MAX_DB_AGE),
  ss: () => (/* reexport */ DEFAULT_TRIVY_VERSION),
  G7: () => (/* reexport */ EXTRA_FORMATS),
  oC: () => (/* reexport */ severity/* SEVERITIES */.oC),
  Om: () => (/* reexport */ TRIVY_PINS),
  V0: () => (/* reexport */ bySeverityThenId),
  Ss: () => (/* reexport */ checkDbCacheKey),
  S3: () => (/* reexport */ describeDb),
  _3: () => (/* reexport */ evaluate),
  G4: () => (/* reexport */ trivy_report/* isFixable */.G4),
  _Z: () => (/* reexport */ severity/* isSeverity */._Z),
  FI: () => (/* reexport */ loadIgnoreFile),
  y9: () => (/* reexport */ noDbCache),
  n6: () => (/* reexport */ parseMaxDbAge),
  Sn: () => (/* reexport */ prepareDb),
  so: () => (/* reexport */ scanImages),
  DL: () => (/* reexport */ scanOneImage),
  eH: () => (/* reexport */ summaryMarkdown),
  zv: () => (/* reexport */ toSarif),
  HB: () => (/* reexport */ utcDate),
  s_: () => (/* reexport */ verdictReason)
});

// UNUSED EXPORTS: DB_CACHE_PREFIX, DEFAULT_DB_STAGING, DbUnavailableError, DirectoryDbCache, PLATFORM_PROPERTY, QUIET_FLAGS, SCAN_STATUSES, addCounts, advisoryUrl, atLeast, compareCoverage, covers, dbAgeProblem, dbCacheKey, dbCachePrefix, dbDirectory, dbUpdatedAt, downloadDb, expiredEntries, fileStem, formatAge, isActive, isIsoDate, isTransient, mergeSboms, parseIgnoreFile, parseReport, rank, sarifCategory, worstStatus, zeroCounts

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: external "node:timers/promises"
var external_node_timers_promises_ = __webpack_require__(8500);
;// CONCATENATED MODULE: ./build/packages/trivy/actions-db-cache.js




/** Where the DB passes through the Actions cache: the same path in every job of a machine (see ActionsDbCache). */
const DEFAULT_DB_STAGING = (0,external_node_path_.join)((0,external_node_os_.homedir)(), '.cache', 'image-actions-trivy-db');
/**
 * @actions/cache, loaded when the cache is first used: it is the largest
 * dependency (the Azure storage client), and most steps never touch the cache.
 */
const actionsCache = () => __webpack_require__.e(/* import() */ 691).then(__webpack_require__.bind(__webpack_require__, 1691));
/** A lock older than this was left by a job that died; a restore or save takes seconds, a large one a minute or two. */
const STALE_LOCK_MS = 10 * 60_000;
const LOCK_POLL_MS = 250;
/**
 * The Actions cache. When the service is unavailable (a runner without it,
 * GHES without cache) the scan goes on without a cache, and says so: the cache
 * saves downloads, it does not decide anything.
 *
 * An Actions cache entry is restored only by a job that names the very paths
 * it was saved from, and a job's own temporary directory is not the same path
 * in every job (self-hosted runners each have theirs; act gives every job a
 * new one), nor can it be named relative to the workspace (the cache refuses
 * `..` in a path). The DB therefore goes through one staging directory, the same
 * path in every job, and is moved from there into the job's own directory.
 * Jobs that share a machine take turns with it, under a lock.
 */
class ActionsDbCache {
    log;
    staging;
    constructor(log, staging = DEFAULT_DB_STAGING) {
        this.log = log;
        this.staging = staging;
    }
    async restore(paths, primaryKey, restoreKeys) {
        const cache = await actionsCache();
        if (!cache.isFeatureAvailable()) {
            this.log.info('The Actions cache is not available here; the vulnerability DB will be downloaded.');
            return undefined;
        }
        try {
            return await this.exclusively(async (staged) => {
                const key = await cache.restoreCache(staged, primaryKey, restoreKeys);
                if (key === undefined)
                    return undefined;
                for (const [index, path] of paths.entries())
                    await move(staged[index] ?? '', path);
                return key;
            }, paths.length);
        }
        catch (thrown) {
            this.log.warning(`Could not restore the vulnerability DB from the Actions cache: ${actions_db_cache_text(thrown)}`);
            return undefined;
        }
    }
    async save(paths, key) {
        const cache = await actionsCache();
        if (!cache.isFeatureAvailable())
            return false;
        try {
            return await this.exclusively(async (staged) => {
                for (const [index, path] of paths.entries())
                    await (0,promises_.cp)(path, staged[index] ?? '', { recursive: true });
                // -1: another job of this run reserved the key first; its copy is as good as ours.
                return (await cache.saveCache(staged, key)) !== -1;
            }, paths.length);
        }
        catch (thrown) {
            if (thrown instanceof cache.ReserveCacheError)
                return false;
            this.log.warning(`Could not save the vulnerability DB to the Actions cache: ${actions_db_cache_text(thrown)}`);
            return false;
        }
    }
    /** Runs `work` on an emptied staging directory (one path per cached path), holding the machine's lock on it. */
    async exclusively(work, count) {
        const lock = `${this.staging}.lock`;
        await (0,promises_.mkdir)((0,external_node_path_.dirname)(lock), { recursive: true });
        await acquire(lock, this.log);
        try {
            await (0,promises_.rm)(this.staging, { recursive: true, force: true });
            return await work(Array.from({ length: count }, (_, index) => (0,external_node_path_.join)(this.staging, String(index))));
        }
        finally {
            await (0,promises_.rm)(this.staging, { recursive: true, force: true });
            await (0,promises_.rm)(lock, { recursive: true, force: true });
        }
    }
}
/** Takes the lock directory (mkdir is atomic), waiting while another job holds it, taking over one left by a dead job. */
async function acquire(lock, log) {
    let told = false;
    for (;;) {
        try {
            await (0,promises_.mkdir)(lock);
            return;
        }
        catch (thrown) {
            if (thrown.code !== 'EEXIST')
                throw thrown;
        }
        const since = await (0,promises_.stat)(lock).then((s) => s.mtimeMs, () => undefined);
        if (since !== undefined && Date.now() - since > STALE_LOCK_MS) {
            log.warning(`${lock} was taken ${Math.round((Date.now() - since) / 60_000)} minutes ago by a job that did not finish; taking it over.`);
            await (0,promises_.rm)(lock, { recursive: true, force: true });
            continue;
        }
        if (!told)
            log.info(`Another job on this machine is restoring or saving the vulnerability DB (${lock}); waiting for it.`);
        told = true;
        await (0,external_node_timers_promises_.setTimeout)(LOCK_POLL_MS);
    }
}
/** Moves a restored directory into the job's own place: a rename, or a copy across file systems. */
async function move(from, to) {
    await (0,promises_.rm)(to, { recursive: true, force: true });
    await (0,promises_.mkdir)((0,external_node_path_.dirname)(to), { recursive: true });
    try {
        await (0,promises_.rename)(from, to);
    }
    catch (thrown) {
        if (thrown.code !== 'EXDEV')
            throw thrown;
        await (0,promises_.cp)(from, to, { recursive: true });
    }
}
function actions_db_cache_text(thrown) {
    return thrown instanceof Error ? thrown.message : String(thrown);
}

// EXTERNAL MODULE: ./build/packages/prebuilt/index.js
var prebuilt = __webpack_require__(7442);
;// CONCATENATED MODULE: ./build/packages/trivy/coverage.js

const same = (name) => name;
/** PEP 503: `Foo_Bar.baz` and `foo-bar-baz` are one project. */
const pythonName = (name) => name.toLowerCase().replace(/[-_.]+/g, '-');
const EXPECTATIONS = [
    {
        source: 'dpkg',
        types: ['debian', 'ubuntu'],
        osFiles: ['/etc/os-release', '/etc/debian_version'],
        what: 'dpkg records',
        normalise: same,
    },
    {
        source: 'apk',
        types: ['alpine', 'wolfi', 'chainguard'],
        osFiles: ['/etc/os-release', '/etc/alpine-release'],
        what: 'apk records',
        normalise: same,
    },
    { source: 'rpm', anyOsPackage: true, osFiles: ['/etc/os-release', '/etc/redhat-release'], what: 'the rpm database', normalise: same },
    { source: 'python', types: ['python-pkg'], what: 'Python dist-info records', normalise: pythonName },
    { source: 'node', types: ['node-pkg'], what: "node modules' package.json", normalise: same },
];
const SHOWN = 6;
/** The directories Debian's merged /usr moved under /usr (they remain as links in a full image). */
const MERGED_USR = /^\/(?:bin|sbin|lib|lib32|lib64|libx32)\//;
function compareCoverage(records, files, report) {
    const listed = {};
    for (const pkg of report.packages)
        listed[pkg.type] = (listed[pkg.type] ?? 0) + 1;
    const recorded = {};
    for (const pkg of records.packages)
        recorded[pkg.source] = (recorded[pkg.source] ?? 0) + 1;
    const unseen = [];
    const osName = report.os ? `${report.os.family} ${report.os.name}`.trim() : undefined;
    for (const expectation of EXPECTATIONS) {
        const mine = records.packages.filter((p) => p.source === expectation.source);
        const databases = records.unlisted.filter((u) => u.source === expectation.source);
        if (mine.length === 0 && databases.length === 0)
            continue;
        const theirs = report.packages.filter((p) => expectation.anyOsPackage ? p.class === 'os-pkgs' : (expectation.types ?? []).includes(p.type));
        if (expectation.osFiles !== undefined && (report.os === undefined || theirs.length === 0)) {
            unseen.push(noOsLine(expectation, mine.map((p) => p.name), databases.map((d) => d.path), osName, files));
            continue;
        }
        const names = new Set(theirs.map((p) => expectation.normalise(p.name)));
        const missed = [...new Set(mine.map((p) => p.name).filter((name) => !names.has(expectation.normalise(name))))];
        if (missed.length > 0) {
            unseen.push(`trivy did not list ${missed.length} of the ${mine.length} packages the ${expectation.what} name: ${shown(missed)}; ` +
                `check that each record is complete (a name and a version, and for dpkg an installed status) where trivy reads it`);
        }
    }
    const coverage = {
        listed,
        recorded,
        unseen,
        verdict: unseen.length > 0 ? 'unscannable' : 'covered',
        ...(osName !== undefined ? { os: osName } : {}),
    };
    const unowned = unownedExecutables(files, report.packages);
    if (unowned !== undefined)
        coverage.unowned = unowned;
    return coverage;
}
function noOsLine(expectation, names, databases, os, files) {
    const what = names.length > 0
        ? `the ${names.length} package${names.length === 1 ? '' : 's'} its ${expectation.what} list (${shown(names)})`
        : `the packages in ${databases.join(', ')}`;
    const detected = os === undefined ? 'trivy detected no OS' : `trivy detected ${os} but listed none of its OS packages`;
    const osFiles = expectation.osFiles ?? [];
    const absent = osFiles.filter((path) => (0,prebuilt/* resolvePath */.o1)(files, path) === undefined);
    const ship = absent.length > 0
        ? `ship ${absent.join(' and ')} in the image (distroless images carry ${osFiles.join(' and ')}; copy them from the build stage)`
        : `${osFiles.join(' and ')} are there: check that they name the distribution the records come from`;
    return `${detected}, so it scanned none of ${what}: ${ship}`;
}
function shown(names) {
    return names.length > SHOWN ? `${names.slice(0, SHOWN).join(', ')} and ${names.length - SHOWN} more` : names.join(', ');
}
/**
 * ELF executables of the image that no package trivy listed claims as its
 * file: a binary copied in by hand (node out of a build stage, say) is in no
 * SBOM and no scan. Undefined when trivy listed OS packages but no file of
 * any, so ownership cannot be told.
 */
function unownedExecutables(files, packages) {
    const executables = [...files].filter(([, entry]) => entry.kind === 'file' && entry.format === 'elf').map(([path]) => path);
    if (executables.length === 0)
        return [];
    const withFiles = packages.filter((p) => p.installedFiles.length > 0);
    if (withFiles.length === 0 && packages.some((p) => p.class === 'os-pkgs'))
        return undefined;
    const owned = new Set();
    for (const pkg of withFiles) {
        for (const file of pkg.installedFiles) {
            // dpkg lists /bin/gzip; a merged-/usr image, or a copy of one without the /bin link, holds /usr/bin/gzip.
            const found = (0,prebuilt/* resolvePath */.o1)(files, file) ?? (MERGED_USR.test(file) ? (0,prebuilt/* resolvePath */.o1)(files, `/usr${file}`) : undefined);
            owned.add(found?.path ?? file);
        }
    }
    return executables.filter((path) => !owned.has(path)).sort();
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: ./build/packages/errors/index.js + 1 modules
var errors = __webpack_require__(2495);
// EXTERNAL MODULE: ./build/packages/retry/index.js + 2 modules
var retry = __webpack_require__(5227);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
;// CONCATENATED MODULE: ./build/packages/trivy/db-cache.js




/** What every DB cache key starts with. */
const DB_CACHE_PREFIX = 'trivy-db-';
/**
 * The prefix of the keys of one source: a hash of the DB repositories in
 * their order, so a run with another `trivy-db-repository` (another mirror,
 * a test DB) never restores a DB this one did not ask for.
 */
function dbCachePrefix(repositories) {
    const hash = (0,external_node_crypto_.createHash)('sha256').update(repositories.join('\n')).digest('hex').slice(0, 16);
    return `${DB_CACHE_PREFIX}${hash}-`;
}
/** The key of that source's DB on a UTC day (`YYYY-MM-DD`), so it is refreshed at most daily. */
function dbCacheKey(repositories, today) {
    return `${dbCachePrefix(repositories)}${today}`;
}
/**
 * The Actions cache's rules in a directory: one sub-directory per key, exact
 * key first, then the most recently saved key with a matching prefix; a key
 * once saved is never overwritten.
 */
class DirectoryDbCache {
    root;
    constructor(root) {
        this.root = root;
    }
    async restore(paths, primaryKey, restoreKeys) {
        const key = await this.match(primaryKey, restoreKeys);
        if (key === undefined)
            return undefined;
        for (const [index, path] of paths.entries()) {
            await rm(path, { recursive: true, force: true });
            await cp(join(this.root, key, String(index)), path, { recursive: true });
        }
        return key;
    }
    async save(paths, key) {
        const dir = join(this.root, key);
        if (existsSync(dir))
            return false;
        // Written aside, then renamed: of two jobs saving at once, one rename wins.
        const partial = `${dir}.${randomUUID()}.partial`;
        try {
            for (const [index, path] of paths.entries())
                await cp(path, join(partial, String(index)), { recursive: true });
            await mkdir(this.root, { recursive: true });
            await rename(partial, dir);
            return true;
        }
        catch (thrown) {
            const code = thrown.code;
            if (code === 'ENOTEMPTY' || code === 'EEXIST')
                return false;
            throw thrown;
        }
        finally {
            await rm(partial, { recursive: true, force: true });
        }
    }
    async keys() {
        if (!existsSync(this.root))
            return [];
        return (await readdir(this.root)).filter((name) => !name.endsWith('.partial'));
    }
    async match(primaryKey, restoreKeys) {
        const keys = await this.keys();
        if (keys.includes(primaryKey))
            return primaryKey;
        for (const prefix of restoreKeys) {
            const candidates = keys.filter((k) => k.startsWith(prefix));
            if (candidates.length === 0)
                continue;
            const times = await Promise.all(candidates.map(async (k) => ({ k, t: (await stat(join(this.root, k))).mtimeMs })));
            times.sort((a, b) => b.t - a.t || b.k.localeCompare(a.k));
            return times[0]?.k;
        }
        return undefined;
    }
}
/** No cache: every step downloads (the `cache-db: false` choice). */
const noDbCache = {
    restore: async () => undefined,
    save: async () => false,
};

;// CONCATENATED MODULE: ./build/packages/trivy/db.js






/** trivy's own default DB repositories, in its order, plus AWS's public mirror. */
const DEFAULT_DB_REPOSITORIES = [
    'mirror.gcr.io/aquasec/trivy-db:2',
    'ghcr.io/aquasecurity/trivy-db:2',
    'public.ecr.aws/aquasecurity/trivy-db:2',
];
/** Flags that keep trivy from calling home or fetching what a vulnerability scan of an image does not need. */
const QUIET_FLAGS = ['--skip-version-check', '--disable-telemetry', '--no-progress'];
function dbDirectory(cacheDir) {
    return (0,external_node_path_.join)(cacheDir, 'db');
}
/**
 * Gets the DB once for the whole step (every image is then scanned with
 * `--skip-db-update`): the run's copy when a job before this one fetched it
 * (`runKey`); else restored from the cache when today's copy is there, else
 * downloaded from the first repository that answers, and saved under
 * today's key. Only a job that did not restore today's key saves, and a key
 * another job saved first is not an error. Keys are per list of
 * repositories: another source's DB is never restored.
 */
async function prepareDb(options) {
    const dir = dbDirectory(options.cacheDir);
    const prefix = dbCachePrefix(options.repositories);
    const key = dbCacheKey(options.repositories, options.today);
    const present = () => (0,external_node_fs_.existsSync)((0,external_node_path_.join)(dir, 'trivy.db')) && (0,external_node_fs_.existsSync)((0,external_node_path_.join)(dir, 'metadata.json'));
    const now = options.now ?? new Date();
    const aged = async (state) => {
        const updatedAt = await dbUpdatedAt(options.cacheDir);
        return { ...state, updatedAt, ageMs: Math.max(0, now.getTime() - Date.parse(updatedAt)) };
    };
    if (options.runKey !== undefined) {
        const runKey = checkDbCacheKey(options.runKey, options.repositories);
        if ((await options.store.restore([dir], runKey, [])) === runKey && present()) {
            options.log.info(`Vulnerability DB: the run's copy restored from the cache (${runKey}); no download.`);
            return aged({ source: 'cache', restoredKey: runKey, key: runKey, saved: false, failures: [] });
        }
        options.log.warning(`Vulnerability DB: the run's copy ${runKey} could not be restored from the cache; this job gets the DB itself.`);
    }
    const restoredKey = await options.store.restore([dir], key, [prefix]);
    const restored = present();
    if (restoredKey === key && restored) {
        options.log.info(`Vulnerability DB: today's copy restored from the cache (${key}); no download.`);
        return aged({ source: 'cache', restoredKey, key, saved: false, failures: [] });
    }
    // A restored copy whose age cannot be told is downloaded over, not refused.
    const restoredUpdatedAt = restored ? await dbUpdatedAt(options.cacheDir).catch(() => undefined) : undefined;
    let downloaded;
    try {
        downloaded = await downloadDb(options);
    }
    catch (thrown) {
        if (restoredKey === undefined || !restored || !(thrown instanceof DbUnavailableError))
            throw thrown;
        // The cached copy's age, not this warning, decides whether it may be scanned with (see dbAgeProblem).
        options.log.warning(`Vulnerability DB: no repository answered; what there is, is the cached copy ${restoredKey}. ${thrown.message}`);
        return aged({ source: 'stale-cache', restoredKey, key: restoredKey, saved: false, failures: thrown.failures });
    }
    const saved = await options.store.save([dir], key);
    const refreshed = !restored || (await dbUpdatedAt(options.cacheDir)) !== restoredUpdatedAt;
    if (!refreshed) {
        // trivy downloads nothing while the copy's own NextUpdate is ahead: what it scans with is the restored copy.
        options.log.info(`Vulnerability DB: the copy restored from ${restoredKey ?? 'the cache'} is current by its own NextUpdate; trivy downloaded nothing.`);
        return aged({
            source: 'cache',
            key: saved ? key : (restoredKey ?? key),
            saved,
            failures: downloaded.failures,
            ...(restoredKey !== undefined ? { restoredKey } : {}),
        });
    }
    options.log.info(`Vulnerability DB: downloaded from ${downloaded.repository}; ${saved ? `saved to the cache as ${key}` : `not saved (no cache here, or another job saved ${key} first)`}.`);
    return aged({
        source: 'download',
        repository: downloaded.repository,
        key,
        saved,
        failures: downloaded.failures,
        ...(restoredKey !== undefined ? { restoredKey } : {}),
    });
}
/**
 * The run's key (input `db-cache-key`) as given, or the user's mistake when
 * it is not a key of the DB from these repositories: the job that fetched it
 * was given other DB repositories than this one.
 */
function checkDbCacheKey(runKey, repositories) {
    const prefix = dbCachePrefix(repositories);
    if (runKey.startsWith(prefix) && /^\d{4}-\d{2}-\d{2}$/.test(runKey.slice(prefix.length)))
        return runKey;
    throw new errors/* UserError */.yo({
        message: `input 'db-cache-key' is '${runKey}', which is not a key of the vulnerability DB from ${repositories.join(', ')} (those are ${prefix}YYYY-MM-DD).`,
        hint: `Pass the 'db-cache-key' output of the step that fetched the DB (phase: db), given the same DB repository as this step.`,
    });
}
/** Every repository was down or rate-limited: the failures say which and why. */
class DbUnavailableError extends Error {
    failures;
    constructor(failures) {
        super(`no DB repository answered (tried ${failures.length}):\n${failures.join('\n')}`);
        this.failures = failures;
        this.name = 'DbUnavailableError';
    }
}
/** Tries each repository in order; moves on only when one is overloaded or down (429, 5xx, unreachable). */
async function downloadDb(options) {
    const failures = [];
    for (const repository of options.repositories) {
        const result = await options.runner.run({
            file: options.trivy,
            args: ['image', '--download-db-only', '--db-repository', repository, '--cache-dir', options.cacheDir, ...QUIET_FLAGS],
            quiet: true,
        });
        if (result.exitCode === 0)
            return { repository, failures };
        const reason = lastLine(result);
        if (!isTransient(result)) {
            throw new Error(`trivy could not download the vulnerability DB from ${repository}: ${reason}`);
        }
        options.log.warning(`Vulnerability DB: ${repository} is unavailable (${reason}); trying the next repository.`);
        failures.push(`${repository}: ${reason}`);
    }
    throw new DbUnavailableError(failures);
}
/** Whether trivy's failure says the repository is rate-limiting or down, rather than wrong (the shared list of transient failures). */
function isTransient(result) {
    return (0,retry/* transientRegistryFailure */.Il)(`${result.stderr}\n${result.stdout}`) !== undefined;
}
/**
 * When the DB in `cacheDir` was built, from its metadata.json. A DB whose age
 * cannot be told is not used: the gate would not know what it scanned with.
 */
async function dbUpdatedAt(cacheDir) {
    const file = (0,external_node_path_.join)(dbDirectory(cacheDir), 'metadata.json');
    let updatedAt;
    try {
        updatedAt = JSON.parse(await (0,promises_.readFile)(file, 'utf8')).UpdatedAt;
    }
    catch (thrown) {
        throw new Error(`the vulnerability DB's ${file} cannot be read: ${thrown instanceof Error ? thrown.message : String(thrown)}`);
    }
    if (typeof updatedAt !== 'string' || Number.isNaN(Date.parse(updatedAt))) {
        throw new Error(`the vulnerability DB's ${file} has no UpdatedAt time, so its age cannot be told`);
    }
    return updatedAt;
}
/** The innermost cause trivy printed (its last `* ...` line), else its FATAL line. */
function lastLine(result) {
    const lines = `${result.stderr}\n${result.stdout}`
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l !== '');
    const causes = lines.filter((l) => l.startsWith('* '));
    const line = causes.at(-1)?.slice(2) ?? lines.find((l) => /FATAL/.test(l)) ?? lines.at(-1) ?? '';
    return line.slice(0, 500);
}

;// CONCATENATED MODULE: ./build/packages/trivy/db-age.js

/** How old a vulnerability DB may be by default. The public DB is rebuilt every six hours. */
const DEFAULT_MAX_DB_AGE = '2d';
const HOUR = 3_600_000;
/**
 * `max-db-age`: a whole number of days or hours, `2d`, `36h`. Anything else is
 * the user's mistake, named with the input.
 */
function parseMaxDbAge(value, input = 'max-db-age') {
    const match = /^(\d+)\s*([dh])$/.exec(value.trim());
    const amount = match ? Number(match[1]) : Number.NaN;
    if (!match || amount < 1) {
        throw new errors/* UserError */.yo({
            message: `input '${input}' is '${value}', which is not an age.`,
            hint: 'Give a whole number of days or hours, at least 1: `2d`, `36h`.',
        });
    }
    return amount * (match[2] === 'd' ? 24 : 1) * HOUR;
}
/** `3 days 4 hours`, `5 hours`, `under an hour`: how old, in words a reader takes in at once. */
function formatAge(ms) {
    const hours = Math.floor(ms / HOUR);
    if (hours < 1)
        return 'under an hour';
    const days = Math.floor(hours / 24);
    const rest = hours % 24;
    const unit = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;
    if (days === 0)
        return unit(hours, 'hour');
    return rest === 0 ? unit(days, 'day') : `${unit(days, 'day')} ${unit(rest, 'hour')}`;
}
/** The DB's age and where it came from, as the summary shows it. */
function describeDb(db) {
    const from = db.source === 'download'
        ? `downloaded from ${db.repository ?? '?'}`
        : db.source === 'cache'
            ? `the cached copy ${db.restoredKey ?? ''}`.trimEnd()
            : `an older cached copy (${db.restoredKey ?? '?'}), every repository having failed`;
    return `${formatAge(db.ageMs)} old (built ${db.updatedAt}), ${from}`;
}
/**
 * Why the DB may not be scanned with, or undefined when it is young enough.
 * A DB past `maxAgeMs` would pass images against advisories it does not
 * have: the scan stops with `stale-db` instead, naming the age and every
 * repository that failed.
 */
function dbAgeProblem(db, maxAgeMs) {
    if (db.ageMs <= maxAgeMs)
        return undefined;
    const failed = db.failures.length > 0 ? `; the DB repositories failed: ${db.failures.join('; ')}` : '';
    return `the vulnerability DB is ${formatAge(db.ageMs)} old (built ${db.updatedAt}), older than max-db-age ${formatAge(maxAgeMs)}${failed}`;
}

;// CONCATENATED MODULE: ./build/schema/ignore-file.schema.json
const ignore_file_schema_namespaceObject = /*#__PURE__*/JSON.parse('{"$schema":"http://json-schema.org/draft-07/schema#","$id":"https://image-actions.dev/schema/ignore-file.schema.json","title":"image-actions scan ignore file","description":"Findings the scan gate accepts: each with the reason someone accepted it, optionally until a date and only for some packages or images. A list of entries, or a map with an `ignores:` list.","oneOf":[{"type":"array","items":{"$ref":"#/definitions/entry"}},{"type":"object","additionalProperties":false,"properties":{"ignores":{"description":"The accepted findings (none when empty).","type":["array","null"],"items":{"$ref":"#/definitions/entry"}}}},{"type":"null"}],"definitions":{"entry":{"description":"One accepted finding.","type":"object","additionalProperties":false,"required":["id","reason"],"properties":{"id":{"description":"The finding\'s id as trivy reports it: CVE-2024-1234, GHSA-..., DLA-...","type":"string","pattern":"\\\\S"},"reason":{"description":"Why the finding is accepted; an entry without a reason is refused.","type":"string","pattern":"\\\\S"},"expires":{"description":"The last day (UTC, YYYY-MM-DD) the entry applies; from the day after, the finding gates again and the run says so.","type":"string","pattern":"^\\\\d{4}-\\\\d{2}-\\\\d{2}$"},"packages":{"description":"Only for these package names (one, or a list); every package when absent.","$ref":"#/definitions/names"},"images":{"description":"Only for these images (repository, with or without the digest; one, or a list); every image when absent.","$ref":"#/definitions/names"}}},"names":{"description":"One name or a list of names.","type":["string","array"],"items":{"type":"string","pattern":"\\\\S"},"pattern":"\\\\S"}}}');
// EXTERNAL MODULE: ./build/packages/catalog/index.js + 8 modules
var catalog = __webpack_require__(2639);
;// CONCATENATED MODULE: ./build/packages/trivy/ignore-file.js




/**
 * Reads the ignore file at `path`; problems and warnings point at `shownAs`
 * (the path as the user wrote it, relative to the workspace, which is what
 * GitHub annotations need).
 */
async function loadIgnoreFile(path, shownAs = path, input = 'ignore-file') {
    let text;
    try {
        text = await (0,promises_.readFile)(path, 'utf8');
    }
    catch (thrown) {
        throw new errors/* UserError */.yo({
            message: `input '${input}' names ${shownAs}, which cannot be read (${thrown.code ?? String(thrown)}).`,
            hint: 'Give the path of the ignore file relative to the workspace, or leave the input empty.',
        });
    }
    return parseIgnoreFile(text, shownAs);
}
/** The published schema, compiled once per process. */
let compiled;
/**
 * The ignore file: a YAML list of entries, either at the top or under
 * `ignores:`, validated by the published schema
 * (schema/ignore-file.schema.json), then the dates checked. Every problem is
 * reported at once, each with its line and column.
 */
function parseIgnoreFile(text, file) {
    const source = new catalog/* SourceMap */.oY(file, text);
    const syntax = source.syntaxProblems();
    if (syntax.length > 0)
        throw new errors/* UserError */.yo(syntax);
    const data = source.doc.toJS();
    compiled ??= (0,catalog/* compileSchema */.Fc)(ignore_file_schema_namespaceObject);
    const structural = (0,catalog/* schemaProblems */.Ic)(compiled, data, source, WORDING);
    if (structural.length > 0)
        throw new errors/* UserError */.yo(structural);
    const top = Array.isArray(data) ? [] : ['ignores'];
    const raw = ((Array.isArray(data) ? data : data?.ignores) ?? []);
    const problems = [];
    const entries = raw.map((entry, i) => {
        const path = [...top, i];
        if (entry.expires !== undefined && !isIsoDate(entry.expires)) {
            problems.push({
                message: `'expires' is '${entry.expires}', which is not a date.`,
                hint: 'Write it as YYYY-MM-DD, e.g. 2026-12-31.',
                location: source.at([...path, 'expires']),
            });
        }
        return {
            id: entry.id.trim(),
            reason: entry.reason.trim(),
            location: source.at(path),
            ...(entry.expires !== undefined ? { expires: entry.expires } : {}),
            ...(entry.packages !== undefined ? { packages: names(entry.packages) } : {}),
            ...(entry.images !== undefined ? { images: names(entry.images) } : {}),
        };
    });
    if (problems.length > 0)
        throw new errors/* UserError */.yo(problems);
    return entries;
}
function names(value) {
    return typeof value === 'string' ? [value] : value;
}
/** Entries are named by their place (`ignore entry 2`), keys by their name in it. */
const WORDING = {
    document: 'the ignore file',
    schemaFile: 'schema/ignore-file.schema.json',
    name: (segs) => {
        const index = segs.findIndex((s) => /^\d+$/.test(s));
        if (index === -1)
            return `'${segs.join('.')}'`;
        const entry = `ignore entry ${Number(segs[index]) + 1}`;
        const rest = segs.slice(index + 1);
        return rest.length === 0 ? entry : `'${rest.join('.')}' of ${entry}`;
    },
    patternMeaning: (segs) => (segs.at(-1) === 'expires' ? 'is not a date (YYYY-MM-DD)' : 'is blank'),
    patternHint: (segs) => segs.at(-1) === 'expires'
        ? 'Write it as YYYY-MM-DD, e.g. 2026-12-31.'
        : segs.at(-1) === 'reason'
            ? REASON_HINT
            : 'Give it a value, or remove the key.',
    requiredHint: (missing) => (missing === 'reason' ? REASON_HINT : `Add '${missing}:' to the entry (- id: CVE-..., reason: ...).`),
};
const REASON_HINT = 'Say why the finding is accepted; an ignore without a reason is not allowed.';
function isIsoDate(text) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(text))
        return false;
    const date = new Date(`${text}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(text);
}
/** Still in force on `today` (UTC `YYYY-MM-DD`): the expiry day itself counts. */
function isActive(entry, today) {
    return entry.expires === undefined || entry.expires >= today;
}
/** Whether the entry covers this finding in this image (dates aside). */
function covers(entry, finding, image) {
    if (entry.id !== finding.id)
        return false;
    if (entry.packages !== undefined && !entry.packages.includes(finding.pkg))
        return false;
    if (entry.images !== undefined) {
        const repository = image.split('@')[0] ?? image;
        if (!entry.images.some((scope) => scope === image || scope === repository))
            return false;
    }
    return true;
}

// EXTERNAL MODULE: ./build/packages/trivy/report.js
var trivy_report = __webpack_require__(9585);
// EXTERNAL MODULE: ./build/packages/trivy/severity.js
var severity = __webpack_require__(5336);
;// CONCATENATED MODULE: ./build/packages/trivy/gate.js



/**
 * The gate, from the findings of trivy's JSON report alone: nothing here
 * depends on which report formats were asked for, so table, JSON and SARIF
 * users get the same verdict for the same image.
 */
function evaluate(image, findings, policy, ignores, today) {
    const counts = (0,severity/* zeroCounts */.Nd)();
    const fixable = (0,severity/* zeroCounts */.Nd)();
    const blocking = [];
    const ignored = [];
    const expired = [];
    for (const finding of findings) {
        counts[finding.severity] += 1;
        if ((0,trivy_report/* isFixable */.G4)(finding))
            fixable[finding.severity] += 1;
        const matching = ignores.filter((entry) => covers(entry, finding, image));
        const inForce = matching.find((entry) => isActive(entry, today));
        if (inForce) {
            ignored.push({ finding, entry: inForce });
            continue;
        }
        for (const entry of matching)
            expired.push({ finding, entry });
        if ((0,severity/* atLeast */.jZ)(finding.severity, policy.threshold) && (!policy.ignoreUnfixed || (0,trivy_report/* isFixable */.G4)(finding)))
            blocking.push(finding);
    }
    blocking.sort(bySeverityThenId);
    return { image, counts, fixable, blocking, ignored, expired, verdict: blocking.length > 0 ? 'fail' : 'pass' };
}
/** Entries past their date, whether or not they still match anything: each is worth a warning. */
function expiredEntries(ignores, today) {
    return ignores.filter((entry) => !isActive(entry, today));
}
function bySeverityThenId(a, b) {
    return (0,severity/* rank */.Tm)(b.severity) - (0,severity/* rank */.Tm)(a.severity) || a.id.localeCompare(b.id) || a.pkg.localeCompare(b.pkg);
}
/** Today as the ignore file writes dates, in UTC so every runner agrees. */
function utcDate(now) {
    return now.toISOString().slice(0, 10);
}
/**
 * What the scan gate says of an image, worst last: `fail` (findings block),
 * `unscannable` (the scanner saw less than the image holds), `stale-db` (the
 * vulnerability DB is older than the policy allows, so nothing was scanned).
 * Anything but `pass` blocks publishing.
 */
const SCAN_STATUSES = ['pass', 'fail', 'unscannable', 'stale-db'];
function worstStatus(statuses) {
    return statuses.reduce((worst, s) => (SCAN_STATUSES.indexOf(s) > SCAN_STATUSES.indexOf(worst) ? s : worst), 'pass');
}
/**
 * The gate's verdict on one image's findings in one line: what blocks (the
 * first few, by severity, with their fix), or that nothing does, with the
 * ignored ones. The one text of it: the root action, scan-with-trivy and the
 * rescan all say it this way.
 */
function verdictReason(verdict, policy, shown = 3) {
    const gate = `at or above ${policy.threshold}${policy.ignoreUnfixed ? ' with a fixed version' : ''}`;
    const total = Object.values(verdict.counts).reduce((sum, n) => sum + n, 0);
    const ignored = verdict.ignored.length > 0
        ? `; ${verdict.ignored.length} ignored (${[...new Set(verdict.ignored.map((i) => i.finding.id))].join(', ')})`
        : '';
    if (verdict.blocking.length === 0)
        return `no finding ${gate} (${total} finding${total === 1 ? '' : 's'} in all${ignored})`;
    const named = verdict.blocking.slice(0, shown).map((f) => {
        const fix = f.fixedVersion !== undefined ? `, fixed in ${f.fixedVersion}` : '';
        return `${f.id} (${f.severity}, ${f.pkg} ${f.installedVersion}${fix})`;
    });
    const more = verdict.blocking.length > named.length ? ` and ${verdict.blocking.length - named.length} more` : '';
    return `${verdict.blocking.length} finding${verdict.blocking.length === 1 ? '' : 's'} ${gate}: ${named.join(', ')}${more}${ignored}`;
}

;// CONCATENATED MODULE: ./build/packages/trivy/pins.js
/**
 * The trivy releases this action installs, each asset pinned by the SHA-256
 * aquasecurity published for it in `trivy_<version>_checksums.txt`.
 *
 * Why checksums and not tags: in March 2026 trivy's release tags were
 * force-pushed to builds carrying a credential stealer (CVE-2026-33634). A
 * workflow that fetched "v0.x.y" at run time got whatever the tag pointed to
 * that day. A SHA-256 cannot be moved: a download that does not match is
 * refused and never cached. A version bump is a reviewed change of this file,
 * the new checksums copied from the release's checksums file by a person.
 */
const TRIVY_PINS = [
    {
        name: 'trivy',
        version: '0.74.0',
        releaseBase: 'https://github.com/aquasecurity/trivy/releases/download',
        tag: 'v0.74.0',
        checksumsFile: 'trivy_0.74.0_checksums.txt',
        versionArgs: ['--version'],
        assets: {
            'linux-x64': {
                file: 'trivy_0.74.0_Linux-64bit.tar.gz',
                sha256: '2ae6fe3ee734b7fdf11335663e18c75ea12dccc76062f09f164a3b0f8be4371a',
                format: 'tar.gz',
            },
            'linux-arm64': {
                file: 'trivy_0.74.0_Linux-ARM64.tar.gz',
                sha256: 'b94ce1976bbf3c15b514b605ee88be7c6d94a29be2302847ff01cb794d47aad5',
                format: 'tar.gz',
            },
        },
    },
];
const DEFAULT_TRIVY_VERSION = '0.74.0';

;// CONCATENATED MODULE: ./build/packages/trivy/sarif.js

const SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
/** GitHub ranks alerts by `security-severity` (a CVSS-like score as a string). */
const SECURITY_SEVERITY = { CRITICAL: '9.5', HIGH: '8.0', MEDIUM: '5.5', LOW: '2.0', UNKNOWN: '0.0' };
const LEVEL = {
    CRITICAL: 'error',
    HIGH: 'error',
    MEDIUM: 'warning',
    LOW: 'note',
    UNKNOWN: 'note',
};
/**
 * One SARIF log, one run per platform image. GitHub code scanning keeps the
 * alerts of each `automationDetails.id` category apart, so several images (or
 * platforms) uploaded in one file never close each other's alerts. Written
 * from the JSON report, not by trivy's SARIF mode, so it shows exactly the
 * findings the gate saw, ignored ones marked as suppressed.
 */
function toSarif(images) {
    return { $schema: SCHEMA, version: '2.1.0', runs: images.map(toRun) };
}
/** `scan-with-trivy/<repository path>/[<platform>/]`: distinct per image and platform, stable across digests. */
function sarifCategory(image, platform) {
    const repository = (image.split('@')[0] ?? image).replace(/:\d+\//, '/');
    const path = platform !== undefined ? `${repository}/${platform}` : repository;
    return `scan-with-trivy/${path.replace(/[^A-Za-z0-9._/-]/g, '-')}/`;
}
function toRun(scan) {
    const ruleIds = [];
    const rules = [];
    for (const finding of scan.findings) {
        if (ruleIds.includes(finding.id))
            continue;
        ruleIds.push(finding.id);
        rules.push(toRule(finding));
    }
    const suppressed = new Map(scan.verdict.ignored.map((i) => [i.finding, i.entry]));
    const blocking = new Set(scan.verdict.blocking);
    return {
        tool: {
            driver: { name: 'Trivy', informationUri: 'https://trivy.dev/', version: scan.toolVersion.replace(/^v/, ''), rules },
        },
        automationDetails: { id: scan.category ?? sarifCategory(scan.image, scan.platform) },
        ...(scan.platform !== undefined ? { properties: { platform: scan.platform } } : {}),
        ...(scan.unscannable !== undefined
            ? {
                invocations: [
                    {
                        executionSuccessful: false,
                        toolExecutionNotifications: [{ level: 'error', message: { text: `unscannable: ${scan.unscannable}` } }],
                    },
                ],
            }
            : {}),
        results: scan.findings.map((finding) => {
            const entry = suppressed.get(finding);
            return {
                ruleId: finding.id,
                ruleIndex: ruleIds.indexOf(finding.id),
                level: LEVEL[finding.severity],
                message: { text: describe(finding, scan.platform !== undefined ? `${scan.image} (${scan.platform})` : scan.image) },
                locations: [
                    {
                        physicalLocation: { artifactLocation: { uri: artifactUri(scan.image) }, region: { startLine: 1 } },
                        message: { text: finding.target },
                    },
                ],
                partialFingerprints: { imagePackageVulnerability: `${finding.pkg}@${finding.installedVersion}/${finding.id}` },
                properties: { blocking: blocking.has(finding), fixable: (0,trivy_report/* isFixable */.G4)(finding) },
                ...(entry ? { suppressions: [{ kind: 'external', status: 'accepted', justification: entry.reason }] } : {}),
            };
        }),
    };
}
function toRule(finding) {
    const summary = finding.title ?? `${finding.id} in ${finding.pkg}`;
    return {
        id: finding.id,
        name: finding.id.replace(/[^A-Za-z0-9]/g, ''),
        shortDescription: { text: summary },
        fullDescription: { text: summary },
        ...(finding.url ? { helpUri: finding.url } : {}),
        help: {
            text: `${finding.id}: ${summary}${finding.url ? ` (${finding.url})` : ''}`,
            markdown: `**${finding.id}**: ${summary}${finding.url ? ` ([advisory](${finding.url}))` : ''}`,
        },
        properties: { 'security-severity': SECURITY_SEVERITY[finding.severity], tags: ['security', 'vulnerability', finding.severity] },
    };
}
function describe(finding, image) {
    const fix = (0,trivy_report/* isFixable */.G4)(finding) ? `fixed in ${finding.fixedVersion}` : 'no fixed version';
    return `${finding.severity} ${finding.id} in ${finding.pkg} ${finding.installedVersion} (${fix}) in ${image}`;
}
/** A relative, scheme-less path that names the image: code scanning needs a location, and images have no file. */
function artifactUri(image) {
    return (image.split('@')[0] ?? image).replace(/^[^/]*[.:][^/]*\//, '');
}

;// CONCATENATED MODULE: ./build/packages/trivy/sbom.js

/** The property naming a platform component's platform. */
const PLATFORM_PROPERTY = 'image-actions:platform';
async function mergeSboms(image, platforms) {
    const documents = await Promise.all(platforms.map(async (p) => ({ ...p, bom: JSON.parse(await (0,promises_.readFile)(p.file, 'utf8')) })));
    const first = documents[0]?.bom;
    const components = [];
    const dependencies = [];
    const root = `image:${image}`;
    for (const { platform, image: platformImage, bom } of documents) {
        const prefix = (ref) => `${platform}:${ref}`;
        const ref = `platform:${platform}`;
        const own = bom.metadata?.component;
        components.push({
            ...(own ?? {}),
            'bom-ref': ref,
            type: 'container',
            name: platformImage,
            properties: [...(own?.properties ?? []), { name: PLATFORM_PROPERTY, value: platform }],
            components: (bom.components ?? []).map((c) => withPrefixedRefs(c, prefix)),
        });
        const ownRef = own?.['bom-ref'];
        for (const dependency of bom.dependencies ?? []) {
            dependencies.push({
                ref: dependency.ref === ownRef ? ref : prefix(dependency.ref),
                dependsOn: (dependency.dependsOn ?? []).map((d) => (d === ownRef ? ref : prefix(d))),
            });
        }
    }
    dependencies.unshift({ ref: root, dependsOn: platforms.map((p) => `platform:${p.platform}`) });
    return {
        bomFormat: 'CycloneDX',
        specVersion: first?.specVersion ?? '1.6',
        ...(first?.serialNumber !== undefined ? { serialNumber: first.serialNumber } : {}),
        version: 1,
        metadata: {
            ...(first?.metadata?.timestamp !== undefined ? { timestamp: first.metadata.timestamp } : {}),
            ...(first?.metadata?.tools !== undefined ? { tools: first.metadata.tools } : {}),
            component: {
                'bom-ref': root,
                type: 'container',
                name: image,
                properties: platforms.map((p) => ({ name: PLATFORM_PROPERTY, value: p.platform })),
            },
        },
        components,
        dependencies,
    };
}
function withPrefixedRefs(component, prefix) {
    const copy = { ...component };
    if (component['bom-ref'] !== undefined)
        copy['bom-ref'] = prefix(component['bom-ref']);
    if (component.components !== undefined)
        copy.components = component.components.map((c) => withPrefixedRefs(c, prefix));
    return copy;
}

// EXTERNAL MODULE: ./build/packages/oci/index.js + 1 modules
var oci = __webpack_require__(259);
// EXTERNAL MODULE: ./build/packages/process/index.js + 3 modules
var process = __webpack_require__(3927);
;// CONCATENATED MODULE: ./build/packages/trivy/scan.js













/** Report formats besides the JSON report, which is always written: the gate reads it. */
const EXTRA_FORMATS = ['table', 'sarif', 'cyclonedx'];
/** scanImages for one image: its scan, and the run's result (SARIF, the DB, expired ignores). */
async function scanOneImage(image, options) {
    const result = await scanImages({ ...options, images: [image] });
    const [scan] = result.images;
    if (scan === undefined)
        throw new Error(`trivy reported nothing for ${image}`);
    return { scan, result };
}
/**
 * Scans each image platform by platform, each platform's manifest digest on
 * its own (trivy given an index scans only the runner's platform), with the
 * DB prepared once. Per platform: the findings gate, and the coverage check
 * against the package records in that platform's layers. An image's status is
 * its worst platform's. A DB older than `maxDbAgeMs` scans nothing: every
 * image is `stale-db`.
 */
async function scanImages(options) {
    const images = [...new Set(options.images)].map((image, index) => {
        (0,oci/* parseDigestReference */.Dn)(image, `images[${index + 1}]`);
        return image;
    });
    await (0,promises_.mkdir)(options.outputDir, { recursive: true });
    const expired = expiredEntries(options.ignores, options.today);
    for (const entry of expired) {
        options.log.warning(`ignore entry for ${entry.id} expired on ${entry.expires ?? ''}: it no longer applies (reason was: ${entry.reason})`, entry.location);
    }
    const dbProblem = dbAgeProblem(options.db, options.maxDbAgeMs);
    if (dbProblem !== undefined) {
        options.log.error(`Vulnerability DB: ${dbProblem}; nothing is scanned with it.`);
        const stale = images.map((image) => ({
            image,
            platforms: [],
            status: 'stale-db',
            reason: dbProblem,
            counts: (0,severity/* zeroCounts */.Nd)(),
            fixable: (0,severity/* zeroCounts */.Nd)(),
            blocking: 0,
        }));
        return { images: stale, verdict: 'stale-db', counts: (0,severity/* zeroCounts */.Nd)(), fixable: (0,severity/* zeroCounts */.Nd)(), expired, db: options.db, dbProblem };
    }
    const scans = [];
    for (const image of images) {
        scans.push(await options.log.group(`trivy: ${image}`, () => scanImage(image, options)));
    }
    const result = {
        images: scans,
        verdict: worstStatus(scans.map((s) => s.status)),
        counts: scans.reduce((sum, s) => (0,severity/* addCounts */.c5)(sum, s.counts), (0,severity/* zeroCounts */.Nd)()),
        fixable: scans.reduce((sum, s) => (0,severity/* addCounts */.c5)(sum, s.fixable), (0,severity/* zeroCounts */.Nd)()),
        expired,
        db: options.db,
    };
    if (options.formats.includes('sarif')) {
        const path = (0,external_node_path_.join)(options.outputDir, 'trivy.sarif');
        const runs = scans.flatMap((s) => s.platforms.map((p) => ({
            image: p.image,
            platform: p.platform,
            findings: p.findings,
            verdict: p.verdict,
            toolVersion: options.toolVersion,
            ...(p.status === 'unscannable' ? { unscannable: p.reason } : {}),
        })));
        await (0,promises_.writeFile)(path, `${JSON.stringify(toSarif(runs), null, 2)}\n`);
        result.sarif = path;
    }
    return result;
}
async function scanImage(image, options) {
    const reference = (0,oci/* parseDigestReference */.Dn)(image, 'image');
    const platforms = [];
    for (const platform of await (0,prebuilt/* platformManifests */.OS)(options.registry, image)) {
        const platformImage = (0,oci/* byDigest */._W)(reference, platform.digest);
        platforms.push(await scanPlatform(image, platform.platform, platformImage, options));
    }
    const status = worstStatus(platforms.map((p) => p.status));
    const scan = {
        image,
        platforms,
        status,
        reason: imageReason(platforms, status),
        counts: platforms.reduce((sum, p) => (0,severity/* addCounts */.c5)(sum, p.verdict.counts), (0,severity/* zeroCounts */.Nd)()),
        fixable: platforms.reduce((sum, p) => (0,severity/* addCounts */.c5)(sum, p.verdict.fixable), (0,severity/* zeroCounts */.Nd)()),
        blocking: platforms.reduce((sum, p) => sum + p.verdict.blocking.length, 0),
    };
    if (options.formats.includes('cyclonedx')) {
        scan.sbom = (0,external_node_path_.join)(options.outputDir, `${fileStem(image)}.image.cdx.json`);
        const merged = await mergeSboms(image, platforms.map((p) => ({ platform: p.platform, image: p.image, file: p.sbom ?? '' })));
        await (0,promises_.writeFile)(scan.sbom, `${JSON.stringify(merged, null, 2)}\n`);
    }
    options.log.info(`${image}: ${status}: ${scan.reason}`);
    return scan;
}
async function scanPlatform(image, platform, platformImage, options) {
    const base = (0,external_node_path_.join)(options.outputDir, fileStem(platformImage));
    const report = `${base}.trivy.json`;
    await (0,process/* runChecked */.X4)(options.runner, {
        file: options.trivy,
        args: [
            'image',
            '--cache-dir',
            options.cacheDir,
            '--skip-db-update',
            '--skip-java-db-update',
            ...QUIET_FLAGS,
            '--image-src',
            'remote',
            '--scanners',
            'vuln',
            '--list-all-pkgs',
            '--format',
            'json',
            '--output',
            report,
            platformImage,
        ],
    });
    const parsed = (0,trivy_report/* parseReport */.MM)(await (0,promises_.readFile)(report, 'utf8'), report);
    // The ignore file scopes entries by the image as the user names it, not by a platform's digest.
    const verdict = evaluate(image, parsed.findings, options.policy, options.ignores, options.today);
    const described = await (0,prebuilt/* readPlatformImage */.tR)(options.registry, image, { platform, digest: (0,oci/* parseDigestReference */.Dn)(platformImage, 'image').digest }, { recognise: true });
    const coverage = compareCoverage((0,prebuilt/* packageRecords */.pl)(described.files), described.files, parsed);
    const status = coverage.verdict === 'unscannable' ? 'unscannable' : verdict.verdict;
    const reason = status === 'unscannable'
        ? `${coverage.unseen.join('; ')}${verdict.blocking.length > 0 ? `; and of what it did see: ${verdictReason(verdict, options.policy)}` : ''}`
        : verdictReason(verdict, options.policy);
    const scan = { platform, image: platformImage, report, findings: parsed.findings, verdict, coverage, status, reason };
    if (options.formats.includes('cyclonedx')) {
        scan.sbom = `${base}.cdx.json`;
        await convert(options, report, 'cyclonedx', scan.sbom);
    }
    if (options.formats.includes('table')) {
        scan.table = `${base}.table.txt`;
        await convert(options, report, 'table', scan.table);
        options.log.info(await (0,promises_.readFile)(scan.table, 'utf8'));
    }
    options.log.info(`${platform}: ${parsed.packages.length} packages listed, ${parsed.findings.length} findings, ${verdict.blocking.length} blocking, ${verdict.ignored.length} ignored; ${status}`);
    return scan;
}
/**
 * The image's reason, without its verdict (the caller says that): each
 * platform that did not pass, named, with what it found; or, when all passed,
 * what each found.
 */
function imageReason(platforms, status) {
    if (platforms.length === 0)
        return 'the image has no platform image to scan';
    const shown = status === 'pass' ? platforms : platforms.filter((p) => p.status !== 'pass');
    return shown
        .map((p) => {
        const also = p.status !== status ? ` (${p.status})` : '';
        return status === 'pass' && platforms.length === 1 ? p.reason : `${p.platform}${also}: ${p.reason}`;
    })
        .join('; ');
}
/** Other formats come from the JSON report (`trivy convert`), never from a second scan that could see something else. */
async function convert(options, report, format, output) {
    await (0,process/* runChecked */.X4)(options.runner, { file: options.trivy, args: ['convert', '--format', format, '--output', output, report], quiet: true });
}
/** `lab-app-6618e4843038` for `127.0.0.1:5001/lab/app@sha256:6618e484...`: readable and distinct per digest. */
function fileStem(image) {
    const [name = image, digest = ''] = image.split('@');
    const path = name.replace(/^[^/]*[.:][^/]*\//, '');
    return `${path.replace(/[^A-Za-z0-9._-]+/g, '-')}-${digest.replace(/^sha256:/, '').slice(0, 12)}`;
}

// EXTERNAL MODULE: ./build/packages/logging/index.js + 1 modules
var logging = __webpack_require__(4603);
;// CONCATENATED MODULE: ./build/packages/trivy/summary.js





const TOP = 10;
const UNOWNED_SHOWN = 10;
/**
 * Markdown for the job summary: the DB the scan used (its age, always), then
 * per image and platform what the scan saw (the OS, the packages by kind,
 * and what it did not see), the counts by severity, how many are fixable,
 * the findings that fail the gate (linked to their advisory), and what the
 * ignore file accepted or no longer accepts.
 */
function summaryMarkdown(result, threshold) {
    const parts = [`Vulnerability DB: ${describeDb(result.db)}.${result.dbProblem ? ` **stale-db**: ${result.dbProblem}.` : ''}\n`];
    for (const image of result.images)
        parts.push(imageSection(image, threshold));
    if (result.expired.length > 0)
        parts.push(expiredSection(result.expired));
    return parts.join('\n');
}
const LABEL = { pass: 'pass', fail: 'FAIL', unscannable: 'UNSCANNABLE', 'stale-db': 'STALE DB' };
function imageSection(scan, threshold) {
    const lines = [`### ${LABEL[scan.status]}: \`${scan.image}\``, ''];
    if (scan.platforms.length === 0) {
        lines.push(`Not scanned: ${(0,logging/* tableCell */.xR)(scan.reason)}`, '');
        return lines.join('\n');
    }
    lines.push(seenTable(scan), '');
    for (const platform of scan.platforms) {
        if (scan.platforms.length > 1)
            lines.push(`#### ${LABEL[platform.status]}: ${platform.platform} (\`${platform.image}\`)`, '');
        lines.push(...notSeen(platform.coverage), ...findingsSection(platform.verdict, threshold));
    }
    return lines.join('\n');
}
/** What the scan looked at, per platform: the OS, the packages trivy listed and the records the image holds, by kind. */
function seenTable(scan) {
    const rows = scan.platforms.map((p) => {
        const listed = Object.entries(p.coverage.listed)
            .map(([type, n]) => `${type} ${n}`)
            .join(', ');
        const recorded = Object.entries(p.coverage.recorded)
            .map(([source, n]) => `${source} ${n}`)
            .join(', ');
        return `| ${p.platform} | ${p.coverage.os ?? 'none detected'} | ${listed || 'none'} | ${recorded || 'none'} | ${p.status} |`;
    });
    return ['| platform | OS | packages trivy listed | packages the image records | verdict |', '|---|---|---|---|---|', ...rows].join('\n');
}
function notSeen(coverage) {
    const lines = [];
    if (coverage.unseen.length > 0) {
        lines.push('Not seen by the scan (the gate fails closed):', '', ...coverage.unseen.map((u) => `- ${(0,logging/* tableCell */.xR)(u)}`), '');
    }
    if (coverage.unowned === undefined) {
        lines.push('Executables not in any package: cannot tell (trivy listed no files of the OS packages).', '');
    }
    else if (coverage.unowned.length > 0) {
        const shown = coverage.unowned.slice(0, UNOWNED_SHOWN).map((p) => `\`${p}\``);
        const more = coverage.unowned.length > UNOWNED_SHOWN ? `, and ${coverage.unowned.length - UNOWNED_SHOWN} more` : '';
        lines.push(`Executables no package record claims, so in no SBOM and no scan: ${shown.join(', ')}${more}. Ship each with its package record, or build it from a package.`, '');
    }
    return lines;
}
function findingsSection(verdict, threshold) {
    const lines = [
        `Gate: fail on ${threshold} or above. ${verdict.blocking.length} blocking, ${verdict.ignored.length} ignored.`,
        '',
        `| | ${severity/* SEVERITIES */.oC.slice().reverse().join(' | ')} |`,
        `|---|${severity/* SEVERITIES */.oC.map(() => '---:').join('|')}|`,
        `| found | ${severity/* SEVERITIES */.oC.slice()
            .reverse()
            .map((s) => verdict.counts[s])
            .join(' | ')} |`,
        `| fixable | ${severity/* SEVERITIES */.oC.slice()
            .reverse()
            .map((s) => verdict.fixable[s])
            .join(' | ')} |`,
        '',
    ];
    if (verdict.blocking.length > 0) {
        lines.push(`Top blocking findings${verdict.blocking.length > TOP ? ` (${TOP} of ${verdict.blocking.length})` : ''}:`, '');
        lines.push(findingTable(verdict.blocking.slice(0, TOP)), '');
    }
    if (verdict.ignored.length > 0) {
        lines.push('Ignored:', '', '| id | package | severity | reason | until |', '|---|---|---|---|---|');
        for (const { finding, entry } of verdict.ignored) {
            lines.push(`| ${summary_link(finding)} | ${(0,logging/* tableCell */.xR)(finding.pkg)} | ${finding.severity} | ${(0,logging/* tableCell */.xR)(entry.reason)} | ${entry.expires ?? 'no expiry'} |`);
        }
        lines.push('');
    }
    if (verdict.expired.length > 0) {
        lines.push('Covered only by an expired ignore entry (counted again):', '', '| id | package | expired | where |', '|---|---|---|---|');
        for (const { finding, entry } of verdict.expired) {
            lines.push(`| ${summary_link(finding)} | ${(0,logging/* tableCell */.xR)(finding.pkg)} | ${entry.expires ?? ''} | ${(0,logging/* tableCell */.xR)((0,errors/* formatLocation */.j$)(entry.location))} |`);
        }
        lines.push('');
    }
    return lines;
}
function expiredSection(expired) {
    return `### Expired ignore entries\n\nThese no longer apply; renew them with a new date and reason, or fix the finding.\n\n| id | expired | reason | where |\n|---|---|---|---|\n${expired
        .map((e) => `| ${(0,logging/* tableCell */.xR)(e.id)} | ${e.expires ?? ''} | ${(0,logging/* tableCell */.xR)(e.reason)} | ${(0,logging/* tableCell */.xR)((0,errors/* formatLocation */.j$)(e.location))} |`)
        .join('\n')}\n`;
}
function findingTable(findings) {
    const rows = findings.map((f) => `| ${f.severity} | ${summary_link(f)} | ${(0,logging/* tableCell */.xR)(f.pkg)} | ${(0,logging/* tableCell */.xR)(f.installedVersion)} | ${(0,trivy_report/* isFixable */.G4)(f) ? (0,logging/* tableCell */.xR)(f.fixedVersion ?? '') : 'no fix'} | ${(0,logging/* tableCell */.xR)(f.title ?? '')} |`);
    return ['| severity | id | package | installed | fixed in | title |', '|---|---|---|---|---|---|', ...rows].join('\n');
}
function summary_link(finding) {
    return finding.url ? `[${(0,logging/* tableCell */.xR)(finding.id)}](${finding.url})` : (0,logging/* tableCell */.xR)(finding.id);
}

;// CONCATENATED MODULE: ./build/packages/trivy/index.js
















/***/ })

};
