import { join, resolve } from 'node:path';
import { UserError } from '../../../packages/errors/index.js';
import { parseDigestReference } from '../../../packages/oci/index.js';
import { ExecRunner } from '../../../packages/process/index.js';
import { RegistryClient } from '../../../packages/registry/index.js';
import { ActionsDownloader, ActionsToolCache, resolveTool } from '../../../packages/tool-install/index.js';
import {
  ActionsDbCache,
  DEFAULT_DB_REPOSITORIES,
  DEFAULT_MAX_DB_AGE,
  DEFAULT_TRIVY_VERSION,
  EXTRA_FORMATS,
  type ExtraFormat,
  type IgnoreEntry,
  loadIgnoreFile,
  noDbCache,
  parseMaxDbAge,
  prepareDb,
  type ScanResult,
  SEVERITIES,
  scanImages,
  summaryMarkdown,
  TRIVY_PINS,
  utcDate,
} from '../../../packages/trivy/index.js';
import { type ActionContext, runAction } from '../../_common/run-action.js';
import { runnerTemp, workspaceRoot } from '../../_common/workspace.js';
import { spec } from './spec.js';

type Context = ActionContext<(typeof spec.inputs)[number], (typeof spec.outputs)[number]>;

export async function main(): Promise<void> {
  await runAction(spec, async (context) => {
    const { inputs, log } = context;
    // Every input is read and checked before anything is downloaded or scanned.
    const images = inputs.list('images');
    if (images.length === 0) {
      throw new UserError({ message: "input 'images' is required but was not set.", hint: 'Give one image by digest per line.' });
    }
    for (const [index, image] of images.entries()) parseDigestReference(image, `input 'images' (item ${index + 1})`);
    const policy = { threshold: inputs.oneOf('severity', SEVERITIES, 'HIGH'), ignoreUnfixed: inputs.boolean('ignore-unfixed', false) };
    const formats = readFormats(inputs.list('formats'));
    const failOnFindings = inputs.boolean('fail-on-findings', true);
    const cacheDb = inputs.boolean('cache-db', true);
    const repositories = inputs.list('db-repositories');
    const maxDbAgeMs = parseMaxDbAge(inputs.string('max-db-age') ?? DEFAULT_MAX_DB_AGE);
    const mirror = inputs.string('mirror');
    const version = inputs.string('trivy-version') ?? DEFAULT_TRIVY_VERSION;
    const workspace = workspaceRoot();
    const ignoreFile = inputs.string('ignore-file');
    const ignores: IgnoreEntry[] = ignoreFile ? await loadIgnoreFile(resolve(workspace, ignoreFile), ignoreFile) : [];
    const temp = runnerTemp();
    const outputDir = resolve(workspace, inputs.string('output-dir') ?? join(temp, 'scan-with-trivy'));
    const today = utcDate(new Date());

    const runner = new ExecRunner();
    const trivy = await log.group('Install trivy', () =>
      resolveTool(
        TRIVY_PINS,
        version,
        { cache: new ActionsToolCache(), downloader: new ActionsDownloader(), runner, log, tempDir: temp, ...(mirror ? { mirror } : {}) },
        'trivy-version',
      ),
    );
    const cacheDir = join(temp, 'scan-with-trivy-cache');
    const db = await log.group('Vulnerability DB', () =>
      prepareDb({
        trivy: trivy.path,
        cacheDir,
        repositories: repositories.length > 0 ? repositories : DEFAULT_DB_REPOSITORIES,
        store: cacheDb ? new ActionsDbCache(log) : noDbCache,
        runner,
        log,
        today,
      }),
    );
    const result = await scanImages({
      trivy: trivy.path,
      toolVersion: trivy.version,
      cacheDir,
      outputDir,
      images,
      formats,
      policy,
      ignores,
      today,
      db,
      maxDbAgeMs,
      // trivy, cosign and this client read the same docker config for logins.
      registry: new RegistryClient({ log }),
      runner,
      log,
    });
    writeOutputs(context, result, trivy.version);
    context.summary.addHeading('scan-with-trivy', 2).addRaw(summaryMarkdown(result, policy.threshold), true);
    if (result.verdict !== 'pass' && failOnFindings) {
      throw new UserError(
        result.images
          .filter((s) => s.status !== 'pass')
          .map((s) => ({ message: `${s.image}: ${s.status}: ${s.reason}.`, hint: HINTS[s.status] })),
      );
    }
  });
}

/** What to do about each verdict that blocks. */
const HINTS: Record<ScanResult['verdict'], string> = {
  pass: '',
  fail: 'Rebuild on fixed packages, or accept the finding in the ignore file with a reason and an expiry date.',
  unscannable: 'Ship what the message names, so that the scanner sees every package the image holds.',
  'stale-db': `Make a DB repository reachable (input 'db-repositories'), or raise 'max-db-age' if an older DB is acceptable.`,
};

function readFormats(values: string[]): ExtraFormat[] {
  const formats: ExtraFormat[] = [];
  for (const value of values) {
    if (value === 'json') continue; // always written: the gate reads it
    if (!(EXTRA_FORMATS as readonly string[]).includes(value)) {
      throw new UserError({
        message: `input 'formats' lists '${value}', which is not one of: json, ${EXTRA_FORMATS.join(', ')}.`,
        hint: 'List the report formats to write, e.g. `sarif, cyclonedx`.',
      });
    }
    formats.push(value as ExtraFormat);
  }
  return formats;
}

function writeOutputs(context: Context, result: ScanResult, version: string): void {
  const { outputs } = context;
  const byImage = <T>(pick: (s: ScanResult['images'][number]) => T | undefined): Record<string, T> =>
    Object.fromEntries(result.images.flatMap((s) => (pick(s) === undefined ? [] : [[s.image, pick(s) as T]])));
  outputs.set('verdict', result.verdict);
  outputs.set('reason', result.images.map((s) => `${s.image}: ${s.status}: ${s.reason}`).join('\n'));
  outputs.set(
    'counts',
    byImage((s) => s.counts),
  );
  outputs.set(
    'fixable',
    byImage((s) => s.fixable),
  );
  outputs.set('critical', result.counts.CRITICAL);
  outputs.set('high', result.counts.HIGH);
  outputs.set('medium', result.counts.MEDIUM);
  outputs.set('low', result.counts.LOW);
  outputs.set('unknown', result.counts.UNKNOWN);
  outputs.set(
    'blocking',
    result.images.reduce((sum, s) => sum + s.blocking, 0),
  );
  outputs.set(
    'reports',
    byImage((s) => Object.fromEntries(s.platforms.map((p) => [p.platform, p.report]))),
  );
  outputs.set('sarif', result.sarif ?? '');
  outputs.set(
    'sboms',
    byImage((s) => s.sbom),
  );
  outputs.set('sbom', result.images[0]?.sbom ?? '');
  outputs.set('trivy-version', version);
  outputs.set('db-source', result.db.source);
  outputs.set('db-updated-at', result.db.updatedAt);
}
