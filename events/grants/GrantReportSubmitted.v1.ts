import * as z from 'zod';
import { defineEvent } from '../define.js';
import { DocumentContentType, Sha256Hex } from '../documents/parts.js';
import { Id } from '../reference.js';
import { EvidenceKind } from './parts.js';

/**
 * A beneficiary association reported on its grant, through its portal: what it did with a paid
 * tranche (and, when it says so, towards which deliverable), with the files that show it. Each
 * file is a document it uploaded as this tranche's evidence and the API accepted; the event names
 * it with its SHA-256, so the history proves which bytes the finance officers saw when they
 * approved the next tranche (docs/adr/0121-grant-reports.md).
 */
export const GrantReportSubmittedV1 = defineEvent({
  type: 'GrantReportSubmitted',
  version: 1,
  get data() {
    return z.strictObject({
      rolloutId: Id,
      grantId: Id,
      associationId: Id,
      reportId: Id,
      trancheNumber: z.number().int().min(1),
      /** The deliverable it reports on, one of the grant's; null: the tranche's use in general. */
      deliverable: EvidenceKind.nullable(),
      /** What was done, as the association wrote it, in the language it wrote it in. */
      summary: z.strictObject({ language: z.enum(['fr', 'ar']), text: z.string().min(1).max(4000) }),
      evidence: z
        .array(
          z.strictObject({
            documentId: Id,
            sha256: Sha256Hex,
            sizeBytes: z.number().int().positive(),
            contentType: DocumentContentType,
          }),
        )
        .min(1)
        .max(10),
    });
  },
});
