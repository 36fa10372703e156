import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Inputs, parseBoolean, parseInteger, parseList } from '../../../actions/_common/inputs.js';
import { UserError } from '../../../packages/errors/index.js';

describe('parseList', () => {
  const cases: Array<{ name: string; input: string; want: string[] }> = [
    { name: 'empty', input: '', want: [] },
    { name: 'one item', input: 'a', want: ['a'] },
    { name: 'newlines', input: 'a\nb\n\nc\n', want: ['a', 'b', 'c'] },
    { name: 'CRLF newlines', input: 'a\r\nb', want: ['a', 'b'] },
    { name: 'commas', input: 'a, b ,c', want: ['a', 'b', 'c'] },
    { name: 'commas and newlines', input: 'a,b\nc', want: ['a', 'b', 'c'] },
    { name: 'quoted item keeps its comma', input: '"a,b", c', want: ['a,b', 'c'] },
    { name: 'doubled quote inside quotes', input: '"say ""hi""",x', want: ['say "hi"', 'x'] },
    { name: 'blank items dropped', input: ',,a,, ,b,', want: ['a', 'b'] },
    { name: 'quote inside an unquoted item is literal', input: 'a"b', want: ['a"b'] },
    { name: 'build-arg style', input: 'A=1\nB="x,y"', want: ['A=1', 'B="x', 'y"'] },
    { name: 'quoted build-arg', input: '"B=x,y"', want: ['B=x,y'] },
  ];
  for (const c of cases) {
    it(c.name, () => expect(parseList(c.input)).toEqual(c.want));
  }

  it('an unclosed quote is a user error', () => {
    expect(() => parseList('"a,b')).toThrow(UserError);
    expect(() => parseList('"a,b')).toThrow(/never closed/);
  });
});

describe('parseBoolean', () => {
  const good: Array<[string, boolean]> = [
    ['true', true],
    ['True', true],
    ['TRUE', true],
    ['false', false],
    ['False', false],
    ['FALSE', false],
  ];
  for (const [text, want] of good) it(`'${text}' is ${want}`, () => expect(parseBoolean('push', text, !want)).toBe(want));

  it('empty takes the fallback', () => {
    expect(parseBoolean('push', '', true)).toBe(true);
    expect(parseBoolean('push', '', false)).toBe(false);
  });

  for (const typo of ['ture', 'yes', 'no', '1', '0', 'on', 'flase', 'true ']) {
    it(`'${typo}' is an error naming the input`, () => {
      expect(() => parseBoolean('push', typo, false)).toThrow(UserError);
      expect(() => parseBoolean('push', typo, false)).toThrow(/input 'push'/);
    });
  }
});

describe('parseInteger', () => {
  it('reads digits', () => expect(parseInteger('keep', '12', 3)).toBe(12));
  it('reads a sign', () => expect(parseInteger('keep', '-2', 3)).toBe(-2));
  it('empty takes the fallback', () => expect(parseInteger('keep', '', 3)).toBe(3));
  for (const bad of ['1.5', '3x', 'three', '0x10', '1e3', ' ']) {
    it(`'${bad}' is an error naming the input`, () => expect(() => parseInteger('keep', bad, 3)).toThrow(/input 'keep'/));
  }
  it('enforces the range', () => {
    expect(() => parseInteger('keep', '0', 3, { min: 1 })).toThrow(/at least 1/);
    expect(() => parseInteger('keep', '11', 3, { min: 1, max: 10 })).toThrow(/at least 1 and at most 10/);
    expect(parseInteger('keep', '10', 3, { min: 1, max: 10 })).toBe(10);
  });
  it('refuses numbers past the safe range', () => expect(() => parseInteger('keep', '99999999999999999999', 3)).toThrow(/too large/));
});

describe('Inputs (reads INPUT_* like the runner sets them)', () => {
  let saved: NodeJS.ProcessEnv;
  beforeEach(() => {
    saved = { ...process.env };
  });
  afterEach(() => {
    process.env = saved;
  });

  it('required input missing names the input and the action', () => {
    const inputs = new Inputs<'catalog'>('matrix-expand');
    delete process.env.INPUT_CATALOG;
    expect(() => inputs.string('catalog', { required: true })).toThrow(/input 'catalog' is required.*matrix-expand/);
  });

  it('hyphenated names keep their hyphen', () => {
    process.env['INPUT_FAIL-ON'] = 'HIGH';
    expect(new Inputs<'fail-on'>('x').string('fail-on')).toBe('HIGH');
  });

  it('oneOf refuses an unknown value', () => {
    process.env.INPUT_MODE = 'prebuild';
    const inputs = new Inputs<'mode'>('x');
    expect(() => inputs.oneOf('mode', ['layered', 'prebuilt'], 'layered')).toThrow(/'prebuild', which is not one of: layered, prebuilt/);
  });
});
