import { describe, expect, it } from 'vitest';
import { COSIGN_PINS, DEFAULT_COSIGN_VERSION } from '../../../packages/cosign/pins.js';
import { releaseUrl, selectPin } from '../../../packages/tool-install/index.js';
import { readActionYaml } from '../../harness/run-dist.js';

describe('cosign pins', () => {
  it('the default is the current major, and the one action.yml installs', () => {
    expect(DEFAULT_COSIGN_VERSION).toMatch(/^3\./);
    expect(readActionYaml('sign-with-cosign').inputs?.['cosign-version']?.default).toBe(DEFAULT_COSIGN_VERSION);
    expect(COSIGN_PINS.map((p) => p.version)).toEqual(['3.1.2', '2.6.4']);
  });

  it.each(COSIGN_PINS.map((pin) => ({ version: pin.version, pin })))(
    '$version: a bare executable per Linux platform, by SHA-256',
    ({ pin }) => {
      expect(pin.name).toBe('cosign');
      expect(pin.tag).toBe(`v${pin.version}`);
      expect(Object.keys(pin.assets).sort()).toEqual(['linux-arm64', 'linux-x64']);
      expect(pin.assets['linux-x64']).toMatchObject({ file: 'cosign-linux-amd64', format: 'binary' });
      expect(pin.assets['linux-arm64']).toMatchObject({ file: 'cosign-linux-arm64', format: 'binary' });
      for (const asset of Object.values(pin.assets)) expect(asset.sha256).toMatch(/^[a-f0-9]{64}$/);
      expect(releaseUrl(pin, 'cosign-linux-amd64')).toBe(
        `https://github.com/sigstore/cosign/releases/download/v${pin.version}/cosign-linux-amd64`,
      );
    },
  );

  it('two versions never share a checksum', () => {
    const sums = COSIGN_PINS.flatMap((p) => Object.values(p.assets).map((a) => a.sha256));
    expect(new Set(sums).size).toBe(sums.length);
  });

  it('an unpinned version is refused naming the input', () => {
    expect(() => selectPin(COSIGN_PINS, '3.0.0', 'cosign-version')).toThrow(
      /input 'cosign-version' asks for cosign 3.0.0.*pinned: 3.1.2, 2.6.4/,
    );
  });
});
