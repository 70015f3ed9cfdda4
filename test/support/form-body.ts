import type { IncomingMessage } from 'node:http';

/** The form a request posts (`application/x-www-form-urlencoded`), as a fake OIDC provider reads it. */
export const formOf = (request: IncomingMessage): Promise<URLSearchParams> =>
  new Promise<URLSearchParams>((resolve) => {
    let text = '';
    request.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
    });
    request.on('end', () => resolve(new URLSearchParams(text)));
  });
