#!/usr/bin/env node
// How planning scales: a generated catalog of N variants (100 per image:
// 10 versions x 10 variants, each image its own context of 5 files, every
// tenth image built FROM the previous one) expanded into the full plan,
// build ids included. Medians of the runs, one process, cold caches per run
// (each run hashes every context again).
//
//   node bench/plan.mjs [--runs N] [--sizes 1000,5000,10000,20000]
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compiledPackage, median, option } from './common.mjs';

const runs = Number(option('--runs', '11'));
const sizes = option('--sizes', '1000,5000,10000,20000').split(',').map(Number);

const { expandPlan, canonicalJson } = await compiledPackage('plan-build', 'plan');

const REGISTRY = 'ghcr.io';
const REPOSITORY = 'example-org/curated-images';

function generate(dir, variants) {
  const images = [];
  const at = (line) => ({ file: 'images.yaml', line, column: 3 });
  for (let i = 0; i < variants / 100; i++) {
    const name = `app${i}`;
    const context = join(dir, 'images', name);
    mkdirSync(context, { recursive: true });
    const from = i % 10 === 0 ? 'debian:bookworm' : `${REGISTRY}/${REPOSITORY}/app${i - 1}:1.0.0-a1.0`;
    writeFileSync(join(context, 'Dockerfile'), `FROM ${from}\nARG PLUGIN\nCOPY . /app\n`);
    for (let f = 0; f < 4; f++) writeFileSync(join(context, `file${f}.txt`), `${name} ${f}\n`.repeat(50));
    const versions = [];
    for (let v = 0; v < 10; v++) {
      const variantsOf = [];
      for (let w = 0; w < 10; w++) {
        variantsOf.push({ id: String.fromCharCode(97 + w), version: `${w + 1}.0`, buildArgs: {}, location: at(i * 1000 + v * 20 + w) });
      }
      versions.push({ version: `${v + 1}.0.0`, buildArgs: {}, variants: variantsOf, location: at(i * 1000 + v * 20) });
    }
    images.push({
      name,
      owner: 'team@example.com',
      context: `images/${name}`,
      dockerfile: 'Dockerfile',
      mode: 'layered',
      platforms: ['linux/amd64', 'linux/arm64'],
      buildArgs: { VERSION: '{{version}}', PLUGIN: '{{variant.id}}', PLUGIN_VERSION: '{{variant.version}}' },
      labels: {},
      requires: [],
      keep: 3,
      keepSuperseded: 30,
      versions,
      location: { ...at(i * 1000), endLine: i * 1000 + 999 },
    });
  }
  return { file: join(dir, 'images.yaml'), dir, registry: REGISTRY, repository: REPOSITORY, images };
}

function readFroms(dockerfile) {
  return readFileSync(dockerfile, 'utf8')
    .split('\n')
    .flatMap((text, i) => {
      const match = /^FROM\s+(\S+)/i.exec(text);
      return match ? [{ reference: match[1], line: i + 1 }] : [];
    });
}

const results = [];
for (const size of sizes) {
  const dir = mkdtempSync(join(tmpdir(), 'plan-bench-'));
  try {
    const catalog = generate(dir, size);
    const context = { workspace: dir, commit: { sha: 'a'.repeat(40), time: '2026-11-01T12:00:00Z' }, readFroms };
    const times = [];
    let plan;
    for (let r = 0; r < runs + 1; r++) {
      const started = performance.now();
      plan = await expandPlan(catalog, context);
      const elapsed = performance.now() - started;
      if (r > 0) times.push(elapsed); // the first run warms the JIT
    }
    const bytes = Buffer.byteLength(canonicalJson(plan));
    results.push({ size, entries: plan.entries.length, stages: plan.stages.length, ms: median(times), bytes });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const base = results[0];
console.log(`expandPlan, median of ${runs} runs (node ${process.version}, ${process.platform}/${process.arch})`);
console.log('| variants | entries | stages | median ms | µs per entry | ratio to first | plan JSON |');
console.log('|---:|---:|---:|---:|---:|---:|---:|');
for (const r of results) {
  console.log(
    `| ${r.size} | ${r.entries} | ${r.stages} | ${r.ms.toFixed(1)} | ${((r.ms * 1000) / r.entries).toFixed(1)} | ${(r.ms / base.ms).toFixed(2)} (size x${(r.size / base.size).toFixed(0)}) | ${(r.bytes / 1e6).toFixed(1)} MB |`,
  );
}
