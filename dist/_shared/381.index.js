export const id = 381;
export const ids = [381];
export const modules = {

/***/ 2381:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  main: () => (/* binding */ main)
});

// EXTERNAL MODULE: ./build/packages/catalog/index.js + 8 modules
var packages_catalog = __webpack_require__(2639);
// EXTERNAL MODULE: ./build/packages/errors/index.js + 1 modules
var errors = __webpack_require__(2495);
// EXTERNAL MODULE: ./build/packages/oci/index.js + 1 modules
var oci = __webpack_require__(259);
// EXTERNAL MODULE: ./build/packages/plan/index.js + 15 modules
var plan = __webpack_require__(437);
// EXTERNAL MODULE: ./build/packages/process/index.js + 3 modules
var packages_process = __webpack_require__(3927);
// EXTERNAL MODULE: ./build/packages/registry/index.js + 6 modules
var packages_registry = __webpack_require__(1834);
// EXTERNAL MODULE: ./build/packages/tags/index.js + 4 modules
var packages_tags = __webpack_require__(3184);
// EXTERNAL MODULE: ./build/packages/trivy/index.js + 13 modules
var trivy = __webpack_require__(1157);
// EXTERNAL MODULE: ./build/actions/_common/run-action.js + 3 modules
var run_action = __webpack_require__(2238);
// EXTERNAL MODULE: ./build/actions/_common/workspace.js
var _common_workspace = __webpack_require__(9138);
// EXTERNAL MODULE: ./build/actions/_common/spec.js
var spec = __webpack_require__(8180);
;// CONCATENATED MODULE: ./build/actions/verify-tag-scheme/src/spec.js

const spec_spec = (0,spec/* defineAction */.Q)({
    name: 'verify-tag-scheme',
    inputs: [
        'tags',
        'catalog',
        'registry',
        'upstream-mirrors',
        'tag-template',
        'check-registry',
        'ignore-tags',
        'registry-username',
        'registry-password',
        'fail-on-violation',
    ],
    outputs: ['valid', 'violations', 'checked'],
});

;// CONCATENATED MODULE: ./build/actions/verify-tag-scheme/src/main.js











async function main() {
    await (0,run_action/* runAction */.C)(spec_spec, async ({ inputs, outputs, log, summary }) => {
        const tags = inputs.list('tags');
        const catalogPath = inputs.string('catalog');
        const registry = inputs.string('registry');
        const tagTemplate = inputs.string('tag-template');
        const checkRegistry = inputs.boolean('check-registry', false);
        const ignore = inputs.list('ignore-tags');
        const username = inputs.string('registry-username');
        const password = inputs.secret('registry-password');
        const fail = inputs.boolean('fail-on-violation', true);
        if (tags.length === 0 && catalogPath === undefined) {
            throw new errors/* UserError */.yo({
                message: "input 'tags' is required when 'catalog' is not set.",
                hint: "Set 'tags', or 'catalog' to check every tag it plans.",
            });
        }
        if ((username === undefined) !== (password === undefined)) {
            throw new errors/* UserError */.yo({
                message: "inputs 'registry-username' and 'registry-password' go together.",
                hint: 'Set both, or neither for an anonymous registry.',
            });
        }
        const workspace = (0,_common_workspace/* workspaceRoot */.oS)();
        const catalog = catalogPath === undefined ? undefined : await (0,packages_catalog/* loadCatalog */.ak)((0,_common_workspace/* catalogArgument */.Nf)(workspace, catalogPath), { workspace });
        const readFroms = async (dockerfile) => (await (0,packages_catalog/* dockerfileFroms */.yY)(dockerfile)).map((f) => ({ reference: f.reference, line: f.line }));
        const runner = new packages_process/* ExecRunner */.iN();
        // Build ids (for the overwrite check) do not depend on the commit, but a plan needs one.
        const commit = checkRegistry && catalog
            ? await (0,plan/* resolveCommit */.WL)(runner, workspace, process.env.GITHUB_SHA || undefined, undefined)
            : { sha: '', time: '' };
        const source = await (0,plan/* sourceUrl */.Hx)(runner, workspace, process.env);
        if (source.warning !== undefined && checkRegistry)
            log.warning(source.warning);
        const explicit = username !== undefined && password !== undefined
            ? { registry: loginHost(registry, catalog?.registry, tags), username, password }
            : undefined;
        const client = new packages_registry/* RegistryClient */.bP({ credentials: (0,packages_registry/* actionCredentials */.F9)(explicit, { runner, env: process.env, log }), log });
        const result = await (0,plan/* verifyTags */.vl)({
            tags,
            ...(catalog ? { catalog } : {}),
            plan: {
                workspace,
                commit,
                today: (0,trivy/* utcDate */.HB)(new Date()),
                // The same labels as matrix-expand's plan, so the build ids compared with the registry's are the same.
                ...(source.url !== undefined ? { source: source.url } : {}),
                readFroms,
                // Imports are resolved (their upstream read) only to plan the builds FROM them; their own tags are not checked for overwrites.
                reader: client,
                upstreamMirrors: (0,plan/* parseUpstreamMirrors */.rA)(inputs.list('upstream-mirrors'), 'upstream-mirrors'),
            },
            ...(registry !== undefined ? { registry } : {}),
            ...(tagTemplate !== undefined ? { tagTemplate } : {}),
            ...(checkRegistry
                ? {
                    tagRegistry: new packages_tags/* RegistryTags */.hv(client),
                }
                : {}),
            ...(ignore.length > 0 ? { ignore } : {}),
        });
        const { violations } = result;
        outputs.set('valid', violations.length === 0);
        outputs.set('violations', violations.map(packages_tags/* violationJson */.SR));
        outputs.set('checked', result.checked);
        summary.addHeading('Tag scheme', 2).addRaw((0,packages_tags/* tagSchemeMarkdown */.bx)(result.checked, violations), true);
        log.info(`verify-tag-scheme: ${result.checked} tags checked, ${violations.length} violations`);
        if (violations.length === 0)
            return;
        const problems = violations.map((v) => ({
            message: `[${v.rule}] ${v.message}`,
            hint: v.hint,
            ...(v.location ? { location: v.location } : {}),
        }));
        if (fail)
            throw new errors/* UserError */.yo(problems);
        for (const p of problems)
            log.warning(`verify-tag-scheme: ${p.message} ${p.hint}`, p.location);
    });
}
/** The registry the username and password inputs log in to: the one being checked. */
function loginHost(registry, catalogRegistry, tags) {
    const host = registry ?? catalogRegistry;
    if (host !== undefined)
        return host;
    const hosts = [...new Set(tags.map((tag) => (0,oci/* parseReference */.F2)(tag, 'tags').registry))];
    if (hosts.length === 1 && hosts[0] !== undefined)
        return hosts[0];
    throw new errors/* UserError */.yo({
        message: `inputs 'registry-username' and 'registry-password' are set, but the tags name ${hosts.length} registries.`,
        hint: "Set 'registry' to the one they log in to; the others' logins come from the docker config.",
    });
}


/***/ })

};
