#!/usr/bin/env node
// How many times one nightly downloads the vulnerability DB: scripts/nightly.sh
// (nightly.yml under act, every job on this machine, against the lab) run N
// times in a row on the same day, pointed at a copy of the lab's DB under a
// repository of the benchmark's own, so that the first run finds no cache
// entry for it and the later ones find what the runs before saved.
//
// Downloads are counted in the lab registry's access log: the GETs of the
// DB's blob in that repository during each run. Beside them: the scan legs
// that scanned (one per scanned entry's record, a debug twin being scanned in
// its image's leg), the most downloads logged within one second, and the
// run's wall time.
//
//   node bench/db-fetches.mjs [--runs N]
//
// Needs the lab (`scripts/lab.sh up`); nightly.sh rebuilds dist/ when the
// sources changed.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { cacheRoot, compiledPackage, option, root } from './common.mjs';

const runs = Number(option('--runs', '2'));
const lab = JSON.parse(readFileSync(join(cacheRoot, 'lab', 'state.json'), 'utf8'));
const { RegistryClient } = await compiledPackage('db-fetches', 'registry');

// ---------------------------------------------------------------- the DB copy
const registry = new RegistryClient();
const source = lab.trivy.dbRepository;
const host = source.slice(0, source.indexOf('/'));
const [from, tag] = source.slice(host.length + 1).split(':');
const path = `lab/trivy-db-bench-${Date.now()}`;
const manifest = await registry.manifest(host, from, tag);
const { config, layers } = JSON.parse(manifest.body.toString('utf8'));
for (const { digest } of [config, ...layers]) await registry.putBlob(host, path, await registry.blob(host, from, digest));
await registry.putManifest(host, path, tag, manifest.mediaType, manifest.body);
const blob = layers[0].digest;
const repository = `${host}/${path}:${tag}`;
console.log(`DB: ${repository} (a copy of ${source}), blob ${blob}`);

// ---------------------------------------------------------------- the runs
const rows = [];
for (let run = 1; run <= runs; run++) {
  const offset = statSync(lab.logs.registry).size;
  const started = performance.now();
  const result = spawnSync(join(root, 'scripts', 'nightly.sh'), [], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NIGHTLY_TRIVY_DB: repository },
  });
  const seconds = (performance.now() - started) / 1000;
  const outcomes = /outcomes in (\S+), log in/.exec(result.stderr)?.[1];
  if (outcomes === undefined) throw new Error(`nightly.sh did not start a run:\n${result.stderr.slice(-3000)}`);
  const gets = readFileSync(lab.logs.registry)
    .subarray(offset)
    .toString('utf8')
    .split('\n')
    .filter((line) => line.includes(`"GET /v2/${path}/blobs/${blob} `));
  // Combined log format: [18/Nov/2026:03:17:42 +0000]
  const perSecond = new Map();
  for (const line of gets) {
    const second = /\[([^\]]+)\]/.exec(line)?.[1] ?? '?';
    perSecond.set(second, (perSecond.get(second) ?? 0) + 1);
  }
  const legs = readdirSync(outcomes).filter((f) => f.endsWith('.scan.json') && !f.endsWith('-debug.scan.json')).length;
  rows.push({ run, legs, gets: gets.length, burst: Math.max(0, ...perSecond.values()), seconds, status: result.status });
  console.log(
    `run ${run}: ${gets.length} DB downloads for ${legs} scan legs, at most ${rows.at(-1).burst} in one second, ${seconds.toFixed(0)} s, exit ${result.status}`,
  );
}

console.log('\n| run | cache | scan legs | DB blob GETs | most in one second | run (s) |');
console.log('|---:|---|---:|---:|---:|---:|');
for (const r of rows) {
  console.log(
    `| ${r.run} | ${r.run === 1 ? 'empty (a new DB repository)' : 'the same day, present'} | ${r.legs} | ${r.gets} | ${r.burst} | ${r.seconds.toFixed(0)} |`,
  );
}
