import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MemoryLogger } from '../../../packages/logging/index.js';
import { type GateEvidence, type ManifestStore, PublishRefusedError, publish } from '../../../packages/publish/index.js';

const REPO = '127.0.0.1:5001/org/velero';
// A single-platform image manifest, as buildx pushes it without attestations.
const BODY = Buffer.from('{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{},"layers":[]}');
const DIGEST = `sha256:${createHash('sha256').update(BODY).digest('hex')}`;
const IMAGE = `${REPO}@${DIGEST}`;
const TAGS = [`${REPO}:1.12.3-aws1.8.2`];
const PASSED: GateEvidence = { built: IMAGE, scan: { image: IMAGE, verdict: 'pass' }, signature: { image: IMAGE, verified: true } };

/** A registry in memory: manifests by digest and by tag, with the digest computed from the bytes. */
class MemoryRegistry implements ManifestStore {
  readonly manifests = new Map<string, { mediaType: string; body: Buffer }>([
    [`org/velero@${DIGEST}`, { mediaType: 'application/vnd.oci.image.manifest.v1+json', body: BODY }],
  ]);
  readonly puts: string[] = [];
  constructor(private readonly rewrite?: (body: Buffer) => Buffer) {}
  async manifest(_host: string, repository: string, reference: string) {
    const key = reference.startsWith('sha256:') ? `${repository}@${reference}` : `${repository}:${reference}`;
    const found = this.manifests.get(key);
    if (!found) throw new Error(`404 ${key}`);
    return { ...found, digest: `sha256:${createHash('sha256').update(found.body).digest('hex')}` };
  }
  async putManifest(_host: string, repository: string, tag: string, mediaType: string, body: Buffer) {
    this.puts.push(`${repository}:${tag}`);
    this.manifests.set(`${repository}:${tag}`, { mediaType, body: this.rewrite ? this.rewrite(body) : body });
  }
}

describe('publish', () => {
  it('puts the digest’s exact manifest under every tag, and each tag reads back as that digest', async () => {
    const registry = new MemoryRegistry();
    const log = new MemoryLogger();
    const result = await publish(registry, log, { image: IMAGE, tags: TAGS }, PASSED);
    expect(result).toEqual({ image: IMAGE, published: TAGS });
    expect((await registry.manifest('127.0.0.1:5001', 'org/velero', '1.12.3-aws1.8.2')).digest).toBe(DIGEST);
    expect(log.messages('info')).toEqual([`published ${TAGS[0]} -> ${DIGEST}`]);
  });

  const refused: Array<{ name: string; evidence: GateEvidence; reason: RegExp }> = [
    { name: 'a scan that failed', evidence: { ...PASSED, scan: { image: IMAGE, verdict: 'fail' } }, reason: /the scan gate said fail/ },
    { name: 'no signature', evidence: { built: IMAGE, scan: { image: IMAGE, verdict: 'pass' } }, reason: /it was not signed/ },
  ];
  for (const c of refused) {
    it(`refuses ${c.name} and tags nothing`, async () => {
      const registry = new MemoryRegistry();
      const run = publish(registry, new MemoryLogger(), { image: IMAGE, tags: TAGS }, c.evidence);
      await expect(run).rejects.toBeInstanceOf(PublishRefusedError);
      await expect(run).rejects.toThrow(c.reason);
      expect(registry.puts).toEqual([]);
    });
  }

  it('fails when a tag does not read back as the digest (a registry that rewrote the manifest)', async () => {
    const registry = new MemoryRegistry((body) => Buffer.concat([body, Buffer.from(' ')]));
    await expect(publish(registry, new MemoryLogger(), { image: IMAGE, tags: TAGS }, PASSED)).rejects.toThrow(
      /points at sha256:[0-9a-f]{64} after publishing, not sha256:/,
    );
  });
});
