import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createEventStoreTable } from '../functions/adapters/dynamodb/create-table.js';
import { DynamoDbEventStore } from '../functions/adapters/dynamodb/event-store.js';
import { dynamoDbFeedServices } from '../functions/adapters/dynamodb/feed-cursors.js';
import { DynamoDbGlobalReader } from '../functions/adapters/dynamodb/global-reader.js';
import { DynamoDbIdempotencyStore } from '../functions/adapters/dynamodb/idempotency.js';
import {
  DynamoDbPartnerRegistry,
  DynamoDbWebhookDeliveryLog,
} from '../functions/adapters/dynamodb/partner-reports.js';
import { DynamoDbPersonalDataVault } from '../functions/adapters/dynamodb/personal-data.js';
import { RegisteredDays } from '../functions/adapters/dynamodb/registered-days.js';
import type { HttpRole } from '../functions/adapters/http/claims.js';
import type { HttpDependencies } from '../functions/adapters/http/lambda.js';
import { logger } from '../functions/adapters/observability/observability.js';
import { DynamoDbOutboundWebhookStore } from '../functions/adapters/webhooks/dynamodb-store.js';
import { WORKFLOW_CALLBACK_TARGET } from '../functions/application/bus/rules.js';
import { withFoldCache } from '../functions/application/fold-cache.js';
import type { SendingQuota } from '../functions/application/notifications/quota.js';
import type { EventStore, StoredEvent } from '../functions/application/ports/event-store.js';
import type { SecurityTrace } from '../functions/application/ports/partner-reports.js';
import { DynamoDbCheckpointStore } from './bus/checkpoints.js';
import { LocalBus } from './bus.js';
import { ChangeFeed } from './change-feed.js';
import { DEV_PRINCIPALS, DevAuth } from './dev-auth.js';
import { devSignIn } from './dev-sign-in.js';
import { folderBlobs, LocalDocumentStorage, memoryBlobs } from './document-storage.js';
import { startDocumentServices } from './documents-runtime.js';
import { type DynaliteThread, startDynaliteThread } from './dynalite-thread.js';
import { startHttpServer } from './http-server.js';
import { type RequestHook, staticFiles } from './http-static.js';
import { type LocalNotifications, outboxFolderOf, startLocalNotifications } from './notifications-runtime.js';
import { CachedPartnerRegistry } from './partner-secret-cache.js';
import { checkDataFolder, keepFolderPrivate } from './runtime-data-folder.js';
import { portInUseError } from './runtime-errors.js';
import { type RuntimeProjections, startRuntimeProjections } from './runtime-projections.js';
import { type LocalRuntimeDependencies, type RuntimeStatus, runtimeRoutes } from './runtime-routes.js';
import { createLocalWorkflows, type LocalWorkflows } from './runtime-workflows.js';
import { CachedSubscriptionStore } from './subscription-cache.js';
import { startLocalWebhookDispatcher } from './webhook-dispatcher.js';
import { SystemWorkflowClock, type WorkflowClock } from './workflow-clock.js';

// The embedded runtime: Naseej on one machine, no AWS account, no Docker. `startRuntime` starts,
// in order: dynalite (on disk, or in memory), the event store table, the store, the local bus
// (with its four targets: workflow callbacks, projections, outbound webhooks, notifications), the workflow
// executor (resuming unfinished executions), the projection consumers, the outbound dispatcher,
// the change feed (started once every target has its handler, so nothing is parked for want of
// one), and the HTTP server (API, /openapi.json, /docs, /dashboard, /workspace and its dev sign-in). `stop()` undoes it in reverse.

/** The folder of the on-disk data, relative to where `npm start` runs (git ignores it). */
export const DEFAULT_DATA_DIR = '.naseej-data';
/** The dynalite (LevelDB) folder inside the data folder. */
export const DYNAMODB_FOLDER = 'dynamodb';
/** The data folder's attached files (quarantine/ and accepted/), under the data folder. */
export const DOCUMENTS_FOLDER = 'documents';
/** The event store table of the local runtime. */
export const LOCAL_TABLE_NAME = 'naseej-events';
/** How long the dev tokens the runtime prints stay valid. */
export const PRINTED_TOKEN_SECONDS = 12 * 60 * 60;

