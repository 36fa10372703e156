#!/usr/bin/env node
// P2: the chain on one example image against the same work done with the raw
// commands in a shell script (bench/chain-raw.sh).
//
//   node bench/chain-vs-raw.mjs [--runs 7]
//
// The image is the example velero 1.12.3 with the aws plugin: a small
// layered image FROM debian:bookworm-slim. Each run, alternately first:
//   - chain: the bundled root action (dist/chain), as the runner runs it,
//     `phase: all`, the key-signed path of the lab (tools from PATH, the lab's
//     DB repository, no Actions cache here, so it downloads the DB as the raw
//     script does), publishing to a repository of the run's own;
//   - raw: chain-raw.sh to another repository of the run's own.
// BuildKit's cache is warm (one untimed build of each first), so both time
// the chain's own work rather than the RUN steps. Both find docker, trivy,
// cosign and regctl through shims that log each command's start and end,
// which gives where the time goes on either side: per tool and subcommand,
// and outside any command (the action's start-up, its registry reads and
// read-backs, the checks between the commands).
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cacheRoot, median, option, root } from './common.mjs';

const runs = Number(option('--runs', '7'));
const lab = JSON.parse(readFileSync(join(cacheRoot, 'lab', 'state.json'), 'utf8'));
const env = { ...process.env, ...lab.env };
const PASSWORD = 'bench-chain';
const IMAGE = { application: 'velero', version: '1.12.3', variant: 'aws', tag: '1.12.3-aws1.8.2' };
const BUILD_ARGS = ['VELERO_VERSION=1.12.3', 'PLUGIN=aws', 'PLUGIN_VERSION=1.8.2'];

// A private copy of the bundle: a rebuild of dist/ during the runs must not pull it away.
const bundle = join(root, '.bench', 'chain-dist');
rmSync(bundle, { recursive: true, force: true });
cpSync(join(root, 'dist'), bundle, { recursive: true });

const work = mkdtempSync(join(tmpdir(), 'bench-chain-'));
spawnSync(lab.bin.cosign, ['generate-key-pair'], { cwd: work, env: { ...env, COSIGN_PASSWORD: PASSWORD }, stdio: 'ignore' });
// The lab's DB carries one seeded advisory with a fix no real package has (see scripts/nightly.sh): both
// paths accept it, the chain through its ignore file, the raw script through trivy's.
const seeded = lab.trivy.seeded;
const ignoreFile = join(work, 'ignores.yaml');
writeFileSync(ignoreFile, `- id: ${seeded.id}\n  packages: [${seeded.pkg}]\n  reason: seeded in the lab's DB\n  expires: 2099-12-31\n`);
const trivyIgnore = join(work, 'trivyignore');
writeFileSync(trivyIgnore, `${seeded.id}\n`);
const regctlConfig = join(work, 'regctl.json');

// Both paths run the same tools through shims that log each command's start
// and end (nanoseconds) and the tool and subcommand: where the time goes,
// exactly, on either side.
const shims = join(work, 'shims');
mkdirSync(shims);
for (const name of ['docker', 'trivy', 'cosign', 'regctl']) {
  const real = lab.bin[name];
  writeFileSync(
    join(shims, name),
    `#!/usr/bin/env bash\nstart=$(date +%s%N)\n${JSON.stringify(real)} "$@"\nrc=$?\nsub=\nfor a in "$@"; do case $a in -*) ;; *) sub=$a; break ;; esac; done\n[ "$sub" = buildx ] && sub="buildx $2"\necho "${name} $sub $start $(date +%s%N)" >>"$SHIM_LOG"\nexit $rc\n`,
    { mode: 0o755 },
  );
}
const shimmed = (log) => ({ PATH: `${shims}:${env.PATH}`, SHIM_LOG: log });

/** The commands a run's shims logged: tool and subcommand, start and end in ms. */
function commands(log) {
  if (!existsSync(log)) return [];
  return readFileSync(log, 'utf8')
    .trim()
    .split('\n')
    .map((line) => {
      const parts = line.split(' ');
      const [start, end] = parts.slice(-2).map((n) => Number(BigInt(n) / 1_000_000n));
      return { tool: parts.slice(0, -2).join(' '), start, end };
    });
}

/** Time per tool and subcommand, and what lies outside every command (start-up, registry reads, checks). */
function breakdown(log, started, total) {
  const spans = {};
  const list = commands(log).sort((a, b) => a.start - b.start);
  for (const c of list) spans[c.tool] = (spans[c.tool] ?? 0) + (c.end - c.start);
  // The union of the commands' spans: some run at the same time.
  let covered = 0;
  let reach = started;
  for (const c of list) {
    if (c.end <= reach) continue;
    covered += c.end - Math.max(c.start, reach);
    reach = c.end;
  }
  return { ...spans, 'outside any command': total - covered };
}
writeFileSync(regctlConfig, JSON.stringify({ hosts: { [lab.registry]: { tls: 'disabled' } } }));

/** A workspace of the run's own: the examples, their catalog publishing under `repository`, committed. */
function workspace(repository) {
  const dir = mkdtempSync(join(work, 'ws-'));
  cpSync(join(root, 'examples'), dir, { recursive: true });
  const catalog = join(dir, 'images.yaml');
  writeFileSync(catalog, readFileSync(catalog, 'utf8').replace(/^repository: .*$/m, `repository: ${repository}`));
  for (const args of [
    ['init', '-q'],
    ['add', '-A'],
    ['-c', 'user.name=bench', '-c', 'user.email=bench@example.com', 'commit', '-qm', 'examples'],
  ]) {
    spawnSync('git', args, { cwd: dir, stdio: 'ignore' });
  }
  return dir;
}

