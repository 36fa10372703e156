#!/usr/bin/env node
// P5: each action's cold start against `node -e ''`.
//
//   node bench/startup.mjs [--runs 21] [--dist dist] [--against DIR]
//
// Times each action's entry in dist/ from a cold `node` process with no
// inputs: it loads what it needs, parses its inputs and fails fast on its
// first required input (the start-up every step of every job pays), against
// `node -e ''` in the same round. Every round runs the baseline and every
// entry once, so a slow moment of the shared machine falls on all of them.
// `--against` times a second dist/ in the same rounds (a build of another
// commit), for a before and after measured together.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { median, option, root } from './common.mjs';

const runs = Number(option('--runs', '21'));
const dists = [resolve(root, option('--dist', 'dist')), ...(option('--against') ? [resolve(option('--against'))] : [])];
const actions = readdirSync(dists[0])
  .filter((name) => !name.startsWith('_') && statSync(join(dists[0], name)).isDirectory())
  .sort();
const env = { PATH: process.env.PATH, HOME: process.env.HOME, GITHUB_OUTPUT: '/dev/null', GITHUB_STEP_SUMMARY: '/dev/null' };

function time(args) {
  const started = process.hrtime.bigint();
  spawnSync(process.execPath, args, { env, stdio: 'ignore' });
  return Number(process.hrtime.bigint() - started) / 1e6;
}

const samples = new Map();
const add = (key, ms) => samples.set(key, [...(samples.get(key) ?? []), ms]);
// One warm-up round: the first start after a build also reads the files from disk.
for (let round = -1; round < runs; round++) {
  const base = time(['-e', '']);
  if (round >= 0) add('base', base);
  for (const dist of dists) {
    for (const action of actions) {
      const ms = time([join(dist, action, 'index.js')]);
      if (round >= 0) add(`${dist}|${action}`, ms);
    }
  }
}

const base = median(samples.get('base'));
console.log(`node -e '': ${base.toFixed(1)} ms (median of ${runs}), Node ${process.version}`);
console.log(`| action | ${dists.map((_, i) => `${i === 0 ? 'this dist' : 'against'}: ms | ratio`).join(' | ')} |`);
console.log(`|---|${dists.map(() => '---:|---:').join('|')}|`);
for (const action of actions) {
  const cells = dists.map((dist) => {
    const ms = median(samples.get(`${dist}|${action}`));
    return `${ms.toFixed(1)} | ${(ms / base).toFixed(2)}x`;
  });
  console.log(`| ${action} | ${cells.join(' | ')} |`);
}