const REPOSITORY_ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface RuntimeOptions {
  /** The data folder (DynamoDB data and the dev signing key); default `.naseej-data`. */
  readonly dataDir?: string;
  /** Keep the events in memory (a throwaway run); the data folder then holds only the signing key. */
  readonly inMemory?: boolean;
  /** In memory: how dynalite keeps keys and values (default 'view', ADR 0116; 'buffer' for benchmarks). */
  readonly dynaliteStoreEncoding?: 'view' | 'buffer';
  /** 0 picks a free port; default 3000. */
  readonly port?: number;
  /** Default 127.0.0.1 (never exposed beyond this machine unless asked). */
  readonly host?: string;
  /** The clock of commands and workflows (waits, timeouts); default the system clock. */
  readonly clock?: WorkflowClock;
  /** No log lines from the runtime (its HTTP handlers log errors only). */
  readonly quiet?: boolean;
  /**
   * Where the dev signing key lives: default the data folder on disk, and memory only with
   * `inMemory` (then the CLI cannot mint tokens); `npm start --in-memory` passes the data folder.
   */
  readonly keyDir?: string;
  /** The dashboard's folder; default `dashboard/` of the repository. */
  readonly dashboardDir?: string;
  /**
   * A built workspace to serve under `/workspace`; by default the runtime builds `workspace/` at
   * start into a temporary folder (removed at stop).
   */
  readonly workspaceDir?: string;
  /** Where the runtime writes its lines; default the console. */
  readonly log?: (line: string) => void;
  /** Observes every projection lag sample, in ms (benchmarks: bench/scale.ts). */
  readonly onProjectionLag?: (lagMs: number, event: StoredEvent) => void;
  /** The e-mail outbox's sending quota (default: the deployment's, functions/application/notifications/quota.ts). */
  readonly mailQuota?: SendingQuota;
}

/** A running runtime. */
export interface Runtime {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  /** A dev JWT per role (see DEV_PRINCIPALS), valid 12 hours. */
  readonly tokens: Readonly<Record<HttpRole, string>>;
  readonly store: EventStore;
  readonly auth: DevAuth;
  /** The data folder (absolute), or null in memory with no key folder. */
  readonly dataDir: string | null;
  readonly inMemory: boolean;
  readonly workflows: LocalWorkflows;
  readonly projections: RuntimeProjections;
  /** The local bus (tests deliver an event again through it, as EventBridge may). */
  readonly bus: LocalBus;
  /** The notifications: recipient directory, inboxes, and the e-mail outbox (`/outbox/`). */
  readonly notifications: LocalNotifications;
  /** The executions resumed at start (their ARNs). */
  readonly resumedExecutions: readonly string[];
  /** dynalite's thread: its memory and CPU time (benchmarks). */
  readonly dynalite: Pick<DynaliteThread, 'memory'>;
  /** Publishes everything committed so far to the bus (tests use it instead of waiting for a poll). */
  drainFeed(): Promise<void>;
  status(): Promise<RuntimeStatus>;
  stop(): Promise<void>;
}

/** Whether `port` can be listened on now: undefined when it can, the error otherwise. */
const listenError = (host: string, port: number): Promise<NodeJS.ErrnoException | undefined> =>
  new Promise((resolvePort) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => resolvePort(error));
    probe.listen(port, host, () => probe.close(() => resolvePort(undefined)));
  });

/** How many ports after a busy one are tried for the port the explanation suggests. */
const SUGGESTION_TRIES = 20;

