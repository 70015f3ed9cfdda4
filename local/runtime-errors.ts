// Why `npm start` could not start, as one line a person can act on. The runtime throws a
// `RuntimeStartError` for what it detects itself (a busy port, a locked or corrupt data folder);
// `explainStartupError` also recognises what Node and npm throw (a missing package).

import { codedError, isErrorWith } from '../functions/domain/shared/coded-error.js';
/** What went wrong at start-up, by kind. */
export type RuntimeStartProblem =
  | 'PORT_IN_USE'
  | 'DATA_FOLDER_LOCKED'
  | 'DATA_FOLDER_CORRUPT'
  | 'MISSING_DEPENDENCY';

/** The process exit code of each start-up problem (1 is left to anything unexpected). */
export const EXIT_CODES: Readonly<Record<RuntimeStartProblem, number>> = {
  PORT_IN_USE: 3,
  DATA_FOLDER_LOCKED: 4,
  DATA_FOLDER_CORRUPT: 5,
  MISSING_DEPENDENCY: 6,
};

export const RUNTIME_START_ERROR = 'RUNTIME_START_ERROR';

/** The runtime could not start for a reason a person can fix; `message` says how, in one line. */
export interface RuntimeStartError extends Error {
  readonly type: typeof RUNTIME_START_ERROR;
  readonly code: RuntimeStartProblem;
}

export const isRuntimeStartError = isErrorWith<RuntimeStartError>('type', RUNTIME_START_ERROR);

/** Builds a `RuntimeStartError` whose message is the one line shown to the person. */
export const runtimeStartError = (
  code: RuntimeStartProblem,
  message: string,
  options: { cause?: unknown } = {},
): RuntimeStartError =>
  codedError('RuntimeStartError', code, message, { type: RUNTIME_START_ERROR }, { cause: options.cause });

/**
 * The one-line explanation of a busy port; `freePort` is a port found free just now (the next port
 * may be taken too), and without one it suggests `--port 0` (any free port).
 */
export const portInUseError = (
  host: string,
  port: number,
  cause?: unknown,
  freePort?: number,
): RuntimeStartError =>
  runtimeStartError(
    'PORT_IN_USE',
    `Port ${port} on ${host} is already in use (another npm start?); stop it or choose another port: ${
      freePort === undefined
        ? 'npm start -- --port 0 (any free port)'
        : `npm start -- --port ${freePort} (free now)`
    }`,
    { cause },
  );

const MISSING_MODULE = /Cannot find (?:package|module) '([^']+)'/;

/**
 * The one-line explanation and exit code of a start-up failure, or undefined when it is not one
 * of the known problems (the caller then shows a short generic line).
 */
export const explainStartupError = (error: unknown): { message: string; exitCode: number } | undefined => {
  if (isRuntimeStartError(error)) return { message: error.message, exitCode: EXIT_CODES[error.code] };
  const code = (error as { code?: unknown } | null)?.code;
  const text = error instanceof Error ? error.message : String(error);
  if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') {
    const name = MISSING_MODULE.exec(text)?.[1] ?? 'a dependency';
    return {
      message: `The package ${name} is missing: install the dependencies with npm ci (then npm start again)`,
      exitCode: EXIT_CODES.MISSING_DEPENDENCY,
    };
  }
  if (code === 'EADDRINUSE') {
    const port = Number((error as { port?: unknown }).port);
    const host = String((error as { address?: unknown }).address ?? '127.0.0.1');
    if (Number.isInteger(port)) {
      const explained = portInUseError(host, port, error);
      return { message: explained.message, exitCode: EXIT_CODES.PORT_IN_USE };
    }
  }
  return undefined;
};
