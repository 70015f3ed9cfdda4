import { Worker } from 'node:worker_threads';
import type { DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { assertDynaliteCrashSafe, type DynaliteServer, dynaliteClient } from './dynalite/server.js';
import { runtimeStartError } from './runtime-errors.js';

// The local runtime's DynamoDB: dynalite in a worker thread of its own. In the runtime's thread it
// shared one event loop with the HTTP API, the workflows and the projector, so one core did all
// the work on a two-core machine: LevelDB, dynalite's request parsing and its item encoding (a
// fifth of the runtime's CPU) now run beside them. A thread, not a child process: it lives and
// dies with the runtime (kill -9 included), and LevelDB's writes are atomic per item
// (docs/adr/0043-dynalite-crash-atomic-writes.md). It listens on no port: only this process's
// client reaches it, through the messages below (issue 22, defect 3: a loopback port answered any
// local user without credentials).

type WorkerMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'stopped'; readonly message?: string }
  | {
      readonly type: 'response';
      readonly id: number;
      readonly statusCode: number;
      readonly headers: Record<string, string>;
      readonly body: string;
    };

/** How long a stop waits for dynalite to say it closed before ending its thread. */
const STOP_GRACE_MS = 3_000;

/** The part of the SDK's HTTP request this transport reads. */
interface SdkRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body?: unknown;
}

/**
 * The SDK's request handler for the runtime's own client: each request is posted to the thread,
 * which answers through dynalite's HTTP handler without a socket. Sockets between two threads of
 * one process cost the runtime's event loop about a tenth of its time (writev, the HTTP client
 * and parser); the SDK's serialisation, retries and errors are unchanged. It is the only way in:
 * the thread listens on no port.
 */
const postedRequests = (worker: Worker) => {
  let nextId = 0;
  const waiting = new Map<number, (message: Extract<WorkerMessage, { type: 'response' }>) => void>();
  worker.on('message', (message: WorkerMessage) => {
    if (message.type !== 'response') return;
    waiting.get(message.id)?.(message);
    waiting.delete(message.id);
  });
  return {
    metadata: { handlerProtocol: 'http/1.1' },
    handle: (request: SdkRequest, options: { abortSignal?: AbortSignal } = {}) => {
      const id = nextId++;
      const { abortSignal } = options;
      return new Promise<{ response: { statusCode: number; headers: Record<string, string>; body: Buffer } }>(
        (resolve, reject) => {
          const abort = () => {
            waiting.delete(id);
            reject(Object.assign(new Error('Request aborted'), { name: 'AbortError' }));
          };
          if (abortSignal?.aborted) return abort();
          abortSignal?.addEventListener('abort', abort, { once: true });
          waiting.set(id, (message) => {
            abortSignal?.removeEventListener('abort', abort);
            resolve({
              response: {
                statusCode: message.statusCode,
                headers: message.headers,
                body: Buffer.from(message.body),
              },
            });
          });
          const body =
            request.body instanceof Uint8Array
              ? Buffer.from(request.body.buffer, request.body.byteOffset, request.body.byteLength).toString()
              : typeof request.body === 'string'
                ? request.body
                : '';
          const headers = Object.fromEntries(
            Object.entries(request.headers).map(([name, value]) => [name.toLowerCase(), value]),
          );
          worker.postMessage({
            type: 'request',
            id,
            method: request.method,
            url: request.path,
            headers,
            body,
          });
        },
      );
    },
    updateHttpClientConfig: () => undefined,
    httpHandlerConfigs: () => ({}),
    destroy: () => undefined,
  };
};

export interface DynaliteThreadOptions {
  /** Folder of the on-disk data (LevelDB); in memory when absent. */
  readonly path?: string;
  /** Called if the thread ends without being stopped (its requests then fail as unavailable). */
  readonly onUnexpectedExit?: (reason: string) => void;
  /**
   * How the in-memory store keeps keys and values: 'view' (the default, ADR 0116) or dynalite's own
   * 'buffer', which pins a slab of Node's buffer pool per kept value (for the benchmark comparing them).
   */
  readonly storeEncoding?: 'view' | 'buffer' | 'utf8';
}

/** The endpoint the thread's client names: nothing listens there, its requests are posted. */
const THREAD_ENDPOINT = 'http://dynalite.thread.invalid';

