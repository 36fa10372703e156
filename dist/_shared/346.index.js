export const id = 346;
export const ids = [346];
export const modules = {

/***/ 5941:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Cj: () => (/* binding */ debugApplication),
/* harmony export */   JR: () => (/* binding */ isSkipped),
/* harmony export */   fT: () => (/* binding */ listedBuilds),
/* harmony export */   hZ: () => (/* binding */ mirrorTarget),
/* harmony export */   xp: () => (/* binding */ DEFAULT_MAX_AGE_DAYS)
/* harmony export */ });
/** `<registry>/<repository>` of a mirror, as the catalog writes it. */
function mirrorTarget(mirror) {
    return `${mirror.registry}/${mirror.repository}`;
}
/** The application a debug twin is published as: `<name>-debug`, with the same tags. */
function debugApplication(name) {
    return `${name}-debug`;
}
function isSkipped(test) {
    return 'skip' in test;
}
/** Every build an image lists, in catalog order. */
function* listedBuilds(image) {
    for (const version of image.versions) {
        if (version.variants.length === 0)
            yield { version, location: version.location };
        for (const variant of version.variants)
            yield { version, variant, location: variant.location };
    }
}
/** A week: a nightly that skips unchanged images still rebuilds each at least weekly. */
const DEFAULT_MAX_AGE_DAYS = 7;


/***/ }),

/***/ 3184:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  hv: () => (/* reexport */ registry/* RegistryTags */.hv),
  dQ: () => (/* reexport */ registry/* SOURCE_ID_LABEL */.dQ),
  Zy: () => (/* reexport */ compareVersions),
  z9: () => (/* reexport */ isTagVersion),
  Q1: () => (/* reexport */ tagScheme),
  bx: () => (/* reexport */ tagSchemeMarkdown),
  Ec: () => (/* reexport */ versionProblem),
  SR: () => (/* reexport */ violationJson)
});

// UNUSED EXPORTS: BASES_LABEL, BUILD_ID_LABEL, DEFAULT_TAG_TEMPLATE, RULES, VERSION_PATTERN, parseTagTemplate

// EXTERNAL MODULE: ./build/packages/tags/registry.js
var registry = __webpack_require__(2057);
// EXTERNAL MODULE: ./build/packages/errors/index.js + 1 modules
var errors = __webpack_require__(2495);
// EXTERNAL MODULE: ./build/packages/logging/markdown.js
var markdown = __webpack_require__(9929);
;// CONCATENATED MODULE: ./build/packages/tags/template.js

/**
 * A tag template: how an organisation spells `<application>:<tag>`.
 *
 *   {application}:{version}-{variant}{variant-version}     the ADR's scheme (default)
 *   {application}:{version}_{variant}-{variant-version}    another organisation's
 *
 * The part before `:` is `{application}`. The tag part holds `{version}` once,
 * and either both `{variant}` and `{variant-version}` after it, or neither.
 * An image without variants is tagged with the tag part cut right after
 * `{version}` (`velero:1.12.3`).
 *
 * A template is accepted only if every tag it makes parses back to exactly one
 * reading. Each placeholder has an alphabet: {version} and {variant-version}
 * are digits and dots, {variant} is lowercase letters. Parsing left to right,
 * a placeholder is unambiguous when what follows it is one of:
 *   - the end of the tag;
 *   - a literal holding a character outside the placeholder's alphabet
 *     (`{version}-…`: a version never holds `-`);
 *   - a literal made only of the placeholder's own characters (possibly empty)
 *     followed by a placeholder whose first character the first can never hold
 *     (`{variant}{variant-version}`: letters, then a digit).
 * Anything else is refused: `{version}{variant-version}` or
 * `{version}.{variant-version}` could split `1.2.3.4` in several places.
 */