function chain(repository) {
  const ws = workspace(repository);
  const temp = mkdtempSync(join(work, 'runner-'));
  for (const file of ['output', 'summary']) writeFileSync(join(temp, file), '');
  const inputs = {
    phase: 'all',
    catalog: 'images.yaml',
    image: IMAGE.application,
    version: IMAGE.version,
    variant: IMAGE.variant,
    registry: lab.registry,
    'tools-from-path': 'true',
    key: readFileSync(join(work, 'cosign.key'), 'utf8'),
    'key-password': PASSWORD,
    'transparency-log': 'false',
    'trivy-db-repository': lab.trivy.dbRepository,
    'ignore-file': ignoreFile,
    'results-dir': join(temp, 'outcomes'),
  };
  const vars = Object.fromEntries(Object.entries(inputs).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v]));
  const log = join(temp, 'commands.log');
  const started = Date.now();
  const child = spawn(process.execPath, [join(bundle, 'chain', 'index.js')], {
    cwd: ws,
    env: {
      ...env,
      ...shimmed(log),
      ...vars,
      GITHUB_WORKSPACE: ws,
      RUNNER_TEMP: temp,
      RUNNER_TOOL_CACHE: join(temp, 'tool-cache'),
      GITHUB_OUTPUT: join(temp, 'output'),
      GITHUB_STEP_SUMMARY: join(temp, 'summary'),
      GITHUB_EVENT_NAME: 'workflow_dispatch',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  child.stdout.on('data', (data) => {
    stdout += data;
  });
  child.stderr.on('data', () => {});
  return new Promise((resolve, reject) =>
    child.on('exit', (status) => {
      const ms = Date.now() - started;
      const output = readFileSync(join(temp, 'output'), 'utf8');
      if (status !== 0 || !/verdict<<[^\n]*\npublished\n/.test(output)) {
        reject(new Error(`the chain did not publish (exit ${status}):\n${stdout.slice(-3000)}`));
      } else resolve({ ms, parts: breakdown(log, started, ms) });
    }),
  );
}

function raw(repository) {
  const dir = mkdtempSync(join(work, 'raw-'));
  const log = join(dir, 'commands.log');
  const started = Date.now();
  const result = spawnSync(join(root, 'bench', 'chain-raw.sh'), [], {
    env: {
      ...env,
      ...shimmed(log),
      REPO: `${lab.registry}/${repository}/${IMAGE.application}`,
      TAG: IMAGE.tag,
      CONTEXT: join(root, 'examples', 'images', IMAGE.application),
      BUILD_ARGS: BUILD_ARGS.join('\n'),
      WORK: dir,
      DB_REPOSITORY: lab.trivy.dbRepository,
      TRIVY_IGNOREFILE: trivyIgnore,
      COSIGN_KEY_FILE: join(work, 'cosign.key'),
      COSIGN_PASSWORD: PASSWORD,
      REGCTL_CONFIG: regctlConfig,
    },
    encoding: 'utf8',
  });
  const ms = Date.now() - started;
  if (result.status !== 0) throw new Error(`chain-raw.sh failed (${result.status}):\n${result.stderr.slice(-2000)}`);
  return { ms, parts: breakdown(log, started, ms) };
}

const rounds = [];
let n = 0;
const ns = `bench-p2-${Date.now()}`;
// Warm-up, untimed: BuildKit's cache holds the image's steps for both.
await chain(`${ns}/warm-chain`);
raw(`${ns}/warm-raw`);
for (let run = 0; run < runs; run++) {
  const order = run % 2 === 0 ? ['chain', 'raw'] : ['raw', 'chain'];
  const round = {};
  for (const what of order) {
    n += 1;
    round[what] = what === 'raw' ? raw(`${ns}/r${n}`) : await chain(`${ns}/c${n}`);
  }
  rounds.push(round);
  console.error(`run ${run + 1}: chain ${(round.chain.ms / 1000).toFixed(2)} s, raw ${(round.raw.ms / 1000).toFixed(2)} s`);
}

const chainMs = median(rounds.map((r) => r.chain.ms));
const rawMs = median(rounds.map((r) => r.raw.ms));
console.log(`| path | median of ${runs} (s) |\n|---|---:|`);
console.log(`| chain (dist/chain, phase all) | ${(chainMs / 1000).toFixed(2)} |`);
console.log(`| raw commands (bench/chain-raw.sh) | ${(rawMs / 1000).toFixed(2)} |`);
console.log(`| **chain / raw** | **${(chainMs / rawMs).toFixed(2)}x** |`);
console.log('\nWhere the time goes: per command (tool and subcommand) and outside any, median over the runs, s:\n');
console.log('| part | chain | raw |\n|---|---:|---:|');
const parts = [...new Set(rounds.flatMap((r) => [...Object.keys(r.chain.parts), ...Object.keys(r.raw.parts)]))].sort();
const cell = (side, part) => (median(rounds.map((r) => r[side].parts[part] ?? 0)) / 1000).toFixed(2);
for (const part of parts) console.log(`| ${part} | ${cell('chain', part)} | ${cell('raw', part)} |`);
rmSync(work, { recursive: true, force: true });
