import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type ImageOutcome, parseEntry, parseMatrixLeg, readOutcomes, selectEntry, writeOutcome } from '../../../packages/chain/index.js';
import type { PlanEntry } from '../../../packages/plan/entry.js';
import { planEntry } from '../../harness/plan-entry.js';
import { userErrorOf } from '../../harness/user-error.js';

const REPO = 'ghcr.io/example-org/curated-images';

function entry(application: string, version: string, variant?: string): PlanEntry {
  const tag = variant ? `${version}-${variant}1.0.0` : version;
  return planEntry({
    id: `${application}-${tag}`,
    application,
    version,
    ...(variant ? { variant: { id: variant, version: '1.0.0' } } : {}),
    context: `examples/images/${application}`,
    repository: `${REPO}/${application}`,
    tags: [`${REPO}/${application}:${tag}`],
    buildId: `sha256:${'1'.repeat(64)}`,
  });
}

const plan = [
  entry('velero', '1.12.3', 'aws'),
  entry('velero', '1.12.3', 'gcp'),
  entry('velero', '1.13.0', 'aws'),
  entry('python-runner', '3.11.9'),
];

describe('selectEntry', () => {
  const found: Array<{ name: string; selection: { image: string; version?: string; variant?: string }; id: string }> = [
    { name: 'image, version and variant', selection: { image: 'velero', version: '1.12.3', variant: 'gcp' }, id: 'velero-1.12.3-gcp1.0.0' },
    { name: 'the only version and variant of an image may be left out', selection: { image: 'python-runner' }, id: 'python-runner-3.11.9' },
    { name: 'the version alone when it has one variant', selection: { image: 'velero', version: '1.13.0' }, id: 'velero-1.13.0-aws1.0.0' },
  ];
  for (const c of found) it(c.name, () => expect(selectEntry(plan, c.selection).id).toBe(c.id));

  const refused: Array<{ name: string; selection: { image: string; version?: string; variant?: string }; message: RegExp }> = [
    {
      name: 'an unknown image names the input and lists the images',
      selection: { image: 'velro' },
      message: /input 'image' is 'velro'.*Use one of: python-runner, velero/,
    },
    {
      name: 'an ambiguous selection lists the choices',
      selection: { image: 'velero', version: '1.12.3' },
      message: /has 2 entries.*variant aws, version 1.12.3 variant gcp/,
    },
    {
      name: 'a version the image does not have',
      selection: { image: 'velero', version: '9.9.9' },
      message: /no entry of 'velero' has version '9.9.9'/,
    },
  ];
  for (const c of refused) it(c.name, () => expect(userErrorOf(() => selectEntry(plan, c.selection))).toMatch(c.message));
});

describe('parseEntry', () => {
  it('takes a matrix leg unchanged', () => {
    const leg = entry('velero', '1.12.3', 'aws');
    expect(parseEntry(JSON.stringify(leg), 'entry')).toEqual(leg);
  });
  const refused: Array<{ name: string; text: string; message: RegExp }> = [
    { name: 'not JSON', text: '{id: velero', message: /input 'entry' is not JSON/ },
    {
      name: 'fields missing',
      text: JSON.stringify({ id: 'velero-1.12.3' }),
      message: /input 'entry' is not a plan entry: 'application', 'version'/,
    },
    { name: 'not an object', text: '"velero"', message: /input 'entry' is not a plan entry/ },
    {
      name: 'an id that is a path (it names the record files)',
      text: JSON.stringify({ ...entry('velero', '1.12.3', 'aws'), id: '../../etc/velero' }),
      message: /names the entry "\.\.\/\.\.\/etc\/velero", which is not a plan entry id/,
    },
    {
      name: 'a parent id that is a path',
      text: JSON.stringify({ ...entry('velero', '1.12.3', 'aws'), parents: [{ reference: 'x', entry: 'a/b' }] }),
      message: /names the entry "a\/b"/,
    },
    {
      name: 'tests that are not a list',
      text: JSON.stringify({ ...entry('velero', '1.12.3', 'aws'), tests: { name: 'prints its version' } }),
      message: /input 'entry' is not a plan entry: 'tests' missing or of the wrong type/,
    },
  ];
  for (const c of refused) it(c.name, () => expect(userErrorOf(() => parseEntry(c.text, 'entry'))).toMatch(c.message));
});

describe('parseMatrixLeg', () => {
  const aws = entry('velero', '1.12.3', 'aws');
  const gcp = entry('velero', '1.12.3', 'gcp');
  it('takes one entry as a leg of one', () => expect(parseMatrixLeg(JSON.stringify(aws), 'entry')).toEqual([aws]));
  it('takes a batch leg, its entries in order', () =>
    expect(parseMatrixLeg(JSON.stringify({ id: `${aws.id}..${gcp.id}`, entries: [aws, gcp] }), 'entry')).toEqual([aws, gcp]));
  const refused: Array<{ name: string; leg: unknown; message: RegExp }> = [
    {
      name: 'an empty batch',
      leg: { id: 'b', entries: [] },
      message: /input 'entry' is not a batch of plan entries: it needs an 'id' and a non-empty 'entries' list/,
    },
    { name: 'a batch id that is a path', leg: { id: '../b', entries: [aws] }, message: /is not a batch of plan entries/ },
    {
      name: 'a broken entry, named by its place',
      leg: { id: 'b', entries: [aws, { id: 'x' }] },
      message: /input 'entry', entry 2 of batch b is not a plan entry: 'application'/,
    },
    {
      name: 'two stages in one batch (a child would race its parent)',
      leg: { id: 'b', entries: [aws, { ...gcp, stage: 1 }] },
      message: /input 'entry' is batch b, whose entries are of stages 0, 1; a batch holds distinct entries of one stage/,
    },
    { name: 'one entry twice', leg: { id: 'b', entries: [aws, aws] }, message: /whose entries repeat an id/ },
  ];
  for (const c of refused)
    it(`refuses ${c.name}`, () => expect(userErrorOf(() => parseMatrixLeg(JSON.stringify(c.leg), 'entry'))).toMatch(c.message));
});

