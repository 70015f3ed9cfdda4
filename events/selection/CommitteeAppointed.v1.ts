import * as z from 'zod';
import { defineEvent } from '../define.js';
import { Id } from '../reference.js';
import { callServed, ScoringCriterion } from './parts.js';

/** A selection committee was appointed for a call: members (ids only), chair, quorum, scoring grid. */
export const CommitteeAppointedV1 = defineEvent({
  type: 'CommitteeAppointed',
  version: 1,
  get data() {
    return z.strictObject({
      /** Copied from the call, so that the committee's decisions need no other stream. */
      ...callServed(),
      /** Committee members by id (never by name). */
      memberIds: z.array(Id).min(1).max(25),
      chairId: Id,
      /** How many non-conflicted members must score a file for it to be ranked. */
      quorum: z.number().int().min(1).max(25),
      scoringGrid: z.array(ScoringCriterion).min(1).max(20),
    });
  },
});
