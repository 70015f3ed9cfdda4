import { Webhook } from 'standardwebhooks';
import { DynamoDbCommitLog } from '../../functions/adapters/dynamodb/commit-log.js';
import { DynamoDbEventStore } from '../../functions/adapters/dynamodb/event-store.js';
import { dynamoDbFeedServices } from '../../functions/adapters/dynamodb/feed-cursors.js';
import { DynamoDbIdempotencyStore } from '../../functions/adapters/dynamodb/idempotency.js';
import { DynamoDbNotificationLedger } from '../../functions/adapters/dynamodb/notification-ledger.js';
import {
  DynamoDbPartnerRegistry,
  DynamoDbWebhookDeliveryLog,
} from '../../functions/adapters/dynamodb/partner-reports.js';
import { DynamoDbPersonalDataVault } from '../../functions/adapters/dynamodb/personal-data.js';
import { routes } from '../../functions/adapters/http/routes/index.js';
import { InMemorySecurityTrace } from '../../functions/adapters/in-memory/partner-reports.js';
import { WebhookDispatcher } from '../../functions/adapters/webhooks/dispatcher.js';
import { DynamoDbOutboundWebhookStore } from '../../functions/adapters/webhooks/dynamodb-store.js';
import type { StoredEvent } from '../../functions/application/ports/event-store.js';
import type { PartnerRecord } from '../../functions/application/ports/partner-reports.js';
import { FoldedReadModels } from '../../functions/application/read-models/read-models.js';
import { fetchAnswer, partnerWebhookHeaders, partnerWebhookPath } from '../../local/demo/client.js';
import { DevAuth, type DevTokenRequest } from '../../local/dev-auth.js';
import { LocalDocumentStorage, memoryBlobs } from '../../local/document-storage.js';
import type { DynaliteServer } from '../../local/dynalite/server.js';
import { type LocalHttpServer, startHttpServer } from '../../local/http-server.js';
import { createFreshEventStoreTable, startDynalite } from './dynalite.js';
import { forTheFile } from './for-the-file.js';
import { countAllEvents } from './settled-events.js';

/** The instant the API's clock starts at in API tests; tests move it forward with `api.setNow`. */
export const API_TEST_START = '2026-03-01T09:00:00.000Z';

/** An answer as a test reads it. */
export interface ApiAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  // biome-ignore lint/suspicious/noExplicitAny: tests read answers loosely, their schemas are checked by the routes
  readonly json: any;
}

/** A request as a test sends it: a token (or none), a JSON body or raw bytes, extra headers. */
export interface ApiRequest {
  readonly token?: string;
  readonly body?: unknown;
  readonly rawBody?: string | Buffer;
  readonly headers?: Record<string, string>;
}

/**
 * The real route table on the local HTTP server, over dynalite: the DynamoDB event store,
 * idempotency records, partner records and webhook deliveries on one fresh table; a clock the test
 * moves; sequential ids; real ES256 tokens.
 */
export interface ApiTestServer {
  readonly url: string;
  readonly server: LocalHttpServer;
  readonly auth: DevAuth;
  readonly store: DynamoDbEventStore;
  readonly partners: DynamoDbPartnerRegistry;
  readonly security: InMemorySecurityTrace;
  setNow(instant: string): void;
  now(): string;
  token(request: DevTokenRequest): Promise<string>;
  call(method: string, path: string, request?: ApiRequest): Promise<ApiAnswer>;
  streamEvents(streamId: string): Promise<StoredEvent[]>;
  /** How many events the store holds in all (the global order from the start). */
  countAllEvents(): Promise<number>;
}

