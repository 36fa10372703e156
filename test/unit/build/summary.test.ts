import { describe, expect, it } from 'vitest';
import { type BuildPrebuiltResult, buildSummary, formatBytes } from '../../../packages/buildx/index.js';

const DIGEST = `sha256:${'c'.repeat(64)}`;
const built = {
  metadata: { digest: DIGEST, raw: {} },
  image: `ghcr.io/org/apps/tool@${DIGEST}`,
  attempts: 2,
  warnings: ['the build cache was not exported (the image was pushed): 500 | boom'],
  platforms: [{ platform: 'linux/amd64', digest: DIGEST, size: 7_466_713 }],
  size: 7_466_713,
  durationMs: 12_345,
};

describe('buildSummary', () => {
  it('says what was built, where, how big, how long, and each rule', () => {
    const result: BuildPrebuiltResult = {
      main: built,
      buildxVersion: '0.38.1',
      problems: ['non-root: linux/amd64: runs as root (User is not set)'],
      checks: [
        { rule: 'no-shell', passed: true, problems: [] },
        { rule: 'non-root', passed: false, problems: ['linux/amd64: runs as root (User is not set)'] },
      ],
    };
    const text = buildSummary('tool-1.0.0', 'prebuilt', result);
    expect(text).toContain('### build-prebuilt: tool-1.0.0');
    expect(text).toContain(`| image | \`ghcr.io/org/apps/tool@${DIGEST}\` |`);
    expect(text).toContain('| platforms | linux/amd64 (`sha256:cccccccccccc`, 7.1 MiB) |');
    expect(text).toContain('| duration | 12.3 s (2 attempts) |');
    expect(text).toContain('| warning | the build cache was not exported (the image was pushed): 500 \\| boom |');
    expect(text).toContain('| no-shell | pass |  |');
    expect(text).toContain('| non-root | **FAIL** | linux/amd64: runs as root (User is not set) |');
  });

  it('says a layered image was not checked', () => {
    expect(buildSummary('tool', 'layered', { main: built, buildxVersion: '0.38.1', problems: [] })).toContain(
      'Layered image: no lock-down checks.',
    );
  });

  it.each([
    { bytes: 512, text: '512 B' },
    { bytes: 2048, text: '2.0 KiB' },
    { bytes: 7_466_713, text: '7.1 MiB' },
    { bytes: 3 * 1024 ** 3, text: '3.0 GiB' },
  ])('formatBytes($bytes)', ({ bytes, text }) => expect(formatBytes(bytes)).toBe(text));
});
