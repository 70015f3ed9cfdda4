import * as z from 'zod';
import { defineEvent } from '../define.js';
import { Instant } from '../envelope.js';
import { Bilingual } from '../reference.js';
import { callServed, EligibilityRule } from './parts.js';

/** A call for expression of interest opened, with its purpose, deadline and eligibility rules. */
export const CallOpenedV1 = defineEvent({
  type: 'CallOpened',
  version: 1,
  get data() {
    return z.strictObject({
      ...callServed(),
      title: Bilingual,
      openedAt: Instant,
      /** Applications received after this instant are refused as late; the call closes at it. */
      deadline: Instant,
      eligibilityRules: z.array(EligibilityRule).max(30),
    });
  },
});
