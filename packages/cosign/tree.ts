/**
 * What `cosign tree` says is attached to an image: the `.sig`/`.att` tags of
 * the tag scheme, and the referrers of the bundle format (each with its
 * predicate type). Its output is text meant for people, so the parser reads
 * only the lines whose shape cosign's source fixes (see test/fixtures/cosign).
 */
export interface AttachedArtifacts {
  /** `repo:sha256-<hex>.sig` tags and `repo@sha256:` referrer manifests of signatures. */
  signatures: string[];
  /** The same for attestations, with their predicate type when the registry says it. */
  attestations: { reference: string; predicateType?: string }[];
}

/** The predicate type cosign gives a plain image signature stored as a bundle. */
export const SIGNATURE_PREDICATE_TYPE = 'https://sigstore.dev/cosign/sign/v1';

const TAG_LINE = /^└── \S+ (Signatures|SBOMs|Attestations) for an image tag: (\S+)$/u;
const REFERRER_LINE = /^└── \S+ (\S+) artifacts via OCI referrer: (\S+)$/u;

export function parseTree(output: string): AttachedArtifacts {
  const found: AttachedArtifacts = { signatures: [], attestations: [] };
  for (const line of output.split('\n').map((l) => l.trimEnd())) {
    const tag = TAG_LINE.exec(line);
    if (tag) {
      const [, kind, reference = ''] = tag;
      if (kind === 'Signatures') found.signatures.push(reference);
      if (kind === 'Attestations') found.attestations.push({ reference });
      continue;
    }
    const referrer = REFERRER_LINE.exec(line);
    if (referrer) {
      const [, predicateType = '', reference = ''] = referrer;
      if (predicateType === SIGNATURE_PREDICATE_TYPE) found.signatures.push(reference);
      else found.attestations.push({ reference, predicateType });
    }
  }
  // cosign lists referrers in map order, which changes between calls.
  found.signatures.sort();
  found.attestations.sort((a, b) => a.reference.localeCompare(b.reference));
  return found;
}
