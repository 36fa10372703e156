import { describe, expect, it } from 'vitest';
import { isUserError } from '../../../packages/errors/index.js';
import { assetFor, parseChecksums, parseVersion, releaseUrl, selectPin, type ToolPin } from '../../../packages/tool-install/index.js';
import { TRIVY_PINS } from '../../../packages/trivy/index.js';

const [trivy] = TRIVY_PINS;
if (trivy === undefined) throw new Error('no trivy pin');

describe('the trivy pins', () => {
  it.each([
    { platform: 'linux-x64', file: 'trivy_0.74.0_Linux-64bit.tar.gz' },
    { platform: 'linux-arm64', file: 'trivy_0.74.0_Linux-ARM64.tar.gz' },
  ])('$platform is $file with a 64-hex-digit SHA-256', ({ platform, file }) => {
    const asset = assetFor(trivy, platform);
    expect(asset.file).toBe(file);
    expect(asset.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(asset.format).toBe('tar.gz');
  });

  it('points at the release of its own tag', () => {
    expect(releaseUrl(trivy, 'trivy_0.74.0_Linux-64bit.tar.gz')).toBe(
      'https://github.com/aquasecurity/trivy/releases/download/v0.74.0/trivy_0.74.0_Linux-64bit.tar.gz',
    );
  });
});

describe('releaseUrl with a mirror', () => {
  it.each([
    { mirror: 'https://mirror.corp/trivy', url: 'https://mirror.corp/trivy/v0.74.0/f.tar.gz' },
    { mirror: 'https://mirror.corp/trivy///', url: 'https://mirror.corp/trivy/v0.74.0/f.tar.gz' },
    { mirror: '', url: 'https://github.com/aquasecurity/trivy/releases/download/v0.74.0/f.tar.gz' },
  ])('$mirror', ({ mirror, url }) => {
    expect(releaseUrl(trivy, 'f.tar.gz', mirror)).toBe(url);
  });
});

describe('selectPin and assetFor', () => {
  it('accepts the version with or without v', () => {
    expect(selectPin(TRIVY_PINS, 'v0.74.0').version).toBe('0.74.0');
    expect(selectPin(TRIVY_PINS, '0.74.0').version).toBe('0.74.0');
  });

  it('refuses a version without a pinned checksum, naming the input and the pinned ones', () => {
    try {
      selectPin(TRIVY_PINS, '0.69.4', 'trivy-version');
      throw new Error('expected a UserError');
    } catch (thrown: unknown) {
      expect(isUserError(thrown)).toBe(true);
      expect((thrown as Error).message).toMatch(/input 'trivy-version' asks for trivy 0\.69\.4, .*\(pinned: 0\.74\.0\)/);
      expect((thrown as Error).message).toMatch(/'trivy-version: path'/);
    }
  });

  it('refuses a platform with no pinned asset', () => {
    const pin: ToolPin = { ...trivy, assets: { 'linux-x64': { file: 'f', sha256: 'a'.repeat(64), format: 'binary' } } };
    expect(() => assetFor(pin, 'darwin-arm64')).toThrow(/no pinned download for darwin-arm64 \(pinned: linux-x64\)/);
  });
});

describe('parseChecksums', () => {
  it('reads sha256sum lines, text and binary mode', () => {
    const sums = parseChecksums(
      `${'A'.repeat(64)}  trivy_0.74.0_Linux-64bit.tar.gz\n${'b'.repeat(64)} *cosign-linux-amd64\n\nnot a line\n`,
    );
    expect([...sums]).toEqual([
      ['trivy_0.74.0_Linux-64bit.tar.gz', 'a'.repeat(64)],
      ['cosign-linux-amd64', 'b'.repeat(64)],
    ]);
  });
});

describe('parseVersion', () => {
  it.each([
    { name: 'trivy', text: 'Version: v0.74.0\nVulnerability DB:\n  Version: 2\n', version: '0.74.0' },
    { name: 'cosign', text: '  ______   ______\nGitVersion:    v3.1.2\nGitCommit:     abc\n', version: '3.1.2' },
    { name: 'bare', text: 'tool 1.2.3\n', version: '1.2.3' },
    { name: 'none', text: 'no version here', version: undefined },
  ])('$name', ({ text, version }) => {
    expect(parseVersion(text)).toBe(version);
  });
});
