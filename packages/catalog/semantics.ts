import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import semver from 'semver';
import type { Problem, SourceLocation } from '../errors/index.js';
import { compareVersions, isTagVersion, versionProblem } from '../tags/index.js';
import { parseFroms } from './dockerfile.js';
import { confine, exists, isDirectory, isFile } from './files.js';
import {
  type Catalog,
  type CatalogImage,
  type CatalogTest,
  debugApplication,
  isSkipped,
  listedBuilds,
  type Mirror,
  mirrorTarget,
} from './model.js';
import type { SourceMap } from './source-map.js';

export interface SemanticOptions {
  /**
   * The repository root. Every path the catalog names (contexts, Dockerfiles,
   * the .dockerignore files a build reads) must stay inside it, after
   * symlinks: a build sends its context to BuildKit, and a context outside
   * the repository would send whatever is there. Default: the catalog's directory.
   */
  workspace?: string;
  /** Skip the checks that read the file system (contexts, Dockerfiles, FROM lines); where paths lead is still checked. */
  skipFileChecks?: boolean;
}

const VARIANT_ID = /^[a-z]+$/;
const PLACEHOLDER = /\{\{\s*([^}]*?)\s*\}\}/g;
const VARIANT_PLACEHOLDERS = new Set(['variant.id', 'variant.version']);

