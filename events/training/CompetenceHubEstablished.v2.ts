import { defineEvent } from '../define.js';
import { Instant } from '../envelope.js';
import { LateEntry } from '../late-entry.js';
import { CompetenceHubEstablishedV1 } from './CompetenceHubEstablished.v1.js';

/**
 * v2 records when the hub was really established (`establishedAt`, its envelope's `occurredAt`)
 * and the late entry's reason when a past edition's hub is keyed in from its files (ADR 0152).
 */
export const CompetenceHubEstablishedV2 = defineEvent({
  type: 'CompetenceHubEstablished',
  version: 2,
  get data() {
    return CompetenceHubEstablishedV1.data.extend({
      /** When the hub was established; null for a v1 hub, whose envelope's `occurredAt` holds it. */
      establishedAt: Instant.nullable(),
      /** Set when the hub was keyed in later than the rules allow without a reason. */
      lateEntry: LateEntry.nullable(),
    });
  },
  occurredAt: (data) => data.establishedAt ?? undefined,
});

/** v1 → v2: a v1 hub was recorded as it was established: its date is its envelope's, never a late entry. */
export const upcastCompetenceHubEstablishedV1 = (stored: unknown): unknown => ({
  ...CompetenceHubEstablishedV1.data.parse(stored),
  establishedAt: null,
  lateEntry: null,
});
