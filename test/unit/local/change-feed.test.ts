import { describe, expect, it, vi } from 'vitest';
import { InMemoryEventStore } from '../../../functions/adapters/in-memory/event-store.js';
import { InMemoryCheckpointStore } from '../../../local/bus/checkpoints.js';
import { LocalBus } from '../../../local/bus.js';
import { ChangeFeed } from '../../../local/change-feed.js';
import { appendEvents, crashingOnSave, recordingPublisher } from '../../support/bus-change-feed.js';

describe('the local change feed', () => {
  it('publishes every committed event in the global order, as bus events', async () => {
    // Prepare
    const store = new InMemoryEventStore();
    const first = await appendEvents(store, 'training-FM-a1', 2);
    const second = await appendEvents(store, 'training-FM-a2', 3);
    const { received, publish } = recordingPublisher();
    const feed = new ChangeFeed({ store, checkpoints: new InMemoryCheckpointStore(), publish, batchSize: 2 });
    // Act
    await feed.drain();
    // Assess
    expect(received.map((event) => event.id)).toEqual([...first, ...second]);
    expect(received[0]).toMatchObject({
      source: 'naseej',
      'detail-type': 'SessionHeld',
      detail: { streamId: 'training-FM-a1' },
    });
  });

  it('resumes after its stored checkpoint: nothing twice, nothing lost', async () => {
    // Prepare
    const store = new InMemoryEventStore();
    const checkpoints = new InMemoryCheckpointStore();
    const before = await appendEvents(store, 's-1', 2);
    const firstRun = recordingPublisher();
    await new ChangeFeed({ store, checkpoints, publish: firstRun.publish }).drain();
    const after = await appendEvents(store, 's-2', 2);
    const secondRun = recordingPublisher();
    // Act
    await new ChangeFeed({ store, checkpoints, publish: secondRun.publish }).drain();
    // Assess
    expect(firstRun.received.map((event) => event.id)).toEqual(before);
    expect(secondRun.received.map((event) => event.id)).toEqual(after);
  });

  it('redelivers after a crash between delivery and checkpoint', async () => {
    // Prepare
    const store = new InMemoryEventStore();
    const checkpoints = new InMemoryCheckpointStore();
    const ids = await appendEvents(store, 's-1', 3);
    const crashed = recordingPublisher();
    await expect(
      new ChangeFeed({ store, checkpoints: crashingOnSave(checkpoints), publish: crashed.publish }).drain(),
    ).rejects.toThrow(/process killed/);
    const restarted = recordingPublisher();
    // Act
    await new ChangeFeed({ store, checkpoints, publish: restarted.publish }).drain();
    // Assess
    expect(crashed.received.map((event) => event.id)).toEqual(ids);
    expect(restarted.received.map((event) => event.id)).toEqual(ids);
  });

  it('does not move the checkpoint past an event the bus could not take', async () => {
    // Prepare
    const store = new InMemoryEventStore();
    const checkpoints = new InMemoryCheckpointStore();
    const ids = await appendEvents(store, 's-1', 2);
    let failing = true;
    const delivered: string[] = [];
    const feed = new ChangeFeed({
      store,
      checkpoints,
      publish: async (event) => {
        if (failing) throw new Error('bus down');
        delivered.push(event.id);
      },
    });
    await expect(feed.pollOnce()).rejects.toThrow('bus down');
    failing = false;
    // Act
    await feed.drain();
    // Assess
    expect(delivered).toEqual(ids);
    expect((await checkpoints.load('local-bus')).revision).toBe(1);
  });

  it('hands each page to a batch publisher whole, in the global order', async () => {
    // Prepare
    const store = new InMemoryEventStore();
    const ids = [...(await appendEvents(store, 's-1', 3)), ...(await appendEvents(store, 's-2', 2))];
    const pages: string[][] = [];
    const feed = new ChangeFeed({
      store,
      checkpoints: new InMemoryCheckpointStore(),
      publish: {
        batch: async (events) => {
          pages.push(events.map((event) => event.id));
        },
      },
      batchSize: 2,
    });
    // Act
    await feed.drain();
    // Assess
    expect(pages.map((page) => page.length)).toEqual([2, 2, 1]);
    expect(pages.flat()).toEqual(ids);
  });

  it('lets two pollers share one checkpoint without losing an event', async () => {
    // Prepare
    const store = new InMemoryEventStore();
    const checkpoints = new InMemoryCheckpointStore();
    const ids = [...(await appendEvents(store, 's-1', 3)), ...(await appendEvents(store, 's-2', 3))];
    const seen = recordingPublisher();
    const one = new ChangeFeed({ store, checkpoints, publish: seen.publish, batchSize: 2 });
    const two = new ChangeFeed({ store, checkpoints, publish: seen.publish, batchSize: 2 });
    // Act
    await Promise.all([one.drain(), two.drain()]);
    await one.drain();
    // Assess
    expect(new Set(seen.received.map((event) => event.id))).toEqual(new Set(ids));
  });

  it('polls in the background until stopped, feeding the local bus', async () => {
    // Prepare
    const store = new InMemoryEventStore();
    const bus = new LocalBus({ onMissingHandler: 'skip' });
    const projected: string[] = [];
    bus.register('projections', async (event) => {
      projected.push(event.detail.eventId);
    });
    const errors: unknown[] = [];
    const feed = new ChangeFeed({
      store,
      checkpoints: new InMemoryCheckpointStore(),
      publish: (event) => bus.publish(event),
      pollIntervalMs: 5,
      onError: (error) => errors.push(error),
    });
    feed.start();
    // Act
    const ids = await appendEvents(store, 's-1', 2);
    // Assess
    await vi.waitFor(() => expect(projected).toEqual(ids));
    await feed.stop();
    const later = await appendEvents(store, 's-2', 1);
    await feed.drain();
    expect(projected).toEqual([...ids, ...later]);
    expect(errors).toEqual([]);
  });
});
