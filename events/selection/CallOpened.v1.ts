import * as z from 'zod';
import { defineEvent } from '../define.js';
import { Instant } from '../envelope.js';
import { Bilingual, Id, RegionCode } from '../reference.js';
import { CallPurpose, EligibilityRule } from './parts.js';

/** A call for expression of interest opened, with its purpose, deadline and eligibility rules. */
export const CallOpenedV1 = defineEvent({
  type: 'CallOpened',
  version: 1,
  summary: 'A call for expression of interest opened, with its purpose, deadline and eligibility rules.',
  get data() {
    return z.strictObject({
      callId: Id,
      purpose: CallPurpose,
      /** The rollout the call serves; null for the national contact-centre call. */
      rolloutId: Id.nullable(),
      /** The region the call serves; null for the national contact-centre call (seat in Rabat). */
      regionCode: RegionCode.nullable(),
      /** How many associations the call selects: 1 for an operator, N for beneficiary associations. */
      seats: z.number().int().min(1).max(1000),
      title: Bilingual,
      openedAt: Instant,
      /** Applications received after this instant are refused as late; the call closes at it. */
      deadline: Instant,
      eligibilityRules: z.array(EligibilityRule).max(30),
    });
  },
});
