/**
 * The cosign releases this project installs, each asset pinned by the SHA-256
 * that sigstore published for it in the release's `cosign_checksums.txt`.
 * cosign ships bare executables (no archive), one per platform.
 *
 * The current major (v3) is the default; the previous one (v2) stays
 * installable because its signatures are stored differently (see storage.ts)
 * and some registries and verifiers still expect that.
 */
export interface CosignRelease {
  /** `3.1.2`, as `cosign version` reports it without the `v`. */
  version: string;
  /** Release asset name and SHA-256, by Node's `process.platform-process.arch`. */
  assets: Readonly<Record<string, { name: string; sha256: string }>>;
}

export const COSIGN_DOWNLOAD_BASE = 'https://github.com/sigstore/cosign/releases/download';
export const COSIGN_CHECKSUMS_FILE = 'cosign_checksums.txt';

export const COSIGN_RELEASES: readonly CosignRelease[] = [
  {
    version: '3.1.2',
    assets: {
      'linux-x64': { name: 'cosign-linux-amd64', sha256: 'f7622ed3cf22e55e1ae6377c080979ff77a22da9981c11df222a2e444991e7cf' },
      'linux-arm64': { name: 'cosign-linux-arm64', sha256: '90e7ae0b5dfd60f20816b52c012addf7fc055ebcc7bea4ce81c428ca8518c302' },
    },
  },
  {
    version: '2.6.4',
    assets: {
      'linux-x64': { name: 'cosign-linux-amd64', sha256: '309779b0c4e409186b0a80daba99041fe2cf65a920ce645013901df6211895a9' },
      'linux-arm64': { name: 'cosign-linux-arm64', sha256: 'df408e5418129306fed7349ec46e27be0445d05c5127c07f435e9a566af67593' },
    },
  },
];

export const DEFAULT_COSIGN_VERSION = '3.1.2';

/** Where a pinned asset is downloaded from; `mirror` replaces GitHub's release host. */
export function cosignDownloadUrl(version: string, asset: string, mirror?: string): string {
  const base = (mirror ?? COSIGN_DOWNLOAD_BASE).replace(/\/+$/, '');
  return `${base}/v${version}/${asset}`;
}
