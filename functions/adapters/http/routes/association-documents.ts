import * as z from 'zod';
import { DocumentAttachment, DocumentContentType, Sha256Hex } from '../../../../events/documents/parts.js';
import { Instant } from '../../../../events/envelope.js';
import { Id } from '../../../../events/reference.js';
import {
  acceptedDocuments,
  associationDocumentsProjection,
} from '../../../application/projections/association-documents.js';
import { type ReadModelDependencies, readModelsOf } from '../../../application/read-models/overview.js';
import type { Access } from '../access.js';
import { routesNeeding } from '../command.js';
import type { HttpRoute, RouteDependencies } from '../route.js';

// The files an association uploaded, listed back to it in its portal
// (docs/adr/0124-own-documents-listed.md), from the `association-documents` read model. Its own
// only: the scope is the path's association, checked against the token's before anything is read,
// so another association is told 403 `OUT_OF_SCOPE` whatever the id (docs/adr/0107).

export const OwnDocuments = z
  .strictObject({
    asOf: z.string().nullable(),
    associationId: z.string(),
    /** Accepted files, newest first. */
    documents: z.array(
      z.strictObject({
        documentId: z.string(),
        fileName: z.string().nullable(),
        attachedTo: DocumentAttachment,
        contentType: DocumentContentType,
        sizeBytes: z.number().int().positive(),
        sha256: Sha256Hex,
        acceptedAt: Instant,
      }),
    ),
  })
  .meta({ id: 'OwnDocuments' });

export type AssociationDocumentRouteDependencies = RouteDependencies & ReadModelDependencies;

const { queryRoute } = routesNeeding<AssociationDocumentRouteDependencies>();

const OWN_OR_MINISTRY: Access = { roles: ['ministry', 'association'] };

export const associationDocumentRoutes: readonly HttpRoute<AssociationDocumentRouteDependencies>[] = [
  queryRoute({
    method: 'GET',
    path: '/associations/{associationId}/documents',
    operationId: 'listOwnDocuments',
    summary: 'The files an association uploaded: name, what they are attached to, type, size, SHA-256, when',
    tags: ['associations', 'documents'],
    access: OWN_OR_MINISTRY,
    request: { params: z.strictObject({ associationId: Id }) },
    // Always a resource (an empty list), so that the scope is checked before anything is told.
    load: async ({ params }, deps) => ({
      associationId: params.associationId,
      document: await readModelsOf(deps).view(associationDocumentsProjection, params.associationId),
    }),
    scope: ({ input }) => ({ associationId: input.params.associationId }),
    respond: ({ resource }) => ({
      asOf: resource.document?.asOf ?? null,
      associationId: resource.associationId,
      documents:
        resource.document === undefined
          ? []
          : acceptedDocuments(resource.document.view).map((entry) => ({
              documentId: entry.documentId,
              fileName: entry.fileName,
              attachedTo: { ...entry.attachedTo } as z.input<typeof DocumentAttachment>,
              contentType: entry.contentType as z.input<typeof DocumentContentType>,
              sizeBytes: entry.sizeBytes,
              sha256: entry.sha256 ?? '',
              acceptedAt: entry.acceptedAt ?? '',
            })),
    }),
    response: OwnDocuments,
  }),
];
