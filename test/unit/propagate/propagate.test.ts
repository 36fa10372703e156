import { describe, expect, it } from 'vitest';
import { MemoryLogger } from '../../../packages/logging/index.js';
import {
  laggingOf,
  type MirroredImage,
  type MirrorTools,
  propagate,
  reportMarkdown,
  ToolsUnavailableError,
} from '../../../packages/propagate/index.js';
import { MemoryRegistries } from './memory-registry.js';

const SOURCE = { registry: 'src.example', repository: 'org/app' };
const A = { registry: 'mirror-a.example', repository: 'copies/app', overwrite: false };
const B = { registry: 'mirror-b.example', repository: 'copies/app', overwrite: false };
const SIG = 'application/vnd.dev.sigstore.bundle.v0.3+json';
/** What the build annotates every index with: which application and version it is, and the commit. */
const APP_ANNOTATIONS = {
  'org.opencontainers.image.title': 'app',
  'org.opencontainers.image.version': '1.0.0',
  'org.opencontainers.image.revision': 'b'.repeat(40),
};

interface Scene {
  reg: MemoryRegistries;
  digest: string;
  image: MirroredImage;
  tools: MirrorTools;
  /** Images whose check at the mirror fails. */
  unverified: Set<string>;
  legacy: boolean[];
  /** Manifests the next copies leave out. */
  skip: Set<string>;
}

function platform(reg: MemoryRegistries, arch: string): string {
  return reg.store(SOURCE.registry, SOURCE.repository, {
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: { digest: `sha256:${arch.padEnd(64, '0')}` },
    layers: [],
  });
}

/** A published multi-platform image at the source, signed and attested the way `storage` says. */
function scene(storage: 'referrers' | 'tags' | 'oci-1-1' = 'referrers', tags = ['1.0.0']): Scene {
  const reg = new MemoryRegistries();
  reg.withApi.add(B.registry);
  const amd = platform(reg, 'amd');
  const arm = platform(reg, 'arm');
  const index = {
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.index.v1+json',
    manifests: [
      { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: amd, size: 1, platform: { os: 'linux', architecture: 'amd64' } },
      { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: arm, size: 1, platform: { os: 'linux', architecture: 'arm64' } },
    ],
    annotations: APP_ANNOTATIONS,
  };
  const digest = reg.store(SOURCE.registry, SOURCE.repository, index);
  for (const tag of tags) reg.repo(SOURCE.registry, SOURCE.repository).tags.set(tag, digest);
  const subject = { mediaType: 'application/vnd.oci.image.index.v1+json', digest, size: 1 };
  const artifact = (kind: string, artifactType: string) => ({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    artifactType,
    config: { digest: `sha256:${kind.padEnd(64, '1')}` },
    layers: [],
    subject,
  });
  if (storage === 'referrers') {
    reg.store(SOURCE.registry, SOURCE.repository, artifact('sig', SIG));
    reg.store(SOURCE.registry, SOURCE.repository, artifact('sbom', SIG));
  } else if (storage === 'oci-1-1') {
    reg.store(SOURCE.registry, SOURCE.repository, artifact('sig', 'application/vnd.dev.cosign.artifact.sig.v1+json'));
  }
  if (storage !== 'referrers') {
    const tagged = (kind: string) => ({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { digest: `sha256:${kind.padEnd(64, '2')}` },
      layers: [],
    });
    const hex = digest.slice('sha256:'.length);
    if (storage === 'tags') reg.store(SOURCE.registry, SOURCE.repository, tagged('sig'), `sha256-${hex}.sig`);
    reg.store(SOURCE.registry, SOURCE.repository, tagged('att'), `sha256-${hex}.att`);
  }
  const unverified = new Set<string>();
  const legacy: boolean[] = [];
  const skip = new Set<string>();
  const split = (ref: string) => {
    const slash = ref.indexOf('/');
    return { host: ref.slice(0, slash), repository: ref.slice(slash + 1, ref.indexOf('@')) };
  };
  const tools: MirrorTools = {
    async copy(source, target) {
      reg.writes.push(`regctl ${target}`);
      await reg.copyClosure(split(source), split(target), digest, skip);
    },
    async verify(image, source, options) {
      reg.writes.push(`verify ${image}`);
      // The source names the same digest: the key the sign job recorded for it is looked up by it.
      expect(source.slice(source.indexOf('@'))).toBe(image.slice(image.indexOf('@')));
      legacy.push(options.legacyReferrers);
      if (unverified.has(image) || unverified.has(image.slice(0, image.indexOf('@'))))
        throw new Error(`no signature of ${image} verifies: no signatures found`);
    },
  };
  const image: MirroredImage = { id: 'app-1.0.0', source: SOURCE, tags, mirrors: [A, B] };
  return { reg, digest, image, tools, unverified, legacy, skip };
}

