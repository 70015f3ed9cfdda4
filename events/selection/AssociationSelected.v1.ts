import * as z from 'zod';
import { defineEvent } from '../define.js';
import { Bilingual, Id, RegionCode } from '../reference.js';
import { CallPurpose } from './parts.js';

/** An association was selected by a call's committee (the top file; the top N for beneficiaries). */
export const AssociationSelectedV1 = defineEvent({
  type: 'AssociationSelected',
  version: 1,
  get data() {
    return z.strictObject({
      callId: Id,
      purpose: CallPurpose,
      rolloutId: Id.nullable(),
      regionCode: RegionCode.nullable(),
      applicationId: Id,
      associationId: Id,
      associationName: Bilingual,
      rank: z.number().int().min(1),
      weightedAverage: z.number().nonnegative(),
    });
  },
});
