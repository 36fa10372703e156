import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../harness/run-dist.js';
import { labStatePath } from './lab.js';

/**
 * The main job as a new user first runs it, from the README: under `env -i`
 * (nothing from this shell's environment) with a HOME that has never seen
 * it: no ~/.cache/act, no ~/.docker (buildx's plugin link and builder), no
 * ~/.sigstore, no git or act configuration. Only the lab's cache is shared
 * (IMAGE_ACTIONS_CACHE), so the Go-built tools are not built again; the lab
 * comes up for this HOME (plugin link, builder) as on a fresh machine.
 * A directory some tool expects and nobody made is caught here, not by a user.
 *
 * It publishes to the lab registry's example repositories: the lead runs it
 * after merging, with the other tests that use them.
 */
const home = mkdtempSync(join(tmpdir(), 'fresh-home-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

describe('scripts/nightly.sh on a machine that never ran it', () => {
  it('succeeds under env -i with a fresh HOME, and prints where each image ended', () => {
    expect(readdirSync(home)).toEqual([]);
    const cache = dirname(dirname(labStatePath()));
    const result = spawnSync(
      'env',
      [
        '-i',
        `HOME=${home}`,
        // A login shell's PATH on Debian (root), nothing more.
        'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
        `IMAGE_ACTIONS_CACHE=${cache}`,
        join(repoRoot, 'scripts', 'nightly.sh'),
      ],
      { cwd: repoRoot, encoding: 'utf8', timeout: 1_800_000 },
    );
    const tail = `${result.stderr.slice(-3000)}\n${result.stdout.slice(-2000)}`;
    expect(result.status, tail).toBe(0);
    expect(result.stderr, tail).not.toMatch(/error:/);
    // One line per image of the example catalog, each saying where it ended.
    expect(result.stdout).toMatch(/^Nightly run \S+ against 127\.0\.0\.1:\d+:$/m);
    const lines = result.stdout.split('\n').filter((line) => /^ {2}\S+: (published|passed|unchanged|stopped at) /.test(line));
    expect(lines.length, result.stdout).toBeGreaterThanOrEqual(9);
    // The two examples that are meant to stop: one at the lock-down, one at its own test.
    expect(result.stdout).toMatch(/^ {2}noncompliant-0\.1\.0: stopped at lock-down: .*; no tag$/m);
    expect(result.stdout).toMatch(/^ {2}jq-1\.6: stopped at test: test 'prints its version' failed /m);
    // Published now, or already, verified (an earlier run of the lab published it).
    expect(result.stdout).toMatch(/^ {2}python-runner-3\.11\.2: (published|unchanged) \S+python-runner:3\.11\.2 -> /m);
    expect(result.stdout).toMatch(/^\d+ images: \d+ published, 2 stopped, \d+ unchanged \(details: .*\)$/m);
    // The directories the run needed, made by the tools that use them.
    for (const made of ['.cache/act', '.docker/cli-plugins/docker-buildx']) expect(existsSync(join(home, made)), made).toBe(true);
  });
});
