import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { type AttributeValue, type DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { DynamoDbEventStore } from '../functions/adapters/dynamodb/event-store.js';
import { commitFromItem, storedEventsOf } from '../functions/adapters/dynamodb/item-layout.js';
import type { GlobalCheckpoint, StoredEvent } from '../functions/application/ports/event-store.js';
import { startDynaliteThread } from './dynalite-thread.js';
import { DYNAMODB_FOLDER, LOCAL_TABLE_NAME } from './runtime.js';

// `npm start` as a child process, for the crash tests and the kill -9 script: start it on a data
// folder, kill its whole process group at once (as a crash would) or stop it as Ctrl-C does, and
// read what its data folder holds once it is down.

/** `npx tsx local/main.ts` running as a child process, in its own process group. */
export interface ChildRuntime {
  readonly url: string;
  /** The last 64 KiB it wrote (stdout and stderr). */
  output(): string;
  /** Kills the whole group at once (`kill -9`): no clean stop, as in a crash. */
  crash(): Promise<void>;
  /** Stops it as Ctrl-C would, and waits until it has exited. */
  stop(): Promise<void>;
}

export interface ChildRuntimeOptions {
  /** How long to wait for it to answer before killing it (default 90 s). */
  readonly startTimeoutMs?: number;
}

/** How much of the child's output is kept (a long run writes more than anyone reads). */
const KEPT_OUTPUT_CHARS = 64 * 1024;

/** A port nobody listens on right now. */
export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const exited = (child: ChildProcess): Promise<void> =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once('exit', () => resolve()));

/** Starts `npx tsx local/main.ts --data <dataDir> --port <port>` and waits until it answers. */
export const startChildRuntime = async (
  dataDir: string,
  port: number,
  options: ChildRuntimeOptions = {},
): Promise<ChildRuntime> => {
  const startTimeoutMs = options.startTimeoutMs ?? 90_000;
  const child = spawn('npx', ['tsx', 'local/main.ts', '--data', dataDir, '--port', String(port)], {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-KEPT_OUTPUT_CHARS);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const url = `http://127.0.0.1:${port}`;
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-(child.pid as number), signal);
    } catch {
      // Already gone.
    }
  };
  for (let waited = 0; ; waited += 200) {
    if (child.exitCode !== null) throw new Error(`local/main.ts exited (${child.exitCode}): ${output}`);
    try {
      if ((await fetch(`${url}/openapi.json`)).ok) break;
    } catch {
      // Not listening yet.
    }
    if (waited > startTimeoutMs) {
      signalGroup('SIGKILL');
      throw new Error(`local/main.ts did not answer within ${startTimeoutMs / 1000} s: ${output}`);
    }
    await sleep(200);
  }
  return {
    url,
    output: () => output,
    crash: async () => {
      signalGroup('SIGKILL');
      await exited(child);
    },
    stop: async () => {
      signalGroup('SIGINT');
      await exited(child);
    },
  };
};

/** What the data folder's table holds, read after the runtime has stopped. */
export interface StoredHistory {
  readonly events: readonly StoredEvent[];
  /** The command id of every commit that has one. */
  readonly commandIds: readonly string[];
  /** The events the global order delivers from its start, in its order. */
  readonly globalOrder: readonly StoredEvent[];
}

/**
 * An event store over a stopped runtime's table whose clock is an hour ahead: nothing is written
 * any more, so every commit counts as settled and one pass of the global order reads them all.
 */
export const settledStoreOf = (client: DynamoDBClient): DynamoDbEventStore =>
  new DynamoDbEventStore({
    client,
    tableName: LOCAL_TABLE_NAME,
    clock: () => new Date(Date.now() + 60 * 60 * 1000),
  });

/** Every event of the global order from `checkpoint` on (all of them from null). */
export const readGlobalFrom = async (
  store: Pick<DynamoDbEventStore, 'readGlobal'>,
  checkpoint: GlobalCheckpoint,
): Promise<StoredEvent[]> => {
  const events: StoredEvent[] = [];
  let position = checkpoint;
  for (;;) {
    const page = await store.readGlobal(position, { limit: 500 });
    events.push(...page.events);
    if (page.events.length === 0 || page.checkpoint === position) return events;
    position = page.checkpoint;
  }
};

/**
 * Opens the data folder's dynalite (the runtime must be stopped) and reads every event and commit;
 * on no port, as the runtime does (its secrets are this user's only).
 */
export const readStoredHistory = async (dataDir: string): Promise<StoredHistory> => {
  const dynamo = await startDynaliteThread({ path: join(dataDir, DYNAMODB_FOLDER) });
  try {
    // Every commit item as stored (a scan, not the global order), so that a doubled event means
    // two stored copies; the crash tests compare the global order with it.
    const events: StoredEvent[] = [];
    const commandIds: string[] = [];
    let startKey: Record<string, AttributeValue> | undefined;
    do {
      const page = await dynamo.client.send(
        new ScanCommand({ TableName: LOCAL_TABLE_NAME, ExclusiveStartKey: startKey }),
      );
      for (const item of page.Items ?? []) {
        const record = unmarshall(item);
        // Commit items are the ones with a hash chain link and events.
        if (typeof record.hash !== 'string' || typeof record.events !== 'string') continue;
        if (record.commandId) commandIds.push(String(record.commandId));
        events.push(...storedEventsOf(commitFromItem(item)));
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey !== undefined);
    events.sort((a, b) => (a.recordedAt < b.recordedAt ? -1 : a.recordedAt > b.recordedAt ? 1 : 0));
    const globalOrder = await readGlobalFrom(settledStoreOf(dynamo.client), null);
    return { events, commandIds, globalOrder };
  } finally {
    await dynamo.stop();
  }
};

/** Values that occur more than once. */
export const repeated = (values: readonly string[]): string[] => {
  const seen = new Set<string>();
  const twice = new Set<string>();
  for (const value of values) {
    if (seen.has(value)) twice.add(value);
    seen.add(value);
  }
  return [...twice];
};
