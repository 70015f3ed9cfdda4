import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import {
  assertDynaliteCrashSafe,
  type DynaliteServer,
  dynaliteClient,
  type StartDynaliteOptions,
} from '../functions/store/dynalite-server.js';

// The local runtime's DynamoDB: dynalite in a worker thread of its own. In the runtime's thread it
// shared one event loop with the HTTP API, the workflows and the projector, so one core did all
// the work on a two-core machine: LevelDB, dynalite's request parsing and its item encoding (a
// fifth of the runtime's CPU) now run beside them. A thread, not a child process: it lives and
// dies with the runtime (kill -9 included), and LevelDB's writes are atomic per item
// (docs/adr/0043-dynalite-crash-atomic-writes.md).

type WorkerMessage =
  | { readonly type: 'listening'; readonly port: number }
  | { readonly type: 'failed'; readonly message: string }
  | { readonly type: 'stopped'; readonly message?: string };

export interface DynaliteThreadOptions extends StartDynaliteOptions {
  /** Called if the thread ends without being stopped (its requests then fail as unavailable). */
  readonly onUnexpectedExit?: (reason: string) => void;
}

/** Starts dynalite in a worker thread on 127.0.0.1 and a client bound to it. */
export const startDynaliteThread = async (options: DynaliteThreadOptions = {}): Promise<DynaliteServer> => {
  if (options.path !== undefined) assertDynaliteCrashSafe();
  const worker = new Worker(new URL('./dynalite-thread-worker.mjs', import.meta.url), {
    workerData: { path: options.path, port: options.port ?? 0 },
    execArgv: [],
  });
  let stopping = false;
  const started = await new Promise<WorkerMessage>((resolve, reject) => {
    const exited = (code: number) =>
      fail(new Error(`dynalite's thread exited (code ${code}) before listening`));
    const fail = (error: Error) => {
      worker.off('message', listening);
      worker.off('exit', exited);
      reject(error);
    };
    const listening = (message: WorkerMessage) => {
      worker.off('error', fail);
      worker.off('exit', exited);
      resolve(message);
    };
    worker.once('message', listening);
    worker.once('error', fail);
    worker.once('exit', exited);
  });
  if (started.type !== 'listening') {
    await worker.terminate();
    throw new Error(`dynalite did not start: ${started.type === 'failed' ? started.message : started.type}`);
  }
  worker.on('error', (error) => {
    if (!stopping) options.onUnexpectedExit?.(error.message);
  });
  worker.on('exit', (code) => {
    if (!stopping) options.onUnexpectedExit?.(`exited with code ${code}`);
  });
  const endpoint = `http://127.0.0.1:${started.port}`;
  const client = dynaliteClient(endpoint);
  return {
    endpoint,
    client,
    stop: async () => {
      stopping = true;
      client.destroy();
      const stopped = once(worker, 'message');
      worker.postMessage('stop');
      const [message] = (await stopped) as [WorkerMessage];
      await worker.terminate();
      if (message.type === 'stopped' && message.message !== undefined) throw new Error(message.message);
    },
  };
};
