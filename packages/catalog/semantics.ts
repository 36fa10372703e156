import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import semver from 'semver';
import type { Problem } from '../errors/index.js';
import { versionProblem } from '../tags/index.js';
import { parseFroms } from './dockerfile.js';
import { isDirectory, isFile, type LoadOptions, type SourceMap } from './load.js';
import { type Catalog, type CatalogImage, type CatalogTest, isSkipped } from './model.js';

const VARIANT_ID = /^[a-z]+$/;
const PLACEHOLDER = /\{\{\s*([^}]*?)\s*\}\}/g;
const VARIANT_PLACEHOLDERS = new Set(['variant.id', 'variant.version']);

/** What the schema cannot say: versions, identifiers, files on disk, FROM lines between images. */
export async function semanticProblems(catalog: Catalog, source: SourceMap, options: LoadOptions): Promise<Problem[]> {
  const problems: Problem[] = [];
  const names = new Set(catalog.images.map((i) => i.name));
  // Debug twins are published as applications too, so a Dockerfile may build FROM one.
  const known = new Set([...names, ...catalog.images.flatMap((i) => (i.debug ? [`${i.name}-debug`] : []))]);
  // A twin whose name another image takes is the tag scheme's duplicate-tag rule (packages/tags), not a catalog error.
  for (const image of catalog.images) {
    problems.push(
      ...versionProblems(image, source),
      ...placeholderProblems(image),
      ...modeProblems(image, source),
      ...testProblems(image, source),
    );
    if (!options.skipFileChecks) problems.push(...(await fileProblems(catalog, image, known)));
  }
  return problems
    .map(atStart)
    .sort((a, b) => (a.location?.line ?? 0) - (b.location?.line ?? 0) || (a.location?.column ?? 0) - (b.location?.column ?? 0));
}

/** A problem points at where an entry starts, not at its whole span (an annotation would cover the block). */
function atStart(problem: Problem): Problem {
  if (problem.location?.endLine === undefined) return problem;
  const { endLine: _line, endColumn: _column, ...start } = problem.location;
  return { ...problem, location: start };
}

function versionProblems(image: CatalogImage, source: SourceMap): Problem[] {
  const problems: Problem[] = [];
  const seen = new Map<string, number>();
  const versionKeys = new Map(source.keys(['images', image.name, 'versions']).map((k) => [k.key, k]));
  for (const version of image.versions) {
    const numeric = versionKeys.get(version.version)?.numeric;
    if (numeric) {
      problems.push({
        message: `version ${version.version} of '${image.name}' is a number in YAML.`,
        hint: `Quote it ("${version.version}"): unquoted, 1.10 reads as 1.1.`,
        location: version.location,
      });
      continue;
    }
    const why = versionProblem(version.version);
    if (why) {
      problems.push({
        message: `version '${version.version}' of '${image.name}' is not a version: ${why}.`,
        hint: 'Write versions as 1.12.3.',
        location: version.location,
      });
    }
    const first = seen.get(version.version);
    if (first !== undefined) {
      problems.push({
        message: `version '${version.version}' of '${image.name}' is listed twice (first on line ${first}).`,
        hint: 'Remove the duplicate.',
        location: version.location,
      });
    } else seen.set(version.version, version.location.line ?? 0);
    for (const variant of version.variants) {
      if (!VARIANT_ID.test(variant.id)) {
        problems.push({
          message: `variant identifier '${variant.id}' of '${image.name}' ${version.version} is not lowercase letters only.`,
          hint: `Tags join identifier and version with no separator ('aws1.8.2'), so '${variant.id}' followed by a version could not be read back (s3 + 1.0 reads as s31.0). Use letters only, e.g. '${variant.id.toLowerCase().replace(/[^a-z]/g, '') || 'name'}'.`,
          location: variant.location,
        });
      }
      const variantWhy = versionProblem(variant.version);
      if (variantWhy) {
        problems.push({
          message: `variant '${variant.id}' of '${image.name}' ${version.version} has version '${variant.version}', which is not a version: ${variantWhy}.`,
          hint: 'Write variant versions as 1.8.2.',
          location: variant.location,
        });
      }
    }
  }
  return problems;
}

