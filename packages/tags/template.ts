import { UserError } from '../errors/index.js';

/**
 * A tag template: how an organisation spells `<application>:<tag>`.
 *
 *   {application}:{version}-{variant}{variant-version}     the ADR's scheme (default)
 *   {application}:{version}_{variant}-{variant-version}    another organisation's
 *
 * The part before `:` is `{application}`. The tag part holds `{version}` once,
 * and either both `{variant}` and `{variant-version}` after it, or neither.
 * An image without variants is tagged with the tag part cut right after
 * `{version}` (`velero:1.12.3`).
 *
 * A template is accepted only if every tag it makes parses back to exactly one
 * reading. Each placeholder has an alphabet: {version} and {variant-version}
 * are digits and dots, {variant} is lowercase letters. Parsing left to right,
 * a placeholder is unambiguous when what follows it is one of:
 *   - the end of the tag;
 *   - a literal holding a character outside the placeholder's alphabet
 *     (`{version}-…`: a version never holds `-`);
 *   - a literal made only of the placeholder's own characters (possibly empty)
 *     followed by a placeholder whose first character the first can never hold
 *     (`{variant}{variant-version}`: letters, then a digit).
 * Anything else is refused: `{version}{variant-version}` or
 * `{version}.{variant-version}` could split `1.2.3.4` in several places.
 */
export const DEFAULT_TAG_TEMPLATE = '{application}:{version}-{variant}{variant-version}';

export type Placeholder = 'application' | 'version' | 'variant' | 'variant-version';

export type TemplateToken = { kind: 'literal'; text: string } | { kind: 'placeholder'; name: Placeholder };

export interface TagTemplate {
  text: string;
  /** Tokens of the tag part (after `{application}:`). */
  tokens: TemplateToken[];
  /** Index in `tokens` of `{version}`: the tag of an image without variants stops after it. */
  versionIndex: number;
  hasVariants: boolean;
}

const PLACEHOLDERS: readonly Placeholder[] = ['application', 'version', 'variant', 'variant-version'];
const TAG_LITERAL = /^[A-Za-z0-9_.-]*$/;

/** Characters a placeholder's value may hold; its first character is a subset. */
const ALPHABET: Record<Exclude<Placeholder, 'application'>, { all: RegExp; first: RegExp; words: string }> = {
  version: { all: /^[0-9.]$/, first: /^[0-9]$/, words: 'digits and dots' },
  'variant-version': { all: /^[0-9.]$/, first: /^[0-9]$/, words: 'digits and dots' },
  variant: { all: /^[a-z]$/, first: /^[a-z]$/, words: 'lowercase letters' },
};

/** Parses and checks a template; `where` names the input or file it came from. */
export function parseTagTemplate(text: string, where = 'tag template'): TagTemplate {
  const refuse = (why: string, hint: string): never => {
    throw new UserError({ message: `${where} '${text}' is refused: ${why}.`, hint });
  };
  const colon = text.indexOf(':');
  if (colon === -1 || text.slice(0, colon) !== '{application}') {
    refuse(
      "it must start with '{application}:'",
      `Write it as '{application}:' followed by the tag, for example '${DEFAULT_TAG_TEMPLATE}'.`,
    );
  }
  const tokens = tokenize(text.slice(colon + 1), refuse);
  const count = (name: Placeholder) => tokens.filter((t) => t.kind === 'placeholder' && t.name === name).length;
  if (count('application') > 0) refuse("'{application}' may only appear before ':'", 'Remove it from the tag part.');
  if (count('version') !== 1) refuse("the tag part must hold '{version}' exactly once", 'Add one {version}.');
  if (count('variant') > 1 || count('variant-version') > 1) refuse('a variant placeholder appears twice', 'Keep one of each.');
  if (count('variant') !== count('variant-version')) {
    refuse("'{variant}' and '{variant-version}' go together", 'Use both, or neither for a catalog without variants.');
  }
  const versionIndex = tokens.findIndex((t) => t.kind === 'placeholder' && t.name === 'version');
  const firstVariant = tokens.findIndex((t) => t.kind === 'placeholder' && t.name !== 'version');
  if (firstVariant !== -1 && firstVariant < versionIndex) {
    refuse("the variant placeholders must come after '{version}'", 'Move {variant} and {variant-version} after {version}.');
  }
  const hasVariants = firstVariant !== -1;
  if (!hasVariants && versionIndex !== tokens.length - 1) {
    refuse("without variants the tag must end with '{version}'", 'Remove the text after {version}.');
  }
  const first = tokens[0];
  if (first?.kind === 'literal' && !/^[A-Za-z0-9_]/.test(first.text)) {
    refuse(`a tag cannot start with '${first.text[0] ?? ''}'`, 'Start the tag with a letter, a digit or _.');
  }
  checkUnambiguous(tokens, refuse);
  return { text, tokens, versionIndex, hasVariants };
}

function tokenize(tag: string, refuse: (why: string, hint: string) => never): TemplateToken[] {
  const tokens: TemplateToken[] = [];
  let rest = tag;
  while (rest !== '') {
    const open = rest.indexOf('{');
    const literal = open === -1 ? rest : rest.slice(0, open);
    if (literal !== '') {
      if (literal.includes('}') || !TAG_LITERAL.test(literal)) {
        refuse(`'${literal}' holds a character a tag cannot hold`, 'Tags hold letters, digits, _, . and - only.');
      }
      tokens.push({ kind: 'literal', text: literal });
    }
    if (open === -1) break;
    const close = rest.indexOf('}', open);
    if (close === -1) refuse("a '{' is never closed", "Close the placeholder with '}'.");
    const name = rest.slice(open + 1, close);
    if (!(PLACEHOLDERS as readonly string[]).includes(name)) {
      refuse(`'{${name}}' is not a placeholder`, `Use ${PLACEHOLDERS.map((p) => `{${p}}`).join(', ')}.`);
    }
    tokens.push({ kind: 'placeholder', name: name as Placeholder });
    rest = rest.slice(close + 1);
  }
  return tokens;
}

function checkUnambiguous(tokens: readonly TemplateToken[], refuse: (why: string, hint: string) => never): void {
  tokens.forEach((token, i) => {
    if (token.kind !== 'placeholder' || token.name === 'application') return;
    const alphabet = ALPHABET[token.name];
    let j = i + 1;
    let own = '';
    for (; j < tokens.length; j++) {
      const next = tokens[j];
      if (next === undefined || next.kind !== 'literal') break;
      if ([...next.text].some((ch) => !alphabet.all.test(ch))) return;
      own += next.text;
    }
    const next = tokens[j];
    if (next === undefined) return;
    if (next.kind === 'placeholder' && next.name !== 'application') {
      // The next value starts with a character this one never holds: the boundary is where it starts.
      const nextFirst = ALPHABET[next.name].first;
      const overlaps = alphabet.all.test('0') ? nextFirst.test('0') : nextFirst.test('a');
      if (!overlaps) return;
    }
    const between = own === '' ? 'nothing' : `only '${own}'`;
    refuse(
      `'{${token.name}}' (${alphabet.words}) is followed by ${between} and then '{${next.kind === 'placeholder' ? next.name : ''}}', so a tag could be split in more than one place`,
      `Put a separator that '{${token.name}}' can never hold between them, such as '-' or '_'.`,
    );
  });
}
