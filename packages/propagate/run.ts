import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunEnvironment } from '../cosign/index.js';
import type { Logger } from '../logging/index.js';
import type { PlanEntry } from '../plan/entry.js';
import type { CommandRunner } from '../process/index.js';
import {
  CredentialChain,
  DockerConfigCredentials,
  dockerLogin,
  dockerLogout,
  ExplicitCredentials,
  RegistryClient,
} from '../registry/index.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../retry/index.js';
import type { Login } from './logins.js';
import { type PropagationReport, propagate } from './propagate.js';
import { regctlFor } from './regctl.js';
import { mirroredImages } from './targets.js';
import { mirrorTools } from './tools.js';

export interface PropagationSettings {
  /** The plan entries to propagate (the whole plan, or one shard of it). */
  entries: readonly PlanEntry[];
  /** A login for the plan's own registry, from the step's inputs. */
  sourceLogin?: Login;
  /** Logins for mirrors, by host. */
  mirrorLogins: Readonly<Record<string, Login>>;
  verification: {
    publicKey?: string;
    identityRegexp?: string;
    transparencyLog: boolean;
    /** Public keys the sign job recorded, by `registry/repository@sha256:...`. */
    recordedKeys: ReadonlyMap<string, string>;
  };
  /** The run's environment: DOCKER_CONFIG and HOME for logins, GITHUB_* for the keyless identity. */
  env: RunEnvironment;
}

export interface PropagationTools {
  regctl: string;
  cosign: string;
  docker: string;
}

export interface PropagationServices {
  runner: CommandRunner;
  log: Logger;
  /** A private temporary directory of the step. */
  tempDir: string;
  /** Installs (or finds) regctl and cosign; asked only when some image has a mirror. */
  tools(workDir: string): Promise<PropagationTools>;
  retry?: RetryPolicy;
}

/**
 * What the propagate action does: finds the plan's images that have
 * mirrors, installs the tools, logs in to every host with an explicit login
 * (docker login, so regctl and cosign see it too; logged out at the end),
 * and propagates each image to each of its mirrors. Logins not given
 * explicitly come from the docker config, as for every other step.
 */
export async function propagatePlan(settings: PropagationSettings, services: PropagationServices): Promise<PropagationReport> {
  const { runner, log } = services;
  const images = mirroredImages(settings.entries);
  if (images.length === 0) {
    log.info(`none of the ${settings.entries.length} plan entries has a mirror: nothing to propagate`);
    return { images: [] };
  }
  const sources = [...new Set(images.map((i) => i.source.registry))];
  const logins: Record<string, Login> = { ...settings.mirrorLogins };
  if (settings.sourceLogin) for (const host of sources) logins[host] = settings.sourceLogin;
  const hosts = [...new Set([...sources, ...images.flatMap((i) => i.mirrors.map((m) => m.registry))])];
  log.info(`propagating ${images.length} image(s) from ${sources.join(', ')} to ${hosts.filter((h) => !sources.includes(h)).join(', ')}`);

  const workDir = await mkdtemp(join(services.tempDir, 'propagate-'));
  const loggedIn: string[] = [];
  let tools: PropagationTools | undefined;
  try {
    tools = await services.tools(workDir);
    for (const [host, login] of Object.entries(logins).sort(([a], [b]) => a.localeCompare(b))) {
      await dockerLogin(runner, log, tools.docker, { registry: host, ...login }, services.retry ?? DEFAULT_RETRY_POLICY);
      loggedIn.push(host);
    }
    const registry = new RegistryClient({
      credentials: new CredentialChain([
        new ExplicitCredentials(
          logins,
          "inputs 'registry-username'/'registry-password' or 'mirror-logins'",
          "the 'mirror-logins' input (or 'registry-username' and 'registry-password' for the source)",
        ),
        new DockerConfigCredentials({ runner, env: settings.env, log }),
      ]),
      log,
      ...(services.retry !== undefined ? { retry: services.retry } : {}),
    });
    const regctl = await regctlFor(tools.regctl, hosts, workDir);
    const { verification } = settings;
    return await propagate(images, {
      registry,
      log,
      tools: mirrorTools({
        runner,
        log,
        regctl,
        cosign: tools.cosign,
        workDir,
        ...(verification.publicKey !== undefined ? { publicKey: verification.publicKey } : {}),
        recordedKey: (source) => verification.recordedKeys.get(source),
        identity: verification.identityRegexp !== undefined ? { identityRegexp: verification.identityRegexp } : {},
        transparencyLog: verification.transparencyLog,
        env: settings.env,
      }),
    });
  } finally {
    for (const host of loggedIn) {
      await dockerLogout(runner, tools?.docker ?? 'docker', host).catch((error: unknown) =>
        log.warning(`docker logout ${host} failed: ${error instanceof Error ? error.message : String(error)}`),
      );
    }
    await rm(workDir, { recursive: true, force: true });
  }
}
