import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import semver from 'semver';
import type { Problem } from '../errors/index.js';
import { versionProblem } from '../tags/index.js';
import { parseFroms } from './dockerfile.js';
import { isDirectory, isFile, type LoadOptions, type SourceMap } from './load.js';
import { type Catalog, type CatalogImage, debugApplication, type Mirror, mirrorTarget } from './model.js';

const VARIANT_ID = /^[a-z]+$/;
const PLACEHOLDER = /\{\{\s*([^}]*?)\s*\}\}/g;
const VARIANT_PLACEHOLDERS = new Set(['variant.id', 'variant.version']);

/** What the schema cannot say: versions, identifiers, files on disk, FROM lines between images. */
export async function semanticProblems(catalog: Catalog, source: SourceMap, options: LoadOptions): Promise<Problem[]> {
  const problems: Problem[] = [];
  const names = new Set(catalog.images.map((i) => i.name));
  // Debug twins are published as applications too, so a Dockerfile may build FROM one.
  const known = new Set([...names, ...catalog.images.flatMap((i) => (i.debug ? [debugApplication(i.name)] : []))]);
  // A twin whose name another image takes is the tag scheme's duplicate-tag rule (packages/tags), not a catalog error.
  if (catalog.mirrors) problems.push(...mirrorProblems(catalog.mirrors, catalog, 'the catalog'));
  for (const image of catalog.images) {
    if (image.mirrors && image.mirrors !== catalog.mirrors) problems.push(...mirrorProblems(image.mirrors, catalog, `'${image.name}'`));
    problems.push(...versionProblems(image, source), ...placeholderProblems(image), ...modeProblems(image, source));
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