function placeholderProblems(image: CatalogImage): Problem[] {
  const problems: Problem[] = [];
  const check = (args: Record<string, string>, hasVariants: boolean, where: Problem['location']) => {
    for (const [name, value] of Object.entries(args)) {
      for (const match of value.matchAll(PLACEHOLDER)) {
        const key = match[1] ?? '';
        if (key === 'version' || (VARIANT_PLACEHOLDERS.has(key) && hasVariants)) continue;
        problems.push({
          message: VARIANT_PLACEHOLDERS.has(key)
            ? `build arg ${name} of '${image.name}' uses {{${key}}}, but a version without variants has none.`
            : `build arg ${name} of '${image.name}' uses {{${key}}}, which is not a placeholder.`,
          hint: 'Use {{version}}, {{variant.id}} or {{variant.version}}.',
          ...(where ? { location: where } : {}),
        });
      }
    }
  };
  const allHaveVariants = image.versions.every((v) => v.variants.length > 0);
  check(image.buildArgs, allHaveVariants, image.location);
  for (const version of image.versions) {
    check(version.buildArgs, version.variants.length > 0, version.location);
    for (const variant of version.variants) check(variant.buildArgs, true, variant.location);
  }
  return problems;
}

function modeProblems(image: CatalogImage, source: SourceMap): Problem[] {
  const problems: Problem[] = [];
  if (image.mode !== 'prebuilt' && image.requires.length > 0) {
    problems.push({
      message: `'${image.name}' declares 'requires' but is not a prebuilt image, so nothing would check it.`,
      hint: "Add 'mode: prebuilt', or remove 'requires'.",
      location: source.at(['images', image.name, 'requires'], 'key'),
    });
  }
  if (image.mode !== 'prebuilt' && image.debug) {
    problems.push({
      message: `'${image.name}' declares a debug twin but is not a prebuilt image; a layered image may already carry a shell.`,
      hint: "Add 'mode: prebuilt', or remove 'debug'.",
      location: source.at(['images', image.name, 'debug'], 'key'),
    });
  }
  image.requires.forEach((capability, i) => {
    if (capability.kind === 'package' && capability.range !== undefined && semver.validRange(capability.range) === null) {
      problems.push({
        message: `'${capability.range}' is not a version range.`,
        hint: "Write a semver range, e.g. '>=3.11 <3.12'.",
        location: source.at(['images', image.name, 'requires', i, 'version']),
      });
    }
  });
  return problems;
}

async function fileProblems(catalog: Catalog, image: CatalogImage, known: ReadonlySet<string>): Promise<Problem[]> {
  const context = resolve(catalog.dir, image.context);
  if (!isDirectory(context)) {
    return [
      {
        message: `the context '${image.context}' of '${image.name}' does not exist.`,
        hint: `Create ${context}, or fix 'context' (it is relative to the catalog file).`,
        location: image.location,
      },
    ];
  }
  const dockerfile = resolve(context, image.dockerfile);
  if (!isFile(dockerfile)) {
    return [
      {
        message: `the Dockerfile '${image.dockerfile}' of '${image.name}' does not exist in ${image.context}.`,
        hint: "Add it, or fix 'dockerfile' (it is relative to the context).",
        location: image.location,
      },
    ];
  }
  const prefix = `${catalog.registry}/${catalog.repository}/`;
  const problems: Problem[] = [];
  for (const from of parseFroms(readFileSync(dockerfile, 'utf8'))) {
    if (!from.reference.startsWith(prefix)) continue;
    const application = from.reference.slice(prefix.length).split(/[:@]/)[0] ?? '';
    if (!known.has(application)) {
      problems.push({
        message: `FROM ${from.reference} names the catalog image '${application}', which is not in the catalog.`,
        hint: `Add '${application}' to the catalog, or build FROM another image.`,
        location: { file: dockerfile, line: from.line, column: 1 },
      });
    }
  }
  return problems;
}

/** The fields of a test that may hold placeholders, and whether each is a regular expression. */
function testTexts(test: CatalogTest): Array<{ field: string; value: string; regex: boolean }> {
  if (isSkipped(test)) return [];
  const texts: Array<{ field: string; value: string; regex: boolean }> = [];
  for (const [i, value] of (test.args ?? []).entries()) texts.push({ field: `args[${i}]`, value, regex: false });
  for (const [i, value] of (test.entrypoint ?? []).entries()) texts.push({ field: `entrypoint[${i}]`, value, regex: false });
  for (const [name, value] of Object.entries(test.env)) texts.push({ field: `env.${name}`, value, regex: false });
  if (test.expect.stdout !== undefined) texts.push({ field: 'expect.stdout', value: test.expect.stdout, regex: true });
  if (test.expect.stderr !== undefined) texts.push({ field: 'expect.stderr', value: test.expect.stderr, regex: true });
  if (test.http) texts.push({ field: 'http.path', value: test.http.path, regex: false });
  if (test.http?.body !== undefined) texts.push({ field: 'http.body', value: test.http.body, regex: true });
  return texts;
}

