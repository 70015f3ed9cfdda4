import * as z from 'zod';
import { defineEvent } from '../define.js';
import { Id } from '../reference.js';

export const TrainerCertifiedV1 = defineEvent({
  type: 'TrainerCertified',
  version: 1,
  get data() {
    return z.strictObject({
      rolloutId: Id,
      associationId: Id,
      memberId: Id,
    });
  },
});
