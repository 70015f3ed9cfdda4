import { describe, expect, it } from 'vitest';
import type { Principal } from '../../../../../../functions/adapters/http/claims.js';
import type { RouteRequest } from '../../../../../../functions/adapters/http/route.js';
import { readModelRoutes } from '../../../../../../functions/adapters/http/routes/views.js';
import { InMemoryEventStore } from '../../../../../../functions/adapters/in-memory/event-store.js';
import type { EventStore } from '../../../../../../functions/application/ports/event-store.js';
import { InMemoryViewStore } from '../../../../../../functions/application/ports/view-store.js';
import {
  AUDIT_STREAM_PAGE_SIZE,
  auditKeysOf,
  auditProjectionWith,
} from '../../../../../../functions/application/projections/audit.js';
import { allProjections } from '../../../../../../functions/application/projections/index.js';
import { ProjectionConsumer } from '../../../../../../functions/application/read-models/consumer.js';
import {
  FoldedReadModels,
  StoredReadModels,
} from '../../../../../../functions/application/read-models/read-models.js';
import {
  appendScenario,
  CALL,
  countingIds,
  ROLLOUT,
  steppingClock,
} from '../../../../../support/projection-scenario.js';

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

const routeRequest = (params: unknown, who: Principal | undefined, query: unknown): RouteRequest => ({
  params,
  query,
  body: undefined,
  principal: who,
  correlationId: 'test',
  ifMatch: undefined,
  commandId: undefined,
});

const ask = async (operationId: string, params: unknown, who: Principal | undefined, query: unknown = {}) => {
  const store = new InMemoryEventStore({ clock: steppingClock(), newId: countingIds() });
  await appendScenario(store);
  const route = readModelRoutes.find((candidate) => candidate.operationId === operationId);
  if (!route) throw new Error(`no route ${operationId}`);
  return route.handle(routeRequest(params, who, query), {
    store,
    readModels: new FoldedReadModels(store),
    clock: () => '2026-12-31T00:00:00.000Z',
    newId: countingIds('id'),
  });
};

/**
 * An audit read model that pages a stream's trail by 4 versions, so that a stream of 11 events
 * spans three pages (the runtime's pages hold 500: a stream of 1,003 events folded into every
 * read model took seconds, where the paging is the same).
 */
const SMALL_PAGES = auditProjectionWith(4);
const smallPagedProjections = allProjections.map((projection) =>
  projection.name === SMALL_PAGES.name ? SMALL_PAGES : projection,
) as typeof allProjections;

