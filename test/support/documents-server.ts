import { routes } from '../../functions/adapters/http/routes/index.js';
import { InMemoryIdempotencyStore } from '../../functions/adapters/in-memory/idempotency.js';
import type { Certificate, CertificateKind } from '../../functions/application/documents/certificates.js';
import { certificateRegistryOf } from '../../functions/application/documents/service.js';
import { DevAuth } from '../../local/dev-auth.js';
import { createChromiumPdfRenderer } from '../../local/documents-pdf.js';
import { startHttpServer } from '../../local/http-server.js';
import { COMPLETED_MEMBER, documentsHistory, ROLLOUT_ID } from './documents-history.js';
import { forTheFile } from './for-the-file.js';

/** The documents' history (documentsHistory) behind the local HTTP server, on 1 June 2026. */
export interface DocumentsServer {
  readonly url: string;
  readonly history: Awaited<ReturnType<typeof documentsHistory>>;
  /** The server's token issuer: `auth.mint(…)` for a caller's token. */
  readonly auth: DevAuth;
  /** The certificate of `kind` of the history's member who completed the training, if any. */
  certificateOfCompletedMember(kind: CertificateKind): Promise<Certificate | undefined>;
  close(): Promise<void>;
}

/**
 * Starts the local HTTP server with every route over the documents' history, in-memory
 * idempotency, a fixed clock and id; with `pdf`, a Chromium PDF renderer too (closed with it).
 */
export const startDocumentsServer = async (
  options: { readonly pdf?: boolean } = {},
): Promise<DocumentsServer> => {
  const history = await documentsHistory();
  const auth = await DevAuth.create();
  const pdfRenderer = options.pdf === true ? await createChromiumPdfRenderer() : undefined;
  const server = await startHttpServer({
    routes,
    deps: {
      store: history.store,
      idempotency: new InMemoryIdempotencyStore(),
      clock: () => '2026-06-01T00:00:00.000Z',
      newId: () => 'id-1',
      personalData: history.vault,
      ...(pdfRenderer === undefined ? {} : { pdfRenderer }),
      publicBaseUrl: () => server.url,
    } as never,
    auth,
    port: 0,
  });
  return {
    url: server.url,
    history,
    auth,
    certificateOfCompletedMember: async (kind) =>
      (await certificateRegistryOf(history.store)).ofMember(ROLLOUT_ID, COMPLETED_MEMBER, kind),
    close: async () => {
      await server.close();
      await pdfRenderer?.close();
    },
  };
};

/** The documents server of one test file (startDocumentsServer), started before its tests and closed after. */
export const documentsServerForTheFile = (options: { readonly pdf?: boolean } = {}): DocumentsServer =>
  forTheFile(
    () => startDocumentsServer(options),
    (server) => server.close(),
  );
