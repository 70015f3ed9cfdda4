import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';

/** A dynalite in a child process on 127.0.0.1, and a client bound to it. */
export interface EmbeddedDynamoDb {
  readonly endpoint: string;
  readonly client: DynamoDBClient;
  /** A new client on the same endpoint (as another Lambda would have). */
  readonly newClient: () => DynamoDBClient;
  /** CPU time the dynalite process has used so far, in ms (NaN where /proc cannot be read). */
  readonly serverCpuMs: () => number;
  stop(): Promise<void>;
}

const STARTUP_TIMEOUT_MS = 30_000;
/** Linux counts a process's CPU time in clock ticks of 1/100 s (`getconf CLK_TCK`). */
const MS_PER_CLOCK_TICK = 10;

/** User + system CPU time of a process, from /proc/<pid>/stat (fields 14 and 15), in ms. */
const cpuMsOf = (pid: number | undefined): number => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces: count from after it.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * MS_PER_CLOCK_TICK;
  } catch {
    return Number.NaN;
  }
};

const clientFor = (endpoint: string): DynamoDBClient =>
  new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });

const endpointOf = (child: ChildProcess): Promise<string> =>
  new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(
      () => reject(new Error(`dynalite did not start within ${STARTUP_TIMEOUT_MS} ms`)),
      STARTUP_TIMEOUT_MS,
    );
    child.once('exit', (code) => reject(new Error(`dynalite exited early with code ${code}`)));
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const line = output.split('\n')[0];
      if (output.includes('\n') && line) {
        clearTimeout(timer);
        resolve((JSON.parse(line) as { endpoint: string }).endpoint);
      }
    });
  });

/** Starts dynalite (in memory) in a child process and waits until it listens. */
export const startEmbeddedDynamoDb = async (): Promise<EmbeddedDynamoDb> => {
  const script = fileURLToPath(new URL('./dynalite-process.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const endpoint = await endpointOf(child);
  const client = clientFor(endpoint);
  const clients = [client];
  return {
    endpoint,
    client,
    newClient: () => {
      const another = clientFor(endpoint);
      clients.push(another);
      return another;
    },
    serverCpuMs: () => cpuMsOf(child.pid),
    stop: async () => {
      for (const each of clients) each.destroy();
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.stdin?.end();
      await exited;
    },
  };
};
