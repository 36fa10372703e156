#!/usr/bin/env node
// What the registry cache buys: the same unchanged entry (the example
// python-runner: a Debian builder stage that apt-installs python, copied into
// an empty image) built twice by the bundled build-prebuilt action, each time
// on an empty BuildKit cache (`docker buildx prune -af` before the build), so
// the second build can only reuse what the first exported to the registry
// cache. Each run uses a fresh repository, so its first build finds no cache.
// Medians over the runs; needs the lab (`scripts/lab.sh up`) and `npm run build`.
//
//   node bench/build-cache.mjs [--runs N] [--image python-runner] [--sbom true|false] [--target STAGE]
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cacheRoot, median, option, root } from './common.mjs';

const runs = Number(option('--runs', '3'));
const image = option('--image', 'python-runner');
const sbom = option('--sbom', 'true');
const target = option('--target', image === 'node-app' ? 'runtime' : '');

// A private copy of the bundle: a rebuild of dist/ during the runs must not pull it away.
const bundle = join(root, '.bench', 'build-cache-dist');
rmSync(bundle, { recursive: true, force: true });
cpSync(join(root, 'dist'), bundle, { recursive: true });

const lab = JSON.parse(readFileSync(join(cacheRoot, 'lab', 'state.json'), 'utf8'));
const env = { ...process.env, ...lab.env };

function prune() {
  execFileSync(lab.bin.docker, ['buildx', 'prune', '-af'], { env, stdio: 'ignore' });
}

/** One run of the bundled action, as the runner runs it; returns seconds and the outputs. */
function build(repository) {
  const dir = mkdtempSync(join(tmpdir(), 'bench-build-cache-'));
  const files = { GITHUB_OUTPUT: join(dir, 'output'), GITHUB_STEP_SUMMARY: join(dir, 'summary'), GITHUB_ENV: join(dir, 'env') };
  for (const file of Object.values(files)) writeFileSync(file, '');
  const inputs = {
    context: `examples/images/${image}`,
    repository,
    mode: 'prebuilt',
    target,
    cache: 'registry',
    sbom,
    provenance: 'max',
    'debug-twin': 'true',
    logout: 'true',
    attempts: '4',
    docker: lab.bin.docker,
    parents: '{}',
  };
  const inputEnv = Object.fromEntries(Object.entries(inputs).map(([k, v]) => [`INPUT_${k.replace(/ /g, '_').toUpperCase()}`, v]));
  const started = performance.now();
  const result = spawnSync(process.execPath, [join(bundle, 'build-prebuilt', 'index.js')], {
    cwd: root,
    env: { ...env, ...files, ...inputEnv, GITHUB_WORKSPACE: root, RUNNER_TEMP: dir },
    encoding: 'utf8',
  });
  const seconds = (performance.now() - started) / 1000;
  const output = readFileSync(files.GITHUB_OUTPUT, 'utf8');
  rmSync(dir, { recursive: true, force: true });
  if (result.status !== 0) throw new Error(`build-prebuilt failed:\n${result.stdout.slice(-3000)}\n${result.stderr.slice(-2000)}`);
  // The platform image's digest: the index also holds provenance, which records each build's own times.
  const digest = /platforms<<.*\n.*?"digest":"(sha256:[a-f0-9]{64})"/.exec(output)?.[1];
  return { seconds, digest };
}

const first = [];
const second = [];
for (let run = 0; run < runs; run++) {
  const repository = `${lab.registry}/bench-build-cache/${image}-${Date.now()}`;
  prune();
  const cold = build(repository);
  prune();
  const warm = build(repository);
  first.push(cold.seconds);
  second.push(warm.seconds);
  console.log(
    `run ${run + 1}: first ${cold.seconds.toFixed(1)} s, second ${warm.seconds.toFixed(1)} s (${(cold.seconds / warm.seconds).toFixed(1)}x); same image digest: ${cold.digest === warm.digest}`,
  );
}
const ratio = median(first) / median(second);
console.log(
  `\n${image} (sbom ${sbom}), ${runs} runs: first build median ${median(first).toFixed(1)} s, second build (registry cache, empty BuildKit cache) median ${median(second).toFixed(1)} s, ratio ${ratio.toFixed(1)}x`,
);
process.exitCode = ratio >= 5 ? 0 : 1;
