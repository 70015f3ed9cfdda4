import { DemoClient } from '../../local/demo/client.js';
import { type Runtime, type RuntimeOptions, startRuntime } from '../../local/runtime.js';
import { forTheFile } from './for-the-file.js';

/** The in-memory runtime of one test file, on a free port, quiet; started before its tests, stopped after. */
export const inMemoryRuntimeForTheFile = (options: RuntimeOptions = {}): Runtime =>
  forTheFile(
    () => startRuntime({ inMemory: true, port: 0, quiet: true, ...options }),
    (runtime) => runtime.stop(),
  );

/** Reads `path` of the runtime's API as the public dashboard does, with a reader's token. */
export const readAsReader = async (runtime: Runtime, path: string) => {
  const reader = await runtime.auth.mint({ subject: 'test-reader', roles: ['reader'] });
  return new DemoClient({ url: runtime.url, runKey: 'test' }).read(path, reader);
};
