// The act nightly with its log read as it is written: act's lines carry no
// time, so each is stamped when it arrives (every 100 ms), and a job lasts
// from its first line to its last. Shared by the benchmarks that look inside
// an act run (batch-jobs.mjs, noop-profile.mjs).
import { spawn } from 'node:child_process';
import { existsSync, openSync, readdirSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { cacheRoot, root } from './common.mjs';

const runsDir = join(cacheRoot, 'nightly', 'runs');

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

/** One nightly under act (scripts/nightly.sh) with `extra` in its environment: its seconds, and its log's lines stamped. */
export function stampedNightly(extra) {
  const started = Date.now();
  const before = new Set(runDirs());
  const child = spawn(join(root, 'scripts', 'nightly.sh'), [], {
    cwd: root,
    env: { ...process.env, ...extra },
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
      const parts = (partial + buffer.subarray(0, n).toString('utf8')).split('\n');
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
      else if (status !== 0) reject(new Error(`the nightly exited ${status}:\n${stdout.slice(-2000)}`));
      else resolve({ started, seconds, lines, stdout });
    });
  });
}

/** Each job's span in a stamped log, keyed by act's job name (`[stage 0-1/rebuild-shard/build …]`). */
export function jobSpans(lines, match = /^\[([^\]]*?)\s*\]/) {
  const jobs = new Map();
  for (const { at, line } of lines) {
    const job = match.exec(line)?.[1];
    if (job === undefined) continue;
    const seen = jobs.get(job) ?? { first: at, last: at, lines: [] };
    seen.last = at;
    seen.lines.push(line);
    jobs.set(job, seen);
  }
  return jobs;
}
