import * as z from 'zod';
import { defineEvent } from '../define.js';
import { Day, Id, ModuleCode } from '../reference.js';
import { Province } from './province.js';

export const CascadeSessionReportedV1 = defineEvent({
  type: 'CascadeSessionReported',
  version: 1,
  get data() {
    return z.strictObject({
      rolloutId: Id,
      hubId: Id,
      sessionId: Id,
      trainerId: Id,
      province: Province,
      date: Day,
      topic: ModuleCode,
      participantCount: z.number().int().min(0).max(10_000),
      /** Associations reached by the cascade: distinct, direct beneficiaries excluded. */
      associationIds: z.array(Id).max(500),
      /** Direct beneficiaries that also attended: kept for traceability, never counted as cascade reach. */
      beneficiaryAssociationIds: z.array(Id).max(500),
    });
  },
});
