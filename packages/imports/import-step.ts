import type { BuildOutcome } from '../chain/steps.js';
import { type RunEnvironment, verifyInTempDir } from '../cosign/index.js';
import type { Logger } from '../logging/index.js';
import { parseDigestReference } from '../oci/index.js';
import type { PlanEntry, PlannedImport } from '../plan/entry.js';
import { lockDownPushed, platformManifests } from '../prebuilt/index.js';
import type { CommandRunner } from '../process/index.js';
import { regctlCopy, regctlFor } from '../propagate/index.js';
import type { RegistryClient } from '../registry/index.js';

export interface ImportStepConfig {
  runner: CommandRunner;
  log: Logger;
  /** Reads the upstream index and the copy, checks the push login, and reads the copy back for the lock-down checks. */
  registry: RegistryClient;
  /** Installs (or finds) regctl, asked only when something is to be copied. */
  regctl: () => Promise<string>;
  /** Installs (or finds) cosign, asked only when the catalog names an upstream signer. */
  cosign: () => Promise<string>;
  /** A private directory of the step (regctl's configuration, the upstream key file). */
  workDir: string;
  env: RunEnvironment;
}

/**
 * The build phase of an imported image: the upstream signature checked
 * first when the catalog names a signer, the upstream index checked to hold
 * every platform the catalog lists, then the whole index copied by digest
 * into the entry's repository (regctl, with its referrers), unless it is
 * there already, and read back: the copy must have the digest the plan
 * resolved. A prebuilt import is then held to the same lock-down checks as
 * a built image. No tag is written: publishing does that after the gates.
 */
export function importStep(config: ImportStepConfig): (entry: PlanEntry) => Promise<BuildOutcome> {
  return async (entry) => {
    const planned = entry.import;
    if (planned === undefined) throw new Error(`${entry.id} is not an import`);
    const { log, registry } = config;
    const target = `${entry.repository}@${planned.digest}`;
    if (planned.signature !== undefined) await verifyUpstream(config, planned);
    const platforms = (await platformManifests(registry, planned.source)).map((p) => p.platform);
    const missing = entry.platforms.filter((platform) => !platforms.includes(platform));
    if (missing.length > 0) {
      throw new Error(
        `${planned.upstream} (${planned.digest}) has no ${missing.join(', ')} image (it has ${platforms.join(', ') || 'none'}): the catalog's platforms for ${entry.application} must be ones upstream publishes`,
      );
    }
    const copy = parseDigestReference(target, 'the import');
    const present = await registry.findManifest(copy.registry, copy.repository, planned.digest);
    if (present !== undefined) {
      log.info(`${target} is already in ${entry.repository}: nothing copied`);
    } else {
      await registry.checkAccess(copy.registry, copy.repository, 'push');
      const source = parseDigestReference(planned.source, 'the import source');
      const regctl = await regctlFor(await config.regctl(), [source.registry, copy.registry], config.workDir);
      await log.group(`regctl image copy ${planned.source} ${target}`, () => regctlCopy(config.runner, regctl, planned.source, target));
    }
    const copied = await registry.findManifest(copy.registry, copy.repository, planned.digest);
    if (copied?.digest !== planned.digest) {
      throw new Error(
        `the copy of ${planned.upstream} in ${entry.repository} does not have the digest ${planned.digest} the plan resolved`,
      );
    }
    log.info(`imported ${planned.upstream} as ${target} (${platforms.join(', ')})`);
    const lockDownProblems =
      entry.mode === 'prebuilt' ? (await lockDownPushed(registry, log, target, entry.requires)).problems : ([] as string[]);
    return { image: target, lockDownProblems };
  };
}

/** The upstream's own signature on the digest, as the catalog names its signer: no copy without it. */
async function verifyUpstream(config: ImportStepConfig, planned: PlannedImport): Promise<void> {
  const signature = planned.signature;
  if (signature === undefined) return;
  try {
    await verifyInTempDir(config.runner, config.log, config.workDir, {
      cosign: await config.cosign(),
      image: planned.source,
      ...(signature.kind === 'key'
        ? { publicKey: signature.publicKey, identity: {}, transparencyLog: signature.transparencyLog }
        : { identity: { identity: signature.identity, issuer: signature.issuer }, transparencyLog: true, run: 'any' as const }),
      env: config.env,
    });
  } catch (error: unknown) {
    throw new Error(
      `the upstream signature of ${planned.upstream} (${planned.digest}) does not verify, so it was not imported: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
