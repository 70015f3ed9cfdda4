import { describe, expect, it } from 'vitest';
import { DynamoDbEventStore } from '../../../functions/adapters/dynamodb/event-store.js';
import { DynamoDbCheckpointStore } from '../../../local/bus/checkpoints.js';
import { LocalBus } from '../../../local/bus.js';
import { ChangeFeed } from '../../../local/change-feed.js';
import { appendEvents, crashingOnSave, recordingPublisher } from '../../support/bus-change-feed.js';
import { createFreshEventStoreTable, dynaliteForTheFile } from '../../support/dynalite.js';

const dynamo = dynaliteForTheFile();

const freshTable = async () => {
  const tableName = await createFreshEventStoreTable(dynamo);
  return {
    tableName,
    store: new DynamoDbEventStore({ client: dynamo.client, tableName }),
    checkpoints: new DynamoDbCheckpointStore({ client: dynamo.client, tableName }),
  };
};

describe('the change feed on the DynamoDB store (dynalite)', () => {
  it('is at-least-once across a crash between delivery and the checkpoint write', async () => {
    // Prepare: events committed, delivered, and the process "killed" before the checkpoint landed
    const { store, checkpoints } = await freshTable();
    const committed = [
      ...(await appendEvents(store, 'training-FM-a1', 3)),
      ...(await appendEvents(store, 'grants-FM-a1', 2)),
    ];
    const beforeCrash = recordingPublisher();
    const crashing = new ChangeFeed({
      store,
      checkpoints: crashingOnSave(checkpoints),
      publish: beforeCrash.publish,
      batchSize: 2,
    });
    await expect(crashing.drain()).rejects.toThrow(/process killed/);
    await crashing.stop();
    // Act: restart from what the table holds
    const afterRestart = recordingPublisher();
    const restarted = new ChangeFeed({ store, checkpoints, publish: afterRestart.publish, batchSize: 2 });
    await restarted.drain();
    const later = await appendEvents(store, 'training-FM-a1', 2);
    await restarted.drain();
    // Assess: the undelivered-then-crashed page is redelivered, nothing is lost, and once the
    // checkpoint is stored nothing comes twice
    expect(beforeCrash.received.map((event) => event.id)).toEqual(committed.slice(0, 2));
    expect(afterRestart.received.map((event) => event.id)).toEqual([...committed, ...later]);
    expect((await checkpoints.load('local-bus')).revision).toBeGreaterThan(0);
  });

  it('keeps its checkpoint in the event store table, so a new process carries on from it', async () => {
    // Prepare
    const { tableName, store, checkpoints } = await freshTable();
    await appendEvents(store, 's-1', 2);
    await new ChangeFeed({ store, checkpoints, publish: async () => {} }).drain();
    const second = await appendEvents(store, 's-2', 2);
    const nextProcess = recordingPublisher();
    // Act
    await new ChangeFeed({
      store,
      checkpoints: new DynamoDbCheckpointStore({ client: dynamo.client, tableName }),
      publish: nextProcess.publish,
    }).drain();
    // Assess
    expect(nextProcess.received.map((event) => event.id)).toEqual(second);
  });

  it('feeds the local bus while writers append concurrently, losing nothing', async () => {
    // Prepare
    const { store, checkpoints } = await freshTable();
    const bus = new LocalBus({ onMissingHandler: 'skip' });
    const projected = new Set<string>();
    bus.register('projections', async (event) => {
      projected.add(event.detail.eventId);
    });
    const feed = new ChangeFeed({
      store,
      checkpoints,
      publish: (event) => bus.publish(event),
      pollIntervalMs: 10,
    });
    feed.start();
    // Act
    const written = (
      await Promise.all(
        Array.from({ length: 8 }, (_, index) => appendEvents(store, `association-${index}`, 2)),
      )
    ).flat();
    await feed.stop();
    await feed.drain();
    // Assess
    expect(projected).toEqual(new Set(written));
  });

  it('writes its checkpoint only after a page that delivered events, and resumes from it exactly', async () => {
    // Prepare: a clock that moves a second per poll, so that each empty read moves the position
    // (its horizon follows the clock); the checkpoint store counts its writes
    const tableName = await createFreshEventStoreTable(dynamo);
    let now = Date.parse('2026-03-02T09:00:00.000Z');
    const store = new DynamoDbEventStore({
      client: dynamo.client,
      tableName,
      clock: () => new Date(now),
      settleMs: 3_000,
      requestTimeoutMs: 1_000,
    });
    const checkpoints = new DynamoDbCheckpointStore({ client: dynamo.client, tableName });
    let writes = 0;
    const counted = {
      load: (consumer: string) => checkpoints.load(consumer),
      save: (...args: Parameters<DynamoDbCheckpointStore['save']>) => {
        writes += 1;
        return checkpoints.save(...args);
      },
    };
    const first = await appendEvents(store, 'training-FM-a1', 2);
    const delivered = recordingPublisher();
    const feed = new ChangeFeed({ store, checkpoints: counted, publish: delivered.publish });
    await feed.pollOnce();
    // Act: 8 idle polls (the settle bound of 3 s and the late window pass), then one more commit
    for (let poll = 0; poll < 8; poll += 1) {
      now += 1_000;
      expect(await feed.pollOnce()).toBe(0);
    }
    const idleWrites = writes;
    const second = await appendEvents(store, 'training-FM-a2', 1);
    await feed.drain();
    const nextProcess = recordingPublisher();
    await new ChangeFeed({ store, checkpoints, publish: nextProcess.publish }).drain();
    // Assess: one write for the first page, none while idle, one for the second page; a new
    // process carries on from the stored checkpoint with nothing to deliver twice
    expect(idleWrites).toBe(1);
    expect(writes).toBe(2);
    expect(delivered.received.map((event) => event.id)).toEqual([...first, ...second]);
    expect(nextProcess.received).toEqual([]);
    expect((await checkpoints.load('local-bus')).revision).toBe(2);
  });
});
