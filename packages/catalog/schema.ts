import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import catalogSchema from '../../schema/catalog.schema.json' with { type: 'json' };
import type { Problem } from '../errors/index.js';
import type { SourceMap } from './load.js';

/** The published JSON Schema is the one structural validator; compiled once per process. */
let compiled: ValidateFunction | undefined;

function validator(): ValidateFunction {
  compiled ??= new Ajv({ allErrors: true, strict: true, allowUnionTypes: true, verbose: true }).compile(catalogSchema);
  return compiled;
}

/** The schema as published, for editors and for the tests. */
export function catalogSchemaText(path: string): string {
  return readFileSync(path, 'utf8');
}

/** Every structural problem, each pointing at the line a person wrote, most specific first. */
export function schemaProblems(data: unknown, source: SourceMap): Problem[] {
  const validate = validator();
  if (validate(data)) return [];
  const all = validate.errors ?? [];
  const problems: Problem[] = [];
  const seen = new Set<string>();
  // A capability is one of three shapes; ajv's per-branch complaints would only confuse.
  const capabilityPath = (e: ErrorObject) => /^\/images\/[^/]+\/requires\/\d+/.exec(e.instancePath)?.[0];
  const capabilities = new Set(all.map(capabilityPath).filter((p) => p !== undefined));
  // A right shape with a wrong value (a relative path) is reported as such, not as a wrong shape.
  for (const e of all) if (e.keyword === 'pattern' && capabilityPath(e)) capabilities.delete(capabilityPath(e) ?? '');
  for (const path of capabilities) {
    problems.push({
      message: `'${segments(path).join('.')}' must name exactly one of binary, file or package (with an optional version range).`,
      hint: 'Write it as { binary: /usr/bin/tool }, { file: /etc/file } or { package: name, version: ">=1.2 <2" }.',
      location: source.at(pathOf(segments(path))),
    });
  }
  const errors = relevant(
    all.filter((e) => {
      const path = capabilityPath(e);
      return path === undefined || (!capabilities.has(path) && (e.keyword === 'pattern' || e.instancePath !== path));
    }),
  );
  for (const error of errors) {
    const problem = describe(error, source);
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
  const types = kept.filter((e) => e.keyword === 'type');
  // Several "must be X" for one value (oneOf branches): say it once, listing what is allowed.
  const merged = new Map<string, ErrorObject>();
  for (const error of types) {
    const previous = merged.get(error.instancePath);
    if (previous) {
      (previous.params as { type: string }).type =
        `${(previous.params as { type: string }).type} or ${(error.params as { type: string }).type}`;
    } else merged.set(error.instancePath, { ...error, params: { ...error.params } });
  }
  return [...kept.filter((e) => e.keyword !== 'type'), ...merged.values()];
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

function describe(error: ErrorObject, source: SourceMap): Problem {
  const name = (error as ErrorObject & { propertyName?: string }).propertyName;
  if (name !== undefined) {
    const parent = segments(error.instancePath);
    return {
      message: `'${name}' is not a valid key in ${parent.length === 0 ? 'the catalog' : `'${parent.join('.')}'`}.`,
      hint: patternHint([...parent, name]),
      location: source.at([...pathOf(parent), name], 'key'),
    };
  }
  const segs = segments(error.instancePath);
  const path = pathOf(segs);
  const where = segs.length === 0 ? 'the catalog' : `'${segs.join('.')}'`;
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
      const hint =
        missing === 'owner'
          ? 'Every curated image has an owner: add `owner: team@example.com` (who answers for it).'
          : `Add '${missing}:' to ${where}.`;
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
        message: `${where} '${String(source.scalar(path)?.value ?? '')}' ${patternMeaning(segs)}.`,
        hint: patternHint(segs),
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
    default:
      return {
        message: `${where} ${error.message ?? 'is invalid'}.`,
        hint: 'See schema/catalog.schema.json for what is allowed.',
        location: source.at(path),
      };
  }
}

function patternMeaning(segs: readonly string[]): string {
  const last = segs.at(-1);
  if (last === 'registry') return 'is not a registry host (lowercase host name, optional :port)';
  if (last === 'repository') return 'is not a repository path (lowercase letters, digits and separators, / between parts)';
  if (segs.includes('platforms')) return 'is not a platform (os/arch or os/arch/variant)';
  if (last === 'binary' || last === 'file') return 'is not an absolute path';
  if (last === 'owner' || segs.at(-2) === 'owner') return 'is neither an e-mail address nor a GitHub handle';
  return 'does not have the allowed form';
}

function patternHint(segs: readonly string[]): string {
  if (segs[0] === 'images' && segs.length === 2) return 'Application names are lowercase letters, digits and . _ - separators.';
  if (segs.includes('build-args')) return 'Build argument names are letters, digits and underscores, not starting with a digit.';
  if (segs.includes('platforms')) return 'Write platforms like linux/amd64 or linux/arm64/v8.';
  if (segs.at(-1) === 'binary' || segs.at(-1) === 'file') return 'Write the path inside the image, starting with /.';
  if (segs.at(-1) === 'owner' || segs.at(-2) === 'owner')
    return 'Name who answers for the image: team@example.com or @example-org/team, or a list of both.';
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
