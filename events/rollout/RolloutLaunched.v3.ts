import { defineEvent } from '../define.js';
import { Instant } from '../envelope.js';
import { LateEntry } from '../late-entry.js';
import { RolloutLaunchedV2 } from './RolloutLaunched.v2.js';

/**
 * v3 records when the rollout was really launched (`launchedAt`, its envelope's `occurredAt`) and the
 * late entry's reason when a past edition's launch is keyed in from its files (ADR 0135).
 */
export const RolloutLaunchedV3 = defineEvent({
  type: 'RolloutLaunched',
  version: 3,
  get data() {
    return RolloutLaunchedV2.data.extend({
      /** When the rollout was launched; null for a v2 launch, whose envelope's `occurredAt` holds it. */
      launchedAt: Instant.nullable(),
      /** Set when the launch was keyed in later than the rules allow without a reason. */
      lateEntry: LateEntry.nullable(),
    });
  },
  occurredAt: (data) => data.launchedAt ?? undefined,
});

/** v2 → v3: a v2 launch was recorded as it happened: its date is its envelope's, never a late entry. */
export const upcastRolloutLaunchedV2 = (stored: unknown): unknown => ({
  ...RolloutLaunchedV2.data.parse(stored),
  launchedAt: null,
  lateEntry: null,
});
