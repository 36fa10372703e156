import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import catalogSchema from '../../schema/catalog.schema.json' with { type: 'json' };
import type { Problem } from '../errors/index.js';
import type { SourceMap } from './source-map.js';

/**
 * How the problems a JSON Schema finds in one kind of document are worded:
 * what its parts are called, what its patterns mean, how to fix them. The
 * formatting itself (most specific problem first, at the line a person
 * wrote, one problem per place) is shared by every document validated this
 * way: the catalog, the scan's ignore file.
 */
export interface SchemaWording {
  /** The document as a whole, for a problem at its root: `the catalog`. */
  document: string;
  /** The published schema, named when there is no better hint. */
  schemaFile: string;
  /** How a value is named in messages (`'images.velero.keep'` by default). */
  name?: (segments: readonly string[]) => string;
  patternMeaning: (segments: readonly string[]) => string;
  patternHint: (segments: readonly string[]) => string;
  /** What to add when a required key is missing; `Add '<key>:'` by default. */
  requiredHint?: (missing: string, where: string) => string | undefined;
  /**
   * Values that must take one of several shapes (a oneOf of objects): one
   * problem each, instead of every branch's complaints.
   */
  shapes?: { path: RegExp; message: (where: string) => string; hint: string };
}

/** One compiler configuration for every published schema: all errors, strict, with the data for messages. */
export function compileSchema(schema: object): ValidateFunction {
  return new Ajv({ allErrors: true, strict: true, allowUnionTypes: true, verbose: true }).compile(schema);
}

/** The published JSON Schema is the one structural validator; compiled once per process. */
let compiled: ValidateFunction | undefined;

/** Every structural problem of a catalog, each pointing at the line a person wrote, most specific first. */
export function catalogSchemaProblems(data: unknown, source: SourceMap): Problem[] {
  compiled ??= compileSchema(catalogSchema);
  return schemaProblems(compiled, data, source, CATALOG_WORDING);
}

