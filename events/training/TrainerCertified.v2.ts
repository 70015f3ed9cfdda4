import { defineEvent } from '../define.js';
import { Day } from '../reference.js';
import { TrainerCertifiedV1 } from './TrainerCertified.v1.js';

/**
 * v2 records the day the trainee became a trainer (`certifiedOn`, its envelope's `occurredAt`, the
 * date of the trainer certificate): the day of the last of its three trainer modules, when they
 * are dated (ADR 0152).
 */
export const TrainerCertifiedV2 = defineEvent({
  type: 'TrainerCertified',
  version: 2,
  get data() {
    return TrainerCertifiedV1.data.extend({
      /** The day of the last trainer module; null when it carries no day (its envelope's `occurredAt` holds it). */
      certifiedOn: Day.nullable(),
    });
  },
  occurredAt: (data) => (data.certifiedOn === null ? undefined : `${data.certifiedOn}T00:00:00.000Z`),
});

/** v1 → v2: a v1 certification happened when it was recorded: its date is its envelope's. */
export const upcastTrainerCertifiedV1 = (stored: unknown): unknown => ({
  ...TrainerCertifiedV1.data.parse(stored),
  certifiedOn: null,
});
