import { startDynalite } from '../local/dynalite/server.js';

// Runs dynalite (in memory) in its own process, so that the benchmark's client and the embedded
// DynamoDB do not share one event loop. Prints `{"endpoint": …}` once listening; stops when its
// parent closes stdin (so it never outlives the benchmark) or on SIGTERM.
const server = await startDynalite();
process.stdout.write(`${JSON.stringify({ endpoint: server.endpoint })}\n`);

const stop = async (): Promise<void> => {
  await server.stop();
  process.exit(0);
};
process.stdin.on('end', stop);
process.stdin.resume();
process.on('SIGTERM', stop);
