import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Catalog, CatalogImage, ListedBuild } from '../catalog/model.js';
import { UserError } from '../errors/index.js';
import { type ImageReference, parseReference, repositoryOf } from '../oci/index.js';
import type { PlannedImport } from './entry.js';
import type { Plan, UnavailableImport } from './plan.js';

/**
 * What the plan reads from registries (through the one registry client): the
 * digest a tag names now, or undefined when there is no such manifest. It
 * throws when the registry cannot be asked at all.
 */
export interface PlanRegistry {
  digestOf(reference: string): Promise<string | undefined>;
}

/**
 * Pull-through mirrors by upstream registry host: `docker.io` read as
 * `127.0.0.1:5001` or `artifactory.example.com/dockerhub` (a host and a
 * path prefix), as a corporate network reaches Docker Hub.
 */
export type UpstreamMirrors = Readonly<Record<string, string>>;

/** `docker.io/library/redis:7.2.4`: the upstream tag of one build an import lists. */
export function upstreamTag(image: CatalogImage, listed: ListedBuild, tagPart: string): string {
  const repository = image.import?.repository ?? '';
  const tag = listed.variant?.upstreamTag ?? listed.version.upstreamTag ?? tagPart;
  return `${canonicalRepository(repository)}:${tag}`;
}

/** `registry/repository` as registries read it: `redis` and `docker.io/redis` are `docker.io/library/redis`. */
export function canonicalRepository(repository: string): string {
  return repositoryOf(parseReference(repository, 'import'));
}

/** The same reference with every docker shorthand spelled out, or undefined when it is no image reference. */
export function canonicalTagReference(text: string): string | undefined {
  let reference: ImageReference;
  try {
    reference = parseReference(text);
  } catch {
    return undefined;
  }
  if (reference.digest !== undefined) return undefined;
  return `${repositoryOf(reference)}:${reference.tag ?? 'latest'}`;
}

/** Where a reference is read from: its registry's mirror when one is given, else the registry itself. */
export function throughMirror(reference: string, mirrors: UpstreamMirrors | undefined): string {
  const parsed = parseReference(reference, 'upstream');
  const mirror = mirrors?.[parsed.registry];
  if (mirror === undefined) return reference;
  return reference.replace(`${parsed.registry}/`, `${mirror.replace(/\/+$/, '')}/`);
}

/** `a@sha256:...` from a reference with or without a tag. */
function atDigest(reference: string, digest: string): string {
  const parsed = parseReference(reference, 'upstream');
  return `${repositoryOf(parsed)}@${digest}`;
}

export type ImportResolution = { planned: PlannedImport } | { unavailable: Omit<UnavailableImport, 'id'> };

/**
 * Resolves one import for this run: the digest its upstream tag names now
 * (through the mirror when one is given), the digest its own tag names where
 * the plan publishes (the previous import), and the upstream signer. An
 * upstream that cannot be read is not an error: the copy published before
 * stays, and builds FROM it use that.
 */
export async function resolveImport(
  catalog: Catalog,
  image: CatalogImage,
  upstream: string,
  publishedTag: string,
  registry: PlanRegistry,
  mirrors: UpstreamMirrors | undefined,
): Promise<ImportResolution> {
  const source = throughMirror(upstream, mirrors);
  const published = await registry.digestOf(publishedTag).catch(() => undefined);
  const publishedImage = published !== undefined ? atDigest(publishedTag, published) : undefined;
  const via = source === upstream ? '' : ` (read through ${source})`;
  let digest: string | undefined;
  try {
    digest = await registry.digestOf(source);
  } catch (error: unknown) {
    const reason = `${upstream}${via} could not be read: ${error instanceof Error ? error.message : String(error)}`;
    return { unavailable: { upstream, reason, ...(publishedImage !== undefined ? { published: publishedImage } : {}) } };
  }
  if (digest === undefined) {
    const reason = `${upstream}${via} does not exist`;
    return { unavailable: { upstream, reason, ...(publishedImage !== undefined ? { published: publishedImage } : {}) } };
  }
  const planned: PlannedImport = { upstream, digest, source: atDigest(source, digest) };
  if (published !== undefined) planned.published = published;
  const signature = image.import?.signature;
  if (signature?.kind === 'key') {
    const publicKey = readFileSync(resolve(catalog.dir, signature.file), 'utf8');
    planned.signature = { kind: 'key', publicKey, transparencyLog: signature.transparencyLog };
  } else if (signature?.kind === 'keyless') {
    planned.signature = { kind: 'keyless', identity: signature.identity, issuer: signature.issuer };
  }
  return { planned };
}

/** `docker.io=artifactory.example.com/dockerhub` lines of an input, checked; `input` names it in errors. */
export function parseUpstreamMirrors(lines: readonly string[], input: string): UpstreamMirrors {
  const mirrors: Record<string, string> = {};
  for (const line of lines) {
    const [host, mirror, ...rest] = line.split('=').map((part) => part.trim());
    const valid =
      rest.length === 0 &&
      host !== undefined &&
      /^[a-z0-9.-]+(?::\d+)?$/.test(host) &&
      mirror !== undefined &&
      /^[a-z0-9.-]+(?::\d+)?(?:\/[a-z0-9._-]+)*$/.test(mirror);
    if (!valid || host === undefined || mirror === undefined) {
      throw new UserError({
        message: `input '${input}' has '${line}', which is not <upstream registry>=<mirror>.`,
        hint: 'Write one mirror per line, for example docker.io=artifactory.example.com/dockerhub.',
      });
    }
    if (host in mirrors) {
      throw new UserError({ message: `input '${input}' names ${host} twice.`, hint: 'Give each upstream registry one mirror.' });
    }
    mirrors[host] = mirror;
  }
  return mirrors;
}

/** One line per planned import: new, unchanged, or moved upstream. */
export function importLines(plan: Pick<Plan, 'entries'>): string[] {
  return plan.entries.flatMap((entry) => (entry.import !== undefined ? [`${entry.id}: ${importLine(entry.import)}`] : []));
}

/** Why an import is not in the plan, and what stays. */
export function unavailableLine(gone: UnavailableImport): string {
  const stays =
    gone.published !== undefined ? `${gone.published} stays published, and builds FROM it use that` : 'nothing was published before';
  return `${gone.id}: not imported this run: ${gone.reason}; ${stays}.`;
}

/** One line on what an import does this run: new, unchanged, or moved upstream. */
export function importLine(planned: PlannedImport): string {
  if (planned.published === undefined) return `imports ${planned.upstream} at ${planned.digest} (not published before)`;
  if (planned.published === planned.digest) return `${planned.upstream} is still ${planned.digest}, as published`;
  return `upstream moved from ${planned.published} to ${planned.digest} (${planned.upstream})`;
}
