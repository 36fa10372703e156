import type { ToolPin } from '../tool-install/index.js';

/**
 * The regctl release propagation copies with (through the project's one
 * installer, packages/tool-install): regclient's bare executables, one per
 * platform, no archive.
 *
 * regclient publishes no checksums file with its releases, so there is no
 * second witness to cross-check against: the SHA-256 below is the only
 * thing that makes the pin a pin. These are the values other projects pin
 * for the v0.11.6 assets; they could not be re-computed from the release
 * where this file was written (no access to github.com there). Whoever bumps
 * the version downloads both assets and writes their SHA-256 here.
 */
export const REGCTL_PINS: readonly ToolPin[] = [
  {
    name: 'regctl',
    version: '0.11.6',
    releaseBase: 'https://github.com/regclient/regclient/releases/download',
    tag: 'v0.11.6',
    // `regctl version` prints `VCSTag: v0.11.6`.
    versionArgs: ['version'],
    assets: {
      'linux-x64': {
        file: 'regctl-linux-amd64',
        sha256: '8e0e62a497fcdb8048d18aa927a139613176ba0531f412bc541044e28f9856bd',
        format: 'binary',
      },
      'linux-arm64': {
        file: 'regctl-linux-arm64',
        sha256: 'a9b71a3ee79b2d1dbbd7d51fd5e8fa214722c192864235d3d8764463c751a1ff',
        format: 'binary',
      },
    },
  },
];

export const DEFAULT_REGCTL_VERSION = '0.11.6';
