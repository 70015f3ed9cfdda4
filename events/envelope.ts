import * as z from 'zod';

/** Who may act in Naseej. `system` is the workflow engine and the platform's own consumers. */
export const Role = z.enum([
  'ministry',
  'coordinator',
  'committee-member',
  'partner',
  'finance-preparer',
  'finance-approver',
  'finance-payer',
  'reader',
  // The region's institutions that sign its agreements (issue 20): they sign and read, never operate.
  'wali',
  'regional-council',
  'system',
]);
export type Role = z.infer<typeof Role>;

/** The person or service behind an event: an opaque id (never a name) and the role they acted in. */
export const Actor = z.strictObject({
  id: z.string().min(1).max(200),
  role: Role,
});
export type Actor = z.infer<typeof Actor>;

/** An ISO-8601 instant in UTC, as every timestamp of the catalog is written. */
export const Instant = z.iso.datetime({ offset: false, precision: 3 });

/**
 * The envelope shared by every recorded event. `data` is the payload described by the event's
 * own schema (see `defineEvent`); the envelope never carries personal data.
 */
export const EventEnvelope = z.strictObject({
  eventId: z.string().min(1),
  streamId: z.string().min(1),
  version: z.number().int().min(1),
  type: z.string().min(1),
  schemaVersion: z.number().int().min(1),
  occurredAt: Instant,
  recordedAt: Instant,
  actor: Actor,
  correlationId: z.string().min(1),
  causationId: z.string().min(1).nullable(),
  data: z.unknown(),
});
export type EventEnvelope = z.infer<typeof EventEnvelope>;

/** The metadata a writer supplies with a commit; the store fills in ids, versions and times. */
export const CommitMetadata = z.strictObject({
  actor: Actor,
  correlationId: z.string().min(1),
  causationId: z.string().min(1).nullable(),
});
export type CommitMetadata = z.infer<typeof CommitMetadata>;

/** A recorded event whose type and data are known: the envelope narrowed to one event of a union. */
export type Recorded<E extends { type: string; data: unknown }> = E extends unknown
  ? Omit<EventEnvelope, 'type' | 'data'> & { type: E['type']; data: E['data'] }
  : never;
