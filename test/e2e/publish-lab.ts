import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { type SigningKey, signImage } from '../../packages/cosign/index.js';
import { MemoryLogger } from '../../packages/logging/index.js';
import { ExecRunner } from '../../packages/process/index.js';
import { ANONYMOUS, RegistryClient } from '../../packages/registry/index.js';
import { buildPushed } from './gates-lab.js';
import { type Lab, runToolOk } from './lab.js';

/**
 * Published images for the tests of what happens after publishing
 * (retention, propagation, rescans): a small image of its own content,
 * built for real by the lab's buildx (both platforms, an index), pushed by
 * digest, signed and its SBOM attested by the project's own signing code
 * with a test key, then tagged. No shortcut: what is in the registry is what
 * the chain leaves there.
 */
export interface TestKey {
  dir: string;
  key: SigningKey;
  publicKey: string;
  remove(): void;
}

export function testKey(l: Lab, scratch: string): TestKey {
  const dir = mkdtempSync(join(scratch, 'cosign-key-'));
  const password = `pw-${Date.now().toString(36)}`;
  execFileSync(l.bin.cosign, ['generate-key-pair'], { cwd: dir, env: { ...process.env, COSIGN_PASSWORD: password }, stdio: 'ignore' });
  const publicKey = readFileSync(join(dir, 'cosign.pub'), 'utf8');
  return {
    dir,
    key: { privateKey: readFileSync(join(dir, 'cosign.key'), 'utf8'), password, publicKey },
    publicKey,
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export interface PublishedImage {
  /** `host/repository@sha256:...` */
  image: string;
  digest: string;
  /** Platform manifest digests of the index. */
  platforms: string[];
}

export interface PublishOptions {
  /** `host/path/application` */
  repository: string;
  /** Tags to put on the digest once it is signed. */
  tags: string[];
  /** Makes the digest: the same content builds the same digest. */
  content: string;
  key: TestKey;
  /** The cosign binary: the lab's v3 (referrers) or v2 (`.sig`/`.att` tags). */
  cosign: string;
  scratch: string;
}

export async function publishSigned(l: Lab, options: PublishOptions): Promise<PublishedImage> {
  const dir = mkdtempSync(join(options.scratch, 'image-'));
  const image = buildPushed(
    l,
    dir,
    options.repository,
    'FROM busybox:stable\nCOPY content.txt /content.txt\nUSER 65532\nENTRYPOINT ["/bin/cat", "/content.txt"]\n',
    { 'content.txt': `${options.content}\n` },
    ['--platform', 'linux/amd64,linux/arm64'],
  );
  const digest = image.slice(image.indexOf('@') + 1);
  const sbom = join(dir, 'sbom.cdx.json');
  runToolOk(l, l.bin.trivy, ['image', '--quiet', '--insecure', '--format', 'cyclonedx', '--output', sbom, image]);
  await signImage(new ExecRunner(), new MemoryLogger(), {
    cosign: options.cosign,
    docker: l.bin.docker,
    image,
    key: options.key.key,
    identity: {},
    storage: 'auto',
    transparencyLog: false,
    sbom,
    provenance: false,
    workDir: mkdtempSync(join(dir, 'sign-')),
    env: {},
  });
  const slash = options.repository.indexOf('/');
  const host = options.repository.slice(0, slash);
  const path = options.repository.slice(slash + 1);
  const client = new RegistryClient({ credentials: ANONYMOUS });
  const manifest = await client.manifest(host, path, digest);
  for (const tag of options.tags) await client.putManifest(host, path, tag, manifest.mediaType, manifest.body);
  const platforms = ((JSON.parse(manifest.body.toString('utf8')) as { manifests?: Array<{ digest: string }> }).manifests ?? []).map(
    (m) => m.digest,
  );
  rmSync(dir, { recursive: true, force: true });
  return { image, digest, platforms };
}
