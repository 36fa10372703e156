#!/usr/bin/env node
// Where a no-op nightly's time goes under act (P1's profile): the examples
// that can publish, planned twice in a row; the first brings what is
// published up to date, the second has nothing to build and is the one
// profiled. Per job, its span in the log (lines stamped as they arrive, see
// act-log.mjs), and what lies before the first job (scripts/nightly.sh: the
// lab's health checks, the copy of the release) and after the last.
//
//   node bench/noop-profile.mjs [--images velero,python-runner,kerberos-test,node-app,busybox]
import { jobSpans, stampedNightly } from './act-log.mjs';
import { option } from './common.mjs';

const images = option('--images', 'velero,python-runner,kerberos-test,node-app,busybox');
await stampedNightly({ NIGHTLY_IMAGES: images });
const { started, seconds, lines, stdout } = await stampedNightly({ NIGHTLY_IMAGES: images });
const totals = /(\d+) images: (\d+) published, (\d+) stopped, (\d+) unchanged/.exec(stdout);
const jobs = [...jobSpans(lines).entries()].sort((a, b) => a[1].first - b[1].first);
const first = jobs[0]?.[1].first ?? started;
const last = Math.max(...jobs.map(([, j]) => j.last));
console.log(`no-op nightly under act: ${seconds.toFixed(1)} s; ${totals?.[0] ?? 'no totals printed'}\n`);
console.log('| part | starts at (s) | lasts (s) |\n|---|---:|---:|');
console.log(`| before the first job (lab checks, release copy, act start) | 0.0 | ${((first - started) / 1000).toFixed(1)} |`);
for (const [name, j] of jobs) {
  console.log(`| ${name} | ${((j.first - started) / 1000).toFixed(1)} | ${((j.last - j.first) / 1000).toFixed(1)} |`);
}
console.log(
  `| after the last job (act's end, the script's report) | ${((last - started) / 1000).toFixed(1)} | ${(seconds - (last - started) / 1000).toFixed(1)} |`,
);