describe('outcome records', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  const outcome: ImageOutcome = {
    id: 'velero-1.12.3-aws1.0.0',
    application: 'velero',
    repository: `${REPO}/velero`,
    plannedTags: [`${REPO}/velero:1.12.3-aws1.0.0`],
    status: 'stopped',
    image: `${REPO}/velero@sha256:${'2'.repeat(64)}`,
    passed: ['build', 'lock-down'],
    stoppedAt: 'scan',
    reason: '1 HIGH',
    phase: 'scan',
    evidence: { built: `${REPO}/velero@sha256:${'2'.repeat(64)}` },
    published: [],
  };

  function resultsDir(): string {
    const dir = mkdtempSync(join(tmpdir(), 'outcomes-'));
    dirs.push(dir);
    return dir;
  }

  it('round-trip through a results directory, one file per phase', async () => {
    const dir = resultsDir();
    expect(await writeOutcome(dir, outcome)).toBe(join(dir, `${outcome.id}.scan.json`));
    expect(await readOutcomes(dir)).toEqual([outcome]);
  });

  it('the record of the latest phase is the one that counts, whatever order the files came in', async () => {
    const dir = resultsDir();
    const { stoppedAt: _gate, reason: _reason, ...rest } = outcome;
    const built: ImageOutcome = { ...rest, status: 'passed', phase: 'build' };
    const signed: ImageOutcome = { ...built, phase: 'sign', passed: ['build', 'lock-down', 'scan', 'sign'] };
    await writeOutcome(dir, built);
    // As artifacts of two jobs unpacked into one directory: both files stay.
    writeFileSync(join(dir, `${outcome.id}.sign.json`), JSON.stringify(signed));
    expect(readdirSync(dir).sort()).toEqual([`${outcome.id}.build.json`, `${outcome.id}.sign.json`]);
    expect((await readOutcomes(dir)).map((o) => o.phase)).toEqual(['sign']);
  });

  it('writing a phase removes records of later phases left by an earlier run', async () => {
    const dir = resultsDir();
    await writeOutcome(dir, { ...outcome, phase: 'publish', status: 'published' });
    await writeOutcome(dir, { ...outcome, phase: 'build', status: 'stopped', stoppedAt: 'build' });
    expect(readdirSync(dir)).toEqual([`${outcome.id}.build.json`]);
    expect((await readOutcomes(dir))[0]).toMatchObject({ phase: 'build', stoppedAt: 'build' });
  });

  it('the SBOM travels next to the record, and is read back as a path in the directory', async () => {
    const dir = resultsDir();
    const scanDir = resultsDir();
    const sbom = join(scanDir, 'sbom.cdx.json');
    writeFileSync(sbom, '{"bomFormat":"CycloneDX"}');
    const file = await writeOutcome(dir, { ...outcome, sbom });
    expect(JSON.parse(readFileSync(file, 'utf8')).sbom).toBe(`${outcome.id}.cdx.json`);
    const [read] = await readOutcomes(dir);
    expect(read?.sbom).toBe(join(dir, `${outcome.id}.cdx.json`));
    expect(readFileSync(read?.sbom ?? '', 'utf8')).toBe('{"bomFormat":"CycloneDX"}');
  });

  it('asked for some images, reads only their files: another image\u2019s broken record is not even opened', async () => {
    const dir = resultsDir();
    await writeOutcome(dir, outcome);
    writeFileSync(join(dir, 'other-1.0.0.build.json'), 'not json');
    expect((await readOutcomes(dir, new Set([outcome.id]))).map((o) => o.id)).toEqual([outcome.id]);
    await expect(readOutcomes(dir)).rejects.toThrow(/other-1\.0\.0\.build\.json is not an outcome record/);
  });

  it('a record whose name and content disagree is refused', async () => {
    const dir = resultsDir();
    writeFileSync(join(dir, `other-1.0.0.build.json`), JSON.stringify({ ...outcome, phase: 'build' }));
    await expect(readOutcomes(dir)).rejects.toThrow(
      /holds the record of velero-1\.12\.3-aws1\.0\.0 \(build\); its name says other-1\.0\.0/,
    );
  });

  it('a missing directory holds no outcomes', async () => {
    expect(await readOutcomes(join(tmpdir(), 'no-such-results-dir-for-this-test'))).toEqual([]);
  });

  it('a file that is not an outcome record is refused, naming it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'outcomes-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'other.build.json'), JSON.stringify({ id: 'x', status: 'done' }));
    await expect(readOutcomes(dir)).rejects.toThrow(/other\.build\.json is not an outcome record/);
  });
});
