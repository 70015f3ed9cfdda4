// The body of local/dynalite-thread.ts's worker thread: dynalite listening on 127.0.0.1, on the
// data folder (or in memory) it is given. Plain JavaScript so that it runs without a TypeScript
// loader, under `node --import tsx` as under vitest.
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
parentPort.on('message', (message) => {
  if (message !== 'stop') return;
  server.closeAllConnections();
  server.close((error) => {
    parentPort.postMessage({ type: 'stopped', message: error?.message });
  });
});
