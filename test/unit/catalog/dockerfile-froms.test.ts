// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${NAME} here is Dockerfile syntax, not a template.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type DockerfileFrom, dockerfileFroms, parseFroms } from '../../../packages/catalog/index.js';

describe('the FROM lines of a Dockerfile that name images', () => {
  const cases: Array<{ name: string; dockerfile: string[]; want: DockerfileFrom[] }> = [
    { name: 'one plain FROM', dockerfile: ['FROM debian:bookworm', 'RUN true'], want: [{ reference: 'debian:bookworm', line: 1 }] },
    {
      name: 'lowercase keyword, a platform flag and a stage name',
      dockerfile: ['# comment', 'from --platform=$BUILDPLATFORM golang:1.22 as Build'],
      want: [{ reference: 'golang:1.22', line: 2, stage: 'build' }],
    },
    {
      name: 'a later stage built on an earlier one is not an image',
      dockerfile: ['FROM debian:bookworm AS builder', 'RUN make', 'FROM builder AS test', 'FROM scratch', 'COPY --from=builder /x /x'],
      want: [{ reference: 'debian:bookworm', line: 1, stage: 'builder' }],
    },
    {
      name: 'a stage name is compared without case',
      dockerfile: ['FROM alpine:3 AS Base', 'FROM BASE'],
      want: [{ reference: 'alpine:3', line: 1, stage: 'base' }],
    },
    {
      name: 'global ARG defaults are substituted, in both spellings',
      dockerfile: ['ARG REGISTRY=ghcr.io', 'ARG TAG="3.11.9"', 'FROM ${REGISTRY}/example-org/curated-images/python-runner:$TAG'],
      want: [{ reference: 'ghcr.io/example-org/curated-images/python-runner:3.11.9', line: 3 }],
    },
    {
      name: 'an ARG without default uses the ${NAME:-fallback} fallback',
      dockerfile: ['ARG BASE', 'FROM ${BASE:-debian:bookworm}'],
      want: [{ reference: 'debian:bookworm', line: 2 }],
    },
    {
      name: 'an ARG after the first FROM belongs to a stage and does not change later FROMs',
      dockerfile: ['ARG V=1', 'FROM busybox:$V', 'ARG V=2', 'FROM busybox:$V AS two'],
      want: [
        { reference: 'busybox:1', line: 2 },
        { reference: 'busybox:1', line: 4, stage: 'two' },
      ],
    },
    {
      name: 'a FROM continued over lines is reported at its first line',
      dockerfile: [
        'RUN echo a \\',
        '    b',
        'FROM \\',
        '  --platform=linux/amd64 \\',
        '  debian@sha256:' + 'a'.repeat(64) + ' \\',
        '  AS base',
      ],
      want: [{ reference: `debian@sha256:${'a'.repeat(64)}`, line: 3, stage: 'base' }],
    },
    {
      name: 'comments and blank lines between continued lines do not end the instruction',
      dockerfile: ['FROM \\', '# the base', '', '  debian:bookworm'],
      want: [{ reference: 'debian:bookworm', line: 1 }],
    },
    { name: 'scratch is not an image', dockerfile: ['FROM scratch', 'COPY x /x'], want: [] },
    {
      name: 'Windows line ends',
      dockerfile: ['FROM debian:bookworm\r', 'FROM alpine:3\r'],
      want: [
        { reference: 'debian:bookworm', line: 1 },
        { reference: 'alpine:3', line: 2 },
      ],
    },
  ];
  for (const c of cases) {
    it(c.name, () => expect(parseFroms(c.dockerfile.join('\n'))).toEqual(c.want));
  }

  it('dockerfileFroms reads the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'froms-'));
    try {
      writeFileSync(join(dir, 'Dockerfile'), 'FROM debian:bookworm AS a\nFROM a\nFROM alpine:3\n');
      expect(await dockerfileFroms(join(dir, 'Dockerfile'))).toEqual([
        { reference: 'debian:bookworm', line: 1, stage: 'a' },
        { reference: 'alpine:3', line: 3 },
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
