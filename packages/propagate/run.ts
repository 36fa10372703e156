import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { IdentityInputs, RunEnvironment, RunPolicy } from '../cosign/index.js';
import type { Logger } from '../logging/index.js';
import type { PlanEntry } from '../plan/entry.js';
import { type CommandRunner, withEnvironment } from '../process/index.js';
import type { HostLogin as Login } from '../registry/index.js';
import { CredentialChain, DockerConfigCredentials, ExplicitCredentials, RegistryClient, writeDockerConfig } from '../registry/index.js';
import type { RetryPolicy } from '../retry/index.js';
import { type PropagationReport, propagate, ToolsUnavailableError } from './propagate.js';
import { type Regctl, regctlFor } from './regctl.js';
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
    /** Keyless: the publish job's identity (exact, or a regular expression). */
    identity: IdentityInputs;
    /** Keyless: the runs whose signatures count. */
    run?: RunPolicy;
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
}

export interface PropagationServices {
  runner: CommandRunner;
  log: Logger;
  /** A private temporary directory of the step. */
  tempDir: string;
  /** Installs (or finds) regctl and cosign; asked the first time something is to be copied or checked. */
  tools(workDir: string): Promise<PropagationTools>;
  retry?: RetryPolicy;
}

/**
 * What the propagate action does: finds the plan's images that have
 * mirrors, installs the tools, and propagates each image to each of its
 * mirrors. Logins: the explicit ones (the source's from the inputs, the
 * mirrors' by host), else the docker config's, as for every other step;
 * regctl and cosign get the same ones through a docker config of the step's
 * own, so the user's config is never changed and nothing is left behind.
 */
export async function propagatePlan(settings: PropagationSettings, services: PropagationServices): Promise<PropagationReport> {
  const { log } = services;
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
  try {
    let installed: Promise<{ regctl: Regctl; cosign: string }> | undefined;
    const tools = () => {
      installed ??= services.tools(workDir).then(
        async (found) => ({ regctl: await regctlFor(found.regctl, hosts, workDir), cosign: found.cosign }),
        (error: unknown) => {
          throw new ToolsUnavailableError(error);
        },
      );
      return installed;
    };
    const credentials = new CredentialChain([
      new ExplicitCredentials(
        logins,
        "inputs 'registry-username'/'registry-password' or 'mirror-logins'",
        "the 'mirror-logins' input (or 'registry-username' and 'registry-password' for the source)",
      ),
      new DockerConfigCredentials({ runner: services.runner, env: settings.env, log }),
    ]);
    const dockerConfig = join(workDir, 'docker');
    const held = await writeDockerConfig(dockerConfig, hosts, credentials);
    log.info(`logins for regctl and cosign: ${held.length > 0 ? held.join(', ') : 'none (anonymous)'}`);
    const runner = withEnvironment(services.runner, { DOCKER_CONFIG: dockerConfig });
    const registry = new RegistryClient({ credentials, log, ...(services.retry !== undefined ? { retry: services.retry } : {}) });
    const { verification } = settings;
    return await propagate(images, {
      registry,
      log,
      tools: mirrorTools({
        runner,
        log,
        tools,
        workDir,
        ...(verification.publicKey !== undefined ? { publicKey: verification.publicKey } : {}),
        recordedKey: (source) => verification.recordedKeys.get(source),
        identity: verification.identity,
        ...(verification.run !== undefined ? { run: verification.run } : {}),
        transparencyLog: verification.transparencyLog,
        env: settings.env,
      }),
    });
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}