const DEFAULT_TAG_TEMPLATE = '{application}:{version}-{variant}{variant-version}';
const PLACEHOLDERS = ['application', 'version', 'variant', 'variant-version'];
const TAG_LITERAL = /^[A-Za-z0-9_.-]*$/;
/** Characters a placeholder's value may hold; its first character is a subset. */
const ALPHABET = {
    version: { all: /^[0-9.]$/, first: /^[0-9]$/, words: 'digits and dots' },
    'variant-version': { all: /^[0-9.]$/, first: /^[0-9]$/, words: 'digits and dots' },
    variant: { all: /^[a-z]$/, first: /^[a-z]$/, words: 'lowercase letters' },
};
/** Parses and checks a template; `where` names the input or file it came from. */
function parseTagTemplate(text, where = 'tag template') {
    const refuse = (why, hint) => {
        throw new errors/* UserError */.yo({ message: `${where} '${text}' is refused: ${why}.`, hint });
    };
    const colon = text.indexOf(':');
    if (colon === -1 || text.slice(0, colon) !== '{application}') {
        refuse("it must start with '{application}:'", `Write it as '{application}:' followed by the tag, for example '${DEFAULT_TAG_TEMPLATE}'.`);
    }
    const tokens = tokenize(text.slice(colon + 1), refuse);
    const count = (name) => tokens.filter((t) => t.kind === 'placeholder' && t.name === name).length;
    if (count('application') > 0)
        refuse("'{application}' may only appear before ':'", 'Remove it from the tag part.');
    if (count('version') !== 1)
        refuse("the tag part must hold '{version}' exactly once", 'Add one {version}.');
    if (count('variant') > 1 || count('variant-version') > 1)
        refuse('a variant placeholder appears twice', 'Keep one of each.');
    if (count('variant') !== count('variant-version')) {
        refuse("'{variant}' and '{variant-version}' go together", 'Use both, or neither for a catalog without variants.');
    }
    const versionIndex = tokens.findIndex((t) => t.kind === 'placeholder' && t.name === 'version');
    const firstVariant = tokens.findIndex((t) => t.kind === 'placeholder' && t.name !== 'version');
    if (firstVariant !== -1 && firstVariant < versionIndex) {
        refuse("the variant placeholders must come after '{version}'", 'Move {variant} and {variant-version} after {version}.');
    }
    const hasVariants = firstVariant !== -1;
    if (!hasVariants && versionIndex !== tokens.length - 1) {
        refuse("without variants the tag must end with '{version}'", 'Remove the text after {version}.');
    }
    const first = tokens[0];
    if (first?.kind === 'literal' && !/^[A-Za-z0-9_]/.test(first.text)) {
        refuse(`a tag cannot start with '${first.text[0] ?? ''}'`, 'Start the tag with a letter, a digit or _.');
    }
    checkUnambiguous(tokens, refuse);
    return { text, tokens, versionIndex, hasVariants };
}
function tokenize(tag, refuse) {
    const tokens = [];
    let rest = tag;
    while (rest !== '') {
        const open = rest.indexOf('{');
        const literal = open === -1 ? rest : rest.slice(0, open);
        if (literal !== '') {
            if (literal.includes('}') || !TAG_LITERAL.test(literal)) {
                refuse(`'${literal}' holds a character a tag cannot hold`, 'Tags hold letters, digits, _, . and - only.');
            }
            tokens.push({ kind: 'literal', text: literal });
        }
        if (open === -1)
            break;
        const close = rest.indexOf('}', open);
        if (close === -1)
            refuse("a '{' is never closed", "Close the placeholder with '}'.");
        const name = rest.slice(open + 1, close);
        if (!PLACEHOLDERS.includes(name)) {
            refuse(`'{${name}}' is not a placeholder`, `Use ${PLACEHOLDERS.map((p) => `{${p}}`).join(', ')}.`);
        }
        tokens.push({ kind: 'placeholder', name: name });
        rest = rest.slice(close + 1);
    }
    return tokens;
}
function checkUnambiguous(tokens, refuse) {
    tokens.forEach((token, i) => {
        if (token.kind !== 'placeholder' || token.name === 'application')
            return;
        const alphabet = ALPHABET[token.name];
        let j = i + 1;
        let own = '';
        for (; j < tokens.length; j++) {
            const next = tokens[j];
            if (next === undefined || next.kind !== 'literal')
                break;
            if ([...next.text].some((ch) => !alphabet.all.test(ch)))
                return;
            own += next.text;
        }
        const next = tokens[j];
        if (next === undefined)
            return;
        if (next.kind === 'placeholder' && next.name !== 'application') {
            // The next value starts with a character this one never holds: the boundary is where it starts.
            const nextFirst = ALPHABET[next.name].first;
            const overlaps = alphabet.all.test('0') ? nextFirst.test('0') : nextFirst.test('a');
            if (!overlaps)
                return;
        }
        const between = own === '' ? 'nothing' : `only '${own}'`;
        refuse(`'{${token.name}}' (${alphabet.words}) is followed by ${between} and then '{${next.kind === 'placeholder' ? next.name : ''}}', so a tag could be split in more than one place`, `Put a separator that '{${token.name}}' can never hold between them, such as '-' or '_'.`);
    });
}

