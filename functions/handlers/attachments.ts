import type { DocumentStorageDependencies } from '../attachments/port.js';
import { documentsS3Client, S3DocumentStorage } from '../attachments/s3.js';
import { type HttpDependencies, lambdaHandler } from '../http/lambda.js';
import { attachmentRoutes } from '../http/routes/attachments.js';
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

export const handler = lambdaHandler(attachmentRoutes, deps);
