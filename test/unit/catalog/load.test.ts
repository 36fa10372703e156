import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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
    expect(where(error)).toEqual(['6:16', '7:3', '11:30']);
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
