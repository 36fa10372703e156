import { UserError } from '../errors/index.js';

/**
 * An image reference, split the way registries read it:
 * `registry/repository[:tag][@sha256:hex]`. Every step of the chain takes and
 * returns references by digest; tags only appear when publishing.
 */
export interface ImageReference {
  /** `ghcr.io`, `127.0.0.1:5001`; `docker.io` when the reference names none. */
  registry: string;
  /** Path inside the registry: `org/app`, `library/debian`. */
  repository: string;
  tag?: string;
  /** `sha256:<64 hex>` */
  digest?: string;
}

const DIGEST = /^sha256:[a-f0-9]{64}$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;

export function isDigest(value: string): boolean {
  return DIGEST.test(value);
}

/**
 * Parses a reference; `what` names where it came from (an input, a file:line)
 * for the error message.
 */
export function parseReference(text: string, what = 'image reference'): ImageReference {
  const fail = (why: string): never => {
    throw new UserError({
      message: `${what} '${text}' is not a valid image reference: ${why}.`,
      hint: 'Write it as registry/repository:tag or registry/repository@sha256:<digest>.',
    });
  };
  if (text.trim() !== text || text === '') fail('it is empty or has surrounding spaces');
  let rest = text;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at !== -1) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) fail(`'${digest}' is not a sha256 digest`);
  }
  let tag: string | undefined;
  const lastSlash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > lastSlash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) fail(`'${tag}' is not a valid tag`);
  }
  const parts = rest.split('/');
  let registry = 'docker.io';
  const first = parts[0] ?? '';
  if (parts.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost')) {
    registry = first;
    parts.shift();
  }
  if (registry === 'docker.io' && parts.length === 1) parts.unshift('library');
  for (const part of parts) {
    if (!PATH_COMPONENT.test(part)) fail(`'${part}' is not a valid repository path component (lowercase letters, digits, separators)`);
  }
  const reference: ImageReference = { registry, repository: parts.join('/') };
  if (tag !== undefined) reference.tag = tag;
  if (digest !== undefined) reference.digest = digest;
  return reference;
}

/** `registry/repository` */
export function repositoryOf(reference: ImageReference): string {
  return `${reference.registry}/${reference.repository}`;
}

export function formatReference(reference: ImageReference): string {
  let text = repositoryOf(reference);
  if (reference.tag !== undefined) text += `:${reference.tag}`;
  if (reference.digest !== undefined) text += `@${reference.digest}`;
  return text;
}

/** `registry/repository@sha256:...`: the form every step passes on. */
export function byDigest(reference: ImageReference, digest = reference.digest): string {
  if (digest === undefined || !DIGEST.test(digest)) {
    throw new Error(`no digest for ${formatReference(reference)}`);
  }
  return `${repositoryOf(reference)}@${digest}`;
}

/** Parses a reference that must carry a digest (what scan, sign and publish accept). */
export function parseDigestReference(text: string, what = 'image reference'): ImageReference & { digest: string } {
  const reference = parseReference(text, what);
  if (reference.digest === undefined) {
    throw new UserError({
      message: `${what} '${text}' has no digest.`,
      hint: 'Pass the image by digest (registry/repository@sha256:...), as build-prebuilt outputs it; a tag can move.',
    });
  }
  return reference as ImageReference & { digest: string };
}
