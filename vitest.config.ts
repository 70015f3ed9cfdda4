import { defineConfig } from 'vitest/config';

// Four test levels, each runnable alone with `vitest run --project <name>`:
// unit (no network, no processes), integration (starts its own dynalite on 127.0.0.1),
// infra (synthesizes the CDK app; no AWS credentials, no Docker), e2e (drives the dashboard in
// headless Chromium, /usr/bin/chromium, against a local server in memory).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'infra',
          include: ['test/infra/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // One browser at a time: Chromium is heavy, and files share nothing.
          fileParallelism: false,
        },
      },
    ],
  },
});