const run = (s: Scene, images: MirroredImage[] = [s.image]) =>
  propagate(images, { registry: s.reg, tools: s.tools, log: new MemoryLogger() });
const states = (report: Awaited<ReturnType<typeof propagate>>) =>
  report.images.flatMap((i) => i.mirrors.map((m) => `${m.mirror} ${m.state}`));
const at = (s: Scene, m: { registry: string; repository: string }) => s.reg.repo(m.registry, m.repository);

describe('propagation to mirrors', () => {
  for (const storage of ['referrers', 'tags', 'oci-1-1'] as const) {
    it(`${storage}: copies the digest with what refers to it, verifies there, and only then tags, at each mirror`, async () => {
      const s = scene(storage);
      const report = await run(s);
      expect(states(report)).toEqual(['mirror-a.example/copies/app updated', 'mirror-b.example/copies/app updated']);
      for (const m of [A, B]) {
        const name = `${m.registry}/${m.repository}`;
        const order = s.reg.writes.filter((w) => w.includes(name)).map((w) => w.split(' ')[0]);
        // The copy, then the check, then the public tag: never a tag before its digest verified there.
        expect(order.indexOf('verify')).toBeGreaterThan(order.lastIndexOf('copy'));
        expect(order.indexOf('put')).toBeGreaterThan(order.indexOf('verify'));
        expect(at(s, m).tags.get('1.0.0')).toBe(s.digest);
        // Every manifest of the source's closure is there, referrers in the mirror's own form.
        for (const digest of at(s, SOURCE).manifests.keys()) {
          const isFallback = [...at(s, SOURCE).tags].some(([tag, d]) => d === digest && /^sha256-[0-9a-f]{64}$/.test(tag));
          if (!isFallback) expect(at(s, m).manifests.has(digest), digest).toBe(true);
        }
      }
      expect(s.legacy).toEqual(storage === 'oci-1-1' ? [true, true] : [false, false]);
      expect(laggingOf(report)).toEqual([]);
    });
  }

  it('a second run with nothing missing writes nothing, copies nothing and checks nothing', async () => {
    const s = scene('tags');
    await run(s);
    const written = s.reg.writes.length;
    const report = await run(s);
    expect(states(report)).toEqual(['mirror-a.example/copies/app in-sync', 'mirror-b.example/copies/app in-sync']);
    expect(s.reg.writes.slice(written)).toEqual([]);
  });

  it('a signature added at the source later is copied, checked, and the tags are not put again', async () => {
    const s = scene('referrers');
    await run(s);
    const written = s.reg.writes.length;
    s.reg.store(SOURCE.registry, SOURCE.repository, {
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      artifactType: SIG,
      config: { digest: `sha256:${'9'.repeat(64)}` },
      layers: [],
      subject: { mediaType: 'application/vnd.oci.image.index.v1+json', digest: s.digest, size: 1 },
    });
    const report = await run(s);
    expect(states(report)).toEqual(['mirror-a.example/copies/app updated', 'mirror-b.example/copies/app updated']);
    const after = s.reg.writes.slice(written);
    expect(after.some((w) => w.startsWith('put'))).toBe(false);
    expect(after.filter((w) => w.startsWith('verify'))).toHaveLength(2);
    expect(report.images[0]?.mirrors[0]?.detail).toMatch(/^copied referrer sha256:[0-9a-f]+ of .*; verified; its tags were already there$/);
  });

  it('a mirror that holds the digest but not the tag is checked and tagged, without a copy', async () => {
    const s = scene('referrers');
    await run(s);
    at(s, A).tags.delete('1.0.0');
    const written = s.reg.writes.length;
    const report = await run(s);
    expect(states(report)).toEqual(['mirror-a.example/copies/app updated', 'mirror-b.example/copies/app in-sync']);
    expect(s.reg.writes.slice(written)).toEqual([
      `verify mirror-a.example/copies/app@${s.digest}`,
      'put mirror-a.example/copies/app:1.0.0',
    ]);
  });

  it('a digest that does not verify at the mirror gets no tag there; the other mirror is complete', async () => {
    const s = scene('referrers');
    s.unverified.add('mirror-a.example/copies/app');
    const report = await run(s);
    expect(states(report)).toEqual(['mirror-a.example/copies/app lagging', 'mirror-b.example/copies/app updated']);
    expect(at(s, A).tags.has('1.0.0')).toBe(false);
    expect(at(s, A).manifests.has(s.digest)).toBe(true);
    expect(report.images[0]?.mirrors[0]?.detail).toMatch(
      /^does not verify at the mirror, so it was not tagged: no signature of .* verifies/,
    );
  });

  it('a referrer the mirror lists only a moment after the copy is waited for, not reported missing', async () => {
    const s = scene('referrers');
    const [signature] = [...at(s, SOURCE).manifests.keys()].filter(
      (d) => (JSON.parse(at(s, SOURCE).manifests.get(d)?.body.toString() ?? '{}') as { subject?: unknown }).subject !== undefined,
    );
    s.reg.unlisted.set(`${B.registry} ${signature}`, 2);
    const log = new MemoryLogger();
    const report = await propagate([s.image], { registry: s.reg, tools: s.tools, log, sleep: async () => undefined });
    expect(states(report)).toEqual(['mirror-a.example/copies/app updated', 'mirror-b.example/copies/app updated']);
    expect(log.messages('info').filter((m) => m.includes('not all listed yet'))).toHaveLength(2);
  });

  it('a referrer the mirror never lists lags, after the checks the policy allows', async () => {
    const s = scene('referrers');
    const [signature] = [...at(s, SOURCE).manifests.keys()].filter(
      (d) => (JSON.parse(at(s, SOURCE).manifests.get(d)?.body.toString() ?? '{}') as { subject?: unknown }).subject !== undefined,
    );
    s.reg.unlisted.set(`${B.registry} ${signature}`, 1000);
    const report = await propagate([s.image], { registry: s.reg, tools: s.tools, log: new MemoryLogger(), sleep: async () => undefined });
    expect(report.images[0]?.mirrors[1]).toMatchObject({
      state: 'lagging',
      detail: `copied, but it still lacks referrer ${signature} of ${s.digest}`,
    });
    expect(at(s, B).tags.has('1.0.0')).toBe(false);
  });

  it('a copy that leaves something out lags, naming what is missing, and gets no tag', async () => {
    const s = scene('tags');
    const att = at(s, SOURCE).tags.get(`sha256-${s.digest.slice(7)}.att`) ?? '';
    s.skip.add(att);
    const report = await run(s);
    expect(states(report)[0]).toBe('mirror-a.example/copies/app lagging');
    expect(report.images[0]?.mirrors[0]?.detail).toBe(`copied, but it still lacks manifest ${att}, tag sha256-${s.digest.slice(7)}.att`);
    expect(s.reg.writes.some((w) => w.startsWith('put mirror-a'))).toBe(false);
  });
});

