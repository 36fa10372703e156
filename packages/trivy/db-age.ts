import { UserError } from '../errors/index.js';
import type { DbState } from './db.js';

/** How old a vulnerability DB may be by default. The public DB is rebuilt every six hours. */
export const DEFAULT_MAX_DB_AGE = '2d';

const HOUR = 3_600_000;

/**
 * `max-db-age`: a whole number of days or hours, `2d`, `36h`. Anything else is
 * the user's mistake, named with the input.
 */
export function parseMaxDbAge(value: string, input = 'max-db-age'): number {
  const match = /^(\d+)\s*([dh])$/.exec(value.trim());
  const amount = match ? Number(match[1]) : Number.NaN;
  if (!match || amount < 1) {
    throw new UserError({
      message: `input '${input}' is '${value}', which is not an age.`,
      hint: 'Give a whole number of days or hours, at least 1: `2d`, `36h`.',
    });
  }
  return amount * (match[2] === 'd' ? 24 : 1) * HOUR;
}

/** `3 days 4 hours`, `5 hours`, `under an hour`: how old, in words a reader takes in at once. */
export function formatAge(ms: number): string {
  const hours = Math.floor(ms / HOUR);
  if (hours < 1) return 'under an hour';
  const days = Math.floor(hours / 24);
  const rest = hours % 24;
  const unit = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  if (days === 0) return unit(hours, 'hour');
  return rest === 0 ? unit(days, 'day') : `${unit(days, 'day')} ${unit(rest, 'hour')}`;
}

/** The DB's age and where it came from, as the summary shows it. */
export function describeDb(db: DbState): string {
  const from =
    db.source === 'download'
      ? `downloaded from ${db.repository ?? '?'}`
      : db.source === 'cache'
        ? `the cached copy ${db.restoredKey ?? ''}`.trimEnd()
        : `an older cached copy (${db.restoredKey ?? '?'}), every repository having failed`;
  return `${formatAge(db.ageMs)} old (built ${db.updatedAt}), ${from}`;
}

/**
 * Why the DB may not be scanned with, or undefined when it is young enough.
 * A DB past `maxAgeMs` would pass images against advisories it does not
 * have: the scan stops with `stale-db` instead, naming the age and every
 * repository that failed.
 */
export function dbAgeProblem(db: DbState, maxAgeMs: number): string | undefined {
  if (db.ageMs <= maxAgeMs) return undefined;
  const failed = db.failures.length > 0 ? `; the DB repositories failed: ${db.failures.join('; ')}` : '';
  return `the vulnerability DB is ${formatAge(db.ageMs)} old (built ${db.updatedAt}), older than max-db-age ${formatAge(maxAgeMs)}${failed}`;
}