;// CONCATENATED MODULE: ./build/packages/tags/version.js
/**
 * What a version is in a tag: two to four dot-separated numbers without
 * leading zeros (`1.12`, `1.12.3`, `20.11.1.0`). No `v` prefix, and no
 * pre-release suffix: with the ADR's scheme `1.0.0-rc1` would read as version
 * `1.0.0` with variant `rc` at `1`, so a tag could not be parsed back.
 */
const VERSION_PATTERN = '(?:0|[1-9][0-9]*)(?:\\.(?:0|[1-9][0-9]*)){1,3}';
const VERSION = new RegExp(`^${VERSION_PATTERN}$`);
function isTagVersion(text) {
    return VERSION.test(text);
}
/** Why `text` is not a tag version, in words a person can act on; undefined when it is one. */
function versionProblem(text) {
    if (isTagVersion(text))
        return undefined;
    if (text === '')
        return 'it is empty';
    if (/^[vV]/.test(text))
        return `it has a '${text[0]}' prefix (write '${text.slice(1)}')`;
    if (/^[0-9.]+-/.test(text))
        return 'it has a pre-release suffix, which the tag scheme cannot tell apart from a variant';
    if (/(^|\.)0[0-9]/.test(text))
        return 'a number has a leading zero';
    if (/^[0-9]+$/.test(text))
        return 'it has one number only (write at least major.minor)';
    if (/^[0-9]+(\.[0-9]+){4,}$/.test(text))
        return 'it has more than four numbers';
    return 'it is not two to four dot-separated numbers';
}
/**
 * Orders two tag versions by their numbers (`1.10.0` after `1.9.3`; `1.2`
 * before `1.2.1`): negative when `a` is older. Versions that are not tag
 * versions are an error: nothing in the scheme produces them.
 */
function compareVersions(a, b) {
    if (!isTagVersion(a) || !isTagVersion(b))
        throw new Error(`cannot order '${a}' and '${b}': not tag versions`);
    const left = a.split('.').map(Number);
    const right = b.split('.').map(Number);
    for (let i = 0; i < Math.max(left.length, right.length); i++) {
        const difference = (left[i] ?? -1) - (right[i] ?? -1);
        if (difference !== 0)
            return difference;
    }
    return 0;
}

;// CONCATENATED MODULE: ./build/packages/tags/tag-scheme.js


