import type { SourceLocation } from '../errors/index.js';
import { parseTagTemplate, type TagTemplate, type TemplateToken } from './template.js';
import { VERSION_PATTERN, versionProblem } from './version.js';

/** What a tag says: the application, its version and, when it has one, its variant. */
export interface TagFields {
  application: string;
  version: string;
  variant?: { id: string; version: string };
}

/** A full reference split into the parts the scheme names. */
export interface ParsedTag extends TagFields {
  registry: string;
  /** The repository path between the registry and the application: `example-org/curated-images`. */
  repository: string;
  tag: string;
}

/** Every rule of the scheme, by the name violations carry. */
export const RULES = {
  'reference-form': 'a tag is a full reference <registry>/<repository>/<application>:<tag>, without a digest',
  repository: 'the tag is in the registry and repository the catalog names',
  'tag-syntax': 'a tag is 1 to 128 letters, digits, _, . and -, and does not start with . or -',
  'no-version-prefix': 'versions have no prefix: 1.12.3, never v1.12.3',
  'version-format': 'the application version is a version: two to four dot-separated numbers, no leading zeros, no pre-release',
  'variant-version-format': 'the variant version is a version: two to four dot-separated numbers',
  'lowercase-identifier': 'the variant identifier is lowercase letters only, so the tag can be parsed back',
  'no-identifier-separator': 'nothing separates the variant identifier from the variant version (aws1.8.2)',
  'variant-incomplete': 'a variant has both an identifier and a version',
  template: 'the tag follows the tag template',
  'round-trip': 'the tag parses back to the application, version and variant it was made from',
  'duplicate-tag': 'no two catalog entries produce the same tag',
  overwrite: 'a published tag is not moved to another image while its catalog entry is unchanged',
} as const;

export type Rule = keyof typeof RULES;

/** One broken rule, with how to fix it and, when known, where the tag came from. */
export interface Violation {
  tag: string;
  rule: Rule;
  message: string;
  hint: string;
  location?: SourceLocation;
}

export interface TagScheme {
  template: TagTemplate;
  /** The tag part for these fields (`1.12.3-aws1.8.2`), without checking them. */
  formatTag(fields: TagFields): string;
  /** `<base>/<application>:<tag>`, where base is `registry/repository`. */
  formatReference(base: string, fields: TagFields): string;
  /** The fields a tag part holds, or undefined when it does not follow the template. */
  parseTagPart(tag: string): TagFields | undefined;
  /** Every rule `reference` breaks (empty when it obeys the scheme), and its fields when it parses. */
  check(reference: string, expected?: { registry: string; repository: string }): { parsed?: ParsedTag; violations: Violation[] };
  /** Rules the fields break before any tag is made (`v1.2`, `S3`), so the catalog line can be blamed. */
  checkFields(fields: TagFields): Array<{ rule: Rule; message: string; hint: string }>;
}

