import catalogSchema from '../../schema/catalog.schema.json' with { type: 'json' };
import { UserError } from '../errors/index.js';
import type { Mirror } from './model.js';

/** The one definition of a mirror target: the published schema's pattern. */
const TARGET = new RegExp((catalogSchema.definitions.mirror.oneOf[0] as { pattern: string }).pattern, 'u');

export type MirrorSpec = Pick<Mirror, 'registry' | 'repository' | 'overwrite'>;

/**
 * Mirrors given as an input (`<registry>/<repository>`, one per item) rather
 * than in the catalog, checked as the catalog's are; they never overwrite.
 */
export function parseMirrorTargets(items: readonly string[], input: string): MirrorSpec[] {
  const seen = new Set<string>();
  return items.map((item) => {
    if (!TARGET.test(item)) {
      throw new UserError({
        message: `input '${input}' lists '${item}', which is not a mirror: <registry>/<repository>, the registry a host name with a dot or a port.`,
        hint: 'Write mirrors like artifactory.example.com/curated or 127.0.0.1:5002/team/images (lowercase), one per line.',
      });
    }
    if (seen.has(item)) {
      throw new UserError({ message: `input '${input}' lists '${item}' twice.`, hint: 'Remove the duplicate.' });
    }
    seen.add(item);
    const slash = item.indexOf('/');
    return { registry: item.slice(0, slash), repository: item.slice(slash + 1), overwrite: false };
  });
}
