import { Readable, type Transform } from 'node:stream';
import { createGunzip, createZstdDecompress } from 'node:zlib';
import { parseDigestReference } from '../oci/index.js';
import type { RegistryClient } from '../registry/index.js';
import { flatten } from './filesystem.js';
import type { ImageConfig, ImageDescription } from './image.js';
import { isPackageRecord, packageRecords } from './installed-packages.js';
import { readLayer, type TarEntry } from './layer-tar.js';

interface Descriptor {
  mediaType?: string;
  digest: string;
  size?: number;
  platform?: { os?: string; architecture?: string; variant?: string };
}

interface Manifest {
  mediaType?: string;
  manifests?: Descriptor[];
  config?: Descriptor;
  layers?: Descriptor[];
}

interface ConfigBlob {
  os?: string;
  architecture?: string;
  variant?: string;
  config?: { User?: string; Entrypoint?: string[] | null; Cmd?: string[] | null };
}

export interface PlatformImage {
  platform: string;
  /** The platform manifest's digest. */
  digest: string;
  /** Config plus compressed layers, as pulled. */
  size: number;
}

export interface ReadImageOptions {
  /**
   * Recognise executables by their content (shells, package managers): what
   * the lock-down checks need. The scan's coverage check needs only the
   * package records, and skips it.
   */
  recognise?: boolean;
}

/**
 * The pushed image itself, per platform, from the registry: the platform
 * manifests of the index (attestation manifests skipped), each config, each
 * layer streamed through gunzip (or zstd) and the tar reader, and flattened.
 * Nothing runs inside the image, so a locked-down image with no shell reads
 * as well as any.
 */
export async function readImage(client: RegistryClient, image: string, options: ReadImageOptions = {}): Promise<ImageDescription[]> {
  const results: ImageDescription[] = [];
  for (const platform of await platformManifests(client, image)) {
    results.push(await readPlatformImage(client, image, platform, options));
  }
  return results;
}

/** How many packages the records in `image` list, every platform together (no content recognition: records only). */
export async function recordedPackageCount(client: RegistryClient, image: string): Promise<number> {
  let count = 0;
  for (const platform of await readImage(client, image, { recognise: false })) count += packageRecords(platform.files).packages.length;
  return count;
}

/** One platform's image of `image` (whose repository holds it), by the platform manifest's digest. */
export async function readPlatformImage(
  client: RegistryClient,
  image: string,
  platform: Pick<PlatformImage, 'platform' | 'digest'>,
  options: ReadImageOptions = {},
): Promise<ImageDescription> {
  const { registry, repository } = parseDigestReference(image, 'image');
  const manifest = JSON.parse((await client.manifest(registry, repository, platform.digest)).body.toString('utf8')) as Manifest;
  const config = JSON.parse((await client.blob(registry, repository, requireDigest(manifest.config))).toString('utf8')) as ConfigBlob;
  const layers: TarEntry[][] = [];
  for (const layer of manifest.layers ?? []) {
    const bytes = await client.blob(registry, repository, layer.digest);
    layers.push(
      await readLayer(uncompressed(bytes, layer.mediaType ?? ''), {
        wantContent: isPackageRecord,
        recognise: options.recognise ?? true,
      }),
    );
  }
  return { platform: platform.platform, digest: platform.digest, config: imageConfig(config), files: flatten(layers) };
}

/** The platform images of `image` (an index or a single manifest), with their sizes. */
export async function platformManifests(client: RegistryClient, image: string): Promise<PlatformImage[]> {
  const { registry, repository, digest } = parseDigestReference(image, 'image');
  const top = await client.manifest(registry, repository, digest);
  const parsed = JSON.parse(top.body.toString('utf8')) as Manifest;
  const descriptors: Descriptor[] = parsed.manifests
    ? parsed.manifests.filter((m) => m.platform?.os !== undefined && m.platform.os !== 'unknown')
    : [{ digest: top.digest }];
  const platforms: PlatformImage[] = [];
  for (const descriptor of descriptors) {
    const manifest =
      descriptor.digest === top.digest
        ? parsed
        : (JSON.parse((await client.manifest(registry, repository, descriptor.digest)).body.toString('utf8')) as Manifest);
    const size = (manifest.config?.size ?? 0) + (manifest.layers ?? []).reduce((sum, layer) => sum + (layer.size ?? 0), 0);
    let platform = platformName(descriptor.platform);
    if (platform === undefined) {
      const config = JSON.parse((await client.blob(registry, repository, requireDigest(manifest.config))).toString('utf8')) as ConfigBlob;
      platform = platformName(config) ?? 'unknown';
    }
    platforms.push({ platform, digest: descriptor.digest, size });
  }
  return platforms;
}

function platformName(p: { os?: string; architecture?: string; variant?: string } | undefined): string | undefined {
  if (!p?.os || !p.architecture) return undefined;
  return [p.os, p.architecture, p.variant].filter(Boolean).join('/');
}

function requireDigest(descriptor: Descriptor | undefined): string {
  if (!descriptor) throw new Error('the image manifest has no config');
  return descriptor.digest;
}

function imageConfig(blob: ConfigBlob): ImageConfig {
  return { user: blob.config?.User ?? '', entrypoint: blob.config?.Entrypoint ?? [], cmd: blob.config?.Cmd ?? [] };
}

/**
 * The layer's tar stream. The registry client hands over the compressed blob
 * (checked against its digest); it is decompressed as the tar reader pulls,
 * so the uncompressed layer never exists whole in memory.
 */
export function uncompressed(bytes: Buffer, mediaType: string): Readable {
  const source = Readable.from([bytes]);
  let decompress: Transform | undefined;
  if (mediaType.endsWith('+zstd') || mediaType.endsWith('.zstd')) decompress = createZstdDecompress();
  // Gzip by its magic number: some registries label a gzip layer without the suffix.
  else if (bytes[0] === 0x1f && bytes[1] === 0x8b) decompress = createGunzip();
  if (decompress === undefined) return source;
  source.on('error', (error) => decompress.destroy(error));
  return source.pipe(decompress);
}
