import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbEventStore } from '../../../../../functions/adapters/dynamodb/event-store.js';
import type {
  AppendRequest,
  GlobalCheckpoint,
} from '../../../../../functions/application/ports/event-store.js';
import type { DynaliteServer } from '../../../../../local/dynalite/server.js';
import { createFreshEventStoreTable, startDynalite } from '../../../../support/dynalite.js';
import { lateIndexClient } from '../../../../support/late-index-client.js';

// The global order on dynalite with AWS's settle bound (60 s), and an index that shows one commit
// 100 s after it was written, long after every reader's horizon passed its key.

const T0 = Date.parse('2026-03-01T09:00:00.000Z');
const append = (streamId: string): AppendRequest => ({
  streamId,
  expectedVersion: 'no-stream',
  events: [{ type: 'RolloutLaunched', schemaVersion: 1, data: {} }],
  metadata: { actor: { id: 'ministry-1', role: 'ministry' }, correlationId: 'c-1', causationId: null },
});

describe('a global read on an index that shows a commit late', () => {
  let dynamo: DynaliteServer;

  beforeAll(async () => {
    dynamo = await startDynalite();
  });

  afterAll(async () => {
    await dynamo.stop();
  });

  it('delivers the late commit once it shows, and reports it, under the 60 s settle bound', async () => {
    // Prepare: commits of streams a (at 0 s), late (at 1 s) and b (at 2 s); the index hides
    // `late` until 100 s.
    const tableName = await createFreshEventStoreTable(dynamo);
    let now = T0;
    const clock = () => new Date(now);
    const client = lateIndexClient(dynamo.endpoint, (item) => item.pk?.S === 'late' && now < T0 + 100_000);
    const late: { key: string; lateByMs: number }[] = [];
    const store = new DynamoDbEventStore({
      client,
      tableName,
      clock,
      settleMs: 60_000,
      onLateCommit: (report) => late.push(report),
    });
    for (const [streamId, at] of [
      ['a', 0],
      ['late', 1_000],
      ['b', 2_000],
    ] as const) {
      now = T0 + at;
      await store.append(append(streamId));
    }
    let checkpoint: GlobalCheckpoint = null;
    const delivered: string[] = [];
    const readAt = async (at: number) => {
      now = T0 + at;
      const page = await store.readGlobal(checkpoint, { limit: 100 });
      checkpoint = page.checkpoint;
      delivered.push(...page.events.map((event) => event.streamId));
    };

    // Act: reads at 5 s, 70 s (the horizon passes the late commit's key), 100 s and 130 s.
    for (const at of [5_000, 70_000, 100_000, 130_000]) await readAt(at);

    // Assess
    expect(delivered).toEqual(['a', 'b', 'late']);
    expect(late).toEqual([{ key: '2026-03-01T09:00:01.000Z#late#000000000001', lateByMs: 39_000 }]);
    client.destroy();
  });
});
