#!/usr/bin/env node
// P1: the examples' nightly with nothing changed, against a cold rebuild, in
// one run, for the direct and the act paths (scripts/nightly.sh, against the
// lab).
//
//   node bench/noop-nightly.mjs [--paths direct,act] [--images velero,python-runner,...]
//
// Cold: BuildKit's cache emptied (buildx prune), the registry's build cache
// tags removed, and every image rebuilt (NIGHTLY_FORCE=true), so nothing is
// reused. No-op: the same nightly right after, nothing changed, which
// verifies what is published and builds nothing. `--images` plans only those
// applications (the default: every example that can publish; the two that
// stop at a gate have nothing published to verify, so every nightly builds
// them again, and a second figure with them is given too).
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cacheRoot, option, root } from './common.mjs';

const paths = option('--paths', 'direct,act').split(',');
const publishable = option('--images', 'velero,python-runner,kerberos-test,node-app,busybox');
const state = JSON.parse(readFileSync(join(cacheRoot, 'lab', 'state.json'), 'utf8'));
const env = { ...process.env, ...state.env, IMAGE_ACTIONS_BOOTSTRAPPED: '1' };

function nightly(path, extra) {
  const started = process.hrtime.bigint();
  const result = spawnSync(join(root, 'scripts', 'nightly.sh'), path === 'direct' ? ['--direct'] : [], {
    cwd: root,
    encoding: 'utf8',
    env: { ...env, ...extra },
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const totals = /(\d+) images: (\d+) published, (\d+) stopped, (\d+) unchanged/.exec(result.stdout);
  if (result.status !== 0 || totals === null) {
    throw new Error(`nightly ${path} failed (${result.status}):\n${result.stderr.slice(-2000)}`);
  }
  return { seconds, images: Number(totals[1]), published: Number(totals[2]), stopped: Number(totals[3]), unchanged: Number(totals[4]) };
}

/** Empties what a rebuild could reuse: BuildKit's cache and the build cache tags in the lab registry. */
function cold() {
  execFileSync(state.bin.docker, ['buildx', 'prune', '--all', '--force', '--builder', state.builder], { env, stdio: 'ignore' });
  for (const app of ['velero', 'python-runner', 'kerberos-test', 'node-app', 'node-app-debug', 'jq', 'noncompliant', 'busybox']) {
    const repository = `example-org/curated-images/${app}`;
    const tags =
      JSON.parse(execFileSync('curl', ['-fsS', `http://${state.registry}/v2/${repository}/tags/list`], { encoding: 'utf8' })).tags ?? [];
    for (const tag of tags.filter((t) => t.startsWith('buildcache'))) {
      const digest = execFileSync(
        'curl',
        [
          '-fsSI',
          '-H',
          'Accept: application/vnd.oci.image.index.v1+json, application/vnd.oci.image.manifest.v1+json',
          `http://${state.registry}/v2/${repository}/manifests/${tag}`,
        ],
        { encoding: 'utf8' },
      ).match(/docker-content-digest: (\S+)/i)?.[1];
      if (digest)
        execFileSync('curl', ['-fsS', '-X', 'DELETE', `http://${state.registry}/v2/${repository}/manifests/${digest}`], {
          stdio: 'ignore',
        });
    }
  }
}

const rows = [];
for (const path of paths) {
  cold();
  const full = nightly(path, { NIGHTLY_FORCE: 'true' });
  const noop = nightly(path, { NIGHTLY_IMAGES: publishable });
  const noopAll = nightly(path, {});
  rows.push({ path, full, noop, noopAll });
  console.error(
    `${path}: cold ${full.seconds.toFixed(1)} s, no-op ${noop.seconds.toFixed(1)} s, no-op with the stopping two ${noopAll.seconds.toFixed(1)} s`,
  );
}
console.log('| path | cold rebuild (s) | no-op, publishable examples (s) | ratio | no-op, all examples (s) | ratio |');
console.log('|---|---:|---:|---:|---:|---:|');
for (const { path, full, noop, noopAll } of rows) {
  const pct = (x) => `${((100 * x.seconds) / full.seconds).toFixed(1)} %`;
  console.log(
    `| ${path} | ${full.seconds.toFixed(1)} (${full.published} published) | ${noop.seconds.toFixed(1)} (${noop.unchanged} unchanged) | ${pct(noop)} | ${noopAll.seconds.toFixed(1)} (${noopAll.unchanged} unchanged, ${noopAll.stopped} built and stopped) | ${pct(noopAll)} |`,
  );
}
