import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import {
  type DestinationPolicy,
  guardedLookup,
  type HostResolver,
  refusedUrlReason,
  systemResolver,
} from './destination.js';
import { webhookDestinationRefusedError } from './errors.js';

/** One signed POST to a partner. */
export interface WebhookRequest {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  readonly timeoutMs: number;
}

/** Sends a request and answers the HTTP status; throws when the receiver cannot be reached. */
export type WebhookSender = (request: WebhookRequest) => Promise<{ readonly status: number }>;

/**
 * Sends over node:http(s) to the destinations the policy allows (destination.ts): the URL is
 * checked, then its host is resolved and checked by the socket's own lookup, so the connection goes
 * to an address that was checked; a refusal throws `WebhookDestinationRefusedError` before anything
 * is sent. Redirects are not followed (a 3xx counts as a failure to retry). Its own agents keep
 * connections alive, and only ever hold sockets opened through the guarded lookup.
 */
export const guardedWebhookSender = (
  policy: DestinationPolicy,
  resolve: HostResolver = systemResolver,
): WebhookSender => {
  const lookup = guardedLookup(policy, resolve);
  const agents = {
    'http:': new HttpAgent({ keepAlive: true, lookup }),
    'https:': new HttpsAgent({ keepAlive: true, lookup }),
  };
  return (request) => {
    const refused = refusedUrlReason(request.url, policy);
    if (refused !== undefined) return Promise.reject(webhookDestinationRefusedError(request.url, refused));
    const url = new URL(request.url);
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const outgoing = send(
        url,
        {
          method: 'POST',
          headers: { ...request.headers, 'content-length': String(Buffer.byteLength(request.body)) },
          agent: agents[url.protocol as keyof typeof agents],
          lookup,
          signal: AbortSignal.timeout(request.timeoutMs),
        },
        (response) => {
          // Read the body so the connection can be reused; its content does not matter.
          response.resume();
          response.on('end', () => resolve({ status: response.statusCode ?? 0 }));
          response.on('error', reject);
        },
      );
      outgoing.on('error', reject);
      outgoing.end(request.body);
    });
  };
};
