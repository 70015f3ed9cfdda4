import * as z from 'zod';
import { defineEvent } from '../define.js';
import { Instant } from '../envelope.js';
import { Id } from '../reference.js';
import { AgreementKind } from './schemas.js';

export const AgreementInForceRecordedV1 = defineEvent({
  type: 'AgreementInForceRecorded',
  version: 1,
  get data() {
    return z.strictObject({
      agreementId: Id,
      kind: AgreementKind,
      rolloutId: Id.nullable(),
      inForceAt: Instant,
    });
  },
});