describe('a tag the mirror holds for another digest', () => {
  const taken = (s: Scene) => {
    const other = s.reg.store(
      A.registry,
      A.repository,
      { schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', layers: [] },
      '1.0.0',
    );
    return other;
  };

  it('is refused, naming both digests; nothing is written to that mirror and the other gets the image', async () => {
    const s = scene('referrers');
    const other = taken(s);
    const report = await run(s);
    expect(states(report)).toEqual(['mirror-a.example/copies/app refused', 'mirror-b.example/copies/app updated']);
    expect(report.images[0]?.mirrors[0]?.detail).toBe(
      `mirror-a.example/copies/app:1.0.0 names ${other}, not the published ${s.digest}, and not an earlier build of it that verifies; the mirror is left as it is (allow moving its tags with 'overwrite: true' on this mirror in the catalog)`,
    );
    expect(s.reg.writes.filter((w) => w.includes('mirror-a'))).toEqual([]);
    expect(at(s, A).tags.get('1.0.0')).toBe(other);
    expect(laggingOf(report).map((l) => l.state)).toEqual(['refused']);
  });

  /** An earlier build of the same version at the mirror: another commit, so another digest, the same title and version. */
  const earlier = (s: Scene) =>
    s.reg.store(
      A.registry,
      A.repository,
      {
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.index.v1+json',
        manifests: [],
        annotations: { ...APP_ANNOTATIONS, 'org.opencontainers.image.revision': 'a'.repeat(40) },
      },
      '1.0.0',
    );

  it('follows the source when it names an earlier build of the same version that verifies there', async () => {
    const s = scene('referrers');
    const before = earlier(s);
    const report = await run(s);
    expect(states(report)).toEqual(['mirror-a.example/copies/app updated', 'mirror-b.example/copies/app updated']);
    expect(at(s, A).tags.get('1.0.0')).toBe(s.digest);
    expect(s.reg.writes).toContain(`verify ${A.registry}/${A.repository}@${before}`);
    expect(report.images[0]?.mirrors[0]?.detail).toContain(
      `tagged 1.0.0 (moved from 1.0.0: ${before}, an earlier build of the same version, signed as this one is)`,
    );
  });

  it('is refused when that earlier build does not verify: the same annotations are not proof of who built it', async () => {
    const s = scene('referrers');
    const before = earlier(s);
    s.unverified.add(`${A.registry}/${A.repository}@${before}`);
    const report = await run(s);
    expect(states(report)).toEqual(['mirror-a.example/copies/app refused', 'mirror-b.example/copies/app updated']);
    expect(at(s, A).tags.get('1.0.0')).toBe(before);
  });

  it('an import follows a moved upstream when the copy at the mirror is one it signed and attested as an import', async () => {
    const s = scene('referrers');
    // Upstream's index, with none of this project's annotations: only the signature and the import provenance tell.
    const other = taken(s);
    const attested: Array<readonly string[] | undefined> = [];
    const verify = s.tools.verify;
    s.tools.verify = async (image, source, options) => {
      attested.push(options.attestations);
      return verify(image, source, options);
    };
    const report = await run(s, [{ ...s.image, imported: true }]);
    expect(states(report)).toEqual(['mirror-a.example/copies/app updated', 'mirror-b.example/copies/app updated']);
    expect(at(s, A).tags.get('1.0.0')).toBe(s.digest);
    expect(attested[0]).toEqual(['cyclonedx', 'slsaprovenance1']);
    // Not signed so: refused, as any other image there.
    const t = scene('referrers');
    const foreign = taken(t);
    t.unverified.add(`${A.registry}/${A.repository}@${foreign}`);
    const refused = await run(t, [{ ...t.image, imported: true }]);
    expect(states(refused)).toEqual(['mirror-a.example/copies/app refused', 'mirror-b.example/copies/app updated']);
    expect(other).not.toBe(s.digest);
  });

  it('is moved when the catalog says overwrite for that mirror, and the report says from what', async () => {
    const s = scene('referrers');
    const other = taken(s);
    const report = await run(s, [{ ...s.image, mirrors: [{ ...A, overwrite: true }, B] }]);
    expect(states(report)).toEqual(['mirror-a.example/copies/app updated', 'mirror-b.example/copies/app updated']);
    expect(at(s, A).tags.get('1.0.0')).toBe(s.digest);
    expect(report.images[0]?.mirrors[0]?.detail).toContain(`tagged 1.0.0 (moved from 1.0.0: ${other}, as overwrite allows)`);
  });
});

describe('faults stay local', () => {
  it('a mirror that answers 503 lags, is not asked again in the run, and the source and the other mirror are complete', async () => {
    const s = scene('referrers');
    s.reg.unavailable.add(A.registry);
    const second: MirroredImage = { ...s.image, id: 'app-again' };
    const log = new MemoryLogger();
    // Both images at once (the default concurrency): the host is asked once, not once per image in flight.
    const report = await propagate([s.image, second], { registry: s.reg, tools: s.tools, log });
    expect(states(report).filter((line) => line.startsWith('mirror-a'))).toEqual([
      'mirror-a.example/copies/app lagging',
      'mirror-a.example/copies/app lagging',
    ]);
    expect(states(report).filter((line) => line.startsWith('mirror-b'))).not.toContain('mirror-b.example/copies/app lagging');
    expect(log.messages('warning')).toEqual(['mirror-a.example: registry error (5xx) after every retry; not asking it again in this run']);
    expect(report.images[0]?.mirrors[0]?.detail).toMatch(/^mirror-a\.example: gave up after 4 attempts .*503/);
    expect(report.images[1]?.mirrors[0]?.detail).toBe(
      'not tried: mirror-a.example did not answer earlier in this run (registry error (5xx))',
    );
    expect(at(s, SOURCE).tags.get('1.0.0')).toBe(s.digest);
    expect(laggingOf(report)).toHaveLength(2);
    expect(reportMarkdown(report)).toMatch(/2 copy\(ies\) lag/);

    // The next run, with the mirror back, fills it.
    s.reg.unavailable.clear();
    const next = await run(s);
    expect(states(next)).toEqual(['mirror-a.example/copies/app updated', 'mirror-b.example/copies/app in-sync']);
    expect(at(s, A).tags.get('1.0.0')).toBe(s.digest);
  });

  it('an image whose tags are not at the source is not propagated, and says so', async () => {
    const s = scene('referrers');
    const log = new MemoryLogger();
    const report = await propagate([{ ...s.image, id: 'app-2.0.0', tags: ['2.0.0'] }], { registry: s.reg, tools: s.tools, log });
    expect(log.messages('warning')).toEqual([
      'none of the 1 image(s) with mirrors is published at src.example/org/app: nothing was propagated',
    ]);
    expect(report.images).toEqual([
      { id: 'app-2.0.0', source: 'src.example/org/app', tags: [], mirrors: [], note: 'not published at src.example/org/app' },
    ]);
    expect(s.reg.writes).toEqual([]);
  });

  it('tools that cannot be installed stop the run with their own error, rather than lag every mirror', async () => {
    const s = scene('referrers');
    const missing = new Error("the version input is 'path', but there is no 'regctl' on PATH.");
    const tools: MirrorTools = { ...s.tools, copy: () => Promise.reject(new ToolsUnavailableError(missing)) };
    await expect(propagate([s.image], { registry: s.reg, tools, log: new MemoryLogger() })).rejects.toBe(missing);
    expect(s.reg.writes).toEqual([]);
  });

  it('a source that does not answer leaves every mirror of the image lagging, saying why', async () => {
    const s = scene('referrers');
    s.reg.unavailable.add(SOURCE.registry);
    const report = await run(s);
    expect(states(report)).toEqual(['mirror-a.example/copies/app lagging', 'mirror-b.example/copies/app lagging']);
    expect(report.images[0]?.note).toMatch(/^cannot read the source: src\.example: gave up/);
  });
});