const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const DOCKER_TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const REGISTRY = /^(?:localhost|[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+|\[[0-9a-fA-F:]+\])(?::[0-9]+)?$|^[A-Za-z0-9-]+:[0-9]+$/;

export function tagScheme(templateText?: string, where?: string): TagScheme {
  const template = parseTagTemplate(templateText ?? '{application}:{version}-{variant}{variant-version}', where);
  const strictWith = new RegExp(`^${pattern(template.tokens, STRICT)}$`);
  const strictWithout = new RegExp(`^${pattern(template.tokens.slice(0, template.versionIndex + 1), STRICT)}$`);

  const formatTag = (fields: TagFields): string => {
    const tokens = fields.variant && template.hasVariants ? template.tokens : template.tokens.slice(0, template.versionIndex + 1);
    return tokens.map((t) => (t.kind === 'literal' ? t.text : value(t.name, fields))).join('');
  };

  const parseTagPart = (tag: string): TagFields | undefined => {
    const withVariant = template.hasVariants ? strictWith.exec(tag) : null;
    const match = withVariant ?? strictWithout.exec(tag);
    if (!match?.groups) return undefined;
    const { version = '', variant, variantVersion } = match.groups;
    const fields: TagFields = { application: '', version };
    if (variant !== undefined && variantVersion !== undefined) fields.variant = { id: variant, version: variantVersion };
    return fields;
  };

  return {
    template,
    formatTag,
    formatReference: (base, fields) => `${base}/${fields.application}:${formatTag(fields)}`,
    parseTagPart,
    check: (reference, expected) => checkReference(reference, template, parseTagPart, formatTag, expected),
    checkFields: (fields) => fieldProblems(fields, template),
  };
}

type Classes = Record<'version' | 'variant' | 'variant-version', string>;
const STRICT: Classes = { version: VERSION_PATTERN, variant: '[a-z]+', 'variant-version': VERSION_PATTERN };
// Wide enough to catch `v1.2`, `1.2.3.4.5` or `AWS` in place, so the message can name the rule broken.
const LOOSE: Classes = { version: '[vV]?[0-9][A-Za-z0-9.+]*?', variant: '[A-Za-z]+', 'variant-version': '[vV]?[0-9][A-Za-z0-9.+]*?' };
const GROUP: Record<keyof Classes, string> = { version: 'version', variant: 'variant', 'variant-version': 'variantVersion' };

function pattern(tokens: readonly TemplateToken[], classes: Classes): string {
  return tokens
    .map((t) => {
      if (t.kind === 'literal') return t.text.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');
      if (t.name === 'application') return '';
      return `(?<${GROUP[t.name]}>${classes[t.name]})`;
    })
    .join('');
}

function value(name: string, fields: TagFields): string {
  if (name === 'version') return fields.version;
  if (name === 'variant') return fields.variant?.id ?? '';
  if (name === 'variant-version') return fields.variant?.version ?? '';
  return fields.application;
}

function violation(tag: string, rule: Rule, message: string, hint: string): Violation {
  return { tag, rule, message, hint };
}

function checkReference(
  reference: string,
  template: TagTemplate,
  parseTagPart: (tag: string) => TagFields | undefined,
  formatTag: (fields: TagFields) => string,
  expected?: { registry: string; repository: string },
): { parsed?: ParsedTag; violations: Violation[] } {
  const form = (why: string) => ({
    violations: [
      violation(reference, 'reference-form', `'${reference}' ${why}.`, 'Write it as <registry>/<repository>/<application>:<tag>.'),
    ],
  });
  if (reference.includes('@')) return form('names a digest; a tag is checked without one');
  const slash = reference.lastIndexOf('/');
  const colon = reference.lastIndexOf(':');
  if (colon < slash || colon === -1) return form('has no tag');
  const path = reference.slice(0, colon).split('/');
  const tag = reference.slice(colon + 1);
  const registry = path[0] ?? '';
  const application = path[path.length - 1] ?? '';
  const repository = path.slice(1, -1).join('/');
  if (path.length < 3 || !REGISTRY.test(registry)) return form('does not start with a registry and a repository');
  const badComponent = path.slice(1).find((c) => !PATH_COMPONENT.test(c));
  if (badComponent !== undefined) return form(`has '${badComponent}', which is not a lowercase repository path component`);
  if (expected && (registry !== expected.registry || repository !== expected.repository)) {
    return {
      violations: [
        violation(
          reference,
          'repository',
          `'${reference}' is not under ${expected.registry}/${expected.repository}.`,
          `Publish it as ${expected.registry}/${expected.repository}/${application}:${tag}.`,
        ),
      ],
    };
  }
  if (!DOCKER_TAG.test(tag)) {
    return { violations: [violation(reference, 'tag-syntax', `'${tag}' is not a valid tag.`, RULES['tag-syntax'])] };
  }
  const fields = parseTagPart(tag);
  if (fields === undefined) return { violations: [diagnose(reference, tag, template)] };
  fields.application = application;
  const parsed: ParsedTag = { ...fields, registry, repository, tag };
  // A tag that parses but would be written differently (cannot happen with an accepted template) is still refused.
  if (formatTag(fields) !== tag) {
    return { violations: [violation(reference, 'round-trip', `'${tag}' does not read back as itself.`, RULES['round-trip'])] };
  }
  return { parsed, violations: [] };
}

/** Names the rule a tag that does not follow the template most likely broke. */
function diagnose(reference: string, tag: string, template: TagTemplate): Violation {
  const loose = (tokens: readonly TemplateToken[]) => new RegExp(`^${pattern(tokens, LOOSE)}$`).exec(tag)?.groups;
  const groups = (template.hasVariants ? loose(template.tokens) : undefined) ?? loose(template.tokens.slice(0, template.versionIndex + 1));
  if (groups) {
    const problems = fieldProblems(
      {
        application: 'x',
        version: groups.version ?? '',
        ...(groups.variant !== undefined ? { variant: { id: groups.variant, version: groups.variantVersion ?? '' } } : {}),
      },
      template,
    );
    const first = problems[0];
    if (first) return violation(reference, first.rule, `'${tag}': ${first.message}`, first.hint);
  }
  if (/(?:^|[^A-Za-z])[vV][0-9]/.test(tag)) {
    return violation(reference, 'no-version-prefix', `'${tag}' has a 'v' before a version.`, 'Drop the v: 1.12.3, never v1.12.3.');
  }
  if (/[A-Z]/.test(tag)) {
    return violation(
      reference,
      'lowercase-identifier',
      `'${tag}' has uppercase letters.`,
      'Write the variant identifier in lowercase letters.',
    );
  }
  const adjacent = template.tokens.findIndex(
    (t, i) => t.kind === 'placeholder' && t.name === 'variant' && template.tokens[i + 1]?.kind === 'placeholder',
  );
  if (adjacent !== -1 && /[a-z]+[-_.][0-9]/.test(tag)) {
    return violation(
      reference,
      'no-identifier-separator',
      `'${tag}' separates the variant identifier from its version.`,
      'Write them together, as in aws1.8.2.',
    );
  }
  const withoutVariantVersion = { ...LOOSE, 'variant-version': '' };
  if (template.hasVariants && new RegExp(`^${pattern(template.tokens, withoutVariantVersion)}$`).test(tag)) {
    return violation(
      reference,
      'variant-incomplete',
      `'${tag}' has a variant identifier without a version.`,
      'Add the variant version: aws1.8.2.',
    );
  }
  return violation(
    reference,
    'template',
    `'${tag}' does not follow the tag template '${template.text}'.`,
    'Write the tag as the template says.',
  );
}

function fieldProblems(fields: TagFields, template: TagTemplate): Array<{ rule: Rule; message: string; hint: string }> {
  const problems: Array<{ rule: Rule; message: string; hint: string }> = [];
  const version = versionProblem(fields.version);
  if (version !== undefined) {
    const prefix = /^[vV][0-9]/.test(fields.version);
    problems.push({
      rule: prefix ? 'no-version-prefix' : 'version-format',
      message: `version '${fields.version}' is not a tag version: ${version}.`,
      hint: prefix ? `Write '${fields.version.slice(1)}'.` : 'Write it as major.minor[.patch[.build]], for example 1.12.3.',
    });
  }
  if (fields.variant) {
    if (!template.hasVariants) {
      problems.push({
        rule: 'template',
        message: `the tag template '${template.text}' has no place for variant '${fields.variant.id}'.`,
        hint: 'Add {variant} and {variant-version} to the tag template, or remove the variants.',
      });
    }
    if (!/^[a-z]+$/.test(fields.variant.id)) {
      problems.push({
        rule: 'lowercase-identifier',
        message: `variant identifier '${fields.variant.id}' is not lowercase letters only, so its tag could not be parsed back (s3 at 1.0 would read s31.0).`,
        hint: `Rename it with lowercase letters only, for example '${fields.variant.id.toLowerCase().replace(/[^a-z]/g, '') || 'aws'}'.`,
      });
    }
    const variantVersion = versionProblem(fields.variant.version);
    if (variantVersion !== undefined) {
      const prefix = /^[vV][0-9]/.test(fields.variant.version);
      problems.push({
        rule: prefix ? 'no-version-prefix' : 'variant-version-format',
        message: `variant version '${fields.variant.version}' is not a tag version: ${variantVersion}.`,
        hint: prefix ? `Write '${fields.variant.version.slice(1)}'.` : 'Write it as major.minor[.patch[.build]], for example 1.8.2.',
      });
    }
  }
  return problems;
}
