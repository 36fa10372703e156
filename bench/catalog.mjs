#!/usr/bin/env node
// How loading a catalog scales: generated catalogs of N variants, read from
// disk, parsed with positions, validated against the schema, normalised and
// checked (contexts, Dockerfiles and their FROM lines included). Two shapes:
//   deep: N/100 images of 10 versions x 10 variants (the plan benchmark's shape)
//   wide: N images of one version each (the images map itself is large)
// Median of the runs after one warm-up, one process.
//
//   node bench/catalog.mjs [--runs N] [--sizes 1000,5000,10000,20000]
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compiledPackage, median, option } from './common.mjs';

const runs = Number(option('--runs', '11'));
const sizes = option('--sizes', '1000,5000,10000,20000').split(',').map(Number);

const { loadCatalog } = await compiledPackage('catalog-build', 'catalog');

const PREFIX = 'ghcr.io/example-org/curated-images';

function image(dir, name, parent, lines) {
  mkdirSync(join(dir, 'images', name), { recursive: true });
  writeFileSync(join(dir, 'images', name, 'Dockerfile'), `FROM ${parent}\nARG PLUGIN\nCOPY . /app\n`);
  lines.push(`  ${name}:`, '    owner: team@example.com', `    context: images/${name}`);
}

function deep(dir, variants) {
  const lines = ['registry: ghcr.io', 'repository: example-org/curated-images', 'images:'];
  for (let i = 0; i < variants / 100; i++) {
    image(dir, `app${i}`, i % 10 === 0 ? 'debian:bookworm' : `${PREFIX}/app${i - 1}:1.0.0-a1.0`, lines);
    lines.push('    build-args:', '      PLUGIN: "{{variant.id}}"', '      PLUGIN_VERSION: "{{variant.version}}"', '    versions:');
    for (let v = 0; v < 10; v++) {
      lines.push(`      "${v + 1}.0.0":`, '        variants:');
      for (let w = 0; w < 10; w++) lines.push(`          ${String.fromCharCode(97 + w)}: "${w + 1}.0"`);
    }
  }
  return lines;
}

function wide(dir, count) {
  const lines = ['registry: ghcr.io', 'repository: example-org/curated-images', 'images:'];
  for (let i = 0; i < count; i++) {
    image(dir, `app${i}`, i % 10 === 0 ? 'debian:bookworm' : `${PREFIX}/app${i - 1}:1.0.0`, lines);
    lines.push('    versions: ["1.0.0"]');
  }
  return lines;
}

const results = [];
for (const [shape, generate] of [
  ['deep', deep],
  ['wide', wide],
]) {
  for (const size of sizes) {
    const dir = mkdtempSync(join(tmpdir(), 'catalog-bench-'));
    try {
      const file = join(dir, 'images.yaml');
      const text = `${generate(dir, size).join('\n')}\n`;
      writeFileSync(file, text);
      const times = [];
      let catalog;
      for (let r = 0; r < runs + 1; r++) {
        const started = performance.now();
        catalog = await loadCatalog(file);
        const elapsed = performance.now() - started;
        if (r > 0) times.push(elapsed); // the first run warms the JIT and compiles the schema
      }
      const count = catalog.images.reduce((n, i) => n + i.versions.reduce((m, v) => m + Math.max(1, v.variants.length), 0), 0);
      if (count !== size) throw new Error(`${shape} ${size}: loaded ${count} variants`);
      results.push({ shape, size, images: catalog.images.length, lines: text.split('\n').length - 1, ms: median(times) });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

console.log(`loadCatalog, median of ${runs} runs (node ${process.version}, ${process.platform}/${process.arch})`);
console.log('| shape | variants | images | YAML lines | median ms | µs per variant | ratio to first of shape |');
console.log('|---|---:|---:|---:|---:|---:|---:|');
for (const r of results) {
  const base = results.find((b) => b.shape === r.shape);
  console.log(
    `| ${r.shape} | ${r.size} | ${r.images} | ${r.lines} | ${r.ms.toFixed(1)} | ${((r.ms * 1000) / r.size).toFixed(1)} | ${(r.ms / base.ms).toFixed(2)} (size x${(r.size / base.size).toFixed(0)}) |`,
  );
}