/** Fails fast, before anything starts, when the HTTP port is taken; suggests a port free now. */
const ensurePortIsFree = async (host: string, port: number): Promise<void> => {
  if (port === 0) return;
  const error = await listenError(host, port);
  if (error === undefined) return;
  if (error.code !== 'EADDRINUSE') throw error;
  for (let next = port + 1; next <= Math.min(port + SUGGESTION_TRIES, 65_535); next++) {
    if ((await listenError(host, next)) === undefined) throw portInUseError(host, port, error, next);
  }
  throw portInUseError(host, port, error);
};

/** `/` goes to the dashboard. */
const rootRedirect: RequestHook = async (request, response) => {
  const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
  if (path !== '/') return false;
  response.writeHead(302, { location: '/dashboard/' }).end();
  return true;
};

/** The local store's settle bound and request timeout (ADR 0002): in-process dynalite answers in milliseconds. */
const LOCAL_SETTLE_MS = 5_000;
const LOCAL_REQUEST_TIMEOUT_MS = 2_000;

/** Starts the embedded runtime; on any failure, stops what had started and rethrows. */
export const startRuntime = async (options: RuntimeOptions = {}): Promise<Runtime> => {
  const inMemory = options.inMemory ?? false;
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? 3000;
  const dataDir = resolve(options.dataDir ?? DEFAULT_DATA_DIR);
  const keyDir = options.keyDir ?? (inMemory ? undefined : dataDir);
  const clock = options.clock ?? new SystemWorkflowClock();
  const now = () => new Date(clock.now());
  const iso = () => now().toISOString();
  const say = options.quiet ? () => undefined : (options.log ?? ((line: string) => console.log(line)));
  if (options.quiet) logger.setLogLevel('ERROR');
  const startedAt = iso();

  // What has started, to stop in reverse order.
  const started: { name: string; stop: () => Promise<void> }[] = [];
  const stopAll = async () => {
    const failures: unknown[] = [];
    for (const component of started.splice(0).reverse()) {
      try {
        await component.stop();
      } catch (error) {
        failures.push(error);
      }
    }
    if (failures.length > 0) throw new AggregateError(failures, 'Some components did not stop cleanly');
  };

  try {
    await ensurePortIsFree(host, port);
    // Only this user may read the data and the signing key (issue 22, defect 3).
    const privateFolders = [
      ...new Set([...(inMemory ? [] : [dataDir]), ...(keyDir === undefined ? [] : [resolve(keyDir)])]),
    ];
    for (const folder of privateFolders) await keepFolderPrivate(folder);

    let dynamo: DynaliteThread;
    const onUnexpectedExit = (reason: string) => say(`dynalite stopped unexpectedly: ${reason}`);
    if (inMemory) {
      dynamo = await startDynaliteThread({
        onUnexpectedExit,
        ...(options.dynaliteStoreEncoding === undefined
          ? {}
          : { storeEncoding: options.dynaliteStoreEncoding }),
      });
    } else {
      const path = resolve(dataDir, DYNAMODB_FOLDER);
      await checkDataFolder(path, options.dataDir ?? DEFAULT_DATA_DIR);
      dynamo = await startDynaliteThread({ path, onUnexpectedExit });
    }
    started.push({ name: 'dynalite', stop: () => dynamo.stop() });
    const client = dynamo.client;
    const tableName = LOCAL_TABLE_NAME;
    await createEventStoreTable(client, tableName);

    // In-process dynalite answers in milliseconds: a short settle bound keeps the feed prompt.
    // The fold cache as on Lambda (functions/handlers/deps.ts): commands fold only what is new.
    // The store is the table's only writer: the feed's reader learns each new day of the global
    // order from it, and reads the day registry once (docs/adr/0146-days-learnt-from-the-writer.md).
    const days = new RegisteredDays();
    const store = withFoldCache(
      new DynamoDbEventStore({
        client,
        tableName,
        clock: now,
        settleMs: LOCAL_SETTLE_MS,
        requestTimeoutMs: LOCAL_REQUEST_TIMEOUT_MS,
        // Its dynalite is its own (a worker thread; LevelDB locks the folder against other processes).
        soleWriter: true,
        dayRegistry: days,
      }),
    );

    const bus = new LocalBus({ clock: now });

    const workflows = createLocalWorkflows({
      client,
      tableName,
      store,
      clock,
      // Its tokens too have no other writer: remembered, not read again (local/task-token-memory.ts).
      soleWriter: true,
      newId: randomUUID,
      onExecutionError: (record, error) =>
        say(`workflow ${record.stateMachine} ${record.name} stopped: ${(error as Error).message ?? error}`),
    });
    bus.register(WORKFLOW_CALLBACK_TARGET, workflows.handleBusEvent, workflows.handleBusEvents);
    started.push({ name: 'workflow executor', stop: () => workflows.executor.stop() });
    const resumedExecutions = await workflows.executor.resumeUnfinished();

    const projections = startRuntimeProjections({
      client,
      tableName,
      store,
      bus,
      clock: now,
      ...(options.onProjectionLag === undefined ? {} : { onLag: options.onProjectionLag }),
    });
    started.push({ name: 'projections', stop: () => projections.stop() });

    // Listed from memory until the administration (through it) writes one; secrets kept as on AWS.
    const outbound = new CachedSubscriptionStore({
      store: new DynamoDbOutboundWebhookStore({ client, tableName }),
      clock: now,
    });
    const partners = new DynamoDbPartnerRegistry({ client, tableName });
    const dispatcher = startLocalWebhookDispatcher(bus, {
      store: outbound,
      scope: { partners, events: store },
      clock: now,
    });

    // In memory, the outbox is a temporary folder (nothing is kept); on disk, the data folder's.
    const notifications = await startLocalNotifications({
      client,
      tableName,
      bus,
      vault: new DynamoDbPersonalDataVault({ client, tableName, clock: now }),
      clock: now,
      folder: inMemory ? undefined : outboxFolderOf(dataDir),
      ...(options.mailQuota === undefined ? {} : { quota: options.mailQuota }),
    });
    started.push({ name: 'notifications', stop: () => notifications.stop() });

    // The feed polls every 200 ms: it reads the window's keys first and whole commits only from
    // the first it has not delivered (ADR 0115), with the store's bounds.
    const feed = new ChangeFeed({
      store: new DynamoDbGlobalReader({
        client,
        tableName,
        clock: now,
        settleMs: LOCAL_SETTLE_MS,
        requestTimeoutMs: LOCAL_REQUEST_TIMEOUT_MS,
        days,
      }),
      checkpoints: new DynamoDbCheckpointStore({ client, tableName, clock: now }),
      publish: { batch: (events) => bus.publishBatch(events) },
      onError: (error) => say(`change feed: ${(error as Error).message ?? error}`),
    });
    feed.start();
    started.push({ name: 'change feed', stop: () => feed.stop() });

    const auth = await DevAuth.create({ ...(keyDir === undefined ? {} : { folder: keyDir }), clock: now });
    const security: SecurityTrace = {
      record: async (refusal) =>
        say(`security: inbound webhook refused (${refusal.reason}) for ${refusal.partnerId}`),
    };
    const status = async (): Promise<RuntimeStatus> => {
      const records = await Promise.all(
        (await workflows.executions.list()).map(async (record) => ({
          stateMachine: record.stateMachine,
          name: record.name,
          status: record.status,
          startedAt: record.startedAt,
          waitingIn: (await workflows.executor.describe(record.stateMachine, record.name))?.waitingIn ?? null,
        })),
      );
      return {
        startedAt,
        dataDir: keyDir === undefined && inMemory ? null : dataDir,
        inMemory,
        projections: [...projections.names],
        projectionLag: projections.lag(),
        executions: records,
        deadLetters: (await bus.listDeadLetters()).length,
        parkedDeliveries: (await dispatcher.listParked()).length,
      };
    };
    const documents = await startDocumentServices({
      client,
      tableName,
      clock: now,
      settleMs: LOCAL_SETTLE_MS,
      say,
    });
    started.push({ name: 'documents', stop: () => documents.stop() });
    // Attached files: in the data folder (0700/0600), or in memory for a throwaway run.
    let serverUrl = '';
    const documentStorage = new LocalDocumentStorage({
      blobs: inMemory ? memoryBlobs() : folderBlobs(resolve(dataDir, DOCUMENTS_FOLDER)),
      baseUrl: () => serverUrl,
      now,
    });
    const deps: HttpDependencies & LocalRuntimeDependencies = {
      store,
      idempotency: new DynamoDbIdempotencyStore({ client, tableName }),
      feed: dynamoDbFeedServices({ client, tableName }),
      clock: iso,
      newId: randomUUID,
      inboundWebhooks: {
        // Secrets reused for 300 s, as the webhooks function's cache does on AWS (ADR 0115); the
        // administration below reads and writes through.
        partners: new CachedPartnerRegistry({ registry: partners, clock: now }),
        deliveries: new DynamoDbWebhookDeliveryLog({ client, tableName }),
        security,
      },
      partnerAdministration: { partners, subscriptions: outbound, deliveries: dispatcher },
      readModels: projections.readModels,
      notifications: notifications.ledger,
      ...documents.deps,
      documentStorage,
      runtime: {
        status,
        projectionNames: projections.names,
        rebuildProjection: (name) => projections.rebuild(name),
        redriveExecution: (stateMachine, name) => workflows.executor.redriveExecution(stateMachine, name),
        recoverExecution: (stateMachine, name) => workflows.recoverExecution(stateMachine, name),
      },
    };
    const dashboardRoot = options.dashboardDir ?? resolve(REPOSITORY_ROOT, 'dashboard');
    let workspaceRoot = options.workspaceDir;
    if (workspaceRoot === undefined) {
      // Built at each start, so `npm start` needs no other command and no build output is kept.
      const built = await mkdtemp(join(tmpdir(), 'naseej-workspace-'));
      started.push({ name: 'workspace build', stop: () => rm(built, { recursive: true, force: true }) });
      const { buildWorkspace } = await import('../workspace/build.js');
      await buildWorkspace({ outDir: built });
      workspaceRoot = built;
    }
    const server = await startHttpServer({
      routes: runtimeRoutes(),
      deps,
      auth,
      port,
      host,
      hooks: [
        rootRedirect,
        notifications.outbox.hook(),
        documentStorage.handle,
        staticFiles({
          root: dashboardRoot,
          mount: '/dashboard',
          aliases: {
            '/vendor/chart.umd.js': resolve(REPOSITORY_ROOT, 'node_modules/chart.js/dist/chart.umd.js'),
          },
        }),
        staticFiles({ root: workspaceRoot, mount: '/workspace' }),
        devSignIn(auth),
      ],
      openApiInfo: { title: 'Naseej API (local runtime)', version: '0.1.0' },
    });
    started.push({ name: 'http server', stop: () => server.close() });
    documents.setPublicUrl(server.url);
    serverUrl = server.url;
    // What LevelDB and the signing key wrote while starting.
    for (const folder of privateFolders) await keepFolderPrivate(folder);

    const tokens = Object.fromEntries(
      await Promise.all(
        Object.entries(DEV_PRINCIPALS).map(
          async ([role, principal]) =>
            [role, await auth.mint({ ...principal, expiresInSeconds: PRINTED_TOKEN_SECONDS })] as const,
        ),
      ),
    ) as Record<HttpRole, string>;

    let stopping: Promise<void> | undefined;
    return {
      url: server.url,
      port: server.port,
      tokens,
      store,
      auth,
      dataDir: keyDir === undefined && inMemory ? null : dataDir,
      inMemory,
      workflows,
      projections,
      bus,
      notifications,
      resumedExecutions,
      dynalite: { memory: () => dynamo.memory() },
      drainFeed: () => feed.drain(),
      status,
      stop: () => {
        stopping ??= stopAll();
        return stopping;
      },
    };
  } catch (error) {
    await stopAll().catch(() => undefined);
    throw error;
  }
};
