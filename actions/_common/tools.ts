import type { ToolNeeds } from '../../packages/chain/index.js';
import { COSIGN_PINS, DEFAULT_COSIGN_VERSION } from '../../packages/cosign/index.js';
import type { Logger } from '../../packages/logging/index.js';
import type { CommandRunner } from '../../packages/process/index.js';
import { DEFAULT_REGCTL_VERSION, REGCTL_PINS } from '../../packages/propagate/index.js';
import { ActionsDownloader, ActionsToolCache, FROM_PATH, type InstalledTool, resolveTool } from '../../packages/tool-install/index.js';
import { DEFAULT_TRIVY_VERSION, TRIVY_PINS } from '../../packages/trivy/index.js';

export interface Tools {
  docker: string;
  /** Absent when the phase does not scan. */
  trivy?: InstalledTool;
  /** Absent when the phase neither signs nor verifies. */
  cosign?: InstalledTool;
  /** Absent unless the phase imports an image. */
  regctl?: InstalledTool;
}

/**
 * trivy and cosign, each only when the phase uses it, at their pinned
 * versions (checksums verified, kept in the tool cache), or as found on PATH
 * when the user says so; docker (with buildx) is the runner's.
 */
export async function installedTools(
  fromPath: boolean,
  runner: CommandRunner,
  log: Logger,
  tempDir: string,
  needs: ToolNeeds,
): Promise<Tools> {
  const options = { cache: new ActionsToolCache(), downloader: new ActionsDownloader(), runner, log, tempDir };
  const tools: Tools = { docker: 'docker' };
  if (needs.trivy) tools.trivy = await resolveTool(TRIVY_PINS, fromPath ? FROM_PATH : DEFAULT_TRIVY_VERSION, options);
  if (needs.cosign) tools.cosign = await resolveTool(COSIGN_PINS, fromPath ? FROM_PATH : DEFAULT_COSIGN_VERSION, options);
  if (needs.regctl) tools.regctl = await resolveTool(REGCTL_PINS, fromPath ? FROM_PATH : DEFAULT_REGCTL_VERSION, options);
  const named = [
    tools.trivy && `trivy ${tools.trivy.version} (${tools.trivy.source})`,
    tools.cosign && `cosign ${tools.cosign.version} (${tools.cosign.source})`,
    tools.regctl && `regctl ${tools.regctl.version} (${tools.regctl.source})`,
  ];
  log.info(
    `tools: docker from PATH${named
      .filter(Boolean)
      .map((t) => `, ${t}`)
      .join('')}`,
  );
  return tools;
}
