export const id = 67;
export const ids = [67];
export const modules = {

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

/***/ 8067:
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
// EXTERNAL MODULE: ./build/packages/cosign/index.js + 11 modules
var packages_cosign = __webpack_require__(9974);
// EXTERNAL MODULE: ./build/packages/prebuilt/index.js
var prebuilt = __webpack_require__(7442);
// EXTERNAL MODULE: ./build/packages/process/index.js + 3 modules
var packages_process = __webpack_require__(3927);
// EXTERNAL MODULE: ./build/packages/registry/index.js + 6 modules
var registry = __webpack_require__(1834);
// EXTERNAL MODULE: ./build/packages/tool-install/index.js + 6 modules
var tool_install = __webpack_require__(7394);
// EXTERNAL MODULE: ./build/actions/_common/identity.js + 1 modules
var _common_identity = __webpack_require__(3513);
// EXTERNAL MODULE: ./build/actions/_common/run-action.js + 3 modules
var run_action = __webpack_require__(2238);
// EXTERNAL MODULE: ./build/actions/_common/signing-key.js
var signing_key = __webpack_require__(6690);
// EXTERNAL MODULE: ./build/actions/_common/workspace.js
var workspace = __webpack_require__(9138);
// EXTERNAL MODULE: ./build/actions/_common/spec.js
var spec = __webpack_require__(8180);
;// CONCATENATED MODULE: ./build/actions/sign-with-cosign/src/spec.js

const spec_spec = (0,spec/* defineAction */.Q)({
    name: 'sign-with-cosign',
    inputs: [
        'image',
        'key',
        'key-password',
        'public-key',
        'certificate-identity',
        'certificate-identity-regexp',
        'certificate-oidc-issuer',
        'sbom',
        'provenance',
        'signature-storage',
        'transparency-log',
        'cosign-version',
        'tool-mirror',
    ],
    outputs: [
        'image',
        'digest',
        'signed',
        'signature-refs',
        'attestation-refs',
        'verify-command',
        'verify-attestation-command',
        'cosign-version',
    ],
});

;// CONCATENATED MODULE: ./build/actions/sign-with-cosign/src/main.js












async function main() {
    await (0,run_action/* runAction */.C)(spec_spec, async ({ inputs, outputs, log, summary }) => {
        // Every input is read before anything runs: a mistake changes nothing.
        const image = inputs.string('image', { required: true });
        const key = (0,signing_key/* signingKeyInput */.B)(inputs, log);
        const version = inputs.string('cosign-version') ?? packages_cosign/* DEFAULT_COSIGN_VERSION */.ZP;
        const mirror = inputs.string('tool-mirror');
        const sbom = inputs.string('sbom');
        const identity = (0,_common_identity/* identityInputs */.g)(inputs);
        const issuer = inputs.string('certificate-oidc-issuer');
        const storage = inputs.oneOf('signature-storage', ['auto', 'referrers', 'tag'], 'auto');
        const transparencyLog = inputs.boolean('transparency-log', true);
        const provenance = inputs.boolean('provenance', false);
        const workDir = privateDirectory();
        const runner = new packages_process/* ExecRunner */.iN();
        let result;
        try {
            const cosign = await (0,tool_install/* resolveTool */.Hj)(packages_cosign/* COSIGN_PINS */.HU, version, {
                cache: new tool_install/* ActionsToolCache */.yY(),
                downloader: new tool_install/* ActionsDownloader */.fc(),
                runner,
                log,
                tempDir: workDir,
                ...(mirror !== undefined ? { mirror } : {}),
            }, 'cosign-version');
            result = await (0,packages_cosign/* signImage */.jV)(runner, log, {
                cosign: cosign.path,
                image,
                ...(key !== undefined ? { key } : {}),
                identity: { ...identity, ...(issuer !== undefined ? { issuer } : {}) },
                storage,
                transparencyLog,
                ...(sbom !== undefined
                    ? {
                        sbom: (0,external_node_path_.resolve)((0,workspace/* workspaceRoot */.oS)(), sbom),
                        // The image's own package records, read from its layers: an SBOM listing none of them is refused.
                        recordedPackages: (digest) => (0,prebuilt/* recordedPackageCount */.g)(new registry/* RegistryClient */.bP({ log }), digest),
                    }
                    : {}),
                provenance,
                workDir,
                env: process.env,
            });
        }
        finally {
            (0,external_node_fs_.rmSync)(workDir, { recursive: true, force: true });
        }
        writeOutputs(outputs, result);
        summary.addHeading('sign-with-cosign', 2).addRaw((0,packages_cosign/* signMarkdown */.vB)(result), true);
    });
}
/** For the public key and predicate files; the runner's temp directory is cleaned after the job anyway. */
function privateDirectory() {
    return (0,external_node_fs_.mkdtempSync)((0,external_node_path_.join)((0,workspace/* runnerTemp */.X5)(), 'sign-with-cosign-'));
}
function writeOutputs(outputs, result) {
    outputs.set('image', result.image);
    outputs.set('digest', result.digest);
    outputs.set('signed', result.signed);
    outputs.set('signature-refs', result.signatureReferences);
    outputs.set('attestation-refs', result.attestationReferences);
    outputs.set('verify-command', result.verifyCommand);
    outputs.set('verify-attestation-command', result.attestations.find((a) => a.type === 'cyclonedx')?.verifyCommand ?? '');
    outputs.set('cosign-version', result.cosignVersion);
}


/***/ })

};
