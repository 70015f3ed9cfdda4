import { type HttpDependencies, lambdaHandler } from '../adapters/http/lambda.js';
import { attachmentRoutes } from '../adapters/http/routes/attachments.js';
import { documentsS3Client, S3DocumentStorage } from '../adapters/s3/document-storage.js';
import type { DocumentStorageDependencies } from '../application/ports/document-storage.js';
import { depsFromEnv } from './deps.js';
import { DOCUMENTS_BUCKET_VARIABLE, requiredVariable } from './environment.js';

/**
 * The Lambda entry of the `attachments` route group: uploads by presigned URL, checks on arrival
 * and downloads of attached files, in the documents bucket (docs/adr/0100-documents.md).
 */
const deps: HttpDependencies & DocumentStorageDependencies = {
  ...depsFromEnv(),
  documentStorage: new S3DocumentStorage({
    client: documentsS3Client(),
    bucketName: requiredVariable(DOCUMENTS_BUCKET_VARIABLE),
  }),
};

export const routes = attachmentRoutes;
export const handler = lambdaHandler(routes, deps);
