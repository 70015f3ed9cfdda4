import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDbCommitLog } from '../functions/adapters/dynamodb/commit-log.js';
import { sealSettledDays } from '../functions/adapters/dynamodb/integrity-digest.js';
import { DynamoDbPersonalDataVault } from '../functions/adapters/dynamodb/personal-data.js';
import type { IntegrityDependencies } from '../functions/adapters/http/routes/integrity.js';
import type { DocumentDependencies } from '../functions/application/documents/service.js';
import type { PersonalDataVault } from '../functions/application/ports/personal-data.js';
import { chromiumAvailable, createChromiumPdfRenderer } from './documents-pdf.js';

// What the local runtime adds for the documents and the tamper-evident history: the personal-data
// vault, the commit log, the PDF renderer (when Chromium is installed), and the daily seal of
// settled days (at start, then every hour: sealing is idempotent, a day is sealed once).

/** How often the runtime tries to seal settled days. */
export const SEAL_INTERVAL_MS = 60 * 60 * 1000;

export interface DocumentServicesOptions {
  readonly client: DynamoDBClient;
  readonly tableName: string;
  readonly clock: () => Date;
  /** The store's settle bound (ADR 0002); the commit log must use the same. */
  readonly settleMs: number;
  readonly say: (line: string) => void;
}

/** The services, their route dependencies, and how to stop them. */
export interface DocumentServices {
  readonly deps: DocumentDependencies & IntegrityDependencies & { readonly personalData: PersonalDataVault };
  /** The server's address, once known, for the certificates' QR codes. */
  setPublicUrl(url: string): void;
  /** Seals every settled day not sealed yet; returns how many were sealed. */
  sealNow(): Promise<number>;
  stop(): Promise<void>;
}

/** Creates the services and seals settled days once now and then every hour. */
export const startDocumentServices = async (options: DocumentServicesOptions): Promise<DocumentServices> => {
  const { client, tableName, clock, say } = options;
  const commitLog = new DynamoDbCommitLog({ client, tableName, settleMs: options.settleMs });
  const personalData = new DynamoDbPersonalDataVault({ client, tableName, clock });
  const pdfRenderer = chromiumAvailable() ? await createChromiumPdfRenderer() : undefined;
  if (pdfRenderer === undefined)
    say(
      'documents: no Chromium found, so documents are served as HTML only (PDFs: apt-get install chromium, or NASEEJ_CHROMIUM=<its path>)',
    );
  let publicUrl = '';
  const sealNow = async (): Promise<number> => (await sealSettledDays(commitLog, clock())).length;
  // The seal in flight, awaited by stop(): the store must not close under one of its requests.
  let sealing: Promise<unknown> = Promise.resolve();
  const seal = () => {
    sealing = sealNow()
      .then((count) => (count > 0 ? say(`integrity: sealed ${count} settled day(s)`) : undefined))
      .catch((error: unknown) => say(`integrity: sealing failed: ${(error as Error).message ?? error}`));
  };
  seal();
  const timer = setInterval(seal, SEAL_INTERVAL_MS);
  timer.unref();
  return {
    deps: {
      commitLog,
      personalData,
      ...(pdfRenderer === undefined ? {} : { pdfRenderer }),
      publicBaseUrl: () => publicUrl,
    },
    setPublicUrl: (url) => {
      publicUrl = url;
    },
    sealNow,
    stop: async () => {
      clearInterval(timer);
      await sealing;
      await pdfRenderer?.close();
    },
  };
};
