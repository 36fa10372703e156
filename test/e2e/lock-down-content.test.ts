import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlanEntry } from '../../packages/plan/index.js';
import { ELF_SIGNATURES, readImage } from '../../packages/prebuilt/index.js';
import { RegistryClient } from '../../packages/registry/index.js';
import { planEntry } from '../harness/plan-entry.js';
import { build, examplePlan } from './build-lab.js';
import { buildPushed, uniqueNamespace } from './gates-lab.js';
import { type Lab, lab } from './lab.js';

/**
 * The lock-down check knows a shell by what it is: prebuilt images built and
 * pushed with the real buildx (build-prebuilt's own path), then read back
 * from the registry and checked. A shell under another name is refused,
 * naming it; python-runner, whose python3.11 is no shell, passes.
 */
let l: Lab;
let work: string;
let base: string;

beforeAll(() => {
  l = lab();
  work = mkdtempSync(join(tmpdir(), 'lock-down-content-e2e-'));
  base = uniqueNamespace(l, 'lockdown');
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A prebuilt entry whose context holds `dockerfile` and `files`. */
function prebuilt(name: string, dockerfile: string, files: Record<string, { content: string; mode: number }> = {}): PlanEntry {
  const context = mkdtempSync(join(work, `${name}-`));
  writeFileSync(join(context, 'Dockerfile'), dockerfile);
  for (const [file, { content, mode }] of Object.entries(files)) writeFileSync(join(context, file), content, { mode });
  return planEntry({ id: name, context, repository: `${base}/${name}`, mode: 'prebuilt', buildId: `sha256:${name}` });
}

describe('lock-down by content', () => {
  it.each([
    {
      name: 'busybox under another name (its only file, exec-form entrypoint, non-root)',
      dockerfile: `FROM busybox:stable AS busybox\nFROM scratch\nCOPY --from=busybox /bin/busybox /usr/local/bin/healthcheck\nUSER 65532:65532\nENTRYPOINT ["/usr/local/bin/healthcheck"]\n`,
      files: {},
      problem:
        'no-shell: linux/amd64: has a shell: /usr/local/bin/healthcheck (file; busybox, recognised as an ELF binary carrying "BusyBox v")',
    },
    {
      name: 'a copy of dash, renamed',
      dockerfile: [
        'FROM debian:bookworm AS debian',
        'FROM scratch',
        'COPY --from=debian /usr/bin/dash /app/launcher',
        'COPY --from=debian /lib/x86_64-linux-gnu/libc.so.6 /lib/x86_64-linux-gnu/libc.so.6',
        'COPY --from=debian /lib64/ld-linux-x86-64.so.2 /lib64/ld-linux-x86-64.so.2',
        'USER 65532:65532',
        'ENTRYPOINT ["/app/launcher", "-c", "true"]',
        '',
      ].join('\n'),
      files: {},
      problem:
        'no-shell: linux/amd64: has a shell: /app/launcher (file; dash (an Almquist shell, like ash), recognised as an ELF binary carrying "turning off NDELAY mode")',
    },
    {
      name: 'a script whose shebang is /bin/sh',
      dockerfile: 'FROM scratch\nCOPY --chmod=755 start /app/start\nUSER 65532:65532\nENTRYPOINT ["/app/start"]\n',
      files: { start: { content: '#!/bin/sh\nexec /app/server "$@"\n', mode: 0o755 } },
      problem: 'no-shell: linux/amd64: has a shell: /app/start (file; a sh script, recognised as a script starting #!/bin/sh)',
    },
  ])('refuses $name, naming it', async ({ name, dockerfile, files, problem }) => {
    const entry = prebuilt(name.split(' ')[0] ?? 'image', dockerfile, files);
    const { result } = await build(l, entry, { buildDebugTwin: false });
    expect(result.problems).toContain(problem);
  });

  it('passes python-runner: python3.11 is not a shell, and nothing else in it is either', async () => {
    const [entry] = await examplePlan(`${base}/examples`, ['python-runner']);
    if (entry === undefined) throw new Error('no python-runner in the example plan');
    const { result } = await build(l, entry, { buildDebugTwin: false });
    expect(result.problems).toEqual([]);
    const [image] = await readImage(new RegistryClient(), result.main.image);
    expect(image?.files.get('/usr/bin/python3.11')).toMatchObject({ kind: 'file', format: 'elf' });
    expect([...(image?.files.values() ?? [])].filter((f) => f.recognised !== undefined)).toEqual([]);
  });
});

describe('the signatures, on the real programs of Debian 12', () => {
  // Every shell and package manager Debian 12 packages (apk and microdnf it has not), and the large
  // programs most likely to carry a stray string: node, python3.11, perl, libc, coreutils.
  const PACKAGES = ['busybox-static', 'toybox', 'mksh', 'zsh', 'rpm', 'python3.11-minimal', 'nodejs'];
  let files: Map<string, { recognised?: { what: string; kind: string } }>;
  beforeAll(async () => {
    const image = buildPushed(
      l,
      work,
      `${base}/debian-programs`,
      `FROM debian:bookworm\nRUN apt-get update && apt-get install -y --no-install-recommends ${PACKAGES.join(' ')} && rm -rf /var/lib/apt/lists/*\n`,
    );
    const [platform] = await readImage(new RegistryClient(), image);
    files = platform?.files ?? new Map();
  }, 600_000);

  it('recognises each of them by its content, and nothing else in the image', () => {
    const recognised = Object.fromEntries(
      [...files].filter(([, f]) => f.recognised !== undefined).map(([path, f]) => [path, `${f.recognised?.kind}: ${f.recognised?.what}`]),
    );
    const elf = Object.fromEntries(Object.entries(recognised).filter(([, what]) => !what.includes('script')));
    expect(elf).toEqual({
      '/usr/bin/bash': 'shell: bash',
      '/usr/bin/dash': 'shell: dash (an Almquist shell, like ash)',
      '/usr/bin/busybox': 'shell: busybox',
      '/usr/bin/toybox': 'shell: toybox',
      '/usr/bin/mksh': 'shell: mksh',
      '/usr/lib/diet/bin/mksh': 'shell: mksh',
      '/usr/lib/klibc/bin/mksh': 'shell: mksh',
      '/usr/lib/x86_64-linux-musl/bin/mksh': 'shell: mksh',
      '/usr/bin/lksh': 'shell: mksh',
      '/usr/bin/zsh': 'shell: zsh',
      '/usr/bin/apt': 'package-manager: apt',
      '/usr/bin/apt-get': 'package-manager: apt-get',
      '/usr/bin/dpkg': 'package-manager: dpkg',
      '/usr/bin/rpm': 'package-manager: rpm',
    });
    for (const path of ['/usr/bin/python3.11', '/usr/bin/node', '/usr/bin/perl', '/usr/lib/x86_64-linux-gnu/libc.so.6', '/usr/bin/ls']) {
      expect(files.get(path), path).toBeDefined();
      expect(files.get(path)?.recognised, path).toBeUndefined();
    }
    // The signatures checked here are those marked so.
    const seen = new Set(Object.values(elf).map((w) => w.slice(w.indexOf(': ') + 2)));
    expect(ELF_SIGNATURES.filter((s) => s.checked && !seen.has(s.what)).map((s) => s.what)).toEqual([]);
  });
});
