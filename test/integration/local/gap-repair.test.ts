import { describe, expect, it } from 'vitest';
import { DynamoDbEventStore } from '../../../functions/adapters/dynamodb/event-store.js';
import { DynamoDbViewStore } from '../../../functions/adapters/dynamodb/view-store.js';
import { toBusEvent } from '../../../functions/application/bus/event-shape.js';
import { InMemoryViewStore, type ViewStore } from '../../../functions/application/ports/view-store.js';
import { type FunnelView, funnelFigures } from '../../../functions/application/projections/funnel.js';
import { allProjections } from '../../../functions/application/projections/index.js';
import { rebuildProjection } from '../../../functions/application/read-models/replay.js';
import { DynamoDbCheckpointStore } from '../../../local/bus/checkpoints.js';
import { LocalBus } from '../../../local/bus.js';
import { ChangeFeed } from '../../../local/change-feed.js';
import { startLocalProjector } from '../../../local/projector.js';
import { createFreshEventStoreTable, dynaliteForTheFile } from '../../support/dynalite.js';
import { appendScenario, ROLLOUT, scenarioCommits } from '../../support/projection-scenario.js';

const dynamo = dynaliteForTheFile();

const viewsOf = async (views: ViewStore, keys: readonly (readonly [string, string])[]) => {
  const result: Record<string, unknown> = {};
  for (const [projection, key] of keys) {
    const stored = await views.load(projection, key);
    result[`${projection}/${key}`] = { view: stored?.document.view, asOf: stored?.document.asOf };
  }
  return result;
};

describe('projections on dynalite, delivered by the change feed and the local bus', () => {
  it('repair a gap from the store, ignore redeliveries, and equal a rebuild', async () => {
    // Prepare: a table with the scenario, views in the same table, the bus with the projector
    const tableName = await createFreshEventStoreTable(dynamo);
    const store = new DynamoDbEventStore({
      client: dynamo.client,
      tableName,
      settleMs: 2_000,
      requestTimeoutMs: 1_000,
    });
    const views = new DynamoDbViewStore({ client: dynamo.client, tableName });
    const checkpoints = new DynamoDbCheckpointStore({ client: dynamo.client, tableName });
    const bus = new LocalBus({ onMissingHandler: 'skip', sleep: async () => undefined });
    const projector = startLocalProjector({ store, views, bus });
    const commits = scenarioCommits();
    const recorded = await appendScenario(store, commits);
    const lastPayment = recorded.findLast((event) => event.type === 'TranchePaid');
    if (!lastPayment) throw new Error('no payment');
    // Act: the last grant event overtakes the rest; then the feed delivers everything, then
    // a second feed (another checkpoint) delivers everything again
    await bus.publish(toBusEvent(lastPayment));
    const repairedEarly = (await views.load<FunnelView>('funnel', ROLLOUT))?.document;
    await new ChangeFeed({ store, checkpoints, publish: (event) => bus.publish(event) }).drain();
    await new ChangeFeed({
      store,
      checkpoints,
      publish: (event) => bus.publish(event),
      consumer: 'again',
    }).drain();
    // Assess: the early event brought its whole stream with it
    expect(repairedEarly && funnelFigures(repairedEarly.view)).toMatchObject({
      grantsAwarded: 1,
      grantsPaidCentimes: 2_000_000,
      associationsEnrolled: 0,
    });
    const rebuilt = new InMemoryViewStore();
    const keys: (readonly [string, string])[] = [];
    for (const projection of allProjections) {
      await rebuildProjection(store, rebuilt, projection);
      for (const key of rebuilt.keys(projection.name)) keys.push([projection.name, key]);
    }
    expect(keys.length).toBeGreaterThan(20);
    expect(await viewsOf(views, keys)).toEqual(await viewsOf(rebuilt, keys));
    expect(await bus.listDeadLetters()).toEqual([]);
    expect(projector.lag().count).toBe(recorded.length * 2 + 1);
    expect(projector.lag().p99).not.toBeNull();
  });
});
