import * as z from 'zod';
import { defineEvent } from '../define.js';
import { Day, Id, ModuleCode } from '../reference.js';
import { Province } from './province.js';

export const SessionHeldV1 = defineEvent({
  type: 'SessionHeld',
  version: 1,
  get data() {
    return z.strictObject({
      rolloutId: Id,
      sessionId: Id,
      module: ModuleCode,
      date: Day,
      province: Province,
    });
  },
});
