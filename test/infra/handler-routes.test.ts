import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAMBDA_ENVIRONMENT } from '../../bench/bundles.js';
import { routeGroups } from '../../functions/adapters/http/routes/index.js';
import { ROUTE_GROUP_ENTRIES } from '../../infra/constructs/http-api.js';
import { REPOSITORY_ROOT } from '../../infra/constructs/naseej-function.js';

// API Gateway sends every route of a group to that group's function (infra/constructs/http-api.ts):
// a Lambda entry that serves fewer routes than its group answers 404 on AWS to routes the local
// server, which serves the whole table, answers. Each entry exports the list it serves.

/** Modules import with the environment CDK gives the functions (nothing is called at import). */
const saved: Record<string, string | undefined> = {};

beforeAll(() => {
  for (const [name, value] of Object.entries(LAMBDA_ENVIRONMENT)) {
    saved[name] = process.env[name];
    process.env[name] = value;
  }
});

afterAll(() => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

describe('each route group’s Lambda entry', () => {
  it.each(Object.keys(ROUTE_GROUP_ENTRIES) as (keyof typeof routeGroups)[])(
    'serves exactly the routes of the %s group',
    async (group) => {
      const entry = (await import(pathToFileURL(join(REPOSITORY_ROOT, ROUTE_GROUP_ENTRIES[group])).href)) as {
        readonly routes: readonly { readonly operationId: string }[];
      };
      expect(entry.routes.map((route) => route.operationId)).toEqual(
        routeGroups[group].map((route) => route.operationId),
      );
    },
    30_000,
  );

  it('serves the corrections and enrolment changes from the training function (a group of several lists)', async () => {
    const entry = (await import(pathToFileURL(join(REPOSITORY_ROOT, ROUTE_GROUP_ENTRIES.training)).href)) as {
      readonly routes: readonly { readonly operationId: string }[];
    };
    const served = entry.routes.map((route) => route.operationId);
    expect(served).toContain('withdrawBeneficiary');
    expect(served).toContain('correctAttendance');
  }, 30_000);
});
