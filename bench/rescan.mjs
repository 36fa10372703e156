#!/usr/bin/env node
// What the rescan costs per image, against the scan alone: the same published
// digests, the same vulnerability DB (the lab's), scanned
//   - by the bundled rescan action's scan phase (dist/rescan), as the runner
//     runs it: tags listed, each tag resolved, each digest's signature
//     verified, the DB fetched once, each digest scanned, the last rescan read
//     back and the result attested when it changed (the first rescan of a
//     digest attests; a second, with nothing changed, only reads);
//   - by hand: `trivy image` on each digest, one after the other, with a fresh
//     cache directory (so the first downloads the DB, as the rescan does).
// Each run publishes fresh images (FROM the lab's Debian image, one file of
// their own each, tagged and signed with a key made for the run) into a new
// repository. Medians over the runs; needs the lab and `npm run build`.
//
//   node bench/rescan.mjs [--runs N] [--images N]
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cacheRoot, compiledPackage, median, option, root } from './common.mjs';

const runs = Number(option('--runs', '3'));
const count = Number(option('--images', '5'));

// A private copy of the bundle: a rebuild of dist/ during the runs must not pull it away.
const bundle = join(root, '.bench', 'rescan-dist');
rmSync(bundle, { recursive: true, force: true });
cpSync(join(root, 'dist'), bundle, { recursive: true });
const { RegistryClient } = await compiledPackage('rescan', 'registry');

const lab = JSON.parse(readFileSync(join(cacheRoot, 'lab', 'state.json'), 'utf8'));
const env = { ...process.env, ...lab.env };
const PASSWORD = 'bench-rescan';

function tool(file, args, options = {}) {
  return execFileSync(file, args, {
    env: { ...env, ...options.env },
    cwd: options.cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Publishes `count` signed images under `ns`; returns the work directory (catalog, key) and the digests. */
async function publish(ns) {
  const work = mkdtempSync(join(tmpdir(), 'bench-rescan-'));
  tool(lab.bin.cosign, ['generate-key-pair'], { cwd: work, env: { COSIGN_PASSWORD: PASSWORD } });
  const registry = new RegistryClient();
  const lines = [];
  const images = [];
  for (let i = 1; i <= count; i++) {
    const app = `app${i}`;
    const dir = join(work, 'images', app);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'Dockerfile'), `FROM ${lab.baseImages.debian}\nCOPY id.txt /etc/bench-id\n`);
    writeFileSync(join(dir, 'id.txt'), `${ns} ${app}\n`);
    const metadata = join(dir, 'metadata.json');
    const repository = `${lab.registry}/${ns}/${app}`;
    tool(lab.bin.docker, [
      'buildx',
      'build',
      '--builder',
      lab.builder,
      '--provenance=false',
      '--output',
      `type=image,name=${repository},push-by-digest=true,name-canonical=true,push=true`,
      '--metadata-file',
      metadata,
      dir,
    ]);
    const digest = JSON.parse(readFileSync(metadata, 'utf8'))['containerimage.digest'];
    const [host, ...path] = repository.split('/');
    const manifest = await registry.manifest(host, path.join('/'), digest);
    await registry.putManifest(host, path.join('/'), '1.0.0', manifest.mediaType, manifest.body);
    tool(
      lab.bin.cosign,
      ['sign', '--yes', '--key', join(work, 'cosign.key'), '--tlog-upload=false', '--use-signing-config=false', `${repository}@${digest}`],
      {
        env: { COSIGN_PASSWORD: PASSWORD },
      },
    );
    lines.push(`  ${app}:\n    owner: bench@example.com\n    versions: ["1.0.0"]`);
    images.push(`${repository}@${digest}`);
  }
  writeFileSync(join(work, 'images.yaml'), `registry: ${lab.registry}\nrepository: ${ns}\nimages:\n${lines.join('\n')}\n`);
  return { work, images };
}

/** The bundled scan phase, as the runner runs it; seconds. */
function rescan(work) {
  const dir = mkdtempSync(join(tmpdir(), 'bench-rescan-run-'));
  const files = { GITHUB_OUTPUT: join(dir, 'output'), GITHUB_STEP_SUMMARY: join(dir, 'summary') };
  for (const file of Object.values(files)) writeFileSync(file, '');
  const inputs = {
    phase: 'scan',
    catalog: 'images.yaml',
    'results-dir': join(dir, 'results'),
    'tools-from-path': 'true',
    'db-repositories': lab.trivy.dbRepository,
    'public-key': readFileSync(join(work, 'cosign.pub'), 'utf8'),
    'transparency-log': 'false',
    key: readFileSync(join(work, 'cosign.key'), 'utf8'),
    'key-password': PASSWORD,
    severity: 'HIGH',
    'ignore-unfixed': 'true',
    attest: 'true',
  };
  const inputEnv = Object.fromEntries(Object.entries(inputs).map(([k, v]) => [`INPUT_${k.replace(/ /g, '_').toUpperCase()}`, v]));
  const started = performance.now();
  const result = spawnSync(process.execPath, [join(bundle, 'rescan', 'index.js')], {
    cwd: work,
    env: { ...env, ...files, ...inputEnv, GITHUB_WORKSPACE: work, RUNNER_TEMP: join(dir, 'temp') },
    encoding: 'utf8',
  });
  const seconds = (performance.now() - started) / 1000;
  rmSync(dir, { recursive: true, force: true });
  if (result.status !== 0) throw new Error(`the rescan failed:\n${result.stdout.slice(-3000)}`);
  return seconds;
}

/** `trivy image` on each digest by hand, with a fresh cache (the first downloads the DB); seconds. */
function byHand(images) {
  const dir = mkdtempSync(join(tmpdir(), 'bench-rescan-trivy-'));
  const started = performance.now();
  for (const image of images) {
    tool(lab.bin.trivy, [
      'image',
      '--quiet',
      '--cache-dir',
      dir,
      '--db-repository',
      lab.trivy.dbRepository,
      '--skip-java-db-update',
      '--scanners',
      'vuln',
      '--format',
      'json',
      '--output',
      join(dir, 'report.json'),
      image,
    ]);
  }
  const seconds = (performance.now() - started) / 1000;
  rmSync(dir, { recursive: true, force: true });
  return seconds;
}

const first = [];
const second = [];
const hand = [];
for (let run = 0; run < runs; run++) {
  const ns = `bench-rescan-${Date.now().toString(36)}`;
  const { work, images } = await publish(ns);
  const t1 = rescan(work);
  const t2 = rescan(work);
  const t3 = byHand(images);
  first.push(t1 / count);
  second.push(t2 / count);
  hand.push(t3 / count);
  console.log(
    `run ${run + 1}: ${count} images; rescan ${t1.toFixed(2)} s (first), ${t2.toFixed(2)} s (again); trivy by hand ${t3.toFixed(2)} s`,
  );
  rmSync(work, { recursive: true, force: true });
}
const m = { first: median(first), second: median(second), hand: median(hand) };
console.log(
  `per image (median of ${runs}): rescan ${m.first.toFixed(2)} s (first, attests), ${m.second.toFixed(2)} s (again, reads only); trivy image by hand ${m.hand.toFixed(2)} s; ratios ${(m.first / m.hand).toFixed(2)}x and ${(m.second / m.hand).toFixed(2)}x`,
);
