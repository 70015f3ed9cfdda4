// The CLI's HTTP client: JSON in and out, a bearer token, and refusals turned into one line from
// the API's problem document (RFC 9457), never a stack trace.

import { codedError, isErrorWith } from '../../functions/domain/shared/coded-error.js';
export const CLI_ERROR = 'CLI_ERROR';

/** A failure the CLI reports in one line and exits non-zero for. */
export interface CliError extends Error {
  readonly type: typeof CLI_ERROR;
  readonly code: string;
  readonly exitCode: number;
  /** The API's problem details (RFC 9457 `details`), when the API refused the request. */
  readonly details?: Readonly<Record<string, unknown>>;
}

export const isCliError = isErrorWith<CliError>('type', CLI_ERROR);

/** Builds a `CliError`; `message` is what the person reads. */
export const cliError = (code: string, message: string, exitCode = 1, cause?: unknown): CliError =>
  codedError('CliError', code, message, { type: CLI_ERROR, exitCode }, { cause });

/** An answer of the API. */
export interface ApiAnswer<Body = unknown> {
  readonly status: number;
  readonly body: Body;
  readonly text: string;
}

/**
 * The address `--url` names, with `http://` when it has no scheme (`127.0.0.1:3000`); throws a
 * `CliError` saying what to give when it is no http(s) address.
 */
export const serverUrl = (given: string): string => {
  const withScheme = /^[a-z][a-z\d+.-]*:\/\//i.test(given) ? given : `http://${given}`;
  let parsed: URL | undefined;
  try {
    parsed = new URL(withScheme);
  } catch {
    parsed = undefined;
  }
  if (parsed === undefined || !['http:', 'https:'].includes(parsed.protocol) || parsed.hostname === '') {
    throw cliError(
      'BAD_URL',
      `--url ${given} is not the address of a server: give http://<host>:<port> (npm start's is http://127.0.0.1:3000)`,
      2,
    );
  }
  return withScheme.replace(/\/+$/, '');
};

/** Where the client's token came from, to explain a 401 (a key this server does not know). */
export interface TokenOrigin {
  /** The data folder whose signing key minted the token (absolute). */
  readonly keyFolder: string;
}

/** Talks to a running `npm start`. */
export class ApiClient {
  readonly url: string;
  readonly #token: string | undefined;
  readonly #origin: TokenOrigin | undefined;

  constructor(url: string, token?: string, origin?: TokenOrigin) {
    this.url = serverUrl(url);
    this.#token = token;
    this.#origin = origin;
  }

  /** Sends a request; 2xx answers resolve, anything else throws a `CliError` with the API's detail. */
  async call<Body = unknown>(
    method: string,
    path: string,
    options: { body?: unknown; headers?: Record<string, string>; accept404?: boolean } = {},
  ): Promise<ApiAnswer<Body>> {
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
    if (this.#token !== undefined) headers.authorization = `Bearer ${this.#token}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await fetch(`${this.url}${path}`, {
        method,
        headers,
        ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
      });
    } catch (error) {
      throw cliError(
        'UNREACHABLE',
        `Nothing answers at ${this.url}: start Naseej with npm start (or give --url)`,
        3,
        error,
      );
    }
    const text = await response.text();
    const body =
      /json/.test(response.headers.get('content-type') ?? '') && text.length > 0 ? JSON.parse(text) : text;
    if (response.ok || (options.accept404 === true && response.status === 404)) {
      return { status: response.status, body: body as Body, text };
    }
    const problem = (typeof body === 'object' && body !== null ? body : {}) as {
      code?: string;
      detail?: string;
      errors?: { field?: string; reason?: string }[];
      details?: Record<string, unknown>;
    };
    if (response.status === 401 && this.#origin !== undefined) {
      // The CLI mints a fresh token for every command: refused, it was signed by a key this server
      // does not know, that of another data folder than the server's.
      throw cliError(
        'TOKEN_NOT_ACCEPTED',
        `The server at ${this.url} refused the token (401 ${problem.code ?? ''}): it was minted from the signing key in ${this.#origin.keyFolder}, which this server does not know. Check --data (the data folder of the server that --url names) and --url`,
        1,
      );
    }
    const fields = (problem.errors ?? []).map((error) => `${error.field}: ${error.reason}`).join('; ');
    throw Object.assign(
      cliError(
        problem.code ?? `HTTP_${response.status}`,
        `${method} ${path} → ${response.status} ${problem.code ?? ''}: ${problem.detail ?? text.slice(0, 200)}${fields ? ` (${fields})` : ''}`,
        1,
      ),
      problem.details === undefined ? {} : { details: problem.details },
    );
  }
}
