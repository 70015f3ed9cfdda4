import { afterAll, beforeAll } from 'vitest';

/**
 * A server of one test file (dynalite, a runtime), started before the file's tests and stopped
 * after them:
 *
 *   const runtime = forTheFile(() => startRuntime({ … }), (started) => started.stop());
 *
 * Declared at the top of the file, read in tests and hooks; reading it before it started throws.
 */
export const forTheFile = <Server extends object>(
  start: () => Promise<Server>,
  stop: (server: Server) => Promise<void>,
): Server => {
  let server: Server | undefined;
  beforeAll(async () => {
    server = await start();
  });
  afterAll(async () => {
    if (server !== undefined) await stop(server);
  });
  return new Proxy({} as Server, {
    get: (_target, key) => {
      if (server === undefined)
        throw new Error("the file's server starts before its tests: use it in a test or a hook");
      const value = Reflect.get(server, key, server);
      return typeof value === 'function' ? value.bind(server) : value;
    },
  });
};
