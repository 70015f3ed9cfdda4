import * as z from 'zod';
import { defineEvent } from '../define.js';
import { Bilingual, Id, ModuleCode } from '../reference.js';

export const MemberReplacedV1 = defineEvent({
  type: 'MemberReplaced',
  version: 1,
  get data() {
    return z.strictObject({
      rolloutId: Id,
      associationId: Id,
      leavingMemberId: Id,
      replacementMemberId: Id,
      /** The topic the leaving member was nominated for, which the replacement takes over. */
      trainingTopic: ModuleCode,
      /** Why the member left, in French and Arabic (who recorded it is the envelope's actor). */
      reason: Bilingual,
    });
  },
});
