#!/usr/bin/env node
// Propagating the published examples to one mirror: the bundled propagate
// action against the same copy done by the raw tool command, cold (a mirror
// repository that holds nothing) and warm (the same run again, nothing
// missing).
//
// Once, untimed: the example catalog (copied, under a repository of the
// run's own) is planned by matrix-expand, built by the project's build (both
// stages, the debug twin), given a CycloneDX SBOM by trivy, signed and
// attested by the sign-with-cosign bundle (cosign v3, a key), and published
// by the project's publish to the lab's anonymous registry; the image the
// lock-down check stops (noncompliant) is not published, as in the nightly.
//
// Then, per run, each on a fresh mirror repository in the lab's basic-auth
// registry:
//   ours  dist/propagate (regctl 0.11.6 and cosign from the lab), cold then warm:
//         reads what the mirror lacks, copies it, verifies the signature and
//         the SBOM attestation there, then tags;
//   raw   `regctl image copy --referrers --digest-tags <source>:<tag> <mirror>:<tag>`
//         for every published tag, one after another, cold then warm;
//   raw+verify  the same guarantees by hand: the copy by digest, `cosign verify`
//         and `cosign verify-attestation --type cyclonedx` at the mirror, then
//         the tag (`regctl image copy <mirror>@<digest> <mirror>:<tag>`), per tag.
// Blob uploads are counted in the basic-auth registry's log.
//
//   node bench/propagate.mjs [--runs N]
//
// Needs the lab (`scripts/lab.sh up`) and `npm run build`.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { cacheRoot, compiledPackage, median, option, root } from './common.mjs';

const runs = Number(option('--runs', '5'));
const lab = JSON.parse(readFileSync(join(cacheRoot, 'lab', 'state.json'), 'utf8'));
const env = { ...process.env, ...lab.env };
const id = `bench-propagate-${Date.now()}`;
const work = mkdtempSync(join(tmpdir(), 'bench-propagate-'));
const mirrorHost = lab.authRegistry.host;
const logins = JSON.stringify({ [mirrorHost]: { username: lab.authRegistry.username, password: lab.authRegistry.password } });

// A private copy of the bundle: a rebuild of dist/ during the runs must not pull it away.
const bundle = join(root, '.bench', 'propagate-dist');
rmSync(bundle, { recursive: true, force: true });
cpSync(join(root, 'dist'), bundle, { recursive: true });

// ---------------------------------------------------------------- the published examples
const workspace = join(work, 'workspace');
cpSync(join(root, 'examples'), join(workspace, 'examples'), { recursive: true });
rewrite(join(workspace, 'examples'), 'example-org/curated-images', `${id}/curated-images`);
const git = (...args) =>
  execFileSync('git', args, {
    cwd: workspace,
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 'b',
      GIT_AUTHOR_EMAIL: 'b@example.com',
      GIT_COMMITTER_NAME: 'b',
      GIT_COMMITTER_EMAIL: 'b@example.com',
    },
  });
git('init', '-q', '-b', 'main');
git('add', '.');
git('commit', '-q', '-m', 'examples');

const key = join(work, 'cosign.key');
const password = 'bench';
execFileSync(lab.bin.cosign, ['generate-key-pair'], { cwd: work, env: { ...process.env, COSIGN_PASSWORD: password }, stdio: 'ignore' });
const publicKey = readFileSync(join(work, 'cosign.pub'), 'utf8');

await compiledPackage('propagate', 'propagate');
const compiled = (path) => import(pathToFileURL(join(root, '.bench', 'propagate', path)).href);
const { buildPrebuilt } = await compiled('packages/buildx/index.js');
const { publish } = await compiled('packages/publish/index.js');
const { RegistryClient } = await compiled('packages/registry/index.js');
const { ExecRunner } = await compiled('packages/process/index.js');
const { MemoryLogger } = await compiled('packages/logging/index.js');

