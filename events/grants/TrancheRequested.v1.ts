import * as z from 'zod';
import { defineEvent } from '../define.js';
import { Id } from '../reference.js';
import { AttachedEvidence, PositiveCentimes, trancheOfGrant } from './parts.js';

/** A finance preparer asked for a tranche's release, with the evidence of its conditions. */
export const TrancheRequestedV1 = defineEvent({
  type: 'TrancheRequested',
  version: 1,
  get data() {
    return z.strictObject({
      ...trancheOfGrant(),
      amount: PositiveCentimes,
      evidence: z.array(AttachedEvidence).max(20),
      /** The finance preparer (an id, never a name). */
      preparerId: Id,
    });
  },
});