/** What the schema cannot say: versions, identifiers, files on disk, FROM lines between images. */
export async function semanticProblems(catalog: Catalog, source: SourceMap, options: SemanticOptions): Promise<Problem[]> {
  const problems: Problem[] = [];
  const workspace = options.workspace ?? catalog.dir;
  const names = new Set(catalog.images.map((i) => i.name));
  // Debug twins are published as applications too, so a Dockerfile may build FROM one.
  const known = new Set([...names, ...catalog.images.flatMap((i) => (i.debug ? [debugApplication(i.name)] : []))]);
  // A twin whose name another image takes is the tag scheme's duplicate-tag rule (packages/tags), not a catalog error.
  if (catalog.mirrors) problems.push(...mirrorProblems(catalog.mirrors, catalog, 'the catalog'));
  for (const image of catalog.images) {
    if (image.mirrors && image.mirrors !== catalog.mirrors) problems.push(...mirrorProblems(image.mirrors, catalog, `'${image.name}'`));
    problems.push(
      ...versionProblems(image, source),
      ...placeholderProblems(image, source),
      ...modeProblems(image, source),
      ...retentionProblems(image, source),
      ...testProblems(image, source),
    );
    problems.push(...importProblems(catalog, image, source, workspace, options.skipFileChecks === true));
    if (image.import !== undefined) continue;
    const paths = pathProblems(catalog, image, source, workspace);
    problems.push(...paths);
    if (!options.skipFileChecks && paths.length === 0) problems.push(...fileProblems(catalog, image, source, known));
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

/** A mirror is somewhere else than the source, and is named once per list. */
function mirrorProblems(mirrors: readonly Mirror[], catalog: Catalog, owner: string): Problem[] {
  const problems: Problem[] = [];
  const source = `${catalog.registry}/${catalog.repository}`;
  const seen = new Map<string, number>();
  for (const mirror of mirrors) {
    const target = mirrorTarget(mirror);
    if (target === source) {
      problems.push({
        message: `mirror '${target}' of ${owner} is where the images are published: a mirror must be another registry or repository.`,
        hint: `Remove it, or name the registry the images are to be copied to.`,
        location: mirror.location,
      });
    }
    const first = seen.get(target);
    if (first !== undefined) {
      problems.push({
        message: `mirror '${target}' of ${owner} is listed twice (first on line ${first}).`,
        hint: 'Remove the duplicate; give `overwrite` once, on the entry you keep.',
        location: mirror.location,
      });
    } else seen.set(target, mirror.location.line ?? 0);
  }
  return problems;
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

/**
 * Retention keeps `keep` versions per stream (the image, or one variant
 * identifier of it) and never removes one the catalog lists: a catalog that
 * lists more than it may keep could never be satisfied.
 */
function retentionProblems(image: CatalogImage, source: SourceMap): Problem[] {
  const problems: Problem[] = [];
  const streams = new Map<string, Array<{ key: [string, string]; location: SourceLocation }>>();
  for (const { version, variant, location } of listedBuilds(image)) {
    if (!isTagVersion(version.version) || (variant && !isTagVersion(variant.version))) continue;
    const id = variant?.id ?? '';
    const list = streams.get(id) ?? [];
    list.push({ key: [version.version, variant?.version ?? '0.0'], location });
    streams.set(id, list);
  }
  const ownKeep = source.keys(['images', image.name]).find((k) => k.key === 'keep');
  const keepWhere = ownKeep ? `, line ${ownKeep.location.line}` : ' from the defaults';
  for (const [id, listed] of streams) {
    if (listed.length <= image.keep) continue;
    listed.sort((a, b) => compareVersions(b.key[0], a.key[0]) || compareVersions(b.key[1], a.key[1]));
    const stream = id === '' ? `'${image.name}'` : `the '${id}' variant of '${image.name}'`;
    problems.push({
      message: `the catalog lists ${listed.length} versions of ${stream}, more than it keeps (keep: ${image.keep}${keepWhere}); retention never removes a listed version, so it could not keep ${image.keep}.`,
      hint: `Remove the oldest versions from the catalog, or raise 'keep' to ${listed.length}.`,
      location: listed[image.keep]?.location ?? image.location,
    });
  }
  if (image.deprecated && !isCalendarDate(image.deprecated.removeAfter)) {
    problems.push({
      message: `remove-after '${image.deprecated.removeAfter}' of '${image.name}' is not a date.`,
      hint: 'Write it as YYYY-MM-DD, e.g. 2027-03-01.',
      location: image.deprecated.location,
    });
  }
  return problems;
}

function isCalendarDate(text: string): boolean {
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

/**
 * Every {{...}} in a build argument that the entry could not fill in, at the
 * line of that build argument: in the defaults, the image, a version or a variant.
 */
function placeholderProblems(image: CatalogImage, source: SourceMap): Problem[] {
  const problems: Problem[] = [];
  const check = (args: Record<string, string>, path: readonly (string | number)[], hasVariants: boolean) => {
    for (const [name, value] of Object.entries(args)) {
      for (const match of value.matchAll(PLACEHOLDER)) {
        const key = match[1] ?? '';
        if (key === 'version' || (VARIANT_PLACEHOLDERS.has(key) && hasVariants)) continue;
        problems.push({
          message: VARIANT_PLACEHOLDERS.has(key)
            ? `build arg ${name} of '${image.name}' uses {{${key}}}, but a version without variants has none.`
            : `build arg ${name} of '${image.name}' uses {{${key}}}, which is not a placeholder.`,
          hint: 'Use {{version}}, {{variant.id}} or {{variant.version}}.',
          location: source.at([...path, name]),
        });
      }
    }
  };
  const allHaveVariants = image.versions.every((v) => v.variants.length > 0);
  const imagePath = ['images', image.name];
  // image.buildArgs holds the defaults too: each is checked where it is written.
  const own = new Set(source.keys([...imagePath, 'build-args']).map((k) => k.key));
  const byPlace = { image: {} as Record<string, string>, defaults: {} as Record<string, string> };
  for (const [name, value] of Object.entries(image.buildArgs)) byPlace[own.has(name) ? 'image' : 'defaults'][name] = value;
  check(byPlace.defaults, ['defaults', 'build-args'], allHaveVariants);
  check(byPlace.image, [...imagePath, 'build-args'], allHaveVariants);
  for (const version of image.versions) {
    const versionPath = [...imagePath, 'versions', version.version];
    check(version.buildArgs, [...versionPath, 'build-args'], version.variants.length > 0);
    for (const variant of version.variants) check(variant.buildArgs, [...versionPath, 'variants', variant.id, 'build-args'], true);
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

/** What an image imports with describes the copy, not a build: build fields are refused, and import fields need an import. */
function importProblems(catalog: Catalog, image: CatalogImage, source: SourceMap, workspace: string, skipFiles: boolean): Problem[] {
  const problems: Problem[] = [];
  const path = ['images', image.name];
  const written = (segments: (string | number)[]) =>
    source.scalar([...path, ...segments]) !== undefined || source.keys([...path, ...segments]).length > 0;
  const versionPaths = image.versions.flatMap((version) => [
    ['versions', version.version],
    ...version.variants.map((variant) => ['versions', version.version, 'variants', variant.id]),
  ]);
  if (image.import === undefined) {
    if (written(['upstream-signature'])) {
      problems.push({
        message: `'${image.name}' has 'upstream-signature' but no 'import': only an imported image has an upstream to verify.`,
        hint: "Add 'import: <registry>/<repository>' (the upstream repository), or remove 'upstream-signature'.",
        location: source.at([...path, 'upstream-signature'], 'key'),
      });
    }
    for (const at of versionPaths) {
      if (source.scalar([...path, ...at, 'upstream-tag']) === undefined) continue;
      problems.push({
        message: `'${image.name}' ${at.slice(1).join(' ')} has 'upstream-tag' but the image has no 'import'.`,
        hint: "Add 'import: <registry>/<repository>' to the image, or remove 'upstream-tag'.",
        location: source.at([...path, ...at, 'upstream-tag'], 'key'),
      });
    }
    return problems;
  }
  for (const field of ['context', 'dockerfile', 'target', 'build-args', 'debug']) {
    if (!written([field])) continue;
    problems.push({
      message: `'${image.name}' imports ${image.import.repository}, so '${field}' has no meaning: an imported image is copied, not built.`,
      hint: `Remove '${field}', or build the image (remove 'import') FROM the upstream instead.`,
      location: source.at([...path, field], 'key'),
    });
  }
  for (const at of versionPaths) {
    if (!written([...at, 'build-args'])) continue;
    problems.push({
      message: `'${image.name}' imports ${image.import.repository}, so the build-args of ${at.slice(1).join(' ')} have no meaning.`,
      hint: "Remove 'build-args': an imported image is copied, not built.",
      location: source.at([...path, ...at, 'build-args'], 'key'),
    });
  }
  const own = `${catalog.registry}/${catalog.repository}/`;
  if (`${image.import.repository}/`.startsWith(own)) {
    problems.push({
      message: `'${image.name}' imports ${image.import.repository}, which is where this catalog publishes.`,
      hint: 'Import from the upstream registry; a FROM a catalog image already builds on the published copy.',
      location: image.import.location,
    });
  }
  const signature = image.import.signature;
  if (signature?.kind === 'key') {
    const where = confine(workspace, catalog.dir, signature.file);
    const location = source.at([...path, 'upstream-signature', 'key']);
    if (!where.inside) {
      problems.push({
        message: `the upstream key '${signature.file}' of '${image.name}' leaves the repository: it ${where.why}.`,
        hint: 'Keep the public key in the repository, relative to the catalog file.',
        location,
      });
    } else if (!skipFiles && !isFile(where.path)) {
      problems.push({
        message: `the upstream key '${signature.file}' of '${image.name}' does not exist.`,
        hint: "Add the upstream's cosign public key (PEM) there, or fix 'upstream-signature.key' (it is relative to the catalog file).",
        location,
      });
    }
  }
  return problems;
}

/** Where a field of the image is written, or where the image starts when the field is left to its default. */
function fieldLocation(source: SourceMap, image: CatalogImage, field: string): SourceLocation {
  const path = ['images', image.name, field];
  return source.scalar(path) !== undefined ? source.at(path) : image.location;
}

/**
 * The context, the Dockerfile and the .dockerignore files a build of the
 * image reads must stay inside the workspace after every symlink; each
 * escape is refused at the field that leads there.
 */
function pathProblems(catalog: Catalog, image: CatalogImage, source: SourceMap, workspace: string): Problem[] {
  const leaves = (field: string, written: string, why: string): Problem => ({
    message: `the ${field} '${written}' of '${image.name}' leaves the repository: it ${why}.`,
    hint: `Point '${field}' at a path inside the repository, relative to ${field === 'context' ? 'the catalog file' : 'the context'}; a build sends what it names to BuildKit.`,
    location: fieldLocation(source, image, field),
  });
  const context = confine(workspace, catalog.dir, image.context);
  if (!context.inside) return [leaves('context', image.context, context.why)];
  const dockerfile = confine(workspace, context.path, image.dockerfile);
  if (!dockerfile.inside) return [leaves('dockerfile', image.dockerfile, dockerfile.why)];
  // What BuildKit reads besides the context: `<Dockerfile>.dockerignore` first, else the context's `.dockerignore`.
  const ignores = [
    { field: 'dockerfile', written: `${image.dockerfile}.dockerignore`, base: context.path },
    { field: 'context', written: join(image.context, '.dockerignore'), base: catalog.dir },
  ];
  for (const ignore of ignores) {
    if (!exists(resolve(ignore.base, ignore.written))) continue;
    const where = confine(workspace, ignore.base, ignore.written);
    if (!where.inside) return [leaves(ignore.field, ignore.written, where.why)];
  }
  return [];
}

function fileProblems(catalog: Catalog, image: CatalogImage, source: SourceMap, known: ReadonlySet<string>): Problem[] {
  const context = resolve(catalog.dir, image.context);
  if (!isDirectory(context)) {
    return [
      {
        message: `the context '${image.context}' of '${image.name}' does not exist.`,
        hint: `Create ${context}, or fix 'context' (it is relative to the catalog file).`,
        location: fieldLocation(source, image, 'context'),
      },
    ];
  }
  const dockerfile = resolve(context, image.dockerfile);
  if (!isFile(dockerfile)) {
    const written = source.scalar(['images', image.name, 'dockerfile']) !== undefined;
    return [
      {
        message: `the Dockerfile '${image.dockerfile}' of '${image.name}' does not exist in ${image.context}.`,
        hint: written
          ? "Add it, or fix 'dockerfile' (it is relative to the context)."
          : `Add ${image.dockerfile} to ${dirname(dockerfile)}, or name another file with 'dockerfile:'.`,
        // The default name: the context is what holds no Dockerfile.
        location: fieldLocation(source, image, written ? 'dockerfile' : 'context'),
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
