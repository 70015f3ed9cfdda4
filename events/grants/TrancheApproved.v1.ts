import * as z from 'zod';
import { defineEvent } from '../define.js';
import { Id } from '../reference.js';
import { PositiveCentimes, trancheOfGrant } from './parts.js';

/** A finance approver, other than the preparer, approved a requested tranche. */
export const TrancheApprovedV1 = defineEvent({
  type: 'TrancheApproved',
  version: 1,
  get data() {
    return z.strictObject({
      ...trancheOfGrant(),
      amount: PositiveCentimes,
      /** The finance approver (an id, never a name). */
      approverId: Id,
    });
  },
});
