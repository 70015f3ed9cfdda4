import * as z from 'zod';
import { defineEvent } from '../define.js';
import { Id, ModuleCode } from '../reference.js';

export const MemberNominatedV1 = defineEvent({
  type: 'MemberNominated',
  version: 1,
  get data() {
    return z.strictObject({
      rolloutId: Id,
      associationId: Id,
      memberId: Id,
      /** The axis-1 module the member was chosen for. */
      trainingTopic: ModuleCode,
    });
  },
});
