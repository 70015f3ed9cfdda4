/** One signed POST to a partner. */
export interface WebhookRequest {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  readonly timeoutMs: number;
}

/** Sends a request and answers the HTTP status; throws when the receiver cannot be reached. */
export type WebhookSender = (request: WebhookRequest) => Promise<{ readonly status: number }>;

/** Sends with Node's fetch; redirects are not followed (a 3xx counts as a failure to retry). */
export const fetchWebhookSender: WebhookSender = async (request) => {
  const response = await fetch(request.url, {
    method: 'POST',
    headers: request.headers,
    body: request.body,
    redirect: 'manual',
    signal: AbortSignal.timeout(request.timeoutMs),
  });
  // Read the body so the connection can be reused; its content does not matter.
  await response.arrayBuffer().catch(() => undefined);
  return { status: response.status };
};
