import { defineConfig } from 'vitest/config';

// Three test levels, each runnable alone with `vitest run --project <name>`:
// unit (no network, no processes), integration (starts its own dynalite on 127.0.0.1),
// infra (synthesizes the CDK app; no AWS credentials, no Docker).
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
    ],
  },
});
