import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPrebuilt } from '../../packages/buildx/index.js';
import { MemoryLogger } from '../../packages/logging/index.js';
import type { PlanEntry } from '../../packages/plan/index.js';
import { planEntry } from '../harness/plan-entry.js';
import { buildOptions, RecordingRunner, splitRepository, tagsOf } from './build-lab.js';
import { type Lab, lab } from './lab.js';

/**
 * A registry that answers 503: a loopback proxy in front of the lab registry,
 * on a port the lab's BuildKit treats as plain HTTP (5010-5019). While the
 * proxy is "down" it answers every request of BuildKit's 503 (BuildKit
 * retries a few requests itself, then the build fails); the build's own
 * retries bring it back up or give up. The registry client's access check
 * before the build goes through unharmed: its own retries on 503 are
 * registry-client.test.ts's.
 */

const PROXY_PORT = 5016;
let l: Lab;
let proxy: Server;
let down = 0;
let answered503 = 0;
let context: string;

beforeAll(async () => {
  l = lab();
  const [upstreamHost, upstreamPort] = l.registry.split(':');
  proxy = createServer((incoming, outgoing) => {
    if (down > 0 && /^buildkit\//.test(incoming.headers['user-agent'] ?? '')) {
      answered503++;
      incoming.resume();
      outgoing.writeHead(503, { 'content-type': 'text/plain' }).end('registry unavailable');
      return;
    }
    const forwarded = request(
      {
        host: upstreamHost,
        port: Number(upstreamPort),
        method: incoming.method,
        path: incoming.url,
        headers: { ...incoming.headers, host: l.registry },
      },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    forwarded.on('error', () => outgoing.writeHead(502).end());
    incoming.pipe(forwarded);
  });
  await new Promise<void>((listening) => proxy.listen(PROXY_PORT, '127.0.0.1', listening));
  context = mkdtempSync(join(tmpdir(), 'build-retry-'));
  writeFileSync(join(context, 'Dockerfile'), 'FROM busybox:stable\nARG RUN_ID\nRUN echo "$RUN_ID" > /run-id\n');
});

afterAll(async () => {
  // BuildKit keeps its connections alive; close them, or close() waits for their timeout.
  proxy.closeAllConnections();
  await new Promise<void>((closed) => proxy.close(() => closed()));
  rmSync(context, { recursive: true, force: true });
});

function entry(repository: string): PlanEntry {
  // A fresh layer per case, so every attempt really pushes.
  return planEntry({ id: 'retry', context, repository, buildArgs: { RUN_ID: `${Date.now()}-${Math.random()}` }, buildId: 'sha256:retry' });
}

async function buildThroughProxy(name: string, downForAttempts: number) {
  const repository = `127.0.0.1:${PROXY_PORT}/e2e-build-retry/${name}-${Date.now()}`;
  down = downForAttempts;
  const log = new MemoryLogger();
  const options = buildOptions(l, entry(repository), {
    sbom: false,
    provenance: false,
    retry: { attempts: 3, baseDelayMs: 200, maxDelayMs: 1000 },
  });
  const run = buildPrebuilt(new RecordingRunner(l.env), log, options);
  return { run, log, repository };
}

describe('a registry that answers 503', () => {
  it('twice, then recovers: the push succeeds on the third attempt, each retry logged', async () => {
    // The proxy comes back once two whole build attempts have failed on it.
    const { run, log, repository } = await buildThroughProxy('recovers', 2);
    const recovering = setInterval(() => {
      const failedAttempts = log.messages('warning').filter((m) => m.startsWith('build attempt')).length;
      down = 2 - failedAttempts;
    }, 50);
    try {
      const result = await run;
      expect(result.main.attempts).toBe(3);
      expect(result.main.image).toMatch(new RegExp(`^${repository.replace(/[.]/g, '\\.')}@sha256:`));
    } finally {
      clearInterval(recovering);
    }
    expect(answered503).toBeGreaterThan(0);
    expect(log.messages('warning')).toEqual([
      expect.stringMatching(/^build attempt 1 of 3 failed: registry error \(5xx\); retrying in \d+\.\ds$/),
      expect.stringMatching(/^build attempt 2 of 3 failed: registry error \(5xx\); retrying in \d+\.\ds$/),
    ]);
    const { path } = splitRepository(repository);
    expect(await tagsOf(`${l.registry}/${path}`)).toEqual([]);
  });

  it('and never recovers: a clear failure after the last attempt, and nothing tagged', async () => {
    const { run, log, repository } = await buildThroughProxy('never', Number.POSITIVE_INFINITY);
    await expect(run).rejects.toThrow(/docker buildx build failed \(exit code 1\): .*503 Service Unavailable \(gave up after 3 attempts\)/);
    expect(log.messages('warning')).toHaveLength(2);
    const { path } = splitRepository(repository);
    // Nothing reached the registry behind the proxy: no tag, not even the repository.
    expect(await tagsOf(`${l.registry}/${path}`)).toEqual([]);
    down = 0;
  });
});
