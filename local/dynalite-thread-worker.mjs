// The body of local/dynalite-thread.ts's worker thread: dynalite on the data folder (or in memory)
// it is given, answering only the requests local/dynalite-thread.ts posts to it. It listens on no
// port: a loopback port answered any local user, with no credentials, every partner and
// subscription signing secret (issue 22, defect 3). Plain JavaScript so that it runs without a
// TypeScript loader, under `node --import tsx` as under vitest.
import { EventEmitter } from 'node:events';
import { createRequire } from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';
import dynalite from 'dynalite';

// dynalite closes its LevelDB only from its HTTP server's close, which fails before reaching the
// database when the server never listened; its store (the database and its lifecycle manager)
// is taken as dynalite creates it, to close the database directly on stop.
const dynaliteDb = createRequire(import.meta.url)('dynalite/db');
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

parentPort.on('message', (message) => {
  if (message?.type === 'request') {
    answerPosted(message);
    return;
  }
  if (message !== 'stop') return;
  // Waits for the operations under way, then closes LevelDB (releasing its lock).
  store.lifecycleManager.gracefulClose((error) => {
    parentPort.postMessage({ type: 'stopped', message: error?.message });
  });
});
