import { readFile } from 'node:fs/promises';

/** One `FROM` of a Dockerfile that names an image (not `scratch`, not an earlier stage). */
export interface DockerfileFrom {
  /** The image reference with build args substituted (from their defaults). */
  reference: string;
  /** 1-based line of the FROM instruction. */
  line: number;
  /** `AS <name>`, when given. */
  stage?: string;
}

export async function dockerfileFroms(path: string): Promise<DockerfileFrom[]> {
  return parseFroms(await readFile(path, 'utf8'));
}

/**
 * Reads the FROM lines the way BuildKit does for our purpose: instructions
 * joined across `\` continuations, comments skipped, case-insensitive, flags
 * such as `--platform=` skipped, global ARG defaults substituted.
 */
export function parseFroms(text: string): DockerfileFrom[] {
  const args = new Map<string, string>();
  const stages = new Set<string>();
  const froms: DockerfileFrom[] = [];
  let seenFrom = false;
  for (const { line, text: instruction } of instructions(text)) {
    const match = /^(\w+)\s+(.*)$/s.exec(instruction.trim());
    if (!match) continue;
    const keyword = (match[1] ?? '').toUpperCase();
    const rest = match[2] ?? '';
    if (keyword === 'ARG' && !seenFrom) {
      for (const declaration of rest.trim().split(/\s+/)) {
        const eq = declaration.indexOf('=');
        if (eq > 0) args.set(declaration.slice(0, eq), unquote(declaration.slice(eq + 1)));
      }
    } else if (keyword === 'FROM') {
      seenFrom = true;
      const words = rest
        .trim()
        .split(/\s+/)
        .filter((w) => !w.startsWith('--'));
      const image = substitute(words[0] ?? '', args);
      const stage = words[1]?.toUpperCase() === 'AS' ? words[2]?.toLowerCase() : undefined;
      if (image !== '' && image.toLowerCase() !== 'scratch' && !stages.has(image.toLowerCase())) {
        froms.push({ reference: image, line, ...(stage ? { stage } : {}) });
      }
      if (stage) stages.add(stage);
    }
  }
  return froms;
}

function instructions(text: string): Array<{ line: number; text: string }> {
  const result: Array<{ line: number; text: string }> = [];
  const lines = text.split(/\r?\n/);
  let current = '';
  let start = 0;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] ?? '';
    // Comment lines are dropped everywhere; blank lines too inside a continued instruction (BuildKit does the same).
    if (/^\s*#/.test(raw) || (current !== '' && raw.trim() === '')) continue;
    if (current === '') start = i + 1;
    if (/\\\s*$/.test(raw)) {
      current += `${raw.replace(/\\\s*$/, '')} `;
      continue;
    }
    current += raw;
    if (current.trim() !== '') result.push({ line: start, text: current });
    current = '';
  }
  if (current.trim() !== '') result.push({ line: start, text: current });
  return result;
}

function substitute(text: string, args: Map<string, string>): string {
  return text.replace(
    /\$\{(\w+)(?::?-([^}]*))?\}|\$(\w+)/g,
    (_, braced: string | undefined, fallback: string | undefined, bare: string | undefined) => {
      const name = braced ?? bare ?? '';
      return args.get(name) ?? fallback ?? '';
    },
  );
}

function unquote(text: string): string {
  return /^(["']).*\1$/.test(text) ? text.slice(1, -1) : text;
}
