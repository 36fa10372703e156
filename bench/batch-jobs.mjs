#!/usr/bin/env node
// Jobs scale with batches: what a job costs under act besides its chain step,
// at batch 1 (a leg per image) and at the default batch, and what that makes
// for a nightly of 1,000 images.
//
//   node bench/batch-jobs.mjs [--runs 3] [--batches 1,4]
//
// Each run is the examples' nightly under act (scripts/nightly.sh), every
// image rebuilt (NIGHTLY_FORCE=true) on a warm BuildKit cache, so that every
// gate job runs and the builds themselves are quick. The shards hold four
// images at every batch (max-jobs is 4 / batch), so only the legs differ. The
// run's log is read while it is written and each line is stamped when it
// arrives (act's own lines carry no time): a job lasts from its first line
// to its last, and its overhead is that minus the time its chain step itself
// reports (`image-actions: done in` / `failed after`): act's container, the
// checkout, the copy of the actions, the artifacts' and cache steps. The
// batches run alternately, so that a slow minute of the shared machine
// falls on both.
import { spawn } from 'node:child_process';
import { existsSync, openSync, readdirSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { median, option, root } from './common.mjs';

const runs = Number(option('--runs', '3'));
const batches = option('--batches', '1,4').split(',').map(Number);
const IMAGES_PER_SHARD = 4;
const runsDir = join(process.env.HOME, '.cache', 'image-actions', 'nightly', 'runs');

function runDirs() {
  return existsSync(runsDir) ? readdirSync(runsDir).map((name) => join(runsDir, name)) : [];
}

/** The run directory the nightly started now made: one that was not there before it, with its log. */
function newRun(before) {
  return runDirs()
    .filter((dir) => !before.has(dir) && existsSync(join(dir, 'run.log')))
    .sort()
    .at(-1);
}

/** One nightly under act; its log's lines, each with the time it arrived. */
function nightly(batch) {
  const started = Date.now();
  const before = new Set(runDirs());
  const child = spawn(join(root, 'scripts', 'nightly.sh'), [], {
    cwd: root,
    env: {
      ...process.env,
      NIGHTLY_FORCE: 'true',
      NIGHTLY_BATCH: String(batch),
      NIGHTLY_MAX_JOBS: String(Math.max(1, IMAGES_PER_SHARD / batch)),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  child.stdout.on('data', (d) => {
    stdout += d;
  });
  child.stderr.on('data', () => {});
  const lines = [];
  let file;
  let fd;
  let offset = 0;
  let partial = '';
  const read = () => {
    file ??= newRun(before);
    if (file === undefined) return;
    fd ??= openSync(join(file, 'run.log'), 'r');
    const buffer = Buffer.alloc(1 << 20);
    for (;;) {
      const n = readSync(fd, buffer, 0, buffer.length, offset);
      if (n === 0) break;
      offset += n;
      const text = partial + buffer.subarray(0, n).toString('utf8');
      const parts = text.split('\n');
      partial = parts.pop() ?? '';
      const now = Date.now();
      for (const line of parts) lines.push({ at: now, line });
    }
  };
  const poll = setInterval(read, 100);
  return new Promise((resolve, reject) => {
    child.on('exit', (status) => {
      clearInterval(poll);
      read();
      const seconds = (Date.now() - started) / 1000;
      if (file === undefined) reject(new Error('the nightly made no run directory with a log'));
      else if (status !== 0) reject(new Error(`nightly (batch ${batch}) exited ${status}:\n${stdout.slice(-2000)}`));
      else resolve({ seconds, lines });
    });
  });
}

const GATE = /^\[(stage [^/]*\/rebuild-shard\/(build|scan|sign|publish) [^\]]*?)\s*\]/;
const STEP = /image-actions: (?:done in|failed after) ([\d.]+)s/;

/** Per gate job: its span in the log, and the time its chain step reported. */
function gateJobs(lines) {
  const jobs = new Map();
  for (const { at, line } of lines) {
    const job = GATE.exec(line)?.[1];
    if (job === undefined) continue;
    const seen = jobs.get(job) ?? { first: at, last: at, step: 0 };
    seen.last = at;
    const step = STEP.exec(line);
    if (step) seen.step += Number(step[1]);
    jobs.set(job, seen);
  }
  return [...jobs.values()].map((j) => ({ span: (j.last - j.first) / 1000, step: j.step, overhead: (j.last - j.first) / 1000 - j.step }));
}

const results = new Map(batches.map((b) => [b, []]));
for (let run = 0; run < runs; run++) {
  for (const batch of run % 2 === 0 ? batches : [...batches].reverse()) {
    const { seconds, lines } = await nightly(batch);
    const jobs = gateJobs(lines);
    const row = {
      seconds,
      jobs: jobs.length,
      overhead: median(jobs.map((j) => j.overhead)),
      step: median(jobs.map((j) => j.step)),
      totalOverhead: jobs.reduce((sum, j) => sum + j.overhead, 0),
    };
    results.get(batch).push(row);
    console.error(
      `run ${run + 1}, batch ${batch}: ${seconds.toFixed(1)} s, ${row.jobs} gate jobs, per job ${row.overhead.toFixed(2)} s overhead (median), ${row.step.toFixed(2)} s in the chain step; ${row.totalOverhead.toFixed(1)} s of overhead in all`,
    );
  }
}

/** Jobs of rebuild.yml for one stage of 1,000 images: per shard a matrix job, four gate jobs per leg, a propagate job; plus plan, DB, retention, summary. */
function jobsFor(images, batch) {
  const legs = Math.ceil(images / batch);
  const shards = Math.ceil(legs / 256);
  return { legs, shards, jobs: shards * 2 + 4 * legs + 4 };
}

console.log(
  '| batch | examples: gate jobs | per-job overhead, median (s) | chain step per job, median (s) | overhead in all (s) | nightly (s) | 1,000 images: jobs | 1,000 images: overhead (runner-min) |',
);
console.log('|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const batch of batches) {
  const rows = results.get(batch);
  const overhead = median(rows.map((r) => r.overhead));
  const thousand = jobsFor(1000, batch);
  console.log(
    `| ${batch} | ${median(rows.map((r) => r.jobs))} | ${overhead.toFixed(2)} | ${median(rows.map((r) => r.step)).toFixed(2)} | ${median(rows.map((r) => r.totalOverhead)).toFixed(1)} | ${median(rows.map((r) => r.seconds)).toFixed(1)} | ${thousand.jobs.toLocaleString('en')} | ${((thousand.jobs * overhead) / 60).toFixed(0)} |`,
  );
}
