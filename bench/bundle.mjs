#!/usr/bin/env node
// Bundling layouts compared: one shared bundle with a tiny entry per action,
// versus one full bundle per action. Measures bytes on disk and the cold start
// of each action's entry (node start, module load, input parsing, failure on a
// missing required input, exit), the part every step of every job pays.
//
//   node bench/bundle.mjs [--runs N]
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

import { median, root } from './common.mjs';

const runsAt = process.argv.indexOf('--runs');
const runs = runsAt === -1 ? 21 : Number(process.argv[runsAt + 1]);
const layouts = ['shared', 'per-action'];

function bytes(dir) {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name.endsWith('.js')) total += statSync(join(entry.parentPath, entry.name)).size;
  }
  return total;
}

const results = {};
for (const layout of layouts) {
  const out = join(root, '.bench', `dist-${layout}`);
  execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs'), '--layout', layout, '--out', out], { stdio: 'ignore' });
  const actions = readdirSync(out, { withFileTypes: true })
    .filter((d) => d.isDirectory() && !d.name.startsWith('_'))
    .map((d) => d.name);
  results[layout] = { bytes: bytes(out), actions: {} };
  for (const action of actions) {
    const entry = join(out, action, 'index.js');
    const times = [];
    for (let i = 0; i < runs; i++) {
      // No inputs at all: every action fails fast on its first required input
      // (or does nothing), so this times loading, not work.
      const start = process.hrtime.bigint();
      spawnSync(process.execPath, [entry], { env: { PATH: process.env.PATH }, stdio: 'ignore' });
      times.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    results[layout].actions[action] = { ms: median(times), bytes: statSync(entry).size };
  }
}

const names = Object.keys(results.shared.actions);
console.log(`node ${process.version}, ${runs} runs per entry, median cold start in ms`);
console.log(`| action | shared (ms) | per-action (ms) | per-action / shared |`);
console.log(`|---|---|---|---|`);
for (const name of names) {
  const s = results.shared.actions[name].ms;
  const p = results['per-action'].actions[name].ms;
  console.log(`| ${name} | ${s.toFixed(1)} | ${p.toFixed(1)} | ${(p / s).toFixed(2)} |`);
}
console.log('');
console.log(`| layout | total .js bytes |`);
console.log(`|---|---|`);
for (const layout of layouts) console.log(`| ${layout} | ${results[layout].bytes.toLocaleString('en')} |`);
