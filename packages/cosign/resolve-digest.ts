import { UserError } from '../errors/index.js';
import { byDigest, type ImageReference, isDigest, parseReference } from '../oci/index.js';
import type { CommandRunner } from '../process/index.js';

export interface ResolvedImage {
  /** `registry/repository@sha256:...`, what gets signed and reported. */
  image: string;
  digest: string;
  /** The tag the input named, when it named one (and the digest it pointed at then). */
  fromTag?: string;
}

/**
 * Signing a tag would sign whatever the tag points at when cosign looks, so
 * a tag is turned into its digest once, here, and only that digest is used
 * afterwards. A reference that already has a digest is taken as it is (a
 * tag next to it is dropped: the digest is what is signed).
 *
 * The registry is asked through `docker buildx imagetools inspect`, which
 * uses the same credentials (`docker login`) as cosign and the rest of the
 * chain, and reports the digest of the manifest or index the tag names.
 */
export async function resolveDigest(runner: CommandRunner, text: string, docker = 'docker'): Promise<ResolvedImage> {
  const reference = parseReference(text, `input 'image'`);
  if (reference.digest !== undefined) return { image: byDigest(reference), digest: reference.digest };
  const tagged = formatTagged(reference);
  const result = await runner.run({
    file: docker,
    args: ['buildx', 'imagetools', 'inspect', '--format', '{{json .Manifest}}', tagged],
    quiet: true,
  });
  if (result.exitCode !== 0) {
    throw new UserError({
      message: `input 'image' is '${text}', and its tag could not be resolved to a digest: ${lastLine(result.stderr || result.stdout)}`,
      hint: 'Check that the tag exists and that the job is logged in to the registry, or pass the image by digest.',
    });
  }
  const digest = digestOf(result.stdout);
  return { image: byDigest(reference, digest), digest, fromTag: tagged };
}

/** Reads `"digest"` from imagetools' JSON description of the manifest. */
export function digestOf(manifestJson: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(manifestJson);
  } catch {
    throw new Error(`docker buildx imagetools inspect printed something that is not JSON: ${manifestJson.slice(0, 200)}`);
  }
  const digest = typeof parsed === 'object' && parsed !== null ? (parsed as { digest?: unknown }).digest : undefined;
  if (typeof digest !== 'string' || !isDigest(digest)) {
    throw new Error(`docker buildx imagetools inspect gave no sha256 digest: ${manifestJson.slice(0, 200)}`);
  }
  return digest;
}

function formatTagged(reference: ImageReference): string {
  return `${reference.registry}/${reference.repository}:${reference.tag ?? 'latest'}`;
}

function lastLine(text: string): string {
  return text.trim().split('\n').pop() ?? '';
}
