import * as core from '@actions/core';
import { UserError } from '../../packages/errors/index.js';
import { coreLogger } from './core-logger.js';

/**
 * Typed, strict readers for one action's declared inputs. Every reader names
 * the input in its error, so `ture` for a boolean fails as "input 'push'..."
 * instead of quietly meaning false.
 */
export class Inputs<N extends string> {
  constructor(private readonly actionName: string) {}

  /** The raw, trimmed value; '' when not set. */
  raw(name: N): string {
    return core.getInput(name, { trimWhitespace: true });
  }

  string(name: N, options: { required: true }): string;
  string(name: N, options?: { required?: false }): string | undefined;
  string(name: N, options: { required?: boolean } = {}): string | undefined {
    const value = this.raw(name);
    if (value === '') {
      if (options.required) {
        throw new UserError({
          message: `input '${name}' is required but was not set.`,
          hint: `Add '${name}:' under 'with:' in the step that uses ${this.actionName}.`,
        });
      }
      return undefined;
    }
    return value;
  }

  /** A secret: masked in the log before anything else can print it. */
  secret(name: N): string | undefined {
    const value = core.getInput(name, { trimWhitespace: false });
    if (value === '') return undefined;
    coreLogger.secret(value);
    return value;
  }

  boolean(name: N, fallback: boolean): boolean {
    return parseBoolean(name, this.raw(name), fallback);
  }

  integer(name: N, fallback: number, range: { min?: number; max?: number } = {}): number {
    return parseInteger(name, this.raw(name), fallback, range);
  }

  /** An integer, or undefined when the input is not set (`stage`, `shard`: all of them). */
  optionalInteger(name: N, range: { min?: number; max?: number } = {}): number | undefined {
    const value = this.raw(name);
    return value === '' ? undefined : parseInteger(name, value, 0, range);
  }

  list(name: N): string[] {
    return parseList(this.raw(name));
  }

  oneOf<const T extends string>(name: N, allowed: readonly T[], fallback: T): T {
    const value = this.raw(name);
    if (value === '') return fallback;
    if ((allowed as readonly string[]).includes(value)) return value as T;
    throw new UserError({
      message: `input '${name}' is '${value}', which is not one of: ${allowed.join(', ')}.`,
      hint: `Set '${name}' to one of those values.`,
    });
  }
}

const TRUE = new Set(['true', 'True', 'TRUE']);
const FALSE = new Set(['false', 'False', 'FALSE']);

/** YAML 1.2 core-schema booleans only; anything else is a mistake, not false. */
export function parseBoolean(name: string, value: string, fallback: boolean): boolean {
  if (value === '') return fallback;
  if (TRUE.has(value)) return true;
  if (FALSE.has(value)) return false;
  throw new UserError({
    message: `input '${name}' is '${value}', which is not a boolean.`,
    hint: `Use 'true' or 'false'.`,
  });
}

export function parseInteger(name: string, value: string, fallback: number, range: { min?: number; max?: number } = {}): number {
  if (value === '') return fallback;
  if (!/^[+-]?\d+$/.test(value)) {
    throw new UserError({
      message: `input '${name}' is '${value}', which is not a whole number.`,
      hint: `Use digits only, for example '${fallback}'.`,
    });
  }
  const number = Number(value);
  if (!Number.isSafeInteger(number)) {
    throw new UserError({ message: `input '${name}' is '${value}', which is too large.`, hint: 'Use a smaller number.' });
  }
  if ((range.min !== undefined && number < range.min) || (range.max !== undefined && number > range.max)) {
    const bounds = [range.min !== undefined ? `at least ${range.min}` : '', range.max !== undefined ? `at most ${range.max}` : '']
      .filter(Boolean)
      .join(' and ');
    throw new UserError({ message: `input '${name}' is ${number}, but it must be ${bounds}.`, hint: 'Change the value.' });
  }
  return number;
}

/**
 * A list input: items separated by newlines or commas; an item in double
 * quotes may hold commas (`"a,b", c`), and `""` inside quotes is a literal
 * quote, as in CSV. Blank items are dropped.
 */
export function parseList(value: string): string[] {
  const items: string[] = [];
  for (const line of value.split(/\r?\n/)) {
    for (const item of splitCsvLine(line)) {
      const trimmed = item.trim();
      if (trimmed !== '') items.push(trimmed);
    }
  }
  return items;
}

function splitCsvLine(line: string): string[] {
  const items: string[] = [];
  let current = '';
  let quoted = false;
  let wasQuoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        current += '"';
        i++;
      } else if (ch === '"') {
        quoted = false;
      } else {
        current += ch;
      }
    } else if (ch === '"' && current.trim() === '' && !wasQuoted) {
      quoted = true;
      wasQuoted = true;
      current = '';
    } else if (ch === ',') {
      items.push(current);
      current = '';
      wasQuoted = false;
    } else {
      current += ch;
    }
  }
  if (quoted) {
    throw new UserError({
      message: `list item '${current}' opens a double quote that is never closed.`,
      hint: 'Close the quote, or write the item without quotes.',
    });
  }
  items.push(current);
  return items;
}
