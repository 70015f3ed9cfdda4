import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';

/** A running dynalite, a client bound to it, and how to stop both. */
export interface DynaliteServer {
  /** `http://127.0.0.1:<port>` */
  readonly endpoint: string;
  /** A client with dummy credentials and region `us-east-1`, pointed at `endpoint`. */
  readonly client: DynamoDBClient;
  stop(): Promise<void>;
}

export interface StartDynaliteOptions {
  /** Folder of the on-disk data (LevelDB); in memory when absent. */
  readonly path?: string;
  /** Port on 127.0.0.1; 0 (the default) picks a free one. */
  readonly port?: number;
}

/**
 * Whether dynalite carries patches/dynalite+4.0.0.patch (applied by `npm ci`'s postinstall):
 * without it, a process killed during a write can leave a global-index entry without its item,
 * which the global-order reader then delivers as a second copy of a commit (docs/adr/0043).
 */
const dynaliteWritesAtomically = (): boolean => {
  const internals = createRequire(import.meta.url)('dynalite/db') as { writeItemAndIndexes?: unknown };
  return typeof internals.writeItemAndIndexes === 'function';
};

/** Throws, with what to do, when a data folder would be opened by an unpatched dynalite. */
export const assertDynaliteCrashSafe = (): void => {
  if (!dynaliteWritesAtomically()) {
    throw new Error(
      'dynalite is installed without its crash-safety patch: run `npm ci` (its postinstall applies patches/)',
    );
  }
};

/** A well-formed Signature Version 4 header that signs nothing (dynalite checks its form only). */
const UNSIGNED_AUTHORIZATION =
  'AWS4-HMAC-SHA256 Credential=local/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0';

/**
 * A client of a dynalite at `endpoint`, with dummy credentials and region `us-east-1`. dynalite
 * checks that a request carries a SigV4 `Authorization` header and an `X-Amz-Date`, never the
 * signature; signing each request (hashing the body, deriving and applying HMACs) was a few per
 * cent of the local runtime's CPU for nothing, so this client sends an unsigned header instead.
 */
export const dynaliteClient = (endpoint: string, config: DynamoDBClientConfig = {}): DynamoDBClient => {
  const client = new DynamoDBClient({
    ...config,
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  client.middlewareStack.remove('httpSigningMiddleware');
  client.middlewareStack.add(
    (next) => async (args) => {
      const request = args.request as { headers?: Record<string, string> };
      if (request.headers !== undefined) {
        request.headers.authorization = UNSIGNED_AUTHORIZATION;
        request.headers['x-amz-date'] = '20260101T000000Z';
      }
      return next(args);
    },
    { step: 'finalizeRequest', name: 'unsignedDynaliteAuthorization' },
  );
  return client;
};

/**
 * Starts dynalite in this process on 127.0.0.1: the embedded DynamoDB of the local runtime (on
 * disk) and of the integration tests (in memory). Tables become ACTIVE at once.
 */
export const startDynalite = async (options: StartDynaliteOptions = {}): Promise<DynaliteServer> => {
  if (options.path !== undefined) assertDynaliteCrashSafe();
  const server = dynalite({
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
    ...(options.path === undefined ? {} : { path: options.path }),
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;
  const client = dynaliteClient(endpoint);
  return {
    endpoint,
    client,
    stop: async () => {
      client.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
      });
    },
  };
};
