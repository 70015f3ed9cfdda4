import * as z from 'zod';
import { defineEvent } from '../define.js';
import { Id } from '../reference.js';
import { CriterionScore } from './parts.js';

/** A committee member scored a file on every criterion of the grid. */
export const ApplicationScoredV1 = defineEvent({
  type: 'ApplicationScored',
  version: 1,
  get data() {
    return z.strictObject({
      callId: Id,
      applicationId: Id,
      memberId: Id,
      scores: z.array(CriterionScore).min(1).max(20),
    });
  },
});