/** Every problem `validate` finds in `data`, worded for its document, each at its place in `source`, in file order. */
export function schemaProblems(validate: ValidateFunction, data: unknown, source: SourceMap, wording: SchemaWording): Problem[] {
  if (validate(data)) return [];
  const all = validate.errors ?? [];
  const problems: Problem[] = [];
  const seen = new Set<string>();
  const name = (segs: readonly string[]) => nameOf(segs, wording);
  const shapePath = (e: ErrorObject) => (wording.shapes ? wording.shapes.path.exec(e.instancePath)?.[0] : undefined);
  const shapes = new Set(all.map(shapePath).filter((p) => p !== undefined));
  // A right shape with a wrong value (a relative path) is reported as such, not as a wrong shape.
  for (const e of all) if (e.keyword === 'pattern' && shapePath(e)) shapes.delete(shapePath(e) ?? '');
  for (const path of shapes) {
    problems.push({
      message: wording.shapes?.message(name(segments(path))) ?? '',
      hint: wording.shapes?.hint ?? '',
      location: source.at(pathOf(segments(path))),
    });
  }
  const errors = relevant(
    all.filter((e) => {
      const path = shapePath(e);
      return path === undefined || (!shapes.has(path) && (e.keyword === 'pattern' || e.instancePath !== path));
    }),
  );
  for (const error of errors) {
    const problem = describe(error, source, wording);
    const key = `${problem.location?.line}:${problem.location?.column}:${problem.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      problems.push(problem);
    }
  }
  return problems.sort(
    (a, b) => (a.location?.line ?? 0) - (b.location?.line ?? 0) || (a.location?.column ?? 0) - (b.location?.column ?? 0),
  );
}

const CATALOG_WORDING: SchemaWording = {
  document: 'the catalog',
  schemaFile: 'schema/catalog.schema.json',
  patternMeaning,
  patternHint,
  requiredHint: (missing) =>
    missing === 'owner' ? 'Every curated image has an owner: add `owner: team@example.com` (who answers for it).' : undefined,
  // A capability is one of three shapes; ajv's per-branch complaints would only confuse.
  shapes: {
    path: /^\/images\/[^/]+\/requires\/\d+/,
    message: (where) => `${where} must name exactly one of binary, file or package (with an optional version range).`,
    hint: 'Write it as { binary: /usr/bin/tool }, { file: /etc/file } or { package: name, version: ">=1.2 <2" }.',
  },
};

function nameOf(segs: readonly string[], wording: SchemaWording): string {
  if (segs.length === 0) return wording.document;
  return wording.name ? wording.name(segs) : `'${segs.join('.')}'`;
}

/**
 * ajv reports every branch of a oneOf; keep the errors of the branch that got
 * furthest (the deepest paths), which is the one the author meant.
 */
function relevant(errors: ErrorObject[]): ErrorObject[] {
  const byBranchRoot = new Map<string, ErrorObject[]>();
  for (const error of errors) {
    if (error.keyword === 'oneOf' || error.keyword === 'if') continue;
    const list = byBranchRoot.get(error.instancePath) ?? [];
    list.push(error);
    byBranchRoot.set(error.instancePath, list);
  }
  const paths = [...byBranchRoot.keys()];
  const kept: ErrorObject[] = [];
  for (const [path, list] of byBranchRoot) {
    // A wrong shape at a path with deeper errors is another oneOf branch talking (only there: outside a
    // oneOf, a missing key and a bad value below it are two real problems).
    const deeper = paths.some((p) => p !== path && p.startsWith(`${path}/`));
    for (const error of list) {
      const branch = error.schemaPath.includes('/oneOf/');
      if (deeper && branch && (error.keyword === 'type' || error.keyword === 'required' || error.keyword === 'additionalProperties'))
        continue;
      kept.push(error);
    }
  }
  // A value of the right shape for one oneOf branch (a mirror written as a string, or as an object) is
  // not also "of the wrong type" for the other: when a branch says something about it, that is the problem.
  const branchOf = (e: ErrorObject) => /\/oneOf\/(\d+)\//.exec(e.schemaPath)?.[1];
  const wrongBranch = (e: ErrorObject) =>
    e.keyword === 'type' &&
    branchOf(e) !== undefined &&
    kept.some(
      (o) =>
        o.keyword !== 'type' &&
        branchOf(o) !== undefined &&
        branchOf(o) !== branchOf(e) &&
        (o.instancePath === e.instancePath || o.instancePath.startsWith(`${e.instancePath}/`)),
    );
  const types = kept.filter((e) => e.keyword === 'type' && !wrongBranch(e));
  // Several "must be X" for one value (oneOf branches): say it once, listing what is allowed.
  const merged = new Map<string, ErrorObject>();
  for (const error of types) {
    const previous = merged.get(error.instancePath);
    if (previous) {
      (previous.params as { type: string }).type = `${typeText(previous)} or ${typeText(error)}`;
    } else merged.set(error.instancePath, { ...error, params: { ...error.params, type: typeText(error) } });
  }
  return [...kept.filter((e) => e.keyword !== 'type'), ...merged.values()];
}

/** A type error's expected type as words: `["array", "null"]` reads `array or null`. */
function typeText(error: ErrorObject): string {
  return [(error.params as { type: string | string[] }).type].flat().join(' or ');
}

function segments(instancePath: string): string[] {
  return instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function pathOf(segs: readonly string[]): (string | number)[] {
  return segs.map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function describe(error: ErrorObject, source: SourceMap, wording: SchemaWording): Problem {
  const name = (error as ErrorObject & { propertyName?: string }).propertyName;
  if (name !== undefined) {
    const parent = segments(error.instancePath);
    return {
      message: `'${name}' is not a valid key in ${nameOf(parent, wording)}.`,
      hint: wording.patternHint([...parent, name]),
      location: source.at([...pathOf(parent), name], 'key'),
    };
  }
  const segs = segments(error.instancePath);
  const path = pathOf(segs);
  const where = nameOf(segs, wording);
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = (error.params as { additionalProperty: string }).additionalProperty;
      const allowed = Object.keys((error.parentSchema as { properties?: object }).properties ?? {});
      const suggestion = closest(key, allowed);
      return {
        message: `unknown key '${key}' in ${where}${suggestion ? ` (did you mean '${suggestion}'?)` : ''}.`,
        hint: suggestion ? `Rename it to '${suggestion}'.` : `Allowed keys: ${allowed.join(', ')}.`,
        location: source.at([...path, key], 'key'),
      };
    }
    case 'required': {
      const missing = (error.params as { missingProperty: string }).missingProperty;
      const hint = wording.requiredHint?.(missing, where) ?? `Add '${missing}:' to ${where}.`;
      return { message: `${where} is missing '${missing}'.`, hint, location: source.at(path, segs.length > 0 ? 'key' : 'value') };
    }
    case 'type': {
      const scalar = source.scalar(path);
      const expected = (error.params as { type: string }).type;
      if (typeof scalar?.value === 'number' && expected.includes('string')) {
        return {
          message: `${where} is the number ${scalar.source ?? String(scalar.value)} in YAML, where text is expected.`,
          hint: `Quote it ("${scalar.source ?? String(scalar.value)}"): unquoted, 1.10 reads as 1.1.`,
          location: source.at(path),
        };
      }
      return {
        message: `${where} must be ${article(expected)}.`,
        hint: `Change ${where} to ${article(expected)}.`,
        location: source.at(path),
      };
    }
    case 'enum': {
      const allowed = (error.params as { allowedValues: unknown[] }).allowedValues.map(String);
      const value = String(source.scalar(path)?.value ?? '');
      const suggestion = closest(value, allowed);
      return {
        message: `${where} is '${value}', which is not one of: ${allowed.join(', ')}${suggestion ? ` (did you mean '${suggestion}'?)` : ''}.`,
        hint: `Use one of: ${allowed.join(', ')}.`,
        location: source.at(path),
      };
    }
    case 'pattern':
      return {
        message: `${where} '${String(source.scalar(path)?.value ?? '')}' ${wording.patternMeaning(segs)}.`,
        hint: wording.patternHint(segs),
        location: source.at(path),
      };
    case 'minimum':
      return {
        message: `${where} must be at least ${(error.params as { limit: number }).limit}.`,
        hint: 'Raise the value.',
        location: source.at(path),
      };
    case 'minItems':
    case 'minProperties':
      return { message: `${where} is empty.`, hint: `Give ${where} at least one entry, or remove it.`, location: source.at(path) };
    case 'uniqueItems':
      return { message: `${where} lists the same value twice.`, hint: 'Remove the duplicate.', location: source.at(path) };
    case 'minLength':
      return { message: `${where} is empty.`, hint: `Give ${where} a value.`, location: source.at(path) };
    case 'dependencies':
      return {
        message: `${where} has 'http' but no 'port' to probe.`,
        hint: "Add 'port:' with the port the image serves HTTP on.",
        location: source.at([...path, 'http'], 'key'),
      };
    default:
      return {
        message: `${where} ${error.message ?? 'is invalid'}.`,
        hint: `See ${wording.schemaFile} for what is allowed.`,
        location: source.at(path),
      };
  }
}

function patternMeaning(segs: readonly string[]): string {
  const last = segs.at(-1);
  if (last === 'registry') return 'is not a registry host (lowercase host name, optional :port)';
  if (last === 'repository') return 'is not a repository path (lowercase letters, digits and separators, / between parts)';
  if (segs.includes('platforms')) return 'is not a platform (os/arch or os/arch/variant)';
  if (segs.includes('mirrors')) return 'is not a mirror: <registry>/<repository>, the registry a host name with a dot or a port';
  if (last === 'binary' || last === 'file') return 'is not an absolute path';
  if (last === 'owner' || segs.at(-2) === 'owner') return 'is neither an e-mail address nor a GitHub handle';
  if (last === 'timeout') return 'is not a duration (500ms, 30s, 2m)';
  if (last === 'memory') return 'is not a memory size (256m, 1g)';
  if (segs.includes('tmpfs') || (last === 'path' && segs.includes('http'))) return 'is not an absolute path';
  return 'does not have the allowed form';
}

function patternHint(segs: readonly string[]): string {
  if (segs[0] === 'images' && segs.length === 2) return 'Application names are lowercase letters, digits and . _ - separators.';
  if (segs.includes('build-args')) return 'Build argument names are letters, digits and underscores, not starting with a digit.';
  if (segs.includes('platforms')) return 'Write platforms like linux/amd64 or linux/arm64/v8.';
  if (segs.includes('mirrors')) return 'Write mirrors like artifactory.example.com/curated or 127.0.0.1:5002/team/images (lowercase).';
  if (segs.at(-1) === 'binary' || segs.at(-1) === 'file') return 'Write the path inside the image, starting with /.';
  if (segs.at(-1) === 'owner' || segs.at(-2) === 'owner')
    return 'Name who answers for the image: team@example.com or @example-org/team, or a list of both.';
  if (segs.includes('env')) return 'Environment variable names are letters, digits and underscores, not starting with a digit.';
  if (segs.at(-1) === 'timeout') return "Write a whole number with its unit: '500ms', '30s' or '2m'.";
  if (segs.at(-1) === 'memory') return "Write a whole number with k, m or g, as docker's --memory takes it: '256m'.";
  if (segs.includes('tmpfs') || segs.includes('http')) return 'Write the path inside the image, starting with /.';
  return 'See schema/catalog.schema.json for the allowed form.';
}

function article(type: string): string {
  const first = type.split(' or ')[0] ?? type;
  return `${/^[aeiou]/.test(first) ? 'an' : 'a'} ${type.replace('null', 'empty value')}`;
}

/** The allowed word closest to a typo, when it is close enough to be the one meant. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const d = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
