import type { ToolPin } from '../tool-install/index.js';

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
export const TRIVY_PINS: readonly ToolPin[] = [
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

export const DEFAULT_TRIVY_VERSION = '0.74.0';
