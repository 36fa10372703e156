import { readFile } from 'node:fs/promises';
import { UserError } from '../errors/index.js';

interface Component {
  type?: string;
  name?: string;
  version?: string;
  components?: unknown;
}

/** Kinds of component that are not packages: the image, its platforms, the OS. */
const NOT_PACKAGES = new Set(['container', 'operating-system', 'platform', 'device']);

/**
 * The packages a CycloneDX document lists, at any depth (an image's SBOM
 * holds one component per platform, each holding that platform's packages),
 * as `name@version`.
 */
export function sbomPackages(document: unknown): string[] {
  const found: string[] = [];
  const walk = (components: unknown) => {
    if (!Array.isArray(components)) return;
    for (const component of components as Component[]) {
      if (!NOT_PACKAGES.has(component.type ?? '') && component.name) found.push(`${component.name}@${component.version ?? ''}`);
      walk(component.components);
    }
  };
  walk((document as { components?: unknown } | null)?.components);
  return found;
}

/**
 * The SBOM to attest, checked first: cosign attests any JSON as `cyclonedx`,
 * so what is not a CycloneDX document is refused; and an SBOM that lists no
 * package for an image whose own package records list some (an OS the
 * scanner could not detect) would be attested as if it described the image,
 * so it is refused too, naming both counts.
 */
export async function checkSbom(file: string, recordedPackages: number): Promise<string[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new UserError({
      message: `input 'sbom' is '${file}', which cannot be read.`,
      hint: 'Give the path of the CycloneDX JSON the scan wrote (scan-with-trivy output).',
    });
  }
  let document: { bomFormat?: unknown } | undefined;
  try {
    document = JSON.parse(text) as { bomFormat?: unknown };
  } catch {
    document = undefined;
  }
  if (document?.bomFormat !== 'CycloneDX') {
    throw new UserError({
      message: `input 'sbom' is '${file}', which is not a CycloneDX JSON document (no "bomFormat": "CycloneDX").`,
      hint: 'Give the CycloneDX JSON SBOM, for example from trivy image --format cyclonedx.',
      location: { file },
    });
  }
  const packages = sbomPackages(document);
  if (packages.length === 0 && recordedPackages > 0) {
    throw new UserError({
      message: `the SBOM ${file} lists no package, but the image's own package records list ${recordedPackages}: it does not describe the image, and is not attested.`,
      hint: 'Scan the image so that the scanner sees its packages (for a distroless-style copy of Debian, ship /etc/os-release and /etc/debian_version), then sign with that SBOM.',
      location: { file },
    });
  }
  return packages;
}
