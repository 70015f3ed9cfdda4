import { describe, expect, it } from 'vitest';
import type { Principal } from '../../../functions/http/claims.js';
import type { RouteRequest } from '../../../functions/http/route.js';
import { readModelRoutes } from '../../../functions/read-models/routes.js';
import { InMemoryEventStore } from '../../../functions/store/in-memory.js';
import {
  appendScenario,
  CALL,
  countingIds,
  ROLLOUT,
  steppingClock,
} from '../../support/projection-scenario.js';

const principal = (
  roles: Principal['roles'],
  subject = 'someone',
  regions: Principal['regions'] = [],
): Principal => ({
  subject,
  roles,
  regions,
  partner: undefined,
});

const ask = async (operationId: string, params: unknown, who: Principal | undefined, query: unknown = {}) => {
  const store = new InMemoryEventStore({ clock: steppingClock(), newId: countingIds() });
  await appendScenario(store);
  const route = readModelRoutes.find((candidate) => candidate.operationId === operationId);
  if (!route) throw new Error(`no route ${operationId}`);
  const request: RouteRequest = {
    params,
    query,
    body: undefined,
    principal: who,
    correlationId: 'test',
    ifMatch: undefined,
    commandId: undefined,
  };
  return route.handle(request, { store, clock: () => '2026-12-31T00:00:00.000Z', newId: countingIds('id') });
};

describe('read-model routes', () => {
  it('hide from a committee member the scores of the file they declared a conflict on', async () => {
    // Act
    const answer = await ask(
      'readCallOverview',
      { callId: CALL },
      principal(['committee-member'], 'judge-2'),
    );
    // Assess
    const committee = (answer.body as { committee: { scoreSheets: { applicationId: string }[] } }).committee;
    expect(committee.scoreSheets.map((sheet) => sheet.applicationId)).toEqual([
      'application-2',
      'application-2',
    ]);
  });

  it('refuse a coordinator of another region', async () => {
    // Act
    const answer = ask(
      'readTrainingProgress',
      { rolloutId: ROLLOUT },
      principal(['coordinator'], 'c', ['CS']),
    );
    // Assess
    await expect(answer).rejects.toMatchObject({ status: 403 });
  });

  it('show readers associations without their members', async () => {
    // Act
    const answer = await ask('readTrainingProgress', { rolloutId: ROLLOUT }, principal(['reader']));
    // Assess
    const associations = (answer.body as { associations: Record<string, unknown>[] }).associations;
    expect(associations).toHaveLength(2);
    expect(associations.every((association) => !('members' in association))).toBe(true);
  });

  it('answer the region funnel publicly, as of an instant before the launch with 404', async () => {
    // Act
    const now = await ask('readRegionFunnel', { regionCode: 'FM' }, undefined);
    const before = ask('readRegionFunnel', { regionCode: 'FM' }, undefined, {
      asOf: '2026-01-01T00:00:00.000Z',
    });
    // Assess
    expect((now.body as { figures: { associationsEnrolled: number } }).figures.associationsEnrolled).toBe(2);
    await expect(before).rejects.toMatchObject({ status: 404 });
  });
});
