import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadCatalog, parseCatalog } from '../../../packages/catalog/index.js';
import { isUserError, type UserError } from '../../../packages/errors/index.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'catalog-load-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function refusal(load: Promise<unknown>): Promise<UserError> {
  const error = await load.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isUserError(error)) throw new Error(`expected a UserError, got ${String(error)}`);
  return error;
}

const where = (error: UserError) => error.problems.map((p) => `${p.location?.line}:${p.location?.column}`);

describe('loading a catalog', () => {
  it('reports every semantic problem at once, in file order', async () => {
    const text = [
      'registry: ghcr.io',
      'repository: org/apps',
      'images:',
      '  one:',
      '    owner: a@example.com',
      '    versions: ["v1.0.0"]',
      '  two:',
      '    owner: b@example.com',
      '    build-args: { X: "{{nope}}" }',
      '    versions:',
      '      "1.0.0": { variants: { s3: "1.0" } }',
    ].join('\n');
    const error = await refusal(parseCatalog(text, join(dir, 'images.yaml'), { skipFileChecks: true }));
    expect(where(error)).toEqual(['6:16', '9:22', '11:30']);
    expect(error.message).toContain(`${join(dir, 'images.yaml')}:6:16: version 'v1.0.0' of 'one' is not a version`);
  });

  it('reports every structural problem at once', async () => {
    const text = [
      'registry: ghcr.io',
      'repository: org/apps',
      'images:',
      '  one:',
      '    contxt: x',
      '    keep: 0',
      '    versions: ["1.0.0"]',
    ].join('\n');
    const error = await refusal(parseCatalog(text, 'images.yaml'));
    expect(error.problems.map((p) => p.message)).toEqual([
      "'images.one' is missing 'owner'.",
      "unknown key 'contxt' in 'images.one' (did you mean 'context'?).",
      "'images.one.keep' must be at least 1.",
    ]);
  });

  it('a YAML syntax error names its line and column', async () => {
    const error = await refusal(parseCatalog('registry: ghcr.io\nimages: [a\n', 'images.yaml'));
    expect(error.problems[0]?.location).toMatchObject({ file: 'images.yaml', line: 3 });
  });

  it('without file checks, contexts are not looked for', async () => {
    const text = 'registry: ghcr.io\nrepository: org/apps\nimages:\n  one:\n    owner: a@example.com\n    versions: ["1.0.0"]\n';
    const catalog = await parseCatalog(text, join(dir, 'images.yaml'), { skipFileChecks: true });
    expect(catalog.images[0]?.context).toBe('images/one');
    await expect(parseCatalog(text, join(dir, 'images.yaml'))).rejects.toThrow(/the context 'images\/one' of 'one' does not exist/);
  });

  it('contexts are relative to the catalog file, not the working directory', async () => {
    mkdirSync(join(dir, 'catalog', 'images', 'one'), { recursive: true });
    writeFileSync(join(dir, 'catalog', 'images', 'one', 'Dockerfile'), 'FROM scratch\n');
    const file = join(dir, 'catalog', 'images.yaml');
    writeFileSync(file, 'registry: ghcr.io\nrepository: org/apps\nimages:\n  one:\n    owner: a@example.com\n    versions: ["1.0.0"]\n');
    const catalog = await loadCatalog(file);
    expect(catalog.dir).toBe(join(dir, 'catalog'));
  });

  it('a catalog that cannot be read is a user error naming the file', async () => {
    const error = await refusal(loadCatalog(join(dir, 'missing.yaml')));
    expect(error.message).toContain(`cannot read the catalog ${join(dir, 'missing.yaml')}: ENOENT`);
  });
});

describe('where problems point', () => {
  it('at the start of the entry, not its whole span', async () => {
    const text = 'registry: ghcr.io\nrepository: org/apps\nimages:\n  one:\n    owner: a@example.com\n    versions: ["1.0.0"]\n';
    const error = await refusal(parseCatalog(text, join(dir, 'images.yaml')));
    expect(error.problems.map((p) => p.location)).toEqual([{ file: join(dir, 'images.yaml'), line: 4, column: 3 }]);
  });
});

