import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readOutcomes } from '../../../packages/chain/index.js';
import { UserError } from '../../../packages/errors/index.js';
import { parsePlan, selectMatrix } from '../../../packages/plan/index.js';
import { ExecRunner } from '../../../packages/process/index.js';
import { laggingOf, type PropagationReport, propagatePlan, reportLines, reportMarkdown } from '../../../packages/propagate/index.js';
import { parseRegistryLogins } from '../../../packages/registry/index.js';
import { publishedSignatureInputs } from '../../_common/identity.js';
import { registryLoginInput } from '../../_common/registry-login.js';
import type { ActionContext } from '../../_common/run-action.js';
import { runAction } from '../../_common/run-action.js';
import { installedTools } from '../../_common/tools.js';
import { runnerTemp, workspaceRoot } from '../../_common/workspace.js';
import { spec } from './spec.js';

type Context = ActionContext<(typeof spec.inputs)[number], (typeof spec.outputs)[number]>;

export async function main(): Promise<void> {
  await runAction(spec, async ({ inputs, outputs, log, summary }) => {
    // Every input is read and checked before anything runs: a mistake changes nothing.
    const workspace = workspaceRoot();
    const planFile = resolve(workspace, inputs.string('plan-file', { required: true }));
    const stage = inputs.optionalInteger('stage', { min: 0 });
    const shard = inputs.optionalInteger('shard', { min: 0 });
    const sourceLogin = registryLoginInput(inputs, log);
    const mirrorLogins = parseRegistryLogins(inputs.secret('mirror-logins'), 'mirror-logins', log);
    const signatures = publishedSignatureInputs(inputs, process.env);
    const resultsInput = inputs.string('results-dir');
    const resultsDir = resultsInput !== undefined ? resolve(workspace, resultsInput) : undefined;
    const fromPath = inputs.boolean('tools-from-path', false);
    const failOnLag = inputs.boolean('fail-on-lag', true);

    const plan = parsePlan(readPlanFile(planFile), `input 'plan-file' (${planFile})`);
    const selection = { ...(stage !== undefined ? { stage } : {}), ...(shard !== undefined ? { shard } : {}) };
    // Nothing here goes into a matrix: any number of entries is fine.
    const entries = selectMatrix(plan, selection, { maxJobs: Number.POSITIVE_INFINITY, maxBytes: Number.POSITIVE_INFINITY });
    const recordedKeys = new Map<string, string>();
    if (resultsDir !== undefined) {
      for (const outcome of await readOutcomes(resultsDir)) {
        if (outcome.image !== undefined && outcome.publicKey !== undefined) recordedKeys.set(outcome.image, outcome.publicKey);
      }
    }

    const runner = new ExecRunner();
    const report = await propagatePlan(
      {
        entries,
        ...(sourceLogin !== undefined ? { sourceLogin } : {}),
        mirrorLogins,
        verification: { ...signatures, recordedKeys },
        env: process.env,
      },
      {
        runner,
        log,
        tempDir: runnerTemp(),
        async tools(workDir) {
          const { regctl, cosign } = await installedTools(fromPath, runner, log, workDir, { trivy: false, cosign: true, regctl: true });
          if (regctl === undefined || cosign === undefined) throw new Error('regctl and cosign were not installed');
          return { regctl: regctl.path, cosign: cosign.path };
        },
      },
    );

    writeOutputs(outputs, report);
    summary.addHeading('Propagation', 2).addRaw(reportMarkdown(report), true);
    if (resultsDir !== undefined) writeReport(resultsDir, selection, report);
    for (const line of reportLines(report)) log.info(line);
    const lagging = laggingOf(report);
    if (lagging.length === 0) return;
    const text = lagging.map((l) => `${l.id} -> ${l.mirror}: ${l.state}: ${l.detail}`).join('\n');
    if (failOnLag) throw new Error(`${lagging.length} mirror copy(ies) lag; the next run copies what is missing:\n${text}`);
    log.warning(`input 'fail-on-lag' is false: the step succeeds although ${lagging.length} mirror copy(ies) lag`);
  });
}

function readPlanFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error: unknown) {
    throw new UserError({
      message: `input 'plan-file' is '${path}', which cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)}).`,
      hint: "Pass matrix-expand's 'plan-file' output, from a step of the same job.",
    });
  }
}

function writeOutputs(outputs: Context['outputs'], report: PropagationReport): void {
  outputs.set('report', report.images);
  outputs.set('lagging', laggingOf(report).length);
  outputs.set('written', report.images.flatMap((i) => i.mirrors).filter((m) => m.state === 'updated').length);
}

/** Next to the outcome records, for whoever reads the run (the lab's nightly, a summary job). */
function writeReport(dir: string, selection: { stage?: number; shard?: number }, report: PropagationReport): void {
  mkdirSync(dir, { recursive: true });
  const name = `propagation-${selection.stage ?? 'all'}-${selection.shard ?? 'all'}.json`;
  writeFileSync(join(dir, name), `${JSON.stringify(report, null, 2)}\n`);
}
