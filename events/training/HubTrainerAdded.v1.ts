import * as z from 'zod';
import { defineEvent } from '../define.js';
import { Id } from '../reference.js';

export const HubTrainerAddedV1 = defineEvent({
  type: 'HubTrainerAdded',
  version: 1,
  get data() {
    return z.strictObject({
      rolloutId: Id,
      hubId: Id,
      memberId: Id,
    });
  },
});