export const startApiTestServer = async (dynalite: DynaliteServer): Promise<ApiTestServer> => {
  const tableName = await createFreshEventStoreTable(dynalite);
  const client = dynalite.client;
  const store = new DynamoDbEventStore({ client, tableName });
  const partners = new DynamoDbPartnerRegistry({ client, tableName });
  const outbound = new DynamoDbOutboundWebhookStore({ client, tableName });
  const security = new InMemorySecurityTrace();
  const auth = await DevAuth.create();
  let now = API_TEST_START;
  let ids = 0;
  const server = await startHttpServer({
    routes,
    auth,
    deps: {
      store,
      idempotency: new DynamoDbIdempotencyStore({ client, tableName }),
      clock: () => now,
      newId: () => {
        ids += 1;
        return `id-${ids}`;
      },
      feed: dynamoDbFeedServices({ client, tableName }),
      commitLog: new DynamoDbCommitLog({ client, tableName }),
      personalData: new DynamoDbPersonalDataVault({ client, tableName }),
      readModels: new FoldedReadModels(store),
      partnerAdministration: {
        partners,
        subscriptions: outbound,
        deliveries: new WebhookDispatcher({ store: outbound, scope: { partners, events: store } }),
      },
      inboundWebhooks: {
        partners,
        deliveries: new DynamoDbWebhookDeliveryLog({ client, tableName }),
        security,
      },
      notifications: new DynamoDbNotificationLedger({ client, tableName }),
      // Upload and download addresses name this server; its document hook is not mounted here.
      documentStorage: new LocalDocumentStorage({
        blobs: memoryBlobs(),
        baseUrl: () => 'http://127.0.0.1',
        now: () => new Date(now),
      }),
    },
  });
  const call = async (method: string, path: string, request: ApiRequest = {}): Promise<ApiAnswer> => {
    const headers: Record<string, string> = { ...request.headers };
    if (request.token !== undefined) headers.authorization = `Bearer ${request.token}`;
    let body: string | Buffer | undefined = request.rawBody;
    if (request.body !== undefined) body = JSON.stringify(request.body);
    if (body !== undefined && headers['content-type'] === undefined)
      headers['content-type'] = 'application/json';
    return fetchAnswer(`${server.url}${path}`, method, headers, body);
  };
  return {
    url: server.url,
    server,
    auth,
    store,
    partners,
    security,
    setNow: (instant) => {
      now = instant;
    },
    now: () => now,
    token: (request) => auth.mint(request),
    call,
    streamEvents: async (streamId) => {
      const events: StoredEvent[] = [];
      for await (const event of store.readStream(streamId)) events.push(event);
      return events;
    },
    countAllEvents: () => countAllEvents(store),
  };
};

/** A fresh Standard Webhooks secret (`whsec_` + base64 of 24 bytes), from a seed so tests are repeatable. */
export const webhookSecret = (seed: string): string =>
  `whsec_${Buffer.from(seed.padEnd(24, '.').slice(0, 24)).toString('base64')}`;

/** A partner record with its active (and retired) secrets. */
export const partnerRecord = (
  partnerId: string,
  rolloutId: string,
  secrets: { active: string[]; retired?: string[] },
): PartnerRecord => ({
  partnerId,
  associationId: `assoc-${partnerId}`,
  rolloutId,
  secrets: [
    ...secrets.active.map((secret, index) => ({
      secretId: `active-${index}`,
      secret,
      status: 'active' as const,
    })),
    ...(secrets.retired ?? []).map((secret, index) => ({
      secretId: `retired-${index}`,
      secret,
      status: 'retired' as const,
    })),
  ],
});

let deliveries = 0;

/**
 * Sends a report to a partner's webhook endpoint, signed with the `standardwebhooks` package as a
 * partner would: a fresh webhook id (unless given) and the current time (unless given).
 */
export const sendSignedWebhook = async (
  api: ApiTestServer,
  partnerId: string,
  secret: string,
  payload: unknown,
  options: { webhookId?: string; timestamp?: Date; rawBody?: string; signature?: string } = {},
): Promise<ApiAnswer & { webhookId: string }> => {
  deliveries += 1;
  const webhookId = options.webhookId ?? `msg_${partnerId}_${deliveries}`;
  const timestamp = options.timestamp ?? new Date();
  const body = options.rawBody ?? JSON.stringify(payload);
  const signature = options.signature ?? new Webhook(secret).sign(webhookId, timestamp, body);
  const answer = await api.call('POST', partnerWebhookPath(partnerId), {
    rawBody: body,
    headers: partnerWebhookHeaders(webhookId, timestamp, signature),
  });
  return { ...answer, webhookId };
};

/**
 * The API test server of one test file, on its own dynalite: both started before the file's tests
 * and stopped after them (`forTheFile`). The file's own set-up runs in a `beforeAll` declared after.
 */
export const apiTestServerForTheFile = (): ApiTestServer => {
  let dynalite: DynaliteServer | undefined;
  return forTheFile(
    async () => {
      dynalite = await startDynalite();
      return startApiTestServer(dynalite).catch(async (error: unknown) => {
        await dynalite?.stop();
        throw error;
      });
    },
    async (api) => {
      await api.server.close();
      await dynalite?.stop();
    },
  );
};