/**
 * Tests: names unique in each list, `skip` only where there is something to
 * inherit and only naming an inherited test, placeholders the entry can fill,
 * regular expressions that compile.
 */
function testProblems(image: CatalogImage, source: SourceMap): Problem[] {
  const problems: Problem[] = [];
  const base = ['images', image.name];
  const list = (
    tests: readonly CatalogTest[],
    path: (string | number)[],
    inherited: ReadonlySet<string> | undefined,
    hasVariants: boolean,
  ) => {
    const seen = new Map<string, number>();
    tests.forEach((test, i) => {
      const first = seen.get(test.name);
      if (first !== undefined) {
        problems.push({
          message: `test '${test.name}' of '${image.name}' is declared twice in the same list (first on line ${first}).`,
          hint: 'Give each test its own name; a version or variant replaces an inherited test by declaring one of the same name.',
          location: test.location,
        });
      } else seen.set(test.name, test.location.line ?? 0);
      if (isSkipped(test)) {
        const keys = source.keys([...path, i]).filter((k) => k.key !== 'name' && k.key !== 'skip');
        if (inherited === undefined) {
          problems.push({
            message: `test '${test.name}' of '${image.name}' says 'skip', but there is no inherited test to leave out here.`,
            hint: "Use 'skip' in a version's or variant's tests, to leave out a test of the image; here, remove the test.",
            location: source.at([...path, i, 'skip'], 'key'),
          });
        } else if (!inherited.has(test.name)) {
          problems.push({
            message: `test '${test.name}' of '${image.name}' skips a test it does not inherit.`,
            hint: `Name one of the inherited tests: ${[...inherited].map((n) => `'${n}'`).join(', ') || '(none)'}.`,
            location: source.at([...path, i, 'name']),
          });
        }
        for (const key of keys) {
          problems.push({
            message: `test '${test.name}' of '${image.name}' is skipped, so its '${key.key}' would never be read.`,
            hint: "A skipped test has only 'name' and 'skip'; remove the other keys, or remove 'skip'.",
            location: key.location,
          });
        }
        return;
      }
      if (test.timeout <= 0) {
        problems.push({
          message: `test '${test.name}' of '${image.name}' has a timeout of zero.`,
          hint: "Give it time to run, e.g. 'timeout: 30s'.",
          location: source.at([...path, i, 'timeout']),
        });
      }
      for (const text of testTexts(test)) {
        for (const match of text.value.matchAll(PLACEHOLDER)) {
          const key = match[1] ?? '';
          if (key === 'version' || (VARIANT_PLACEHOLDERS.has(key) && hasVariants)) continue;
          problems.push({
            message: VARIANT_PLACEHOLDERS.has(key)
              ? `${text.field} of test '${test.name}' of '${image.name}' uses {{${key}}}, but a version without variants has none.`
              : `${text.field} of test '${test.name}' of '${image.name}' uses {{${key}}}, which is not a placeholder.`,
            hint: 'Use {{version}}, {{variant.id}} or {{variant.version}}.',
            location: test.location,
          });
        }
        if (!text.regex) continue;
        try {
          new RegExp(text.value.replace(PLACEHOLDER, 'x'), 'm');
        } catch (error: unknown) {
          problems.push({
            message: `${text.field} of test '${test.name}' of '${image.name}' is not a regular expression: ${error instanceof Error ? error.message : String(error)}.`,
            hint: 'Write a JavaScript regular expression; escape what should match literally (\\. for a dot, \\( for a parenthesis).',
            location: test.location,
          });
        }
      }
    });
  };
  const allHaveVariants = image.versions.length > 0 && image.versions.every((v) => v.variants.length > 0);
  list(image.tests, [...base, 'tests'], undefined, allHaveVariants);
  if (image.debug) list(image.debug.tests, [...base, 'debug', 'tests'], undefined, allHaveVariants);
  const names = (tests: readonly CatalogTest[]) => tests.map((t) => t.name);
  for (const version of image.versions) {
    const path = [...base, 'versions', version.version];
    const fromImage = new Set(names(image.tests));
    list(version.tests, [...path, 'tests'], fromImage, version.variants.length > 0);
    const fromVersion = new Set([...fromImage, ...names(version.tests)]);
    for (const t of version.tests) if (isSkipped(t)) fromVersion.delete(t.name);
    for (const variant of version.variants) list(variant.tests, [...path, 'variants', variant.id, 'tests'], fromVersion, true);
  }
  return problems;
}
