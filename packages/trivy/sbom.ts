import { readFile } from 'node:fs/promises';

/**
 * One CycloneDX document for an image and every platform in it. trivy writes
 * an SBOM per platform image; signing attests one document on the digest a
 * consumer pulls (the index). Each platform becomes a `container` component
 * of its own, named by its platform and its manifest digest, holding that
 * platform's components, so nothing of any platform is left out and nothing
 * of one platform passes for another's. bom-refs are prefixed with the
 * platform so the same library on two platforms stays two components.
 */
interface CycloneDxComponent {
  'bom-ref'?: string;
  type?: string;
  name?: string;
  version?: string;
  purl?: string;
  properties?: Array<{ name: string; value: string }>;
  components?: CycloneDxComponent[];
  [key: string]: unknown;
}

interface CycloneDx {
  bomFormat?: string;
  specVersion?: string;
  serialNumber?: string;
  version?: number;
  metadata?: { timestamp?: string; tools?: unknown; component?: CycloneDxComponent };
  components?: CycloneDxComponent[];
  dependencies?: Array<{ ref: string; dependsOn?: string[] }>;
  [key: string]: unknown;
}

export interface PlatformSbom {
  platform: string;
  /** `registry/repository@sha256:...` of the platform manifest. */
  image: string;
  /** trivy's CycloneDX JSON for that platform image. */
  file: string;
}

/** The property naming a platform component's platform. */
export const PLATFORM_PROPERTY = 'image-actions:platform';

export async function mergeSboms(image: string, platforms: readonly PlatformSbom[]): Promise<object> {
  const documents = await Promise.all(platforms.map(async (p) => ({ ...p, bom: JSON.parse(await readFile(p.file, 'utf8')) as CycloneDx })));
  const first = documents[0]?.bom;
  const components: CycloneDxComponent[] = [];
  const dependencies: Array<{ ref: string; dependsOn: string[] }> = [];
  const root = `image:${image}`;
  for (const { platform, image: platformImage, bom } of documents) {
    const prefix = (ref: string) => `${platform}:${ref}`;
    const ref = `platform:${platform}`;
    const own = bom.metadata?.component;
    components.push({
      ...(own ?? {}),
      'bom-ref': ref,
      type: 'container',
      name: platformImage,
      properties: [...(own?.properties ?? []), { name: PLATFORM_PROPERTY, value: platform }],
      components: (bom.components ?? []).map((c) => withPrefixedRefs(c, prefix)),
    });
    const ownRef = own?.['bom-ref'];
    for (const dependency of bom.dependencies ?? []) {
      dependencies.push({
        ref: dependency.ref === ownRef ? ref : prefix(dependency.ref),
        dependsOn: (dependency.dependsOn ?? []).map((d) => (d === ownRef ? ref : prefix(d))),
      });
    }
  }
  dependencies.unshift({ ref: root, dependsOn: platforms.map((p) => `platform:${p.platform}`) });
  return {
    bomFormat: 'CycloneDX',
    specVersion: first?.specVersion ?? '1.6',
    ...(first?.serialNumber !== undefined ? { serialNumber: first.serialNumber } : {}),
    version: 1,
    metadata: {
      ...(first?.metadata?.timestamp !== undefined ? { timestamp: first.metadata.timestamp } : {}),
      ...(first?.metadata?.tools !== undefined ? { tools: first.metadata.tools } : {}),
      component: {
        'bom-ref': root,
        type: 'container',
        name: image,
        properties: platforms.map((p) => ({ name: PLATFORM_PROPERTY, value: p.platform })),
      },
    },
    components,
    dependencies,
  };
}

function withPrefixedRefs(component: CycloneDxComponent, prefix: (ref: string) => string): CycloneDxComponent {
  const copy: CycloneDxComponent = { ...component };
  if (component['bom-ref'] !== undefined) copy['bom-ref'] = prefix(component['bom-ref']);
  if (component.components !== undefined) copy.components = component.components.map((c) => withPrefixedRefs(c, prefix));
  return copy;
}
