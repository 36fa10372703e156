import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ContextEntry, contextEntries } from '../../packages/plan/index.js';
import { readImage } from '../../packages/prebuilt/index.js';
import { RegistryClient } from '../../packages/registry/index.js';
import { type Lab, lab, runToolOk } from './lab.js';

/**
 * The build id hashes what BuildKit sends of a context: here compared with
 * what BuildKit really sent. Each context is built `FROM scratch` with
 * `COPY . /ctx/` and pushed by digest to the lab registry; the image is read
 * back with the lock-down checks' layer reader, and its /ctx tree must be
 * exactly what contextEntries (the build id's input) lists: the same files,
 * directories and symlinks, with the same executable bits and link targets.
 */
let l: Lab;
let scratch: string;
let repository: string;
const registry = new RegistryClient();

beforeAll(() => {
  l = lab();
  scratch = mkdtempSync(join(tmpdir(), 'dockerignore-context-'));
  repository = `e2e-dockerignore-${randomBytes(4).toString('hex')}/ctx`;
});

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A context on disk: files (content = path), empty directories (trailing /), symlinks (`name -> target`). */
function context(name: string, paths: readonly string[], files: Record<string, string>): string {
  const root = join(scratch, name);
  for (const path of paths) {
    const link = / -> /.exec(path);
    if (path.endsWith('/')) mkdirSync(join(root, path), { recursive: true });
    else if (link) {
      const [from, to] = path.split(' -> ') as [string, string];
      mkdirSync(dirname(join(root, from)), { recursive: true });
      symlinkSync(to, join(root, from));
    } else {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), `${path}\n`);
    }
  }
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

/** What BuildKit sent: the image's /ctx tree, as the lock-down checks read images. */
async function sent(root: string, dockerfile: string): Promise<ContextEntry[]> {
  const metadata = join(scratch, `${randomBytes(4).toString('hex')}.json`);
  runToolOk(l, l.bin.docker, [
    'buildx',
    'build',
    '--quiet',
    '--provenance=false',
    '--sbom=false',
    '--file',
    dockerfile,
    '--metadata-file',
    metadata,
    '--output',
    `type=image,name=${l.registry}/${repository},push-by-digest=true,push=true`,
    root,
  ]);
  const digest = (JSON.parse(readFileSync(metadata, 'utf8')) as Record<string, string>)['containerimage.digest'];
  const [image] = await readImage(registry, `${l.registry}/${repository}@${digest}`);
  const entries: ContextEntry[] = [];
  for (const [path, file] of image?.files ?? []) {
    const relative = path.replace(/\/$/, '');
    if (!relative.startsWith('/ctx/')) continue;
    const entry = relative.slice('/ctx/'.length);
    if (file.kind === 'directory') entries.push({ path: entry, kind: 'directory' });
    else if (file.kind === 'symlink') entries.push({ path: entry, kind: 'symlink', target: file.target ?? '' });
    else entries.push({ path: entry, kind: 'file', executable: (file.mode & 0o111) !== 0 });
  }
  return entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

describe('the build id covers exactly what BuildKit sends of a context', () => {
  it('with re-includes (!), **, a trailing /, a rooted pattern, empty and emptied directories, a symlink', async () => {
    const root = context(
      'tricky',
      [
        'a.txt',
        'b.log',
        'keep.log',
        'build/out.bin',
        'build/keep/x.txt',
        'build/keep/sub/y.txt',
        'src/one.tmp',
        'src/deep/two.tmp',
        'src/tool.sh',
        'docs/README.md',
        'docs/guide.md',
        'docs/img/logo.png',
        'secret.txt',
        'sub/secret.txt',
        'nested/a/b/cache/c.txt',
        'nested/a/cache',
        'nested/keep.txt',
        'vendor/lib/x.go',
        'vendor/file.go',
        'emptydir/',
        'link -> a.txt',
        'dangling -> nowhere',
      ],
      {
        Dockerfile: 'FROM scratch\nCOPY . /ctx/\n',
        '.dockerignore': [
          '# build output, but keep the kept part',
          '*.log',
          '!keep.log',
          'build/',
          '!build/keep/**',
          '**/*.tmp',
          'docs',
          '!docs/README.md',
          '/secret*',
          'nested/**/cache',
          'vendor/*/',
          '',
        ].join('\n'),
      },
    );
    chmodSync(join(root, 'src', 'tool.sh'), 0o755);
    const expected = contextEntries(root, join(root, 'Dockerfile'));
    expect(await sent(root, join(root, 'Dockerfile'))).toEqual(expected);
    // The case is not trivial: the rules left things out and put some back.
    const paths = expected.map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['keep.log', 'build/keep/sub/y.txt', 'docs/README.md', 'sub/secret.txt', 'emptydir']));
    expect(paths).not.toEqual(expect.arrayContaining(['b.log']));
    for (const gone of [
      'b.log',
      'build/out.bin',
      'src/deep/two.tmp',
      'docs/guide.md',
      'docs/img',
      'secret.txt',
      'nested/a/cache',
      'vendor/file.go',
    ]) {
      expect(paths, gone).not.toContain(gone);
    }
  });

  it('with <Dockerfile>.dockerignore, which BuildKit reads instead of the context\u2019s .dockerignore', async () => {
    const root = context('per-dockerfile', ['a.txt', 'b.txt', 'c/d.txt'], {
      'ci/app.Dockerfile': 'FROM scratch\nCOPY . /ctx/\n',
      'ci/app.Dockerfile.dockerignore': 'b.txt\nci\n',
      '.dockerignore': 'a.txt\n',
    });
    const dockerfile = join(root, 'ci', 'app.Dockerfile');
    const expected = contextEntries(root, dockerfile);
    expect(await sent(root, dockerfile)).toEqual(expected);
    expect(expected.map((e) => e.path)).toEqual(['.dockerignore', 'a.txt', 'c', 'c/d.txt']);
  });
});
