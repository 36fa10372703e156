import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseTagTemplate, type TagFields, tagScheme } from '../../../packages/tags/index.js';

interface GoodCase {
  name: string;
  tag: string;
  template?: string;
  version: string;
  variant?: string;
  'variant-version'?: string;
}
interface BadCase {
  name: string;
  tag: string;
  template?: string;
  expect: string;
  message: string;
}
interface Corpus {
  good: GoodCase[];
  bad: BadCase[];
  templates: { good: string[]; bad: Array<{ template: string; message: string }> };
}

const corpus = parse(readFileSync(join(import.meta.dirname, '../../fixtures/tags/corpus.yaml'), 'utf8')) as Corpus;
const expected = { registry: 'ghcr.io', repository: 'example-org/curated-images' };

describe('tag corpus', () => {
  it('holds at least 40 tags', () => expect(corpus.good.length + corpus.bad.length).toBeGreaterThanOrEqual(40));

  for (const c of corpus.good) {
    it(`accepts ${c.name}`, () => {
      const scheme = tagScheme(c.template);
      const { parsed, violations } = scheme.check(c.tag, expected);
      expect(violations).toEqual([]);
      const fields: TagFields = {
        application: c.tag.slice(c.tag.lastIndexOf('/') + 1, c.tag.lastIndexOf(':')),
        version: String(c.version),
      };
      if (c.variant !== undefined) fields.variant = { id: c.variant, version: String(c['variant-version']) };
      expect(parsed).toMatchObject(fields);
      // Formatting the parsed fields gives the same tag back.
      expect(scheme.formatReference('ghcr.io/example-org/curated-images', fields)).toBe(c.tag);
    });
  }

  for (const c of corpus.bad) {
    it(`refuses ${c.name} (${c.expect})`, () => {
      const { parsed, violations } = tagScheme(c.template).check(c.tag, expected);
      expect(parsed).toBeUndefined();
      expect(violations.map((v) => v.rule)).toEqual([c.expect]);
      expect(violations[0]?.message).toContain(c.message);
      expect(violations[0]?.hint).not.toBe('');
    });
  }
});

describe('tag templates', () => {
  for (const template of corpus.templates.good) it(`accepts ${template}`, () => expect(parseTagTemplate(template).text).toBe(template));
  for (const c of corpus.templates.bad) {
    it(`refuses ${c.template}`, () => expect(() => parseTagTemplate(c.template, "input 'tag-template'")).toThrow(c.message));
  }
  it('names where the template came from', () =>
    expect(() => parseTagTemplate('{x}', 'images.yaml tag-template')).toThrow(/^images.yaml tag-template '\{x\}' is refused/));
});

describe('formatting', () => {
  const scheme = tagScheme();
  const cases: Array<{ name: string; fields: TagFields; tag: string }> = [
    {
      name: 'with a variant',
      fields: { application: 'velero', version: '1.12.3', variant: { id: 'aws', version: '1.8.2' } },
      tag: '1.12.3-aws1.8.2',
    },
    { name: 'without variants', fields: { application: 'python-runner', version: '3.11.9' }, tag: '3.11.9' },
  ];
  for (const c of cases) it(c.name, () => expect(scheme.formatTag(c.fields)).toBe(c.tag));

  it('blames the fields before a tag is made', () => {
    const problems = scheme.checkFields({ application: 'x', version: 'v1.0', variant: { id: 's3', version: '1.0' } });
    expect(problems.map((p) => p.rule)).toEqual(['no-version-prefix', 'lowercase-identifier']);
    expect(problems[1]?.message).toContain('s31.0');
  });
});