describe('paths stay inside the repository', () => {
  // A repository with one good image directory, and a directory beside the repository that a catalog must not reach.
  const layout = () => {
    const repo = join(dir, 'repo');
    mkdirSync(join(repo, 'images', 'app'), { recursive: true });
    writeFileSync(join(repo, 'images', 'app', 'Dockerfile'), 'FROM scratch\n');
    mkdirSync(join(dir, 'outside'), { recursive: true });
    writeFileSync(join(dir, 'outside', 'Dockerfile'), 'FROM scratch\n');
    writeFileSync(join(dir, 'outside', 'secret'), 'not for an image\n');
    return repo;
  };
  const catalogText = (fields: string) =>
    `registry: ghcr.io\nrepository: org/apps\nimages:\n  app:\n    owner: a@example.com\n${fields}    versions: ["1.0.0"]\n`;

  it.each([
    {
      name: "a context that climbs out with '..'",
      fields: '    context: ../outside\n',
      line: 6,
      column: 14,
      message: "the context '../outside' of 'app' leaves the repository: it climbs out of",
    },
    {
      name: 'an absolute context',
      fields: () => `    context: ${join(dir, 'outside')}\n`,
      line: 6,
      column: 14,
      message: 'leaves the repository: it is an absolute path',
    },
    {
      name: 'a context that is a symlink pointing out',
      setup: (repo: string) => symlinkSync(join(dir, 'outside'), join(repo, 'images', 'link')),
      fields: '    context: images/link\n',
      line: 6,
      column: 14,
      message: "the context 'images/link' of 'app' leaves the repository: it leads through a symlink to /",
    },
    {
      name: 'a context below a symlinked directory that points out',
      setup: (repo: string) => symlinkSync(dir, join(repo, 'up')),
      fields: '    context: up/outside\n',
      line: 6,
      column: 14,
      message: 'leads through a symlink to',
    },
    {
      name: "a Dockerfile that climbs out with '..'",
      fields: '    context: images/app\n    dockerfile: ../../../outside/Dockerfile\n',
      line: 7,
      column: 17,
      message: "the dockerfile '../../../outside/Dockerfile' of 'app' leaves the repository: it climbs out of",
    },
    {
      name: 'an absolute Dockerfile',
      fields: () => `    context: images/app\n    dockerfile: ${join(dir, 'outside', 'Dockerfile')}\n`,
      line: 7,
      column: 17,
      message: 'leaves the repository: it is an absolute path',
    },
    {
      name: 'a Dockerfile that is a symlink pointing out',
      setup: (repo: string) => symlinkSync(join(dir, 'outside', 'Dockerfile'), join(repo, 'images', 'app', 'Linked')),
      fields: '    context: images/app\n    dockerfile: Linked\n',
      line: 7,
      column: 17,
      message: "the dockerfile 'Linked' of 'app' leaves the repository: it leads through a symlink",
    },
    {
      name: 'a .dockerignore that is a symlink pointing out',
      setup: (repo: string) => symlinkSync(join(dir, 'outside', 'secret'), join(repo, 'images', 'app', '.dockerignore')),
      fields: '    context: images/app\n',
      line: 6,
      column: 14,
      message: "the context 'images/app/.dockerignore' of 'app' leaves the repository: it leads through a symlink",
    },
    {
      name: 'a <Dockerfile>.dockerignore that is a symlink pointing out',
      setup: (repo: string) => symlinkSync(join(dir, 'outside', 'secret'), join(repo, 'images', 'app', 'Dockerfile.dockerignore')),
      fields: '    context: images/app\n    dockerfile: Dockerfile\n',
      line: 7,
      column: 17,
      message: "the dockerfile 'Dockerfile.dockerignore' of 'app' leaves the repository",
    },
  ])('$name is refused at its field', async ({ setup, fields, line, column, message }) => {
    const repo = layout();
    setup?.(repo);
    const file = join(repo, 'images.yaml');
    writeFileSync(file, catalogText(typeof fields === 'function' ? fields() : fields));
    const error = await refusal(loadCatalog(file, { workspace: repo }));
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]?.message).toContain(message);
    expect(error.problems[0]?.location).toEqual({ file, line, column });
    // Refused without file checks too: where a path leads is never skipped.
    const unchecked = await refusal(
      parseCatalog(catalogText(typeof fields === 'function' ? fields() : fields), file, { workspace: repo, skipFileChecks: true }),
    );
    expect(unchecked.problems[0]?.message).toContain(message);
  });

  it.each([
    { name: 'a context inside', fields: '    context: images/app\n' },
    {
      name: 'a symlink that stays inside',
      setup: (repo: string) => symlinkSync(join(repo, 'images', 'app'), join(repo, 'alias')),
      fields: '    context: alias\n',
    },
    {
      name: 'a Dockerfile above the context, inside the repository',
      setup: (repo: string) => writeFileSync(join(repo, 'Dockerfile.app'), 'FROM scratch\n'),
      fields: '    context: images/app\n    dockerfile: ../../Dockerfile.app\n',
    },
  ])('$name is accepted', async ({ setup, fields }) => {
    const repo = layout();
    setup?.(repo);
    const file = join(repo, 'images.yaml');
    writeFileSync(file, catalogText(fields));
    await expect(loadCatalog(file, { workspace: repo })).resolves.toMatchObject({ images: [{ name: 'app' }] });
  });

  it("the default repository is the catalog file's directory", async () => {
    const repo = layout();
    const file = join(repo, 'images.yaml');
    writeFileSync(file, catalogText('    context: ../outside\n'));
    const error = await refusal(loadCatalog(file));
    expect(error.problems[0]?.message).toContain(`climbs out of ${repo}`);
  });
});
