import type { ToolPin } from '../tool-install/index.js';

/**
 * The cosign releases this action installs (through the project's one
 * installer, packages/tool-install), each asset pinned by the SHA-256 that
 * sigstore published for it in the release's `cosign_checksums.txt`. cosign
 * ships bare executables, one per platform, no archive.
 *
 * The current major (v3) is the default. The previous one (v2) stays
 * installable: it stores signatures as `.sig`/`.att` tags by default, which
 * some registries and verifiers still expect (see version.ts).
 */
export const COSIGN_PINS: readonly ToolPin[] = [
  {
    name: 'cosign',
    version: '3.1.2',
    releaseBase: 'https://github.com/sigstore/cosign/releases/download',
    tag: 'v3.1.2',
    checksumsFile: 'cosign_checksums.txt',
    versionArgs: ['version'],
    assets: {
      'linux-x64': {
        file: 'cosign-linux-amd64',
        sha256: 'f7622ed3cf22e55e1ae6377c080979ff77a22da9981c11df222a2e444991e7cf',
        format: 'binary',
      },
      'linux-arm64': {
        file: 'cosign-linux-arm64',
        sha256: '90e7ae0b5dfd60f20816b52c012addf7fc055ebcc7bea4ce81c428ca8518c302',
        format: 'binary',
      },
    },
  },
  {
    name: 'cosign',
    version: '2.6.4',
    releaseBase: 'https://github.com/sigstore/cosign/releases/download',
    tag: 'v2.6.4',
    checksumsFile: 'cosign_checksums.txt',
    versionArgs: ['version'],
    assets: {
      'linux-x64': {
        file: 'cosign-linux-amd64',
        sha256: '309779b0c4e409186b0a80daba99041fe2cf65a920ce645013901df6211895a9',
        format: 'binary',
      },
      'linux-arm64': {
        file: 'cosign-linux-arm64',
        sha256: 'df408e5418129306fed7349ec46e27be0445d05c5127c07f435e9a566af67593',
        format: 'binary',
      },
    },
  },
];

export const DEFAULT_COSIGN_VERSION = '3.1.2';