/** Every rule of the scheme, by the name violations carry. */
const RULES = {
    'reference-form': 'a tag is a full reference <registry>/<repository>/<application>:<tag>, without a digest',
    repository: 'the tag is in the registry and repository the catalog names',
    'tag-syntax': 'a tag is 1 to 128 letters, digits, _, . and -, and does not start with . or -',
    'no-version-prefix': 'versions have no prefix: 1.12.3, never v1.12.3',
    'version-format': 'the application version is a version: two to four dot-separated numbers, no leading zeros, no pre-release',
    'variant-version-format': 'the variant version is a version: two to four dot-separated numbers',
    'lowercase-identifier': 'the variant identifier is lowercase letters only, so the tag can be parsed back',
    'no-identifier-separator': 'nothing separates the variant identifier from the variant version (aws1.8.2)',
    'variant-incomplete': 'a variant has both an identifier and a version',
    template: 'the tag follows the tag template',
    'round-trip': 'the tag parses back to the application, version and variant it was made from',
    'duplicate-tag': 'no two catalog entries produce the same tag',
    overwrite: 'a published tag is not moved to another image while its catalog entry is unchanged',
};
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const DOCKER_TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const REGISTRY = /^(?:localhost|[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+|\[[0-9a-fA-F:]+\])(?::[0-9]+)?$|^[A-Za-z0-9-]+:[0-9]+$/;
function tagScheme(templateText, where) {
    const template = parseTagTemplate(templateText ?? '{application}:{version}-{variant}{variant-version}', where);
    const strictWith = new RegExp(`^${pattern(template.tokens, STRICT)}$`);
    const strictWithout = new RegExp(`^${pattern(template.tokens.slice(0, template.versionIndex + 1), STRICT)}$`);
    const formatTag = (fields) => {
        const tokens = fields.variant && template.hasVariants ? template.tokens : template.tokens.slice(0, template.versionIndex + 1);
        return tokens.map((t) => (t.kind === 'literal' ? t.text : value(t.name, fields))).join('');
    };
    const parseTagPart = (tag) => {
        const withVariant = template.hasVariants ? strictWith.exec(tag) : null;
        const match = withVariant ?? strictWithout.exec(tag);
        if (!match?.groups)
            return undefined;
        const { version = '', variant, variantVersion } = match.groups;
        const fields = { application: '', version };
        if (variant !== undefined && variantVersion !== undefined)
            fields.variant = { id: variant, version: variantVersion };
        return fields;
    };
    return {
        template,
        formatTag,
        formatReference: (base, fields) => `${base}/${fields.application}:${formatTag(fields)}`,
        parseTagPart,
        check: (reference, expected) => checkReference(reference, template, parseTagPart, formatTag, expected),
        checkFields: (fields) => fieldProblems(fields, template),
    };
}
const STRICT = { version: VERSION_PATTERN, variant: '[a-z]+', 'variant-version': VERSION_PATTERN };
// Wide enough to catch `v1.2`, `1.2.3.4.5` or `AWS` in place, so the message can name the rule broken.
const LOOSE = { version: '[vV]?[0-9][A-Za-z0-9.+]*?', variant: '[A-Za-z]+', 'variant-version': '[vV]?[0-9][A-Za-z0-9.+]*?' };
const GROUP = { version: 'version', variant: 'variant', 'variant-version': 'variantVersion' };
function pattern(tokens, classes) {
    return tokens
        .map((t) => {
        if (t.kind === 'literal')
            return t.text.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');
        if (t.name === 'application')
            return '';
        return `(?<${GROUP[t.name]}>${classes[t.name]})`;
    })
        .join('');
}
function value(name, fields) {
    if (name === 'version')
        return fields.version;
    if (name === 'variant')
        return fields.variant?.id ?? '';
    if (name === 'variant-version')
        return fields.variant?.version ?? '';
    return fields.application;
}
function violation(tag, rule, message, hint) {
    return { tag, rule, message, hint };
}
function checkReference(reference, template, parseTagPart, formatTag, expected) {
    const form = (why) => ({
        violations: [
            violation(reference, 'reference-form', `'${reference}' ${why}.`, 'Write it as <registry>/<repository>/<application>:<tag>.'),
        ],
    });
    if (reference.includes('@'))
        return form('names a digest; a tag is checked without one');
    const slash = reference.lastIndexOf('/');
    const colon = reference.lastIndexOf(':');
    if (colon < slash || colon === -1)
        return form('has no tag');
    const path = reference.slice(0, colon).split('/');
    const tag = reference.slice(colon + 1);
    const registry = path[0] ?? '';
    const application = path[path.length - 1] ?? '';
    const repository = path.slice(1, -1).join('/');
    if (path.length < 3 || !REGISTRY.test(registry))
        return form('does not start with a registry and a repository');
    const badComponent = path.slice(1).find((c) => !PATH_COMPONENT.test(c));
    if (badComponent !== undefined)
        return form(`has '${badComponent}', which is not a lowercase repository path component`);
    if (expected && (registry !== expected.registry || repository !== expected.repository)) {
        return {
            violations: [
                violation(reference, 'repository', `'${reference}' is not under ${expected.registry}/${expected.repository}.`, `Publish it as ${expected.registry}/${expected.repository}/${application}:${tag}.`),
            ],
        };
    }
    if (!DOCKER_TAG.test(tag)) {
        return { violations: [violation(reference, 'tag-syntax', `'${tag}' is not a valid tag.`, RULES['tag-syntax'])] };
    }
    const fields = parseTagPart(tag);
    if (fields === undefined)
        return { violations: [diagnose(reference, tag, template)] };
    fields.application = application;
    const parsed = { ...fields, registry, repository, tag };
    // A tag that parses but would be written differently (cannot happen with an accepted template) is still refused.
    if (formatTag(fields) !== tag) {
        return { violations: [violation(reference, 'round-trip', `'${tag}' does not read back as itself.`, RULES['round-trip'])] };
    }
    return { parsed, violations: [] };
}
/** Names the rule a tag that does not follow the template most likely broke. */
function diagnose(reference, tag, template) {
    const loose = (tokens) => new RegExp(`^${pattern(tokens, LOOSE)}$`).exec(tag)?.groups;
    const groups = (template.hasVariants ? loose(template.tokens) : undefined) ?? loose(template.tokens.slice(0, template.versionIndex + 1));
    if (groups) {
        const problems = fieldProblems({
            application: 'x',
            version: groups.version ?? '',
            ...(groups.variant !== undefined ? { variant: { id: groups.variant, version: groups.variantVersion ?? '' } } : {}),
        }, template);
        const first = problems[0];
        if (first)
            return violation(reference, first.rule, `'${tag}': ${first.message}`, first.hint);
    }
    if (/(?:^|[^A-Za-z])[vV][0-9]/.test(tag)) {
        return violation(reference, 'no-version-prefix', `'${tag}' has a 'v' before a version.`, 'Drop the v: 1.12.3, never v1.12.3.');
    }
    if (/[A-Z]/.test(tag)) {
        return violation(reference, 'lowercase-identifier', `'${tag}' has uppercase letters.`, 'Write the variant identifier in lowercase letters.');
    }
    const adjacent = template.tokens.findIndex((t, i) => t.kind === 'placeholder' && t.name === 'variant' && template.tokens[i + 1]?.kind === 'placeholder');
    if (adjacent !== -1 && /[a-z]+[-_.][0-9]/.test(tag)) {
        return violation(reference, 'no-identifier-separator', `'${tag}' separates the variant identifier from its version.`, 'Write them together, as in aws1.8.2.');
    }
    const withoutVariantVersion = { ...LOOSE, 'variant-version': '' };
    if (template.hasVariants && new RegExp(`^${pattern(template.tokens, withoutVariantVersion)}$`).test(tag)) {
        return violation(reference, 'variant-incomplete', `'${tag}' has a variant identifier without a version.`, 'Add the variant version: aws1.8.2.');
    }
    return violation(reference, 'template', `'${tag}' does not follow the tag template '${template.text}'.`, 'Write the tag as the template says.');
}
function fieldProblems(fields, template) {
    const problems = [];
    const version = versionProblem(fields.version);
    if (version !== undefined) {
        const prefix = /^[vV][0-9]/.test(fields.version);
        problems.push({
            rule: prefix ? 'no-version-prefix' : 'version-format',
            message: `version '${fields.version}' is not a tag version: ${version}.`,
            hint: prefix ? `Write '${fields.version.slice(1)}'.` : 'Write it as major.minor[.patch[.build]], for example 1.12.3.',
        });
    }
    if (fields.variant) {
        if (!template.hasVariants) {
            problems.push({
                rule: 'template',
                message: `the tag template '${template.text}' has no place for variant '${fields.variant.id}'.`,
                hint: 'Add {variant} and {variant-version} to the tag template, or remove the variants.',
            });
        }
        if (!/^[a-z]+$/.test(fields.variant.id)) {
            problems.push({
                rule: 'lowercase-identifier',
                message: `variant identifier '${fields.variant.id}' is not lowercase letters only, so its tag could not be parsed back (s3 at 1.0 would read s31.0).`,
                hint: `Rename it with lowercase letters only, for example '${fields.variant.id.toLowerCase().replace(/[^a-z]/g, '') || 'aws'}'.`,
            });
        }
        const variantVersion = versionProblem(fields.variant.version);
        if (variantVersion !== undefined) {
            const prefix = /^[vV][0-9]/.test(fields.variant.version);
            problems.push({
                rule: prefix ? 'no-version-prefix' : 'variant-version-format',
                message: `variant version '${fields.variant.version}' is not a tag version: ${variantVersion}.`,
                hint: prefix ? `Write '${fields.variant.version.slice(1)}'.` : 'Write it as major.minor[.patch[.build]], for example 1.8.2.',
            });
        }
    }
    return problems;
}

;// CONCATENATED MODULE: ./build/packages/tags/summary.js



/** Rows beyond this go to the `violations` output only: a job summary holds at most 1 MiB. */
const SUMMARY_ROWS = 500;
/** verify-tag-scheme's job summary: the verdict, and a row per violation with its rule and its catalog line. */
function tagSchemeMarkdown(checked, violations) {
    if (violations.length === 0)
        return `All ${checked} tags obey the scheme.\n`;
    const lines = [`${violations.length} violations in ${checked} tags.`, '', '| Tag | Rule | Problem | Where |', '|---|---|---|---|'];
    for (const v of violations.slice(0, SUMMARY_ROWS)) {
        const cells = [
            `<code>${(0,markdown/* tableCell */.x)(v.tag)}</code>`,
            (0,markdown/* tableCell */.x)(`${v.rule}: ${RULES[v.rule]}`),
            (0,markdown/* tableCell */.x)(`${v.message} ${v.hint}`),
            v.location ? (0,markdown/* tableCell */.x)((0,errors/* formatLocation */.j$)(v.location)) : '',
        ];
        lines.push(`| ${cells.join(' | ')} |`);
    }
    if (violations.length > SUMMARY_ROWS)
        lines.push('', `…and ${violations.length - SUMMARY_ROWS} more: see the 'violations' output.`);
    return `${lines.join('\n')}\n`;
}
/** One violation as the `violations` output lists it. */
function violationJson(v) {
    return {
        tag: v.tag,
        rule: v.rule,
        message: v.message,
        hint: v.hint,
        ...(v.location ? { file: v.location.file } : {}),
        ...(v.location?.line !== undefined ? { line: v.location.line } : {}),
    };
}

;// CONCATENATED MODULE: ./build/packages/tags/index.js







/***/ }),

