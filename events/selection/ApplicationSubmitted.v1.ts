import * as z from 'zod';
import { defineEvent } from '../define.js';
import { Instant } from '../envelope.js';
import { applicationRecord } from './parts.js';

/** An association's application (file) was received by a call, with its declared eligibility facts. */
export const ApplicationSubmittedV1 = defineEvent({
  type: 'ApplicationSubmitted',
  version: 1,
  get data() {
    return z.strictObject({
      ...applicationRecord(),
      submittedAt: Instant,
    });
  },
});
