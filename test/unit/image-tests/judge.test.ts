import { describe, expect, it } from 'vitest';
import type { ImageTest } from '../../../packages/catalog/index.js';
import { type ContainerRun, displayCommand, judgeRun, outputTail } from '../../../packages/image-tests/index.js';

const base: ImageTest = { name: 'prints its version', env: {}, tmpfs: [], expect: { exit: 0 }, timeout: 30, memory: '512m' };
const ok: ContainerRun = { exitCode: 0, stdout: 'jq-1.6\n', stderr: '', timedOut: false };
// What docker 20.10 and runc print when the executable is missing (seen on the lab's engine).
const NO_SHELL =
  'docker: Error response from daemon: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: "/bin/sh": stat /bin/sh: no such file or directory: unknown.\n\nRun \'docker run --help\' for more information\n';

describe('judgeRun', () => {
  const cases: Array<{
    name: string;
    test?: Partial<ImageTest>;
    run: Partial<ContainerRun>;
    command?: string[];
    foreign?: boolean;
    status: string;
    problems: RegExp[];
  }> = [
    {
      name: 'exit code and output as expected',
      test: { expect: { exit: 0, stdout: '^jq-1\\.6$' } },
      run: {},
      status: 'passed',
      problems: [],
    },
    { name: 'another exit code', run: { exitCode: 3 }, status: 'failed', problems: [/^exited with code 3, expected 0$/] },
    { name: 'an expected non-zero exit code', test: { expect: { exit: 2 } }, run: { exitCode: 2 }, status: 'passed', problems: [] },
    {
      name: 'stdout does not match',
      test: { expect: { exit: 0, stdout: '^jq-1\\.7' } },
      run: {},
      status: 'failed',
      problems: [/standard output does not match \/\^jq-1\\\.7\//],
    },
    {
      name: 'stderr does not match',
      test: { expect: { stderr: 'usage' } },
      run: { stderr: 'nothing' },
      status: 'failed',
      problems: [/standard error does not match/],
    },
    { name: 'no exit code expected (a port test)', test: { expect: {} }, run: { exitCode: 143 }, status: 'passed', problems: [] },
    {
      name: 'killed at the timeout',
      run: { exitCode: 137, timedOut: true },
      status: 'failed',
      problems: [/^did not finish within 30s; the container was killed$/],
    },
    {
      name: 'a missing shared library, as the loader says it',
      run: {
        exitCode: 127,
        stdout: '',
        stderr:
          '/usr/bin/jq: error while loading shared libraries: libjq.so.1: cannot open shared object file: No such file or directory\n',
      },
      status: 'failed',
      problems: [/^exited with code 127, expected 0$/, /^the shared library libjq\.so\.1 is missing from the image: copy it/],
    },
    {
      name: 'a shell that is not there',
      run: { exitCode: 127, stdout: '', stderr: NO_SHELL },
      command: ['/bin/sh', '-c', 'python3 --version'],
      status: 'failed',
      problems: [
        /^the container did not start: Error response from daemon: .*exec: "\/bin\/sh": stat \/bin\/sh: no such file or directory/,
        /^\/bin\/sh is a shell: a prebuilt image has none/,
      ],
    },
    {
      name: 'a write to the read-only filesystem',
      run: { exitCode: 1, stdout: '', stderr: "OSError: [Errno 30] Read-only file system: '/tmp/x'\n" },
      status: 'failed',
      problems: [/exited with code 1/, /wrote to the read-only filesystem: declare the directory it writes as 'tmpfs'/],
    },
    {
      name: 'a binary this engine cannot execute, on another platform: not tested',
      run: { exitCode: 1, stdout: '', stderr: 'exec /tool: exec format error\n' },
      foreign: true,
      status: 'not-tested',
      problems: [/^this docker engine cannot execute linux\/arm64 binaries \(exec \/tool: exec format error\); register an emulator/],
    },
    {
      name: 'the same on the engine’s own platform: the image is broken',
      run: { exitCode: 1, stdout: '', stderr: 'exec /tool: exec format error\n' },
      status: 'failed',
      problems: [/^\/tool is not a linux\/arm64 executable/, /exited with code 1/],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const judged = judgeRun(
        { ...base, ...c.test },
        { ...ok, ...c.run },
        { command: c.command ?? ['/usr/bin/jq', '--version'], foreign: c.foreign ?? false, platform: 'linux/arm64' },
      );
      expect(judged.status).toBe(c.status);
      const problems = judged.status === 'passed' ? [] : judged.problems;
      expect(problems).toHaveLength(c.problems.length);
      for (const [i, pattern] of c.problems.entries()) expect(problems[i]).toMatch(pattern);
    });
  }
});

describe('outputTail and displayCommand', () => {
  it('keeps the first lines (a crash says why there) and the last', () => {
    const lines = Array.from({ length: 30 }, (_, i) => `line ${i + 1}`);
    expect(outputTail('', lines.join('\n')).split('\n')).toEqual(['line 1', 'line 2', 'line 3', '[18 lines]', ...lines.slice(-9)]);
    expect(outputTail('out\n', 'err\n')).toBe('out\nerr');
    expect(outputTail('x'.repeat(300), '')).toBe(`${'x'.repeat(240)}...`);
  });

  it('quotes only what a person would have to quote', () => {
    expect(displayCommand(['/usr/bin/python3.11', '-c', "import ssl; print('x')"])).toBe(
      `/usr/bin/python3.11 -c 'import ssl; print('\\''x'\\'')'`,
    );
    expect(displayCommand(['/bin/cat', '/etc/velero-version'])).toBe('/bin/cat /etc/velero-version');
  });
});
