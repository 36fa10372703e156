import type { CatalogImage, CatalogTest, CatalogVariant, CatalogVersion, ImageTest, TestSpec } from '../catalog/model.js';

const PLACEHOLDER = /\{\{\s*([a-z.]+)\s*\}\}/g;

/**
 * The tests of one entry: the image's, then the version's, then the
 * variant's, a later test replacing an earlier one of the same name (in its
 * place) and a `skip` leaving it out (kept, so the summary can say why).
 * Placeholders are filled in; in a regular expression the value is escaped,
 * so `^velero {{version}}$` matches `velero 1.12.3` and not `velero 1x12x3`.
 * The catalog's checks have refused placeholders an entry cannot fill.
 */
export function entryTests(image: CatalogImage, version: CatalogVersion, variant: CatalogVariant | undefined): TestSpec[] {
  return resolveTests(mergeTests([image.tests, version.tests, variant?.tests ?? []]), placeholderValues(version, variant));
}

/** The debug twin's own tests (it inherits none: it is another stage, with another entrypoint). */
export function debugTests(image: CatalogImage, version: CatalogVersion, variant: CatalogVariant | undefined): TestSpec[] {
  return resolveTests(mergeTests([image.debug?.tests ?? []]), placeholderValues(version, variant));
}

function placeholderValues(version: CatalogVersion, variant: CatalogVariant | undefined): Record<string, string> {
  return {
    version: version.version,
    ...(variant ? { 'variant.id': variant.id, 'variant.version': variant.version } : {}),
  };
}

function mergeTests(levels: ReadonlyArray<readonly CatalogTest[]>): TestSpec[] {
  const merged = new Map<string, TestSpec>();
  for (const level of levels) {
    for (const { location: _location, ...test } of level) merged.set(test.name, test as TestSpec);
  }
  return [...merged.values()];
}

function resolveTests(tests: readonly TestSpec[], values: Record<string, string>): TestSpec[] {
  const fill = (text: string, inRegex: boolean) =>
    text.replace(PLACEHOLDER, (whole, key: string) => {
      const value = values[key];
      if (value === undefined) return whole;
      return inRegex ? value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') : value;
    });
  return tests.map((test) => {
    if ('skip' in test) return { ...test };
    const resolved: ImageTest = {
      ...test,
      env: Object.fromEntries(Object.entries(test.env).map(([name, value]) => [name, fill(value, false)])),
      tmpfs: [...test.tmpfs],
      expect: {
        ...test.expect,
        ...(test.expect.stdout !== undefined ? { stdout: fill(test.expect.stdout, true) } : {}),
        ...(test.expect.stderr !== undefined ? { stderr: fill(test.expect.stderr, true) } : {}),
      },
    };
    if (test.args) resolved.args = test.args.map((a) => fill(a, false));
    if (test.entrypoint) resolved.entrypoint = test.entrypoint.map((a) => fill(a, false));
    if (test.http) {
      resolved.http = {
        ...test.http,
        path: fill(test.http.path, false),
        ...(test.http.body !== undefined ? { body: fill(test.http.body, true) } : {}),
      };
    }
    return resolved;
  });
}