/** An enrolment stream longer than two pages of a small-paged trail: one association, then members. */
const LONG_STREAM = `enrolment-${ROLLOUT}`;
const LONG_STREAM_EVENTS = 2 * SMALL_PAGES.streamPageSize + 3;
const appendLongStream = (store: EventStore) =>
  appendScenario(store, [
    {
      streamId: LONG_STREAM,
      role: 'coordinator',
      actorId: 'coordinator-fm',
      events: [
        {
          type: 'BeneficiaryEnrolled',
          data: {
            rolloutId: ROLLOUT,
            associationId: 'assoc-big',
            name: { fr: 'Grande association', ar: 'جمعية كبيرة' },
            province: 'Fès',
            memberTarget: 4,
            enrolledAt: null,
            lateEntry: null,
          },
        },
      ],
    },
    ...Array.from({ length: LONG_STREAM_EVENTS - 1 }, (_, index) => ({
      streamId: LONG_STREAM,
      role: 'coordinator' as const,
      actorId: 'coordinator-fm',
      events: [
        {
          type: 'MemberNominated' as const,
          data: {
            rolloutId: ROLLOUT,
            associationId: 'assoc-big',
            memberId: `member-${index}`,
            trainingTopic: 'M1' as const,
            nominatedAt: null,
            lateEntry: null,
          },
        },
      ],
    })),
  ]);

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

  it("answer a stream's trail whole, from its pages of versions, as the events would", async () => {
    // Given a stream of more than two pages, projected into a view store
    const store = new InMemoryEventStore({ clock: steppingClock(), newId: countingIds() });
    await appendLongStream(store);
    const views = new InMemoryViewStore();
    const consumer = new ProjectionConsumer({ store, views, projections: smallPagedProjections });
    for await (const event of store.readStream(LONG_STREAM)) await consumer.consume(event);
    const route = readModelRoutes.find((candidate) => candidate.operationId === 'readAuditTrail');
    if (!route) throw new Error('no route readAuditTrail');
    const deps = {
      store,
      clock: () => '2026-12-31T00:00:00.000Z',
      newId: countingIds('id'),
      auditProjection: SMALL_PAGES,
    };
    const ministry = principal(['ministry']);
    const params = { entityKind: 'stream', entityId: LONG_STREAM };
    // When its trail is read from the stored pages, and from the events alone
    const stored = await route.handle(routeRequest(params, ministry, {}), {
      ...deps,
      readModels: new StoredReadModels({ store, views }),
    });
    const folded = await route.handle(routeRequest(params, ministry, {}), {
      ...deps,
      readModels: new FoldedReadModels(store),
    });
    // Then it holds every version once, in order, under the stream's entity, both ways
    const trail = stored.body as { entity: string; entries: { version: number }[] };
    expect(views.keys('audit').filter((key) => key.includes(LONG_STREAM))).toHaveLength(3);
    expect(trail.entity).toBe(`stream:${LONG_STREAM}`);
    expect(trail.entries.map((entry) => entry.version)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(folded.body).toEqual(stored.body);
  });

  it("fold the events once for a stream's trail at an instant, not once per page", async () => {
    // Given a stream of three pages, and a store that counts the folds of its global order
    const store = new InMemoryEventStore({ clock: steppingClock(), newId: countingIds() });
    await appendLongStream(store);
    let folds = 0;
    const counting = Object.assign(Object.create(store) as InMemoryEventStore, {
      readGlobal: (...args: Parameters<InMemoryEventStore['readGlobal']>) => {
        if (args[0] === null) folds += 1;
        return store.readGlobal(...args);
      },
    });
    const route = readModelRoutes.find((candidate) => candidate.operationId === 'readAuditTrail');
    if (!route) throw new Error('no route readAuditTrail');
    // When the trail is asked for as of an instant after the last event
    const answer = await route.handle(
      routeRequest({ entityKind: 'stream', entityId: LONG_STREAM }, principal(['ministry']), {
        asOf: '2027-01-01T00:00:00.000Z',
      }),
      {
        store: counting,
        readModels: new FoldedReadModels(counting),
        clock: () => '2027-01-02T00:00:00.000Z',
        newId: countingIds('id'),
        auditProjection: SMALL_PAGES,
      },
    );
    // Then every version is there, from a single fold
    expect((answer.body as { entries: unknown[] }).entries).toHaveLength(11);
    expect(folds).toBe(1);
  });

  it("page a stream's trail in the runtime by 500 versions: 1,003 events make three pages", () => {
    // Given the 500th, 501st and 1,003rd event of a stream
    const at = (version: number) =>
      ({
        streamId: LONG_STREAM,
        version,
        type: 'MemberNominated',
        data: { rolloutId: ROLLOUT, associationId: 'assoc-big', memberId: 'm', trainingTopic: 'M1' },
      }) as unknown as Parameters<typeof auditKeysOf>[0];
    // When their stream trail's keys are named with the runtime's page size
    const streamKeys = [500, 501, 1003].map((version) =>
      auditKeysOf(at(version), undefined, AUDIT_STREAM_PAGE_SIZE).filter((key) => key.includes(LONG_STREAM)),
    );
    // Then they fall on pages 0, 1 and 2
    expect(streamKeys).toEqual([
      [`stream:${LONG_STREAM}`],
      [`stream@1:${LONG_STREAM}`],
      [`stream@2:${LONG_STREAM}`],
    ]);
  });

  it('answer 404 for the trail of a stream that does not exist or of a key the store reserves', async () => {
    for (const entityId of ['no-such-stream', `view#audit#stream:enrolment-${ROLLOUT}`]) {
      await expect(
        ask('readAuditTrail', { entityKind: 'stream', entityId }, principal(['ministry'])),
      ).rejects.toMatchObject({ status: 404 });
    }
  });
});
