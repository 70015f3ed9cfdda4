import * as z from 'zod';
import { defineEvent } from '../define.js';
import { Instant } from '../envelope.js';
import { Id } from '../reference.js';

/** A call closed at its deadline; the files it received are counted and the eligible ones listed. */
export const CallClosedV1 = defineEvent({
  type: 'CallClosed',
  version: 1,
  get data() {
    return z.strictObject({
      callId: Id,
      closedAt: Instant,
      received: z.number().int().nonnegative(),
      refusedLate: z.number().int().nonnegative(),
      refusedIneligible: z.number().int().nonnegative(),
      /** The applications the committee will examine, in order of submission. */
      eligibleApplicationIds: z.array(Id),
    });
  },
});
