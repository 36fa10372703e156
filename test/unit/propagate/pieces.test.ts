import { describe, expect, it } from 'vitest';
import { isUserError } from '../../../packages/errors/index.js';
import { MemoryLogger } from '../../../packages/logging/index.js';
import type { PlanEntry } from '../../../packages/plan/entry.js';
import {
  copyArguments,
  DEFAULT_REGCTL_VERSION,
  digestTagsOf,
  mirroredImages,
  mirrorTargets,
  REGCTL_PINS,
  regctlConfig,
  regctlReason,
} from '../../../packages/propagate/index.js';
import { parseRegistryLogins } from '../../../packages/registry/index.js';
import { releaseUrl } from '../../../packages/tool-install/index.js';

const D = `sha256:${'a'.repeat(64)}`;
const HEX = 'a'.repeat(64);

describe('digest tags: what regctl --digest-tags copies', () => {
  const cases: Array<{ name: string; tags: string[]; want: string[] }> = [
    {
      name: "cosign's tag storage",
      tags: [`sha256-${HEX}.sig`, `sha256-${HEX}.att`, '1.0.0'],
      want: [`sha256-${HEX}.att`, `sha256-${HEX}.sig`],
    },
    { name: 'not the referrers fallback tag itself', tags: [`sha256-${HEX}`, `sha256-${HEX}.sbom`], want: [`sha256-${HEX}.sbom`] },
    { name: "not another digest's", tags: [`sha256-${'b'.repeat(64)}.sig`], want: [] },
    { name: 'none', tags: ['1.0.0', 'buildcache-app'], want: [] },
  ];
  it.each(cases)('$name', ({ tags, want }) => expect(digestTagsOf(D, tags)).toEqual(want));
});

describe('regctl', () => {
  it('gets plain HTTP only for loopback registries, in a config of its own', () => {
    expect(regctlConfig(['127.0.0.1:5002', 'ghcr.io', 'localhost:5000', '127.0.0.1:5002', 'registry.example.com:5000'])).toEqual({
      hosts: { '127.0.0.1:5002': { tls: 'disabled' }, 'localhost:5000': { tls: 'disabled' } },
    });
  });

  it('copies by digest with referrers and digest tags, and refuses anything but digests', () => {
    expect(copyArguments(`a.example/x@${D}`, `b.example/y@${D}`)).toEqual([
      'image',
      'copy',
      '--referrers',
      '--digest-tags',
      `a.example/x@${D}`,
      `b.example/y@${D}`,
    ]);
    expect(() => copyArguments('a.example/x:1.0.0', `b.example/y@${D}`)).toThrow(/by digest only/);
    expect(() => copyArguments(`a.example/x@${D}`, 'b.example/y:1.0.0')).toThrow(/by digest only/);
  });

  it('a failed copy says what regctl said, without its notes on TLS settings', () => {
    const stderr = [
      'time=2026-12-01T22:28:31.937Z level=WARN msg="Changing TLS settings for registry" orig=enabled new=disabled host=127.0.0.1:5002',
      'time=2026-12-01T22:28:32.202Z level=WARN msg="Failed to push blob" err="http status: unauthorized [http 401]"',
      'failed to send blob (chunk): unauthorized',
      '',
    ].join('\n');
    expect(regctlReason(stderr)).toBe(
      'time=2026-12-01T22:28:32.202Z level=WARN msg="Failed to push blob" err="http status: unauthorized [http 401]" / failed to send blob (chunk): unauthorized',
    );
    expect(regctlReason('')).toBe('no output');
  });

  it('is pinned by SHA-256, one bare executable per Linux platform, the default being the pin', () => {
    expect(REGCTL_PINS.map((p) => p.version)).toEqual([DEFAULT_REGCTL_VERSION]);
    const [pin] = REGCTL_PINS;
    expect(pin?.checksumsFile).toBeUndefined();
    expect(pin?.assets).toEqual({
      'linux-x64': { file: 'regctl-linux-amd64', sha256: expect.stringMatching(/^[0-9a-f]{64}$/), format: 'binary' },
      'linux-arm64': { file: 'regctl-linux-arm64', sha256: expect.stringMatching(/^[0-9a-f]{64}$/), format: 'binary' },
    });
    if (pin) {
      expect(releaseUrl(pin, 'regctl-linux-amd64')).toBe(
        'https://github.com/regclient/regclient/releases/download/v0.11.6/regctl-linux-amd64',
      );
    }
  });
});

