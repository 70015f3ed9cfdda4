import { defineEvent } from '../define.js';
import { Instant } from '../envelope.js';
import { HubTrainerAddedV1 } from './HubTrainerAdded.v1.js';

/**
 * v2 records when the trainer joined the hub (`addedAt`, its envelope's `occurredAt`): the later of
 * its certification's day and the hub's establishment, when its certification is dated (ADR 0161).
 * It has no late entry of its own: it follows from the trainer module that certified the trainer.
 */
export const HubTrainerAddedV2 = defineEvent({
  type: 'HubTrainerAdded',
  version: 2,
  get data() {
    return HubTrainerAddedV1.data.extend({
      /** When it joined; null when its certification carries no day (its envelope's `occurredAt` holds it). */
      addedAt: Instant.nullable(),
    });
  },
  occurredAt: (data) => data.addedAt ?? undefined,
});

/** v1 → v2: a v1 trainer joined the hub when it was recorded: its date is its envelope's. */
export const upcastHubTrainerAddedV1 = (stored: unknown): unknown => ({
  ...HubTrainerAddedV1.data.parse(stored),
  addedAt: null,
});
