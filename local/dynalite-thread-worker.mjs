// The body of local/dynalite-thread.ts's worker thread: dynalite on the data folder (or in memory)
// it is given, answering only the requests local/dynalite-thread.ts posts to it. It listens on no
// port: a loopback port answered any local user, with no credentials, every partner and
// subscription signing secret (issue 22, defect 3). Plain JavaScript so that it runs without a
// TypeScript loader, under `node --import tsx` as under vitest.
import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';

const require = createRequire(import.meta.url);

// In memory, dynalite's MemoryLevel stores each key and value as a Buffer by default: a small
// Buffer is a slice of Node's shared 8 KB pool, and one kept value keeps its whole slab alive
// (3.7 times the live bytes in a micro-test, most of the 14 GiB of the national run). Stored as
// Uint8Arrays of their own ('view': the same bytes and the same byte order) they take what they
// hold (docs/adr/0116-dynalite-memory.md). dynalite takes MemoryLevel when its db module loads, so
// the class is swapped before dynalite is imported. `workerData.storeEncoding` ('buffer') is for
// the benchmark that measures the difference.
const memoryLevel = require('memory-level');
const DefaultMemoryLevel = memoryLevel.MemoryLevel;
const storeEncoding = workerData.storeEncoding ?? 'view';
/** The encoding of the in-memory store dynalite built (undefined on disk), as the thread reports it. */
let storeEncodingInUse;
memoryLevel.MemoryLevel = class extends DefaultMemoryLevel {
  constructor(options) {
    super({ ...options, storeEncoding });
    storeEncodingInUse = storeEncoding;
  }
};
const { default: dynalite } = await import('dynalite');

// dynalite closes its LevelDB only from its HTTP server's close, which fails before reaching the
// database when the server never listened; its store (the database and its lifecycle manager)
// is taken as dynalite creates it, to close the database directly on stop.
const dynaliteDb = require('dynalite/db');
const createStore = dynaliteDb.create;
let store;
dynaliteDb.create = (options) => {
  store = createStore(options);
  return store;
};
let server;
try {
  server = dynalite({
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
    ...(workerData.path === undefined ? {} : { path: workerData.path }),
  });
} finally {
  dynaliteDb.create = createStore;
}
// dynalite's request handler, called without a socket: the same code path as over HTTP, minus
// the HTTP.
const handleRequest = server.listeners('request')[0];
parentPort.postMessage({ type: 'ready' });

const answerPosted = ({ id, method, url, headers, body }) => {
  const request = Object.assign(new EventEmitter(), { method, url, headers });
  const responseHeaders = {};
  const response = {
    statusCode: 200,
    setHeader: (name, value) => {
      responseHeaders[name.toLowerCase()] = String(value);
    },
    end: (responseBody) => {
      parentPort.postMessage({
        type: 'response',
        id,
        statusCode: response.statusCode,
        headers: responseHeaders,
        body: responseBody ?? '',
      });
    },
  };
  handleRequest(request, response);
  request.emit('data', Buffer.from(body));
  request.emit('end');
};

/**
 * This thread's CPU time (user + system), from Linux's /proc/thread-self/stat (fields 14 and 15,
 * in clock ticks of 10 ms); undefined elsewhere. The event loop's busy time would count the waits
 * for a core on a busy machine.
 */
const threadCpuMs = () => {
  try {
    const fields = readFileSync('/proc/thread-self/stat', 'utf8').split(') ')[1]?.split(' ') ?? [];
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? ticks * 10 : undefined;
  } catch {
    return undefined;
  }
};

parentPort.on('message', (message) => {
  if (message?.type === 'request') {
    answerPosted(message);
    return;
  }
  if (message === 'memory') {
    // The thread's own heap and array buffers (benchmarks: what the in-memory tables take), after
    // a collection when the process runs with --expose-gc.
    globalThis.gc?.();
    const { heapUsed, external, arrayBuffers } = process.memoryUsage();
    parentPort.postMessage({
      type: 'memory',
      heapUsed,
      external,
      arrayBuffers,
      storeEncoding: storeEncodingInUse,
      cpuMs: threadCpuMs(),
    });
    return;
  }
  if (message !== 'stop') return;
  // Waits for the operations under way, then closes LevelDB (releasing its lock).
  store.lifecycleManager.gracefulClose((error) => {
    parentPort.postMessage({ type: 'stopped', message: error?.message });
  });
});
