import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

/** One request as a partner's receiver saw it, and whether its signature verified. */
export interface ReceivedWebhook {
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  /** The payload `Webhook.verify` returned, or undefined when verification failed. */
  readonly verified: unknown;
  readonly verificationError?: string;
  readonly status: number;
}

/**
 * A partner's webhook receiver on 127.0.0.1: it verifies each request with the `standardwebhooks`
 * package as a partner would, then answers what `respond` says (401 when verification fails).
 */
export const startWebhookReceiver = async (
  secret: string,
  respond: (attempt: number) => number = () => 204,
) => {
  const received: ReceivedWebhook[] = [];
  const partner = new Webhook(secret);
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let verified: unknown;
      let verificationError: string | undefined;
      try {
        verified = partner.verify(body, request.headers as Record<string, string>);
      } catch (error) {
        verificationError = (error as Error).message;
      }
      const status = verificationError ? 401 : respond(received.length + 1);
      received.push({
        headers: request.headers,
        body,
        verified,
        status,
        ...(verificationError ? { verificationError } : {}),
      });
      response.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/naseej/webhooks`,
    received,
    /** Changes how the receiver answers from now on (the partner fixed their endpoint). */
    setResponder: (next: (attempt: number) => number) => {
      respond = next;
    },
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
};