const labRunner = { run: (command) => new ExecRunner().run({ ...command, quiet: true, env: { ...lab.env, ...command.env } }) };
const registry = new RegistryClient();
const plan = JSON.parse(readFileSync(planFile(''), 'utf8'));
const published = [];
const digests = new Map();
console.error(`bench: building, signing and publishing ${plan.entries.length} example entries under ${lab.registry}/${id}`);
for (const entry of [...plan.entries].sort((a, b) => a.stage - b.stage)) {
  const parents = Object.fromEntries(entry.parents.map((p) => [p.reference, digests.get(p.entry)]));
  const result = await buildPrebuilt(labRunner, new MemoryLogger(), {
    entry,
    parents,
    workspace,
    tempDir: join(work, 'build'),
    docker: lab.bin.docker,
    logout: false,
    cache: 'none',
    secrets: {},
    secretFiles: {},
    sbom: false,
    provenance: 'min',
    buildDebugTwin: true,
    retry: { attempts: 3, baseDelayMs: 500, maxDelayMs: 2000 },
    env: {},
  });
  if (result.problems.length > 0) {
    console.error(`bench: ${entry.id} stops at the lock-down check, as in the nightly; not published`);
    continue;
  }
  digests.set(entry.id, result.main.image);
  const images = [{ image: result.main.image, tags: entry.tags }];
  if (result.debug && entry.debug) images.push({ image: result.debug.image, tags: entry.debug.tags });
  for (const { image, tags } of images) {
    const sbom = join(work, `${entry.id}-${published.length}.cdx.json`);
    execFileSync(
      lab.bin.trivy,
      ['image', '--format', 'cyclonedx', '--output', sbom, '--cache-dir', join(work, 'trivy'), '--offline-scan', image],
      {
        env,
        stdio: 'ignore',
      },
    );
    // The sign-with-cosign bundle, as the runner runs it: cosign v3 from the lab, with the key, no transparency log.
    const signed = runBundle('sign-with-cosign', {
      image,
      key: readFileSync(key, 'utf8'),
      'key-password': password,
      'public-key': publicKey,
      sbom,
      'transparency-log': 'false',
      'cosign-version': 'path',
    });
    if (signed.status !== 0) throw new Error(`sign-with-cosign failed:\n${signed.stdout.slice(-2000)}`);
    await publish(
      registry,
      new MemoryLogger(),
      { image, tags },
      { built: image, scan: { image, verdict: 'pass' }, signature: { image, verified: true } },
    );
    published.push(...tags);
  }
}
console.error(`bench: published ${published.length} tags`);

// ---------------------------------------------------------------- the runs
const dockerConfig = join(work, 'docker');
mkdirSync(dockerConfig, { recursive: true });
execFileSync(lab.bin.docker, ['login', mirrorHost, '--username', lab.authRegistry.username, '--password-stdin'], {
  env: { ...env, DOCKER_CONFIG: dockerConfig },
  input: lab.authRegistry.password,
  stdio: ['pipe', 'ignore', 'ignore'],
});
const regctlConfig = join(work, 'regctl.json');
writeFileSync(regctlConfig, JSON.stringify({ hosts: { [lab.registry]: { tls: 'disabled' }, [mirrorHost]: { tls: 'disabled' } } }));

const rows = { ours: { cold: [], warm: [] }, raw: { cold: [], warm: [] }, checked: { cold: [], warm: [] } };
const uploads = { ours: { cold: [], warm: [] }, raw: { cold: [], warm: [] }, checked: { cold: [], warm: [] } };
for (let run = 0; run < runs; run++) {
  const ours = `${mirrorHost}/${id}/ours-${run}`;
  const oursPlan = planFile(ours);
  for (const phase of ['cold', 'warm']) {
    const { seconds, count } = timed(ours, () => propagate(oursPlan));
    rows.ours[phase].push(seconds);
    uploads.ours[phase].push(count);
  }
  const raw = `${mirrorHost}/${id}/raw-${run}`;
  for (const phase of ['cold', 'warm']) {
    const { seconds, count } = timed(raw, () => rawCopy(raw));
    rows.raw[phase].push(seconds);
    uploads.raw[phase].push(count);
  }
  const checked = `${mirrorHost}/${id}/checked-${run}`;
  for (const phase of ['cold', 'warm']) {
    const { seconds, count } = timed(checked, () => checkedCopy(checked));
    rows.checked[phase].push(seconds);
    uploads.checked[phase].push(count);
  }
  const line = (name) =>
    `${name} ${rows[name].cold[run].toFixed(2)}/${rows[name].warm[run].toFixed(2)}s (${uploads[name].cold[run]}/${uploads[name].warm[run]} blob uploads)`;
  console.log(`run ${run + 1}, cold/warm: ${['ours', 'raw', 'checked'].map(line).join('; ')}`);
}

const m = (values) => median(values);
console.log(`\n${published.length} published tags (the examples), ${runs} runs, medians:\n`);
console.log('| copy | cold (s) | warm (s) | blob uploads cold / warm |');
console.log('|---|---:|---:|---:|');
console.log(
  `| propagate (ours) | ${m(rows.ours.cold).toFixed(2)} | ${m(rows.ours.warm).toFixed(2)} | ${m(uploads.ours.cold)} / ${m(uploads.ours.warm)} |`,
);
console.log(
  `| raw regctl | ${m(rows.raw.cold).toFixed(2)} | ${m(rows.raw.warm).toFixed(2)} | ${m(uploads.raw.cold)} / ${m(uploads.raw.warm)} |`,
);
const row = (label, name) =>
  console.log(
    `| ${label} | ${m(rows[name].cold).toFixed(2)} | ${m(rows[name].warm).toFixed(2)} | ${m(uploads[name].cold)} / ${m(uploads[name].warm)} |`,
  );
row('raw regctl, cosign verify at the mirror, then tag', 'checked');
const ratio = (a, b) => `${(m(rows[a].cold) / m(rows[b].cold)).toFixed(2)} | ${(m(rows[a].warm) / m(rows[b].warm)).toFixed(2)}`;
console.log(`| ours / raw regctl | ${ratio('ours', 'raw')} | |`);
console.log(`| ours / raw regctl + verify | ${ratio('ours', 'checked')} | |`);
rmSync(work, { recursive: true, force: true });

