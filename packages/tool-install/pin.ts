import { UserError } from '../errors/index.js';

/**
 * One release asset of a tool for one platform, pinned by the SHA-256 its
 * publisher listed for it. The checksum is what makes the pin a pin: a release
 * tag can be moved (trivy's were force-pushed to a credential stealer in March
 * 2026, CVE-2026-33634), a checksum cannot.
 */
export interface ToolAsset {
  /** File name in the release, e.g. `trivy_0.74.0_Linux-64bit.tar.gz` or `cosign-linux-amd64`. */
  file: string;
  /** Lower-case hex SHA-256 of that file, as published in the release's checksums file. */
  sha256: string;
  /** An archive to unpack, or the executable itself (cosign ships bare binaries). */
  format: 'tar.gz' | 'zip' | 'binary';
  /** Path of the executable inside an archive; defaults to the tool's name. Ignored for `binary`. */
  executable?: string;
}

/** A tool at one version: where its release lives and the assets it is allowed to be. */
export interface ToolPin {
  /** The tool's name: its executable's name once installed, and its tool-cache key. */
  name: string;
  /** `0.74.0`, without a `v`. */
  version: string;
  /** Base of the release downloads, without the tag: `https://github.com/OWNER/REPO/releases/download`. */
  releaseBase: string;
  /** The release's tag, the path segment between the base and the file: `v0.74.0`. */
  tag: string;
  /** The pinned assets, keyed by `<process.platform>-<process.arch>` (`linux-x64`, `linux-arm64`). */
  assets: Readonly<Record<string, ToolAsset>>;
  /**
   * The release's checksums file (`trivy_0.74.0_checksums.txt`), fetched as a
   * cross-check when set: if it lists the asset under another SHA-256 than the
   * pin, the release changed after it was pinned, and the install is refused.
   */
  checksumsFile?: string;
  /** Arguments that make the tool print its version, e.g. `['--version']`. */
  versionArgs: readonly string[];
}

/** The key `assets` is looked up by for this machine. */
export function currentPlatform(): string {
  return `${process.platform}-${process.arch}`;
}

/** The pin for `version` among a tool's pins; a UserError listing the pinned ones otherwise. */
export function selectPin(pins: readonly ToolPin[], version: string, input = 'version'): ToolPin {
  const wanted = version.replace(/^v/, '');
  const pin = pins.find((p) => p.version === wanted);
  if (pin) return pin;
  const name = pins[0]?.name ?? 'the tool';
  throw new UserError({
    message: `input '${input}' asks for ${name} ${version}, which this release of the action has no pinned checksum for (pinned: ${pins.map((p) => p.version).join(', ')}).`,
    hint: `Use one of the pinned versions, or '${input}: path' to run the ${name} already on PATH.`,
  });
}

/** The pinned asset for a platform; a UserError naming the platforms pinned otherwise. */
export function assetFor(pin: ToolPin, platform: string): ToolAsset {
  const asset = pin.assets[platform];
  if (asset) return asset;
  throw new UserError({
    message: `${pin.name} ${pin.version} has no pinned download for ${platform} (pinned: ${Object.keys(pin.assets).join(', ')}).`,
    hint: `Run on one of those platforms, or install ${pin.name} yourself and set the version input to 'path'.`,
  });
}

/** `<base>/<tag>/<file>`; a mirror replaces the release base and keeps the rest of the path. */
export function releaseUrl(pin: ToolPin, file: string, mirror?: string): string {
  const base = (mirror !== undefined && mirror !== '' ? mirror : pin.releaseBase).replace(/\/+$/, '');
  return `${base}/${pin.tag}/${file}`;
}
