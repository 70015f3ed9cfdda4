import { describe, expect, it } from 'vitest';
import { InMemoryEventStore } from '../../../../../functions/adapters/in-memory/event-store.js';
import { toBusEvent } from '../../../../../functions/application/bus/event-shape.js';
import { InMemoryViewStore, type ViewStore } from '../../../../../functions/application/ports/view-store.js';
import { type FunnelView, funnelFigures } from '../../../../../functions/application/projections/funnel.js';
import { LagHistogram, percentile } from '../../../../../functions/application/projections/lag.js';
import { ProjectionConsumer } from '../../../../../functions/application/read-models/consumer.js';
import { isViewConflictError } from '../../../../../functions/application/read-models/errors.js';
import {
  ASSOC_A,
  appendScenario,
  countingIds,
  ROLLOUT,
  steppingClock,
} from '../../../../support/projection-scenario.js';

const prepared = async () => {
  const store = new InMemoryEventStore({ clock: steppingClock(), newId: countingIds() });
  const recorded = await appendScenario(store);
  return { store, recorded, views: new InMemoryViewStore() };
};

describe('the projections consumer', () => {
  it('ignores an event delivered twice', async () => {
    // Prepare
    const { store, recorded, views } = await prepared();
    const consumer = new ProjectionConsumer({ store, views });
    const launched = recorded[0];
    if (!launched) throw new Error('no event');
    await consumer.consume(launched);
    // Act
    const again = await consumer.consume(launched);
    // Assess
    expect(again.applied).toBe(0);
    expect(again.duplicates).toBeGreaterThan(0);
  });

  it('repairs a gap from the store when a later version arrives first', async () => {
    // Prepare: only the last grant event is delivered
    const { store, recorded, views } = await prepared();
    const consumer = new ProjectionConsumer({ store, views });
    const paid = recorded.findLast((event) => event.type === 'TranchePaid');
    if (!paid) throw new Error('no payment');
    // Act
    await consumer.handle(toBusEvent(paid));
    // Assess: the whole grants stream was read and applied in order
    const funnel = (await views.load<FunnelView>('funnel', ROLLOUT))?.document;
    expect(funnel?.applied[`grants-${ROLLOUT}`]).toBe(paid.version);
    expect(funnel && funnelFigures(funnel.view)).toMatchObject({
      grantsAwarded: 1,
      grantsPaidCentimes: 2_000_000,
    });
  });

  it('measures the lag from recordedAt to the views being saved', async () => {
    // Prepare
    const { store, recorded, views } = await prepared();
    const histogram = new LagHistogram();
    const launched = recorded[0];
    if (!launched) throw new Error('no event');
    const savedAt = Date.parse(launched.recordedAt) + 250;
    const consumer = new ProjectionConsumer({
      store,
      views,
      clock: () => new Date(savedAt),
      onLag: (lag) => histogram.record(lag),
    });
    // Act
    await consumer.consume(launched);
    // Assess
    expect(histogram.summary()).toEqual({ count: 1, p50: 250, p99: 250, max: 250 });
  });

  it('projects a batch to the same documents as its events one by one, saving each document once', async () => {
    // Prepare: the scenario's events, delivered one by one to a reference store
    const { store, recorded } = await prepared();
    const oneByOne = new InMemoryViewStore();
    const reference = new ProjectionConsumer({ store, views: oneByOne });
    for (const event of recorded) await reference.consume(event);
    const batched = new InMemoryViewStore();
    const saves: string[] = [];
    const counted: ViewStore = {
      load: (projection, key) => batched.load(projection, key),
      save: (document, expectedRevision) => {
        saves.push(`${document.projection}#${document.key}`);
        return batched.save(document, expectedRevision);
      },
    };
    const consumer = new ProjectionConsumer({ store, views: counted });
    // Act: the same events as one batch
    await consumer.consumeBatch(recorded);
    // Assess
    expect(new Set(saves).size).toBe(saves.length);
    for (const projection of [
      'audit',
      'call',
      'funnel',
      'grant-ledger',
      'national',
      'trainers',
      'training',
    ]) {
      const keys = oneByOne.keys(projection);
      expect(batched.keys(projection)).toEqual(keys);
      for (const key of keys) {
        expect((await batched.load(projection, key))?.document).toEqual(
          (await oneByOne.load(projection, key))?.document,
        );
      }
    }
  });

  it('finds the events of a batch it has already applied as duplicates', async () => {
    // Prepare: the first half was projected, then the consumer failed before acknowledging
    const { store, recorded, views } = await prepared();
    const consumer = new ProjectionConsumer({ store, views });
    await consumer.consumeBatch(recorded.slice(0, Math.floor(recorded.length / 2)));
    // Act: the whole page is delivered again
    const again = await consumer.consumeBatch(recorded);
    // Assess: the second half is applied, the first half found already there
    expect(again.duplicates).toBeGreaterThan(0);
    expect(again.applied).toBeGreaterThan(0);
    const funnel = (await views.load<FunnelView>('funnel', ROLLOUT))?.document;
    expect(funnel && funnelFigures(funnel.view)).toMatchObject({ grantsPaidCentimes: 2_000_000 });
  });

  it('never lets a late save overwrite a newer one', async () => {
    // Prepare
    const views = new InMemoryViewStore();
    const document = { projection: 'funnel', revision: 1, key: 'k', view: {}, applied: {}, asOf: null };
    await views.save(document, 0);
    // Act
    const late = views.save(document, 0);
    // Assess
    await expect(late).rejects.toSatisfy(isViewConflictError);
  });

  it('skips the versions of a stream routed to other documents without reading the store', async () => {
    // Prepare: the scenario's events, with the store's stream reads counted
    const { store, recorded } = await prepared();
    const reads: string[] = [];
    const counting = {
      readStream: (streamId: string, options?: { fromVersion?: number }) => {
        reads.push(`${streamId}@${options?.fromVersion ?? 1}`);
        return store.readStream(streamId, options);
      },
    };
    const views = new InMemoryViewStore();
    const consumer = new ProjectionConsumer({ store: counting, views });
    // and a reference: a fresh consumer per event, which remembers nothing and reads every gap
    const reference = new InMemoryViewStore();
    // Act
    for (const event of recorded) {
      await consumer.consume(event);
      await new ProjectionConsumer({ store, views: reference }).consume(event);
    }
    // Assess: gaps (an association's trail skips its rollout's other grants) cost no read but heads
    expect(reads.filter((read) => !read.endsWith('@1'))).toEqual([]);
    for (const [projection, key] of [
      ['audit', `association:${ASSOC_A}`],
      ['audit', `stream:grants-${ROLLOUT}`],
      ['funnel', ROLLOUT],
      ['training', ROLLOUT],
    ] as const) {
      const ours = (await views.load(projection, key))?.document;
      const theirs = (await reference.load(projection, key))?.document;
      expect(ours?.view, `${projection}#${key}`).toEqual(theirs?.view);
      expect(ours?.applied, `${projection}#${key}`).toEqual(theirs?.applied);
    }
  });

  it('still reads a gap from the store when a version routed to the document was never delivered', async () => {
    // Prepare: every event delivered in order except one routed to ASSOC_A's trail
    const { store, recorded } = await prepared();
    const views = new InMemoryViewStore();
    const consumer = new ProjectionConsumer({ store, views });
    const ofAssociation = (event: (typeof recorded)[number]) =>
      (event.data as { associationId?: string }).associationId === ASSOC_A;
    // one with a later event of the same stream for the same association, whose gap reveals it
    const lost = recorded.find(
      (event, index) =>
        event.version > 1 &&
        ofAssociation(event) &&
        recorded.slice(index + 1).some((later) => later.streamId === event.streamId && ofAssociation(later)),
    );
    if (!lost) throw new Error('no event of the association');
    // Act
    for (const event of recorded) if (event !== lost) await consumer.consume(event);
    // Assess: the trail holds the lost event, read from the store, like a consumer that saw it
    const reference = new InMemoryViewStore();
    const complete = new ProjectionConsumer({ store, views: reference });
    for (const event of recorded) await complete.consume(event);
    const trail = async (viewStore: InMemoryViewStore) =>
      (await viewStore.load('audit', `association:${ASSOC_A}`))?.document.view;
    expect(await trail(views)).toEqual(await trail(reference));
    expect(JSON.stringify(await trail(views))).toContain(lost.eventId);
  });
});

describe('lag percentiles', () => {
  it('takes the nearest rank', () => {
    // Prepare
    const sorted = Array.from({ length: 100 }, (_, index) => index + 1);
    // Act / Assess
    expect([percentile(sorted, 50), percentile(sorted, 99), percentile([], 50)]).toEqual([50, 99, null]);
  });
});