/***/ 2057:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   dQ: () => (/* binding */ SOURCE_ID_LABEL),
/* harmony export */   hv: () => (/* binding */ RegistryTags),
/* harmony export */   iK: () => (/* binding */ BASES_LABEL),
/* harmony export */   yi: () => (/* binding */ BUILD_ID_LABEL)
/* harmony export */ });
/** The label build-prebuilt puts on every image: the plan entry's build id (sources, base digests, parents). */
const BUILD_ID_LABEL = 'dev.image-actions.build-id';
/** The plan entry's source id: what the repository defines, whatever the base images' digests. */
const SOURCE_ID_LABEL = 'dev.image-actions.source-id';
/**
 * What each FROM was built on, as canonical JSON: the reference as written ->
 * `registry/repository@sha256:...`, base images and catalog parents alike.
 */
const BASES_LABEL = 'dev.image-actions.base-images';
/** TagRegistry over the project's one registry client (its logins, retries and digest checks). */
class RegistryTags {
    client;
    constructor(client) {
        this.client = client;
    }
    async listTags(full) {
        const { registry, repository } = split(full);
        return (await this.client.tags(registry, repository)).sort();
    }
    async labelValues(full, tag, label) {
        return (await this.tagged(full, tag))?.platforms.map((labels) => labels[label]);
    }
    /** The image `tag` names, or undefined when there is no such tag. */
    async tagged(full, tag) {
        const { registry, repository } = split(full);
        const top = await this.client.findManifest(registry, repository, tag);
        if (top === undefined)
            return undefined;
        const manifest = JSON.parse(top.body.toString('utf8'));
        // Attestation manifests (platform unknown/unknown) carry no image config labels.
        const images = manifest.manifests ? manifest.manifests.filter((m) => m.platform?.os !== 'unknown').map((m) => m.digest) : [undefined];
        const platforms = [];
        for (const digest of images) {
            const image = digest === undefined
                ? manifest
                : JSON.parse((await this.client.manifest(registry, repository, digest)).body.toString('utf8'));
            if (image.config === undefined)
                continue;
            const config = JSON.parse((await this.client.blob(registry, repository, image.config.digest)).toString('utf8'));
            platforms.push({ ...config.config?.Labels });
        }
        return { digest: top.digest, platforms };
    }
}
function split(full) {
    const slash = full.indexOf('/');
    return { registry: full.slice(0, slash), repository: full.slice(slash + 1) };
}


