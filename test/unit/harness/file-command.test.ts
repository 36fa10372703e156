import { describe, expect, it } from 'vitest';
import { parseFileCommand } from '../../harness/run-dist.js';

describe('parseFileCommand', () => {
  it('reads the single-line and the delimiter forms', () => {
    const text = 'a=1\nmatrix<<ghadelimiter_abc\n{\n  "x": 1\n}\nghadelimiter_abc\nb=x=y\n';
    expect(parseFileCommand(text)).toEqual({ a: '1', matrix: '{\n  "x": 1\n}', b: 'x=y' });
  });
  it('refuses an unterminated value', () => {
    expect(() => parseFileCommand('m<<EOF\nvalue\n')).toThrow(/unterminated/);
  });
});
