/**
 * What a version is in a tag: two to four dot-separated numbers without
 * leading zeros (`1.12`, `1.12.3`, `20.11.1.0`). No `v` prefix, and no
 * pre-release suffix: with the ADR's scheme `1.0.0-rc1` would read as version
 * `1.0.0` with variant `rc` at `1`, so a tag could not be parsed back.
 */
export const VERSION_PATTERN = '(?:0|[1-9][0-9]*)(?:\\.(?:0|[1-9][0-9]*)){1,3}';

const VERSION = new RegExp(`^${VERSION_PATTERN}$`);

export function isTagVersion(text: string): boolean {
  return VERSION.test(text);
}

/** Why `text` is not a tag version, in words a person can act on; undefined when it is one. */
export function versionProblem(text: string): string | undefined {
  if (isTagVersion(text)) return undefined;
  if (text === '') return 'it is empty';
  if (/^[vV]/.test(text)) return `it has a '${text[0]}' prefix (write '${text.slice(1)}')`;
  if (/^[0-9.]+-/.test(text)) return 'it has a pre-release suffix, which the tag scheme cannot tell apart from a variant';
  if (/(^|\.)0[0-9]/.test(text)) return 'a number has a leading zero';
  if (/^[0-9]+$/.test(text)) return 'it has one number only (write at least major.minor)';
  if (/^[0-9]+(\.[0-9]+){4,}$/.test(text)) return 'it has more than four numbers';
  return 'it is not two to four dot-separated numbers';
}

/**
 * Orders two tag versions by their numbers (`1.10.0` after `1.9.3`; `1.2`
 * before `1.2.1`): negative when `a` is older. Versions that are not tag
 * versions are an error: nothing in the scheme produces them.
 */
export function compareVersions(a: string, b: string): number {
  if (!isTagVersion(a) || !isTagVersion(b)) throw new Error(`cannot order '${a}' and '${b}': not tag versions`);
  const left = a.split('.').map(Number);
  const right = b.split('.').map(Number);
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const difference = (left[i] ?? -1) - (right[i] ?? -1);
    if (difference !== 0) return difference;
  }
  return 0;
}