/***/ }),

/***/ 9585:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   G4: () => (/* binding */ isFixable),
/* harmony export */   MM: () => (/* binding */ parseReport)
/* harmony export */ });
/* unused harmony export advisoryUrl */
/* harmony import */ var _severity_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(5336);

function isFixable(finding) {
    return finding.fixedVersion !== undefined && finding.fixedVersion !== '';
}
/**
 * trivy's JSON report, reduced to findings. This report is the gate's only
 * input: whatever other formats were asked for, they are rendered from it,
 * so they can never change the verdict.
 */
function parseReport(text, source) {
    let json;
    try {
        json = JSON.parse(text);
    }
    catch (thrown) {
        throw new Error(`${source} is not JSON: ${thrown instanceof Error ? thrown.message : String(thrown)}`);
    }
    if (json.SchemaVersion !== 2) {
        throw new Error(`${source} has SchemaVersion ${String(json.SchemaVersion)}; this action reads trivy's JSON report version 2`);
    }
    const findings = [];
    const packages = [];
    for (const result of json.Results ?? []) {
        for (const vuln of result.Vulnerabilities ?? []) {
            findings.push(toFinding(vuln, result.Target ?? ''));
        }
        for (const pkg of result.Packages ?? []) {
            packages.push({
                name: pkg.Name ?? '',
                version: pkg.Version ?? '',
                class: result.Class ?? '',
                type: result.Type ?? '',
                installedFiles: pkg.InstalledFiles ?? [],
            });
        }
    }
    const family = json.Metadata?.OS?.Family;
    const report = { artifact: json.ArtifactName ?? '', findings, packages };
    if (family && family !== 'none')
        report.os = { family, name: json.Metadata?.OS?.Name ?? '' };
    return report;
}
function toFinding(vuln, target) {
    const severity = vuln.Severity !== undefined && (0,_severity_js__WEBPACK_IMPORTED_MODULE_0__/* .isSeverity */ ._Z)(vuln.Severity) ? vuln.Severity : 'UNKNOWN';
    const finding = {
        id: vuln.VulnerabilityID ?? '',
        pkg: vuln.PkgName ?? '',
        installedVersion: vuln.InstalledVersion ?? '',
        severity,
        target,
    };
    if (vuln.FixedVersion)
        finding.fixedVersion = vuln.FixedVersion;
    if (vuln.Title)
        finding.title = vuln.Title;
    const url = vuln.PrimaryURL || advisoryUrl(finding.id);
    if (url)
        finding.url = url;
    if (vuln.Status)
        finding.status = vuln.Status;
    return finding;
}
/** A page for well-known id schemes when trivy gives none. */
function advisoryUrl(id) {
    if (/^CVE-\d{4}-\d+$/.test(id))
        return `https://nvd.nist.gov/vuln/detail/${id}`;
    if (/^GHSA(-[23456789cfghjmpqrvwx]{4}){3}$/.test(id))
        return `https://github.com/advisories/${id}`;
    return undefined;
}


/***/ }),

/***/ 5336:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Nd: () => (/* binding */ zeroCounts),
/* harmony export */   Tm: () => (/* binding */ rank),
/* harmony export */   _Z: () => (/* binding */ isSeverity),
/* harmony export */   c5: () => (/* binding */ addCounts),
/* harmony export */   jZ: () => (/* binding */ atLeast),
/* harmony export */   oC: () => (/* binding */ SEVERITIES)
/* harmony export */ });
/** trivy's severities, lowest first: the order the gate compares them in. */
const SEVERITIES = ['UNKNOWN', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'];
function isSeverity(value) {
    return SEVERITIES.includes(value);
}
function rank(severity) {
    return SEVERITIES.indexOf(severity);
}
function atLeast(severity, threshold) {
    return rank(severity) >= rank(threshold);
}
function zeroCounts() {
    return { UNKNOWN: 0, LOW: 0, MEDIUM: 0, HIGH: 0, CRITICAL: 0 };
}
function addCounts(into, from) {
    for (const severity of SEVERITIES)
        into[severity] += from[severity];
    return into;
}


/***/ })

};
