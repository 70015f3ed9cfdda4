import { afterEach, describe, expect, it, vi } from 'vitest';
import { InMemoryEventStore } from '../../../functions/adapters/in-memory/event-store.js';
import { InMemoryIdempotencyStore } from '../../../functions/adapters/in-memory/idempotency.js';
import type {
  EventStore,
  ReadStreamOptions,
  StoredEvent,
} from '../../../functions/application/ports/event-store.js';
import { DevAuth } from '../../../local/dev-auth.js';
import { admissionQueue, type LocalHttpServer, startHttpServer } from '../../../local/http-server.js';
import { tallyRoutes, tallyStreamId } from '../../support/http-test-routes.js';

// Found by `npm run fuzz` (docs/fuzzing.md): 16 concurrent requests on a loaded 2-core machine
// made one store call wait out its 2 s request timeout (a 503), because every request in progress
// shares the runtime's one thread with dynalite. The local HTTP server now runs at most
// `maxConcurrentRequests` handlers at once; the others wait their turn instead of timing out.

/** An in-memory store whose stream reads wait until the test lets them go, counting those in flight. */
class HeldReadsStore extends InMemoryEventStore {
  inFlight = 0;
  mostInFlight = 0;
  #held: (() => void)[] = [];

  override async *readStream(streamId: string, options: ReadStreamOptions = {}): AsyncIterable<StoredEvent> {
    this.inFlight += 1;
    this.mostInFlight = Math.max(this.mostInFlight, this.inFlight);
    try {
      await new Promise<void>((resolve) => this.#held.push(resolve));
      yield* super.readStream(streamId, options);
    } finally {
      this.inFlight -= 1;
    }
  }

  /** Lets every held read go on. */
  releaseAll(): void {
    for (const release of this.#held.splice(0)) release();
  }

  get heldCount(): number {
    return this.#held.length;
  }
}

let server: LocalHttpServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('the local HTTP server under more concurrent requests than it handles at once', () => {
  it('runs at most maxConcurrentRequests handlers at once and answers every request', async () => {
    // Prepare: a tally to read, a server that handles 3 requests at once, 10 readers
    const store = new HeldReadsStore();
    await store.append({
      streamId: tallyStreamId('t1'),
      expectedVersion: 'no-stream',
      events: [
        {
          type: 'TallyOpened',
          schemaVersion: 1,
          data: { tallyId: 't1', region: 'FM', associationId: 'a1', label: 'x' },
        },
      ],
      metadata: { actor: { id: 'm', role: 'ministry' }, correlationId: 'c', causationId: null },
    });
    const auth = await DevAuth.create();
    let received = 0;
    server = await startHttpServer({
      routes: tallyRoutes,
      auth,
      maxConcurrentRequests: 3,
      hooks: [
        async () => {
          received += 1;
          return false;
        },
      ],
      deps: {
        store: store as EventStore,
        idempotency: new InMemoryIdempotencyStore(),
        clock: () => '2026-03-01T09:00:00.000Z',
        newId: () => 'id',
      },
    });
    const token = await auth.mint({ subject: 'reader-1', roles: ['reader'] });
    const url = `${server.url}/tallies/t1`;

    // Act: ten reads at once; once the first three hold their store reads, the other seven have
    // all arrived; then the reads are let go until every request is answered
    const answers = Promise.all(
      Array.from({ length: 10 }, () => fetch(url, { headers: { authorization: `Bearer ${token}` } })),
    );
    await vi.waitFor(() => expect(received).toBe(10));
    await vi.waitFor(() => expect(store.heldCount).toBe(3));
    let settled = false;
    void answers.then(() => {
      settled = true;
    });
    while (!settled) {
      store.releaseAll();
      await new Promise((resolve) => setImmediate(resolve));
    }

    // Assess
    expect(store.mostInFlight).toBe(3);
    expect((await answers).map((answer) => answer.status)).toEqual(Array.from({ length: 10 }, () => 200));
  });
});

describe('admissionQueue', () => {
  it('hands a failed call’s slot to the next one waiting, in arrival order', async () => {
    // Prepare: one slot, taken by a call that will fail
    const admitted = admissionQueue(1);
    let failFirst: (error: Error) => void = () => undefined;
    const order: string[] = [];
    const first = admitted(
      () =>
        new Promise<string>((_, reject) => {
          failFirst = reject;
        }),
    );

    // Act: two more calls queue up, then the first fails
    const second = admitted(async () => {
      order.push('second');
      return 'second';
    });
    const third = admitted(async () => {
      order.push('third');
      return 'third';
    });
    failFirst(new Error('store down'));

    // Assess
    await expect(first).rejects.toThrow('store down');
    expect(await Promise.all([second, third])).toEqual(['second', 'third']);
    expect(order).toEqual(['second', 'third']);
  });

  it('refuses a limit that is not a positive integer', () => {
    // Act / Assess
    expect(() => admissionQueue(0)).toThrow('maxConcurrentRequests must be a positive integer, got 0');
  });
});
