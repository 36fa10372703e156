import { defineConfig } from 'vitest/config';

// Three suites, run in this order by scripts/test.sh:
//   unit    pure logic, no processes, no network
//   action  the bundled dist/ entries run as child processes, as the runner does
//   e2e     the real tools (docker, buildx, registry, trivy, cosign) against the lab
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      { test: { name: 'action', include: ['test/action/**/*.test.ts'], testTimeout: 60_000 } },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 900_000,
          hookTimeout: 900_000,
          // The e2e files share one docker engine, one builder and two registries.
          fileParallelism: false,
          globalSetup: ['test/e2e/lab-setup.ts'],
        },
      },
    ],
  },
});