describe('mirror logins', () => {
  const ok: Array<{ name: string; text: string | undefined; want: Record<string, { username: string; password: string }> }> = [
    { name: 'empty', text: '', want: {} },
    { name: 'unset', text: undefined, want: {} },
    {
      name: 'two hosts',
      text: '{"registry.example.com": {"username": "u", "password": "p w"}, "127.0.0.1:5002": {"username": "lab", "password": "x"}}',
      want: { 'registry.example.com': { username: 'u', password: 'p w' }, '127.0.0.1:5002': { username: 'lab', password: 'x' } },
    },
  ];
  it.each(ok)('$name', ({ text, want }) => expect(parseRegistryLogins(text, 'mirror-logins', new MemoryLogger())).toEqual(want));

  it('masks every password, even of a login it then refuses', () => {
    const log = new MemoryLogger();
    expect(() => parseRegistryLogins('{"a.example": {"password": "secret-1"}}', 'mirror-logins', log)).toThrow();
    parseRegistryLogins('{"b.example": {"username": "u", "password": "secret-2"}}', 'mirror-logins', log);
    expect(log.secrets).toEqual(['secret-1', 'secret-2']);
  });

  const bad: Array<{ name: string; text: string; message: RegExp }> = [
    { name: 'not JSON', text: '{registry: x}', message: /^input 'mirror-logins' is not JSON\./ },
    { name: 'a list', text: '[]', message: /not a JSON object of logins by host/ },
    {
      name: 'a URL as the key',
      text: '{"https://a.example/v2/": {"username": "u", "password": "p"}}',
      message: /'https:\/\/a\.example\/v2\/', which is not a registry host/,
    },
    {
      name: 'no username',
      text: '{"a.example": {"password": "p"}}',
      message: /the login for a\.example needs a non-empty "username" and "password"/,
    },
    { name: 'an empty password', text: '{"a.example": {"username": "u", "password": ""}}', message: /needs a non-empty/ },
  ];
  it.each(bad)('refuses $name, naming the input and never a value', ({ text, message }) => {
    let thrown: unknown;
    try {
      parseRegistryLogins(text, 'mirror-logins', new MemoryLogger());
    } catch (error: unknown) {
      thrown = error;
    }
    expect(isUserError(thrown)).toBe(true);
    expect(String((thrown as Error).message)).toMatch(message);
    expect(String((thrown as Error).message)).not.toContain('"p"');
  });
});

describe('the plan\u2019s mirrored images', () => {
  const entry = (over: Partial<PlanEntry>): PlanEntry =>
    ({
      id: 'app-1.0.0',
      application: 'app',
      repository: 'ghcr.io/org/apps/app',
      tags: ['ghcr.io/org/apps/app:1.0.0'],
      ...over,
    }) as PlanEntry;

  it('each entry and debug twin with mirrors, by tag name; none without', () => {
    const entries = [
      entry({
        mirrors: [{ repository: 'a.example/copies/app', overwrite: true }],
        debug: {
          target: 'debug',
          repository: 'ghcr.io/org/apps/app-debug',
          tags: ['ghcr.io/org/apps/app-debug:1.0.0'],
          mirrors: [{ repository: 'a.example/copies/app-debug', overwrite: true }],
        },
      }),
      entry({ id: 'other-2.0.0', repository: 'ghcr.io/org/apps/other', tags: ['ghcr.io/org/apps/other:2.0.0'] }),
    ];
    expect(mirroredImages(entries)).toEqual([
      {
        id: 'app-1.0.0',
        source: { registry: 'ghcr.io', repository: 'org/apps/app' },
        tags: ['1.0.0'],
        mirrors: [{ registry: 'a.example', repository: 'copies/app', overwrite: true }],
      },
      {
        id: 'app-1.0.0-debug',
        source: { registry: 'ghcr.io', repository: 'org/apps/app-debug' },
        tags: ['1.0.0'],
        mirrors: [{ registry: 'a.example', repository: 'copies/app-debug', overwrite: true }],
      },
    ]);
    // The seam retention takes on mirrors: each mirror repository once, with its source.
    expect(mirrorTargets([...entries, entries[0] as PlanEntry])).toEqual([
      { source: { registry: 'ghcr.io', repository: 'org/apps/app' }, mirror: { registry: 'a.example', repository: 'copies/app' } },
      {
        source: { registry: 'ghcr.io', repository: 'org/apps/app-debug' },
        mirror: { registry: 'a.example', repository: 'copies/app-debug' },
      },
    ]);
  });
});
