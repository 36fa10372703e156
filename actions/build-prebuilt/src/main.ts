import {
  buildPrebuilt,
  buildSummary,
  CACHE_MODES,
  entryFromManual,
  mergeStep,
  parseEpoch,
  parseKeyValues,
  parseRequires,
  sourceDateEpoch,
} from '../../../packages/buildx/index.js';
import { parseEntry } from '../../../packages/chain/select.js';
import { UserError } from '../../../packages/errors/index.js';
import type { PlanEntry } from '../../../packages/plan/entry.js';
import { ExecRunner } from '../../../packages/process/index.js';
import { DEFAULT_RETRY_POLICY } from '../../../packages/retry/index.js';
import type { Inputs } from '../../_common/inputs.js';
import { runAction } from '../../_common/run-action.js';
import { runnerTemp, workspaceRoot } from '../../_common/workspace.js';
import { MANUAL_INPUTS, spec } from './spec.js';

type InputName = (typeof spec.inputs)[number];

export async function main(): Promise<void> {
  await runAction(spec, async ({ inputs, outputs, log, summary }) => {
    const workspace = workspaceRoot();
    const platformImages = inputs.list('merge');
    if (platformImages.length > 0) {
      const registry = inputs.string('registry');
      const username = inputs.string('username');
      const password = inputs.secret('password');
      const image = await mergeStep(new ExecRunner(), log, {
        docker: inputs.string('docker') ?? 'docker',
        ...(registry !== undefined && username !== undefined && password !== undefined ? { login: { registry, username, password } } : {}),
        images: platformImages,
        annotations: parseKeyValues(lines(inputs.raw('labels')), 'labels'),
        retry: DEFAULT_RETRY_POLICY,
      });
      outputs.set('image', image);
      outputs.set('digest', image.slice(image.indexOf('@') + 1));
      summary.addRaw(`### build-prebuilt: merged ${platformImages.length} platform images\n\n\`${image}\`\n`, true);
      return;
    }
    const entry = readEntry(inputs, workspace);
    const registry = inputs.string('registry');
    const username = inputs.string('username');
    const password = inputs.secret('password');
    if (registry !== undefined && (username === undefined || password === undefined)) {
      throw new UserError({
        message: `input 'registry' is set, but 'username' or 'password' is not.`,
        hint: 'Give both, or leave registry empty to build without a login.',
      });
    }
    const secrets = parseKeyValues(lines(inputs.secret('secrets') ?? ''), 'secrets', { secret: true });
    for (const value of Object.values(secrets)) log.secret(value);
    const runner = new ExecRunner();
    const epochText = inputs.string('source-date-epoch');
    const epoch =
      epochText !== undefined
        ? parseEpoch(epochText, `input 'source-date-epoch'`)
        : await sourceDateEpoch(runner, workspace, entry, process.env);
    if (epoch === undefined) log.warning('no commit time found (not a git checkout?): timestamps are not reproducible');
    const provenance = inputs.oneOf('provenance', ['max', 'min', 'false'] as const, 'false');
    const cacheRef = inputs.string('cache-ref');
    const builder = inputs.string('builder');
    const tempDir = runnerTemp();

    const result = await buildPrebuilt(runner, log, {
      entry,
      parents: parseParents(inputs.raw('parents')),
      workspace,
      tempDir,
      docker: inputs.string('docker') ?? 'docker',
      ...(registry !== undefined && username !== undefined && password !== undefined ? { login: { registry, username, password } } : {}),
      logout: inputs.boolean('logout', true),
      cache: inputs.oneOf('cache', CACHE_MODES, 'registry'),
      ...(cacheRef !== undefined ? { cacheRef } : {}),
      secrets,
      secretFiles: parseKeyValues(lines(inputs.raw('secret-files')), 'secret-files'),
      sbom: inputs.boolean('sbom', false),
      provenance: provenance === 'false' ? false : provenance,
      ...(epoch !== undefined ? { sourceDateEpoch: epoch } : {}),
      ...(builder !== undefined ? { builder } : {}),
      buildDebugTwin: inputs.boolean('debug-twin', true),
      retry: { ...DEFAULT_RETRY_POLICY, attempts: inputs.integer('attempts', DEFAULT_RETRY_POLICY.attempts, { min: 1, max: 10 }) },
      env: process.env,
    });

    // The image is pushed by digest either way: its outputs let a caller find it, and no tag was pushed.
    outputs.set('digest', result.main.metadata.digest);
    outputs.set('image', result.main.image);
    outputs.set('build-id', entry.buildId);
    outputs.set('metadata', result.main.metadata.raw);
    outputs.set('platforms', result.main.platforms);
    outputs.set('size', result.main.size);
    outputs.set('checks', result.checks ?? []);
    if (result.debug) {
      outputs.set('debug-image', result.debug.image);
      outputs.set('debug-digest', result.debug.metadata.digest);
    }
    summary.addRaw(buildSummary(entry.id, entry.mode, result), true);
    if (result.problems.length > 0) {
      const location = { file: entry.dockerfile };
      throw new UserError(
        result.problems.map((problem) => ({
          message: `${entry.id} is not locked down: ${problem}.`,
          hint: 'Fix the image (see the prebuilt rules in the build-prebuilt README), or build it as a layered image.',
          location,
        })),
      );
    }
  });
}

function readEntry(inputs: Inputs<InputName>, workspace: string): PlanEntry {
  const text = inputs.string('entry');
  if (text !== undefined) {
    const conflicting = MANUAL_INPUTS.filter((name) => inputs.raw(name) !== '');
    if (conflicting.length > 0) {
      throw new UserError({
        message: `input 'entry' is set together with ${conflicting.map((c) => `'${c}'`).join(', ')}.`,
        hint: 'Give either a plan entry or the build by hand, not both.',
      });
    }
    return parseEntry(text, 'entry');
  }
  const context = inputs.string('context', { required: true });
  const dockerfile = inputs.string('dockerfile');
  const target = inputs.string('target');
  const application = inputs.string('application');
  const buildId = inputs.string('build-id');
  return entryFromManual(
    {
      context,
      ...(dockerfile !== undefined ? { dockerfile } : {}),
      ...(target !== undefined ? { target } : {}),
      buildArgs: parseKeyValues(lines(inputs.raw('build-args')), 'build-args'),
      platforms: inputs.list('platforms'),
      labels: parseKeyValues(lines(inputs.raw('labels')), 'labels'),
      repository: inputs.string('repository', { required: true }),
      mode: inputs.oneOf('mode', ['layered', 'prebuilt'] as const, 'layered'),
      requires: parseRequires(inputs.raw('requires'), 'requires'),
      ...(application !== undefined ? { application } : {}),
      ...(buildId !== undefined ? { buildId } : {}),
    },
    workspace,
  );
}

/** `KEY=VALUE` inputs are one item per line: a value may hold commas (`GREETING=hello, world`). */
function lines(text: string): string[] {
  return text.split(/\r?\n/).filter((line) => line.trim() !== '');
}

function parseParents(text: string): Record<string, string> {
  if (text === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = undefined;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value) || Object.values(value).some((v) => typeof v !== 'string')) {
    throw new UserError({
      message: `input 'parents' is not a JSON object of FROM references to digests.`,
      hint: `Write {"ghcr.io/org/apps/base:1.0": "ghcr.io/org/apps/base@sha256:..."}.`,
    });
  }
  return value as Record<string, string>;
}
