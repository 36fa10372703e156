/** The parts of buildx's `--metadata-file` JSON the chain relies on. */
export interface BuildMetadata {
  digest: string;
  /** The pushed manifest or index: its media type and size. */
  descriptor?: { mediaType: string; digest: string; size: number };
  /** buildx's reference of this build (`builder/node/ref`), for `docker buildx history`. */
  buildRef?: string;
  raw: Record<string, unknown>;
}

export function parseMetadata(text: string): BuildMetadata {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new Error(`buildx wrote a metadata file that is not JSON: ${text.slice(0, 200)}`);
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
    throw new Error('buildx wrote a metadata file that is not a JSON object');
  const record = raw as Record<string, unknown>;
  const digest = record['containerimage.digest'];
  if (typeof digest !== 'string' || !/^sha256:[a-f0-9]{64}$/.test(digest)) {
    throw new Error('the buildx metadata has no containerimage.digest: was the image pushed?');
  }
  const metadata: BuildMetadata = { digest, raw: record };
  const descriptor = record['containerimage.descriptor'] as BuildMetadata['descriptor'] | undefined;
  if (descriptor && typeof descriptor.mediaType === 'string') metadata.descriptor = descriptor;
  const ref = record['buildx.build.ref'];
  if (typeof ref === 'string') metadata.buildRef = ref;
  return metadata;
}
