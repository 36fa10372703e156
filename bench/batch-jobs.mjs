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
import { jobSpans, stampedNightly } from './act-log.mjs';
import { median, option } from './common.mjs';

const runs = Number(option('--runs', '3'));
const batches = option('--batches', '1,4').split(',').map(Number);
const IMAGES_PER_SHARD = 4;

/** One forced nightly under act at `batch`, its shards holding four images whatever the batch. */
function nightly(batch) {
  return stampedNightly({
    NIGHTLY_FORCE: 'true',
    NIGHTLY_BATCH: String(batch),
    NIGHTLY_MAX_JOBS: String(Math.max(1, IMAGES_PER_SHARD / batch)),
  });
}

const GATE = /^\[(stage [^/]*\/rebuild-shard\/(build|scan|sign|publish) [^\]]*?)\s*\]/;
const STEP = /image-actions: (?:done in|failed after) ([\d.]+)s/;

/** Per gate job: its span in the log, and the time its chain step reported. */
function gateJobs(lines) {
  return [...jobSpans(lines, GATE).values()].map((j) => {
    const span = (j.last - j.first) / 1000;
    const step = j.lines.reduce((sum, line) => sum + Number(STEP.exec(line)?.[1] ?? 0), 0);
    return { span, step, overhead: span - step };
  });
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
