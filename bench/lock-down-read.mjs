// The lock-down reader on a large layer: how long it takes, and how much
// memory it holds, to read a gzip layer as the registry hands it over.
//
//   node bench/lock-down-read.mjs [--runs 5] [--layer path/to/layer.tar]
//
// The layer defaults to the lab's Debian bookworm minbase root filesystem
// (the tarball `scripts/lab.sh up` imports as lab/debian), gzip-compressed
// once in memory, as a registry blob is. Modes, each in a fresh node process
// so that its peak RSS is its own:
//   gunzip     decompress the stream and drop it: the floor any reader pays
//   records    readLayer keeping only package records (the scan's coverage check)
//   recognise  readLayer with every executable through the ContentProbe (lock-down)
//   whole      gunzip the layer into one Buffer first (what the reader did before it streamed)
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { createGunzip, gunzipSync, gzipSync } from 'node:zlib';
import { cacheRoot, compiledPackage, median, option, root } from './common.mjs';

const MODES = ['gunzip', 'records', 'recognise', 'whole'];
const defaultLayer = join(cacheRoot, 'lab', 'debian-bookworm-minbase.tar');

async function once(mode, layerPath) {
  const prebuilt = await compiledPackage('lock-down-read', 'prebuilt');
  const gz = gzipSync(readFileSync(layerPath));
  global.gc?.();
  const before = process.memoryUsage().rss;
  let peak = before;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 5);
  const started = performance.now();
  let entries = 0;
  let recognised = 0;
  if (mode === 'gunzip') {
    for await (const _chunk of Readable.from([gz]).pipe(createGunzip())) entries += 0;
  } else if (mode === 'whole') {
    const tar = gunzipSync(gz);
    peak = Math.max(peak, process.memoryUsage().rss);
    entries = (await prebuilt.readLayer(tar, { wantContent: prebuilt.isPackageRecord })).length;
  } else {
    const read = await prebuilt.readLayer(prebuilt.uncompressed(gz, 'application/vnd.oci.image.layer.v1.tar+gzip'), {
      wantContent: prebuilt.isPackageRecord,
      recognise: mode === 'recognise',
    });
    entries = read.length;
    recognised = read.filter((e) => e.recognised).length;
  }
  const ms = performance.now() - started;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  process.stdout.write(
    `${JSON.stringify({ mode, ms, peakMiB: (peak - before) / 1048576, entries, recognised, gzMiB: gz.length / 1048576 })}\n`,
  );
}

async function main() {
  const mode = option('--mode', undefined);
  const layer = option('--layer', defaultLayer);
  if (mode !== undefined) return once(mode, layer);
  const runs = Number(option('--runs', '5'));
  const size = readFileSync(layer).length / 1048576;
  const rows = [];
  for (const m of MODES) {
    const results = [];
    for (let i = 0; i < runs; i++) {
      const out = execFileSync(process.execPath, [join(root, 'bench', 'lock-down-read.mjs'), '--mode', m, '--layer', layer], {
        encoding: 'utf8',
      });
      results.push(JSON.parse(out.trim().split('\n').at(-1)));
    }
    rows.push({
      mode: m,
      ms: median(results.map((r) => r.ms)),
      peakMiB: median(results.map((r) => r.peakMiB)),
      entries: results[0].entries,
      recognised: results[0].recognised,
    });
  }
  console.log(`layer: ${layer} (${size.toFixed(1)} MiB uncompressed), ${runs} runs per mode, medians`);
  console.log('| mode | median ms | peak RSS growth MiB | entries | recognised |');
  console.log('|---|---:|---:|---:|---:|');
  for (const r of rows) console.log(`| ${r.mode} | ${r.ms.toFixed(0)} | ${r.peakMiB.toFixed(0)} | ${r.entries} | ${r.recognised} |`);
}

await main();
