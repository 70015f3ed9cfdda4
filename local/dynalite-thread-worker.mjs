// The body of local/dynalite-thread.ts's worker thread: dynalite listening on 127.0.0.1, on the
// data folder (or in memory) it is given. Plain JavaScript so that it runs without a TypeScript
// loader, under `node --import tsx` as under vitest.
import { EventEmitter } from 'node:events';
import { parentPort, workerData } from 'node:worker_threads';
import dynalite from 'dynalite';

const server = dynalite({
  createTableMs: 0,
  deleteTableMs: 0,
  updateTableMs: 0,
  ...(workerData.path === undefined ? {} : { path: workerData.path }),
});
server.once('error', (error) => {
  parentPort.postMessage({ type: 'failed', message: error.message });
});
server.listen(workerData.port, '127.0.0.1', () => {
  parentPort.postMessage({ type: 'listening', port: server.address().port });
});
// dynalite's request handler, called without a socket for the runtime's own client (requests
// posted by local/dynalite-thread.ts): the same code path as over HTTP, minus the HTTP.
const handleRequest = server.listeners('request')[0];

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
  server.closeAllConnections();
  server.close((error) => {
    parentPort.postMessage({ type: 'stopped', message: error?.message });
  });
});
