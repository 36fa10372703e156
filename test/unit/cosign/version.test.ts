import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { capabilitiesOf, parseCosignVersion } from '../../../packages/cosign/version.js';
import { isUserError } from '../../../packages/errors/index.js';

const fixture = (name: string) => readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', 'cosign', name), 'utf8');

describe('cosign version', () => {
  const cases = [
    {
      name: 'v3.1.2 as it prints itself',
      output: fixture('version-v3.1.2.txt'),
      version: '3.1.2',
      storage: 'referrers',
      signingConfig: true,
    },
    { name: 'v2.6.4 as it prints itself', output: fixture('version-v2.6.4.txt'), version: '2.6.4', storage: 'tag', signingConfig: false },
    {
      name: 'a release candidate',
      output: 'GitVersion:    v3.2.0-rc.1\n',
      version: '3.2.0-rc.1',
      storage: 'referrers',
      signingConfig: true,
    },
  ];
  it.each(cases)('$name', ({ output, version, storage, signingConfig }) => {
    const parsed = parseCosignVersion(output);
    expect(parsed).toBe(version);
    expect(capabilitiesOf(parsed)).toMatchObject({ defaultStorage: storage, signingConfigByDefault: signingConfig });
  });

  it('fails on output without a version', () => {
    expect(() => parseCosignVersion('cosign: command not found')).toThrow(/could not read cosign's version/);
  });

  it('refuses a cosign too old for the bundle format, as the user can fix', () => {
    let caught: unknown;
    try {
      capabilitiesOf('2.4.3');
    } catch (error: unknown) {
      caught = error;
    }
    expect(isUserError(caught)).toBe(true);
    expect(String(caught)).toMatch(/2\.4\.3 is older than 2\.5\.0/);
  });
});
