import { DynamoDbEventStore } from '../../functions/adapters/dynamodb/event-store.js';
import { DynamoDbIdempotencyStore } from '../../functions/adapters/dynamodb/idempotency.js';
import type { HttpDependencies } from '../../functions/adapters/http/lambda.js';
import type { HttpRoute, RouteDependencies } from '../../functions/adapters/http/route.js';
import { InMemoryEventStore } from '../../functions/adapters/in-memory/event-store.js';
import { InMemoryIdempotencyStore } from '../../functions/adapters/in-memory/idempotency.js';
import { withFoldCache } from '../../functions/application/fold-cache.js';
import type {
  AppendRequest,
  AppendResult,
  EventStore,
  StoredEvent,
} from '../../functions/application/ports/event-store.js';
import type { IdempotencyStore } from '../../functions/application/ports/idempotency.js';
import { DevAuth } from '../../local/dev-auth.js';
import type { DynaliteServer } from '../../local/dynalite/server.js';
import { type LocalHttpServer, startHttpServer } from '../../local/http-server.js';
import { createFreshEventStoreTable } from './dynalite.js';

/**
 * An event store that lets a test act just before an append reaches the real store (to make a
 * competing writer win the race) and counts appends.
 */
export class InterferingStore implements EventStore {
  appendCalls = 0;
  /** Runs once per append, before it is sent; replace it in a test. */
  beforeAppend: (request: AppendRequest, store: EventStore) => Promise<void> = async () => undefined;

  constructor(readonly inner: EventStore) {}

  /**
   * The next append reaches the real store, then `then` runs in its attempt: it throws (the answer
   * was lost after the write), or never settles (the process stopped right after it).
   */
  landNextAppendThen(then: () => Promise<unknown>): void {
    this.beforeAppend = async (request, inner) => {
      this.beforeAppend = async () => undefined;
      await inner.append(request);
      await then();
    };
  }

  async append(request: AppendRequest): Promise<AppendResult> {
    this.appendCalls += 1;
    await this.beforeAppend(request, this.inner);
    return this.inner.append(request);
  }
  readStream(streamId: string, options?: { fromVersion?: number }): AsyncIterable<StoredEvent> {
    return this.inner.readStream(streamId, options);
  }
  streamVersion(streamId: string) {
    return this.inner.streamVersion(streamId);
  }
  readGlobal: EventStore['readGlobal'] = (checkpoint, options) => this.inner.readGlobal(checkpoint, options);
  commandResult: EventStore['commandResult'] = (streamId, commandId) =>
    this.inner.commandResult(streamId, commandId);
}

export interface HttpTestServer {
  readonly url: string;
  readonly server: LocalHttpServer;
  readonly store: InterferingStore;
  readonly idempotency: IdempotencyStore;
  readonly auth: DevAuth;
  /** Every event of a stream, as stored. */
  readonly streamEvents: (streamId: string) => Promise<StoredEvent[]>;
}

let counter = 0;
/** Deterministic ids for decisions: `id-1`, `id-2`, … */
const sequentialIds = () => {
  counter += 1;
  return `id-${counter}`;
};

/**
 * Starts the local HTTP server over the given routes, with the real DynamoDB adapters on dynalite
 * when a server is given (else the in-memory ones), and a fresh dev key pair.
 */
export const startHttpTestServer = async <Deps extends RouteDependencies = RouteDependencies>(
  routes: readonly HttpRoute<Deps>[],
  options: {
    dynalite?: DynaliteServer;
    /** Calls run at once (the server's default otherwise); attempts a test leaves hanging hold one each. */
    maxConcurrentRequests?: number;
    /** What the routes need besides the store, ids and clock given here (typed by the routes). */
    deps?: Partial<HttpDependencies> & Omit<Deps, keyof RouteDependencies>;
  } = {},
): Promise<HttpTestServer> => {
  let inner: EventStore;
  let idempotency: IdempotencyStore;
  if (options.dynalite !== undefined) {
    const tableName = await createFreshEventStoreTable(options.dynalite);
    inner = new DynamoDbEventStore({ client: options.dynalite.client, tableName });
    idempotency = new DynamoDbIdempotencyStore({ client: options.dynalite.client, tableName });
  } else {
    inner = new InMemoryEventStore();
    idempotency = new InMemoryIdempotencyStore();
  }
  const store = new InterferingStore(inner);
  const auth = await DevAuth.create();
  const server = await startHttpServer({
    routes,
    auth,
    ...(options.maxConcurrentRequests === undefined
      ? {}
      : { maxConcurrentRequests: options.maxConcurrentRequests }),
    deps: {
      // As the runtimes compose it (docs/adr/0111-one-caching-story.md).
      store: withFoldCache(store),
      idempotency,
      clock: () => '2026-03-01T09:00:00.000Z',
      newId: sequentialIds,
      ...options.deps,
    } as HttpDependencies & Deps,
  });
  const streamEvents = async (streamId: string) => {
    const events: StoredEvent[] = [];
    for await (const event of inner.readStream(streamId)) events.push(event);
    return events;
  };
  return { url: server.url, server, store, idempotency, auth, streamEvents };
};
