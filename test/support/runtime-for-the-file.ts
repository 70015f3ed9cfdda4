import { type Runtime, type RuntimeOptions, startRuntime } from '../../local/runtime.js';
import { forTheFile } from './for-the-file.js';

/** The in-memory runtime of one test file, on a free port, quiet; started before its tests, stopped after. */
export const inMemoryRuntimeForTheFile = (options: RuntimeOptions = {}): Runtime =>
  forTheFile(
    () => startRuntime({ inMemory: true, port: 0, quiet: true, ...options }),
    (runtime) => runtime.stop(),
  );