/** What dynalite's thread holds: its V8 heap and the memory outside it (Buffers, Uint8Arrays). */
export interface DynaliteThreadMemory {
  readonly heapUsed: number;
  readonly external: number;
  readonly arrayBuffers: number;
  /** How the in-memory store keeps keys and values; undefined on disk. */
  readonly storeEncoding: 'view' | 'buffer' | 'utf8' | undefined;
  /** The thread's CPU time since it started (Linux), else its event loop's busy time, in ms. */
  readonly cpuMs: number;
}

/** A dynalite that only its own client reaches, and how to stop both. */
export type DynaliteThread = Omit<DynaliteServer, 'endpoint'> & {
  /** The thread's memory and CPU time, as it reports them (benchmarks). */
  memory(): Promise<DynaliteThreadMemory>;
};

/** Starts dynalite in a worker thread (on no port) and a client bound to it. */
export const startDynaliteThread = async (options: DynaliteThreadOptions = {}): Promise<DynaliteThread> => {
  if (options.path !== undefined) {
    try {
      assertDynaliteCrashSafe();
    } catch (error) {
      throw runtimeStartError('MISSING_DEPENDENCY', (error as Error).message, { cause: error });
    }
  }
  const worker = new Worker(new URL('./dynalite-thread-worker.mjs', import.meta.url), {
    workerData: { path: options.path, storeEncoding: options.storeEncoding ?? 'view' },
    // No loader or flag of the runtime's, but a CPU profile of the process (`node --cpu-prof`)
    // profiles this thread too (benchmarks: what dynalite itself costs).
    execArgv: process.execArgv.filter((arg) => arg.startsWith('--cpu-prof')),
  });
  let stopping = false;
  const started = await new Promise<WorkerMessage>((resolve, reject) => {
    const exited = (code: number) =>
      fail(new Error(`dynalite's thread exited (code ${code}) before it was ready`));
    const fail = (error: Error) => {
      worker.off('message', ready);
      worker.off('exit', exited);
      reject(error);
    };
    const ready = (message: WorkerMessage) => {
      worker.off('error', fail);
      worker.off('exit', exited);
      resolve(message);
    };
    worker.once('message', ready);
    worker.once('error', fail);
    worker.once('exit', exited);
  });
  if (started.type !== 'ready') {
    await worker.terminate();
    throw new Error(`dynalite did not start: ${started.type}`);
  }
  worker.on('error', (error) => {
    if (!stopping) options.onUnexpectedExit?.(error.message);
  });
  worker.on('exit', (code) => {
    if (!stopping) options.onUnexpectedExit?.(`exited with code ${code}`);
  });
  const client = dynaliteClient(THREAD_ENDPOINT, {
    requestHandler: postedRequests(worker) as unknown as DynamoDBClientConfig['requestHandler'],
  });
  return {
    client,
    memory: () =>
      new Promise<DynaliteThreadMemory>((resolve) => {
        const onMessage = (
          message: WorkerMessage | ({ type: 'memory'; cpuMs?: number } & Omit<DynaliteThreadMemory, 'cpuMs'>),
        ) => {
          if (message.type !== 'memory') return;
          worker.off('message', onMessage);
          const { heapUsed, external, arrayBuffers, storeEncoding } = message;
          const cpuMs = message.cpuMs ?? worker.performance.eventLoopUtilization().active;
          resolve({ heapUsed, external, arrayBuffers, storeEncoding, cpuMs });
        };
        worker.on('message', onMessage);
        worker.postMessage('memory');
      }),
    stop: async () => {
      stopping = true;
      client.destroy();
      // Ends on dynalite's word that it closed, on the thread's own end, or after a short grace
      // (its graceful close can wait on an operation that never settles): every write it
      // acknowledged is already in LevelDB's log, which a crash relies on too (ADR 0043).
      let grace: NodeJS.Timeout | undefined;
      const closed = await new Promise<WorkerMessage | undefined>((resolve) => {
        const settle = (message: WorkerMessage | undefined) => {
          clearTimeout(grace);
          worker.off('message', onMessage);
          worker.off('exit', onExit);
          resolve(message);
        };
        const onMessage = (message: WorkerMessage) => {
          if (message.type === 'stopped') settle(message);
        };
        const onExit = () => settle(undefined);
        worker.on('message', onMessage);
        worker.once('exit', onExit);
        grace = setTimeout(() => settle(undefined), STOP_GRACE_MS);
        worker.postMessage('stop');
      });
      await worker.terminate();
      if (closed?.type === 'stopped' && closed.message !== undefined) throw new Error(closed.message);
    },
  };
};
