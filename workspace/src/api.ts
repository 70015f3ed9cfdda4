// The API as the workspace calls it: the bearer token on every request; on commands an
// Idempotency-Key (one per intent: a double click or a retry of the same form sends the same key,
// so the server acts once) and If-Match (the version the screen was drawn from, so a stale screen
// is refused with 412 instead of overwriting a newer decision).

export interface ProblemDetails {
  readonly status: number;
  readonly code: string;
  readonly detail: string;
  readonly errors?: readonly { readonly pointer: string; readonly field: string; readonly reason: string }[];
  readonly details?: Readonly<Record<string, unknown>>;
}

export class ApiProblem extends Error {
  readonly problem: ProblemDetails;
  constructor(problem: ProblemDetails) {
    super(problem.detail);
    this.problem = problem;
  }
}

/** A resource and its version (the `ETag` the query answered), for `If-Match`. */
export interface Versioned<T> {
  readonly body: T;
  readonly version: number | undefined;
}

export interface Api {
  get<T>(path: string): Promise<T>;
  read<T>(path: string): Promise<Versioned<T>>;
  /** A document the API renders (a certificate), as a file to save. */
  download(path: string): Promise<Blob>;
  command<T>(
    method: 'POST' | 'PUT',
    path: string,
    body: unknown,
    options: { readonly idempotencyKey: string; readonly ifMatch?: number },
  ): Promise<T>;
}

/** While the first request with a key is still running the server answers 409 `IDEMPOTENCY_KEY_IN_USE`. */
const IN_USE_RETRIES = 20;
const IN_USE_PAUSE_MS = 150;

const problemOf = async (response: Response): Promise<ProblemDetails> => {
  try {
    const body = (await response.json()) as Partial<ProblemDetails>;
    return {
      status: response.status,
      code: body.code ?? `HTTP_${response.status}`,
      detail: body.detail ?? response.statusText,
      ...(body.errors === undefined ? {} : { errors: body.errors }),
      ...(body.details === undefined ? {} : { details: body.details }),
    };
  } catch {
    return { status: response.status, code: `HTTP_${response.status}`, detail: response.statusText };
  }
};

/** `token`: the bearer token, or how to read the current one (tokens refreshed in memory, docs/adr/0076-workspace-pkce-sign-in.md). */
export const createApi = (
  baseUrl: string,
  token: string | (() => string),
  onUnauthenticated: () => void,
): Api => {
  const send = async (method: string, path: string, headers: Record<string, string>, body?: unknown) => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${typeof token === 'string' ? token : token()}`,
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (response.status === 401) onUnauthenticated();
    return response;
  };
  return {
    get: async <T>(path: string) => {
      const response = await send('GET', path, {});
      if (!response.ok) throw new ApiProblem(await problemOf(response));
      return (await response.json()) as T;
    },
    read: async <T>(path: string) => {
      const response = await send('GET', path, {});
      if (!response.ok) throw new ApiProblem(await problemOf(response));
      const etag = /^"(\d+)"$/.exec(response.headers.get('etag') ?? '')?.[1];
      return { body: (await response.json()) as T, version: etag === undefined ? undefined : Number(etag) };
    },
    download: async (path: string) => {
      const response = await send('GET', path, { accept: 'text/html, application/pdf' });
      if (!response.ok) throw new ApiProblem(await problemOf(response));
      return response.blob();
    },
    command: async <T>(
      method: 'POST' | 'PUT',
      path: string,
      body: unknown,
      options: { idempotencyKey: string; ifMatch?: number },
    ) => {
      const headers: Record<string, string> = { 'idempotency-key': options.idempotencyKey };
      if (options.ifMatch !== undefined) headers['if-match'] = `"${options.ifMatch}"`;
      for (let attempt = 0; ; attempt += 1) {
        const response = await send(method, path, headers, body);
        if (response.ok) return (await response.json()) as T;
        const problem = await problemOf(response);
        if (problem.code === 'IDEMPOTENCY_KEY_IN_USE' && attempt < IN_USE_RETRIES) {
          await new Promise((resolve) => setTimeout(resolve, IN_USE_PAUSE_MS));
          continue;
        }
        throw new ApiProblem(problem);
      }
    },
  };
};
