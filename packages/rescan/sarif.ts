import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseReference } from '../oci/index.js';
import { type ImageScan, toSarif } from '../trivy/index.js';

/**
 * `rescan/<repository path>:<tag>/`: one code-scanning category per image
 * and tag, so the tags of an image show side by side and a tag's alerts
 * close only when that tag's rescan no longer finds them. The registry's
 * host is left out: the same image in a mirror is the same alert.
 */
export function rescanCategory(tag: string): string {
  const reference = parseReference(tag, 'tag');
  return `rescan/${reference.repository}:${reference.tag ?? ''}/`.replace(/[^A-Za-z0-9._/:-]/g, '-');
}

/** One SARIF file for an image: a run per published tag and platform whose digest was scanned. */
export async function writeImageSarif(
  dir: string,
  application: string,
  tags: readonly { tag: string; scan: ImageScan }[],
  toolVersion: string,
): Promise<string | undefined> {
  if (tags.length === 0) return undefined;
  await mkdir(dir, { recursive: true });
  const file = join(dir, `${application}.sarif`);
  const log = toSarif(
    tags.flatMap(({ tag, scan }) =>
      scan.platforms.map((platform) => ({
        image: platform.image,
        platform: platform.platform,
        findings: platform.findings,
        verdict: platform.verdict,
        toolVersion,
        // One category per tag and platform: each platform's alerts open and close on their own.
        category: `${rescanCategory(tag)}${platform.platform}/`,
        ...(platform.status === 'unscannable' ? { unscannable: platform.reason } : {}),
      })),
    ),
  );
  await writeFile(file, `${JSON.stringify(log, null, 2)}\n`);
  return file;
}
