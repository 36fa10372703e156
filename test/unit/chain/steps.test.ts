import { describe, expect, it } from 'vitest';
import { sourceDateEpoch } from '../../../packages/buildx/index.js';
import type { Command, CommandResult, CommandRunner } from '../../../packages/process/index.js';
import { type Finding, type ImageVerdict, verdictReason } from '../../../packages/trivy/index.js';

const IMAGE = `127.0.0.1:5001/org/velero@sha256:${'a'.repeat(64)}`;
const zero = { UNKNOWN: 0, LOW: 0, MEDIUM: 0, HIGH: 0, CRITICAL: 0 };

function finding(id: string, severity: Finding['severity'], fixedVersion?: string): Finding {
  return {
    id,
    pkg: 'gzip',
    installedVersion: '1.12-1',
    severity,
    target: `${IMAGE} (debian 12)`,
    ...(fixedVersion ? { fixedVersion } : {}),
  };
}

function verdict(blocking: Finding[], ignored: Finding[] = []): ImageVerdict {
  return {
    image: IMAGE,
    counts: { ...zero, HIGH: blocking.length + ignored.length, LOW: 2 },
    fixable: zero,
    blocking,
    ignored: ignored.map((f) => ({ finding: f, entry: { id: f.id, reason: 'test', location: { file: 'ignores.yaml' } } })),
    expired: [],
    verdict: blocking.length > 0 ? 'fail' : 'pass',
  };
}

describe('verdictReason', () => {
  const policy = { threshold: 'HIGH' as const, ignoreUnfixed: true };
  const cases: Array<{ name: string; verdict: ImageVerdict; reason: string }> = [
    { name: 'nothing blocks', verdict: verdict([]), reason: 'no finding at or above HIGH with a fixed version (2 findings in all)' },
    {
      name: 'one blocking finding, with its fix',
      verdict: verdict([finding('TEST-2026-0001', 'HIGH', '1.12-1+labtest1')]),
      reason: '1 finding at or above HIGH with a fixed version: TEST-2026-0001 (HIGH, gzip 1.12-1, fixed in 1.12-1+labtest1)',
    },
    {
      name: 'the first three of many, and how many more',
      verdict: verdict(['A', 'B', 'C', 'D', 'E'].map((id) => finding(`TEST-${id}`, 'CRITICAL', '2'))),
      reason:
        '5 findings at or above HIGH with a fixed version: TEST-A (CRITICAL, gzip 1.12-1, fixed in 2), TEST-B (CRITICAL, gzip 1.12-1, fixed in 2), TEST-C (CRITICAL, gzip 1.12-1, fixed in 2) and 2 more',
    },
    {
      name: 'ignored findings are named, so an accepted risk stays visible',
      verdict: verdict([], [finding('TEST-2026-0001', 'HIGH', '1.12-1+labtest1')]),
      reason: 'no finding at or above HIGH with a fixed version (3 findings in all; 1 ignored (TEST-2026-0001))',
    },
  ];
  for (const c of cases) it(c.name, () => expect(verdictReason(c.verdict, policy)).toBe(c.reason));
});

describe('sourceDateEpoch', () => {
  const entry = { context: 'examples/images/velero', dockerfile: 'examples/images/velero/Dockerfile' };
  const cases: Array<{
    name: string;
    env: Record<string, string>;
    answers: CommandResult[];
    epoch: number | undefined;
    commits: string[];
  }> = [
    {
      name: "the last commit up to GITHUB_SHA that changed the entry's context or Dockerfile",
      env: { GITHUB_SHA: 'abc123' },
      answers: [{ exitCode: 0, stdout: '1795355545\n', stderr: '' }],
      epoch: 1795355545,
      commits: ['abc123 -- examples/images/velero examples/images/velero/Dockerfile'],
    },
    {
      name: 'HEAD when the run names no commit',
      env: {},
      answers: [{ exitCode: 0, stdout: '1795355545\n', stderr: '' }],
      epoch: 1795355545,
      commits: ['HEAD -- examples/images/velero examples/images/velero/Dockerfile'],
    },
    {
      name: 'the commit itself when no commit touched the paths yet',
      env: { GITHUB_SHA: 'abc123' },
      answers: [
        { exitCode: 0, stdout: '', stderr: '' },
        { exitCode: 0, stdout: '1700000000\n', stderr: '' },
      ],
      epoch: 1700000000,
      commits: ['abc123 -- examples/images/velero examples/images/velero/Dockerfile', 'abc123 --'],
    },
    {
      name: 'none outside a git checkout',
      env: {},
      answers: [{ exitCode: 128, stdout: '', stderr: 'fatal: not a git repository' }],
      epoch: undefined,
      commits: ['HEAD -- examples/images/velero examples/images/velero/Dockerfile'],
    },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const seen: Command[] = [];
      const runner: CommandRunner = {
        run: async (command) => {
          seen.push(command);
          return c.answers[seen.length - 1] ?? { exitCode: 1, stdout: '', stderr: 'unexpected call' };
        },
      };
      expect(await sourceDateEpoch(runner, '/repo', entry, c.env)).toBe(c.epoch);
      expect(seen.map((command) => command.args.slice(3).join(' '))).toEqual(c.commits);
      expect(seen.every((command) => command.file === 'git' && command.cwd === '/repo' && command.args[0] === 'log')).toBe(true);
    });
  }
});
