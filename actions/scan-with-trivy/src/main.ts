import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { UserError } from '../../../packages/errors/index.js';
import { parseDigestReference } from '../../../packages/oci/index.js';
import { ExecRunner } from '../../../packages/process/index.js';
import { ActionsDownloader, ActionsToolCache, resolveTool } from '../../../packages/tool-install/index.js';
import {
  ActionsDbCache,
  DEFAULT_DB_REPOSITORIES,
  DEFAULT_TRIVY_VERSION,
  EXTRA_FORMATS,
  type ExtraFormat,
  type IgnoreEntry,
  loadIgnoreFile,
  noDbCache,
  prepareDb,
  type ScanResult,
  SEVERITIES,
  scanImages,
  summaryMarkdown,
  TRIVY_PINS,
  utcDate,
  verdictReason,
} from '../../../packages/trivy/index.js';
import { type ActionContext, runAction } from '../../_common/run-action.js';
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
    const mirror = inputs.string('mirror');
    const version = inputs.string('trivy-version') ?? DEFAULT_TRIVY_VERSION;
    const workspace = process.env.GITHUB_WORKSPACE ?? process.cwd();
    const ignoreFile = inputs.string('ignore-file');
    const ignores: IgnoreEntry[] = ignoreFile ? await loadIgnoreFile(resolve(workspace, ignoreFile), ignoreFile) : [];
    const temp = process.env.RUNNER_TEMP ?? tmpdir();
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
      runner,
      log,
    });
    writeOutputs(context, result, trivy.version, db.source, policy);
    context.summary.addHeading('scan-with-trivy', 2).addRaw(
      summaryMarkdown(
        result.images.map((s) => s.verdict),
        policy.threshold,
        result.expired,
      ),
      true,
    );
    if (result.verdict === 'fail' && failOnFindings) {
      throw new UserError(
        result.images
          .filter((s) => s.verdict.verdict === 'fail')
          .map((s) => ({
            message: `${s.image}: ${verdictReason(s.verdict, policy)}.`,
            hint: 'Rebuild on fixed packages, or accept the finding in the ignore file with a reason and an expiry date.',
          })),
      );
    }
  });
}

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

function writeOutputs(
  context: Context,
  result: ScanResult,
  version: string,
  dbSource: string,
  policy: Parameters<typeof verdictReason>[1],
): void {
  const { outputs } = context;
  const byImage = <T>(pick: (s: ScanResult['images'][number]) => T | undefined): Record<string, T> =>
    Object.fromEntries(result.images.flatMap((s) => (pick(s) === undefined ? [] : [[s.image, pick(s) as T]])));
  outputs.set('verdict', result.verdict);
  outputs.set('reason', result.images.map((s) => `${s.image}: ${verdictReason(s.verdict, policy)}`).join('\n'));
  outputs.set(
    'counts',
    byImage((s) => s.verdict.counts),
  );
  outputs.set(
    'fixable',
    byImage((s) => s.verdict.fixable),
  );
  outputs.set('critical', result.counts.CRITICAL);
  outputs.set('high', result.counts.HIGH);
  outputs.set('medium', result.counts.MEDIUM);
  outputs.set('low', result.counts.LOW);
  outputs.set('unknown', result.counts.UNKNOWN);
  outputs.set(
    'blocking',
    result.images.reduce((sum, s) => sum + s.verdict.blocking.length, 0),
  );
  outputs.set(
    'reports',
    byImage((s) => s.report),
  );
  outputs.set('sarif', result.sarif ?? '');
  outputs.set(
    'sboms',
    byImage((s) => s.sbom),
  );
  outputs.set('sbom', result.images[0]?.sbom ?? '');
  outputs.set('trivy-version', version);
  outputs.set('db-source', dbSource);
}
