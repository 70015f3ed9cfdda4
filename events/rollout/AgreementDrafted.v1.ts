import * as z from 'zod';
import { defineEvent } from '../define.js';
import { Bilingual, Id } from '../reference.js';
import { AgreementKind, AgreementParty } from './schemas.js';

export const AgreementDraftedV1 = defineEvent({
  type: 'AgreementDrafted',
  version: 1,
  get data() {
    return z.strictObject({
      agreementId: Id,
      kind: AgreementKind,
      /** The rollout it serves, or null for a national agreement (e.g. the contact centre). */
      rolloutId: Id.nullable(),
      title: Bilingual,
      parties: z.array(AgreementParty).min(2).max(50),
    });
  },
});
