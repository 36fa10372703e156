import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type ImageTest, isSkipped, parseCatalog } from '../../../packages/catalog/index.js';
import { describeRun, displayCommand, judgeRun, outputTail, runArguments } from '../../../packages/image-tests/index.js';
import { repoRoot } from '../../harness/run-dist.js';

/**
 * The corporate-image docs show catalogs, a docker command and a failure
 * message: each is checked against what the code does, so the docs cannot
 * drift from it.
 */

const DOCS = ['corporate-images.md', 'migration-to-prebuilt.md'];
const read = (name: string) => readFileSync(join(repoRoot, 'docs', name), 'utf8');

function fenced(text: string, language: string): string[] {
  return [...text.matchAll(new RegExp(`^\`\`\`${language}\\n([\\s\\S]*?)^\`\`\`$`, 'gm'))].map((m) => m[1] ?? '');
}

describe('the corporate-image docs', () => {
  for (const name of DOCS) {
    it(`${name}: every catalog snippet loads as a catalog`, async () => {
      const snippets = fenced(read(name), 'yaml');
      expect(snippets.length).toBeGreaterThanOrEqual(3);
      for (const [i, snippet] of snippets.entries()) {
        const catalog = await parseCatalog(snippet, `docs/${name}#yaml-${i + 1}`, { skipFileChecks: true });
        expect(catalog.images.length, `${name} snippet ${i + 1}`).toBeGreaterThan(0);
      }
    });
  }

  it('are linked from the README', () => {
    const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
    for (const name of DOCS) expect(readme).toContain(`](docs/${name})`);
  });

  it('show the docker command a test runs exactly as the runner builds it', async () => {
    const text = read('corporate-images.md');
    const testing = fenced(text, 'yaml').find((s) => s.includes('imports ssl and prints the OpenSSL version')) ?? '';
    const catalog = await parseCatalog(testing, 'docs/corporate-images.md', { skipFileChecks: true });
    const test = catalog.images[0]?.tests[0];
    if (test === undefined || isSkipped(test)) throw new Error('no test in the snippet');
    const args = runArguments(test, {
      name: 'image-test-<random>',
      image: 'ghcr.io/example-org/curated-images/python-runner@sha256:<platform digest>',
      platform: 'linux/amd64',
      detached: false,
    });
    const shown = fenced(text, 'sh').find((s) => s.startsWith('docker run')) ?? '';
    expect(shown.trim()).toBe(
      `docker ${displayCommand(args)}`.replace("'image-test-<random>'", 'image-test-<random>').replace(/'(ghcr[^']*)'/, '$1'),
    );
  });

  it('show a failure message as a test reports it', () => {
    const text = read('corporate-images.md');
    const shown = /^ {4}(test 'prints its version' failed[\s\S]*?)\n\n/m.exec(text)?.[1] ?? '';
    const test: ImageTest = {
      name: 'prints its version',
      args: ['--version'],
      env: {},
      tmpfs: [],
      expect: { exit: 0, stdout: '^jq-1\\.6' },
      timeout: 60,
      memory: '512m',
    };
    const stderr =
      '/usr/bin/jq: error while loading shared libraries: libjq.so.1: cannot open shared object file: No such file or directory\n';
    const judged = judgeRun(
      test,
      { exitCode: 127, stdout: '', stderr, timedOut: false },
      { command: ['/usr/bin/jq', '--version'], foreign: false, platform: 'linux/amd64' },
    );
    const described = describeRun({
      test: test.name,
      platform: 'linux/amd64',
      image: '…/jq@sha256:…',
      command: ['/usr/bin/jq', '--version'],
      user: '65532:65532',
      status: judged.status === 'passed' ? 'passed' : judged.status,
      exitCode: 127,
      durationMs: 0,
      problems: judged.status === 'passed' ? [] : judged.problems,
      output: outputTail('', stderr),
    });
    expect(shown.replace(/\n {4}/g, '\n')).toBe(described);
  });
});
