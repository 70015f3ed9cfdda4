import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  type DocumentBlobs,
  folderBlobs,
  LocalDocumentStorage,
  memoryBlobs,
} from '../../../local/document-storage.js';
import {
  type DocumentStorageHarness,
  documentStorageContract,
  SMALL_PDF,
  sendPresigned,
} from '../../support/document-storage-contract.js';

// The local adapter of the document port, over memory and over a data folder, behind a real
// HTTP server on 127.0.0.1 that serves its presigned-style URLs (as the runtime's server does).

const harnessOver = async (
  blobs: DocumentBlobs,
  cleanup: () => Promise<void> = async () => undefined,
): Promise<DocumentStorageHarness> => {
  let now = Date.parse('2026-03-01T09:00:00.000Z');
  let base = '';
  const storage = new LocalDocumentStorage({ blobs, baseUrl: () => base, now: () => new Date(now) });
  const server = createServer((request, response) => {
    storage.handle(request, response).then((handled) => {
      if (!handled) response.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    storage,
    advanceSeconds: (seconds) => {
      now += seconds * 1000;
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await cleanup();
    },
  };
};

documentStorageContract('local, in memory', () => harnessOver(memoryBlobs()));

documentStorageContract('local, in a data folder', async () => {
  const folder = await mkdtemp(join(tmpdir(), 'naseej-documents-'));
  return harnessOver(folderBlobs(folder), () => rm(folder, { recursive: true, force: true }));
});

describe('the local document folder', () => {
  it('keeps its files readable by this user only (folders 0700, files 0600), as the data folder', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'naseej-documents-'));
    const harness = await harnessOver(folderBlobs(folder), () =>
      rm(folder, { recursive: true, force: true }),
    );
    try {
      const upload = await harness.storage.presignUpload({
        documentId: 'doc-private',
        contentType: 'application/pdf',
        sizeBytes: SMALL_PDF.byteLength,
        expiresInSeconds: 300,
      });
      await sendPresigned(upload, SMALL_PDF);
      const arrived = await harness.storage.readUpload('doc-private', 100);
      if (arrived.kind !== 'arrived') throw new Error('expected an arrived upload');
      await harness.storage.acceptUpload('doc-private', arrived.version);
      expect((await stat(join(folder, 'accepted'))).mode & 0o777).toBe(0o700);
      expect((await stat(join(folder, 'quarantine'))).mode & 0o777).toBe(0o700);
      expect((await stat(join(folder, 'accepted', 'doc-private'))).mode & 0o777).toBe(0o600);
      expect(await readdir(join(folder, 'quarantine'))).toEqual([]);
    } finally {
      await harness.close();
    }
  });
});
