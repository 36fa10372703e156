import { type Document, isMap, isNode, isScalar, isSeq, LineCounter, type Node, type Pair, parseDocument, visit, type YAMLMap } from 'yaml';
import type { Problem, SourceLocation } from '../errors/index.js';

/**
 * A parsed YAML document with the means to point at any of its nodes. Map
 * lookups go through a per-map index built on first use, so locating every
 * version of a large catalog stays linear in its size.
 */
export class SourceMap {
  readonly lines = new LineCounter();
  readonly doc: Document.Parsed;
  private readonly index = new WeakMap<YAMLMap, Map<string, Pair>>();

  constructor(
    readonly file: string,
    private readonly text: string,
  ) {
    this.doc = parseDocument(text, { lineCounter: this.lines, uniqueKeys: false, prettyErrors: false });
  }

  /**
   * What keeps the document from being read at all: YAML syntax errors, then
   * keys written twice in one mapping (only once the syntax is right).
   */
  syntaxProblems(): Problem[] {
    const syntax: Problem[] = this.doc.errors.map((error) => ({
      message: error.message.split('\n')[0] ?? error.message,
      hint: 'Fix the YAML syntax.',
      location: this.location(error.pos[0]),
    }));
    return syntax.length > 0 ? syntax : this.duplicateKeys();
  }

  /**
   * Keys written twice in one mapping. The yaml package's own check compares
   * each key with every earlier one, which is quadratic in a large catalog;
   * this is one pass with a set per mapping.
   */
  duplicateKeys(): Problem[] {
    const problems: Problem[] = [];
    visit(this.doc, {
      Map: (_, map) => {
        const first = new Map<string, number>();
        for (const pair of map.items) {
          if (!isScalar(pair.key)) continue;
          const name = String(pair.key.value);
          const where = this.location(pair.key.range?.[0] ?? 0);
          const line = first.get(name);
          if (line === undefined) first.set(name, where.line ?? 0);
          else {
            problems.push({
              message: `'${name}' is written twice in the same mapping (first on line ${line}).`,
              hint: 'Each key may appear once: remove or merge the duplicate.',
              location: where,
            });
          }
        }
      },
    });
    return problems;
  }

  /** Location of the node at a path (object keys and array indexes); the nearest existing parent otherwise. */
  at(path: readonly (string | number)[], which: 'key' | 'value' = 'value'): SourceLocation {
    const { node, key } = this.walk(path);
    const target = which === 'key' && key ? key : (node ?? key);
    return this.location(target?.range?.[0] ?? 0);
  }

  /** Like `at`, with `endLine`/`endColumn` where the value at the path ends. */
  span(path: readonly (string | number)[]): SourceLocation {
    const { node, key } = this.walk(path);
    const start = this.location((key ?? node)?.range?.[0] ?? 0);
    const range = node?.range;
    if (!range) return start;
    // range[1] is just past the value, which may include a line break: step back onto its last character.
    let last = range[1] - 1;
    while (last > range[0] && /\s/.test(this.text[last] ?? '')) last--;
    const end = this.lines.linePos(last);
    return { ...start, endLine: end.line, endColumn: end.col };
  }

  location(offset: number): SourceLocation {
    const { line, col } = this.lines.linePos(offset);
    return { file: this.file, line, column: col };
  }

  /** The scalar node at a path, when it is one (to tell `1.10` from `"1.10"`). */
  scalar(path: readonly (string | number)[]): { type?: string; source?: string; value: unknown } | undefined {
    const { node, complete } = this.walk(path);
    return complete && isScalar(node)
      ? { value: node.value, ...(node.type ? { type: node.type } : {}), ...(node.source ? { source: node.source } : {}) }
      : undefined;
  }

  /** Map keys under a path, with their scalar type (numbers in keys lose digits: 1.10 reads as 1.1). */
  keys(path: readonly (string | number)[]): Array<{ key: string; numeric: boolean; location: SourceLocation }> {
    const { node, complete } = this.walk(path);
    if (!complete || !isMap(node)) return [];
    return node.items.map((pair) => {
      const keyNode = pair.key as Node | null;
      const raw = isScalar(keyNode) ? keyNode.value : keyNode;
      return {
        key: String(raw),
        numeric: typeof raw === 'number',
        location: this.location(keyNode?.range?.[0] ?? 0),
      };
    });
  }

  /** Follows a path as far as it exists; `complete` says whether it got to the end. */
  private walk(path: readonly (string | number)[]): { node?: Node; key?: Node; complete: boolean } {
    let node: Node | undefined = this.doc.contents ?? undefined;
    let key: Node | undefined;
    for (const segment of path) {
      if (isMap(node)) {
        const pair = this.pairs(node).get(String(segment));
        if (!pair) return { node, ...(key ? { key } : {}), complete: false };
        key = isNode(pair.key) ? pair.key : undefined;
        node = isNode(pair.value) ? pair.value : undefined;
      } else if (isSeq(node) && typeof segment === 'number') {
        key = undefined;
        const item: unknown = node.items[segment];
        node = isNode(item) ? item : undefined;
      } else return { ...(node ? { node } : {}), ...(key ? { key } : {}), complete: false };
    }
    return { ...(node ? { node } : {}), ...(key ? { key } : {}), complete: true };
  }

  private pairs(map: YAMLMap): Map<string, Pair> {
    let pairs = this.index.get(map);
    if (!pairs) {
      pairs = new Map();
      for (const pair of map.items) {
        const name = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
        // The first of duplicate keys wins, as in toJS(); duplicates are reported as syntax errors.
        if (!pairs.has(name)) pairs.set(name, pair);
      }
      this.index.set(map, pairs);
    }
    return pairs;
  }
}
