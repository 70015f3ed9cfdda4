import * as z from 'zod';
import { Id } from '../reference.js';

/**
 * What a file is attached to: an application of a call, an appeal against a call's selection, an
 * agreement, or the evidence of a grant's tranche. The documents' access rules (docs/adr/0100-documents.md)
 * follow from it: the committee of the call opens an application's files, never one it declared a
 * conflict on; an association opens its own.
 */
export const DocumentAttachment = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('application'), callId: Id, applicationId: Id }),
  z.strictObject({ kind: z.literal('appeal'), callId: Id, appealId: Id }),
  z.strictObject({ kind: z.literal('agreement'), agreementId: Id }),
  z.strictObject({
    kind: z.literal('tranche-evidence'),
    rolloutId: Id,
    associationId: Id,
    tranche: z.number().int().min(1).max(12),
  }),
]);
export type DocumentAttachment = z.infer<typeof DocumentAttachment>;

/** The file types a document may be, as detected from its bytes (never from its name). */
export const DocumentContentType = z.enum(['application/pdf', 'image/jpeg', 'image/png']);
export type DocumentContentType = z.infer<typeof DocumentContentType>;

/** A SHA-256 digest in lower-case hex (64 characters). */
export const Sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 digest, 64 lower-case hex digits');

/**
 * The name a file had on the uploader's device, as they chose it (shown back to them, never used
 * to find or to type the file). Checked where it enters (`FileNameInput`,
 * functions/domain/documents/commands.ts); the event keeps reading what it stored.
 */
export const DocumentFileName = z.string().min(1).max(255);
