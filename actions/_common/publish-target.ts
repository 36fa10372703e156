import { type MirrorSpec, parseMirrorTargets } from '../../packages/catalog/index.js';
import type { Inputs } from './inputs.js';

/** Where the catalog's images are published, when the inputs override the catalog (a lab, a mirror). */
export interface PublishTarget {
  registry?: string;
  tagTemplate?: string;
  mirrors?: MirrorSpec[];
}

/** The inputs `registry`, `tag-template` and `mirrors`, as matrix-expand and retain-versions read them. */
export function publishTargetInputs(inputs: Inputs<'registry' | 'tag-template' | 'mirrors'>): PublishTarget {
  const registry = inputs.string('registry');
  const tagTemplate = inputs.string('tag-template');
  const mirrors = inputs.list('mirrors');
  return {
    ...(registry !== undefined ? { registry } : {}),
    ...(tagTemplate !== undefined ? { tagTemplate } : {}),
    ...(mirrors.length > 0 ? { mirrors: parseMirrorTargets(mirrors, 'mirrors') } : {}),
  };
}
