import { join } from 'node:path';
import { buildOrImport, buildStep, type ChainSteps, scanStep, testStep, toolSteps } from '../../packages/chain/index.js';
import { importStep } from '../../packages/imports/index.js';
import type { Logger } from '../../packages/logging/index.js';
import type { CommandRunner } from '../../packages/process/index.js';
import type { RegistryClient } from '../../packages/registry/index.js';
import { type DbCacheStore, DEFAULT_MAX_DB_AGE, type IgnoreEntry, parseMaxDbAge, utcDate } from '../../packages/trivy/index.js';
import { type Lab, runToolOk } from './lab.js';

export interface LabChainOptions {
  runner: CommandRunner;
  log: Logger;
  registry: RegistryClient;
  /** The repository root the entries' paths are relative to. */
  workspace: string;
  /** A private directory of this run. */
  runDir: string;
  /** The cosign key pair's private half (key signing, no transparency log: the lab has no Rekor). */
  key: { privateKey: string; password: string };
  registryCache: boolean;
  /** trivy's cache dir: the DB is prepared there once for the run. */
  trivyCacheDir: string;
  dbStore: DbCacheStore;
  dbRepositories?: string[];
  maxDbAge?: string;
  ignores?: readonly IgnoreEntry[];
}

/**
 * The chain's real steps against the lab, wired as the root action wires
 * them: buildx on the lab's builder, the lock-down reader, trivy with the
 * lab's DB (or the repositories given), cosign with a key. The process's
 * environment must hold the lab's (BUILDX_BUILDER, PATH).
 */
export function labChainSteps(l: Lab, o: LabChainOptions): ChainSteps {
  return toolSteps({
    runner: o.runner,
    log: o.log,
    docker: l.bin.docker,
    registry: o.registry,
    cosign: l.bin.cosign,
    workDir: o.runDir,
    key: o.key,
    transparencyLog: false,
    identity: {},
    env: process.env,
    build: buildOrImport(
      buildStep({
        runner: o.runner,
        log: o.log,
        docker: l.bin.docker,
        workspace: o.workspace,
        workDir: o.runDir,
        registry: o.registry,
        registryCache: o.registryCache,
        env: process.env,
      }),
      importStep({
        runner: o.runner,
        log: o.log,
        registry: o.registry,
        regctl: async () => l.bin.regctl,
        cosign: async () => l.bin.cosign,
        workDir: o.runDir,
        env: process.env,
      }),
    ),
    test: testStep({ runner: o.runner, log: o.log, docker: l.bin.docker, registry: o.registry }),
    scan: scanStep({
      runner: o.runner,
      log: o.log,
      trivy: l.bin.trivy,
      trivyVersion: '0.74.0',
      cacheDir: o.trivyCacheDir,
      workDir: o.runDir,
      policy: { threshold: 'HIGH', ignoreUnfixed: true },
      ignores: o.ignores ?? [],
      dbRepositories: o.dbRepositories ?? [l.trivy.dbRepository],
      store: o.dbStore,
      maxDbAgeMs: parseMaxDbAge(o.maxDbAge ?? DEFAULT_MAX_DB_AGE),
      registry: o.registry,
      today: utcDate(new Date()),
    }),
  });
}

/** Where a run keeps its trivy cache, by default: inside its own directory. */
export function runTrivyCache(runDir: string): string {
  return join(runDir, 'trivy-cache');
}

/**
 * The CycloneDX attestation on `image` that verifies with the public key in
 * `publicKeyFile` (no transparency log), decoded: its in-toto statement's
 * predicate type and predicate. Throws, with cosign's stderr, when none verifies.
 */
export function attestedSbom(l: Lab, image: string, publicKeyFile: string): { predicateType: string; predicate: unknown } {
  const out = runToolOk(l, l.bin.cosign, [
    'verify-attestation',
    '--type',
    'cyclonedx',
    '--key',
    publicKeyFile,
    '--insecure-ignore-tlog=true',
    image,
  ]).stdout;
  const envelope = JSON.parse(out.trim().split('\n')[0] ?? '{}') as { payload?: string };
  return JSON.parse(Buffer.from(envelope.payload ?? '', 'base64').toString('utf8')) as { predicateType: string; predicate: unknown };
}