// ---------------------------------------------------------------- helpers

/** The example plan, published under the run's repository, mirrored to `mirror` (none when empty). */
function planFile(mirror) {
  const temp = mkdtempSync(join(work, 'plan-'));
  const inputs = { catalog: 'examples/images.yaml', registry: lab.registry, changes: 'all', mirrors: mirror, 'max-jobs': '256' };
  const result = runBundle('matrix-expand', inputs, { RUNNER_TEMP: temp });
  if (result.status !== 0) throw new Error(`matrix-expand failed:\n${result.stdout.slice(-2000)}`);
  return join(temp, 'image-actions', 'plan.json');
}

function propagate(file) {
  const inputs = {
    'plan-file': file,
    'public-key': publicKey,
    'transparency-log': 'false',
    'tools-from-path': 'true',
    'mirror-logins': logins,
    'fail-on-lag': 'true',
  };
  const result = runBundle('propagate', inputs, { RUNNER_TEMP: mkdtempSync(join(work, 'run-')) });
  if (result.status !== 0) throw new Error(`propagate failed:\n${result.stdout.slice(-3000)}`);
}

function rawCopy(mirror) {
  for (const tag of published) {
    const { repository, name } = splitTag(tag);
    const target = `${mirror}/${repository.split('/').pop()}:${name}`;
    const result = spawnSync(lab.bin.regctl, ['image', 'copy', '--referrers', '--digest-tags', tag, target], {
      env: { ...env, DOCKER_CONFIG: dockerConfig, REGCTL_CONFIG: regctlConfig },
      encoding: 'utf8',
    });
    if (result.status !== 0) throw new Error(`regctl image copy ${tag} failed:\n${result.stderr.slice(-2000)}`);
  }
}

function checkedCopy(mirror) {
  const tools = { ...env, DOCKER_CONFIG: dockerConfig, REGCTL_CONFIG: regctlConfig };
  const run = (file, args) => {
    const result = spawnSync(file, args, { env: tools, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`${file} ${args[0]} failed:\n${result.stderr.slice(-2000)}`);
    return result.stdout;
  };
  const key = ['--key', join(work, 'cosign.pub'), '--insecure-ignore-tlog'];
  for (const tag of published) {
    const { repository, name } = splitTag(tag);
    const digest = run(lab.bin.regctl, ['image', 'digest', tag]).trim();
    const target = `${mirror}/${repository.split('/').pop()}`;
    run(lab.bin.regctl, ['image', 'copy', '--referrers', '--digest-tags', `${repository}@${digest}`, `${target}@${digest}`]);
    run(lab.bin.cosign, ['verify', ...key, `${target}@${digest}`]);
    run(lab.bin.cosign, ['verify-attestation', '--type', 'cyclonedx', ...key, `${target}@${digest}`]);
    run(lab.bin.regctl, ['image', 'copy', `${target}@${digest}`, `${target}:${name}`]);
  }
}

/** Seconds, and the blob uploads the mirror's registry logged for `repository` meanwhile. */
function timed(repository, body) {
  const log = lab.logs.authRegistry;
  const before = statSync(log).size;
  const started = performance.now();
  body();
  const seconds = (performance.now() - started) / 1000;
  const path = repository.slice(repository.indexOf('/') + 1);
  const added = readFileSync(log).subarray(before).toString('utf8');
  const count = added.split('\n').filter((line) => line.includes(`"POST /v2/${path}/`) && line.includes('/blobs/uploads/')).length;
  return { seconds, count };
}

function runBundle(action, inputs, extra) {
  const dir = mkdtempSync(join(work, `${action}-`));
  const files = { GITHUB_OUTPUT: join(dir, 'output'), GITHUB_STEP_SUMMARY: join(dir, 'summary'), GITHUB_ENV: join(dir, 'env') };
  for (const file of Object.values(files)) writeFileSync(file, '');
  const inputEnv = Object.fromEntries(Object.entries(inputs).map(([k, v]) => [`INPUT_${k.replace(/ /g, '_').toUpperCase()}`, v]));
  return spawnSync(process.execPath, [join(bundle, action, 'index.js')], {
    cwd: workspace,
    env: { ...env, ...files, ...inputEnv, GITHUB_WORKSPACE: workspace, RUNNER_TEMP: dir, ...extra },
    encoding: 'utf8',
  });
}

function splitTag(tag) {
  const colon = tag.lastIndexOf(':');
  return { repository: tag.slice(0, colon), name: tag.slice(colon + 1) };
}

/** Replaces `from` with `to` in every file below `dir` (the catalog and the Dockerfiles' FROM lines). */
function rewrite(dir, from, to) {
  for (const name of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, name.name);
    if (name.isDirectory()) rewrite(path, from, to);
    else writeFileSync(path, readFileSync(path, 'utf8').replaceAll(from, to));
  }
}
