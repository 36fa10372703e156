/**
 * The .dockerignore rules BuildKit applies to a build context, so the build id
 * changes exactly when what the build can see changes: one pattern per line,
 * `#` comments, `!` re-includes, the last matching pattern wins, `*` and `?`
 * stay within a path component, `**` spans any number of them, and a pattern
 * that matches a directory matches everything under it.
 */
export interface IgnoreRule {
  negate: boolean;
  pattern: RegExp;
}

export function parseDockerignore(text: string): IgnoreRule[] {
  const rules: IgnoreRule[] = [];
  for (const raw of text.split(/\r?\n/)) {
    let line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const negate = line.startsWith('!');
    if (negate) line = line.slice(1).trim();
    line = cleanPath(line);
    if (line === '') continue;
    rules.push({ negate, pattern: new RegExp(`^${patternSource(line)}(?:/.*)?$`) });
  }
  return rules;
}

/** Whether `path` (relative to the context, `/`-separated) is left out of the context. */
export function isIgnored(path: string, rules: readonly IgnoreRule[]): boolean {
  let ignored = false;
  for (const rule of rules) {
    if (rule.pattern.test(path)) ignored = !rule.negate;
  }
  return ignored;
}

function cleanPath(pattern: string): string {
  const parts: string[] = [];
  for (const part of pattern.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return parts.join('/');
}

function patternSource(pattern: string): string {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i] ?? '';
    if (ch === '*' && pattern[i + 1] === '*') {
      // `**/` matches zero or more directories; a trailing `**` matches everything.
      if (pattern[i + 2] === '/') {
        source += '(?:.*/)?';
        i += 2;
      } else {
        source += '.*';
        i += 1;
      }
    } else if (ch === '*') source += '[^/]*';
    else if (ch === '?') source += '[^/]';
    else if (ch === '\\' && i + 1 < pattern.length) {
      source += (pattern[i + 1] ?? '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      i += 1;
    } else if (ch === '[') {
      const close = pattern.indexOf(']', i + 1);
      if (close === -1) source += '\\[';
      else {
        const body = pattern.slice(i + 1, close);
        source += `[${body.startsWith('^') || body.startsWith('!') ? `^${body.slice(1)}` : body}]`;
        i = close;
      }
    } else source += ch.replace(/[.+^${}()|\]]/g, '\\$&');
  }
  return source;
}
