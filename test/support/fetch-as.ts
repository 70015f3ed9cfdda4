// A request to a running API as tests send it (issue 23: one declaration of what six test files
// wrote out): the caller's bearer token, and a JSON body with its content type when there is one.

/** Sends `method url` as the holder of `token`, with `body` as JSON when given (none otherwise). */
export const fetchAs = (url: string, token: string, method = 'GET', body?: unknown): Promise<Response> =>
  fetch(url, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

/** An answer as tests read it: its status, its headers and its body parsed (undefined when empty). */
export interface JsonAnswer {
  readonly status: number;
  readonly headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: tests read answers loosely, the routes check their schemas
  readonly json: any;
}

/** Reads an answer's body as JSON, or as nothing when it is empty. */
export const jsonAnswer = async (response: Response): Promise<JsonAnswer> => {
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    json: text.length > 0 ? JSON.parse(text) : undefined,
  };
};
