import * as z from 'zod';
import { Id } from '../../../events/reference.js';
import { AgreementKind, AgreementParty } from '../../../events/rollout/schemas.js';
import { BilingualInput } from '../shared/text.js';

/** Draw up an agreement with its parties (stream `agreement-<agreementId>`). */
export const DraftAgreementInput = z.strictObject({
  agreementId: Id,
  kind: AgreementKind,
  /** The rollout it serves; omitted for a national agreement. */
  rolloutId: Id.optional(),
  title: BilingualInput,
  parties: z.array(AgreementParty).min(2).max(50),
});

/** The acting party signs; who signs is `context.actor`, never a field of the request. */
export const SignAgreementInput = z.strictObject({});

export type DraftAgreement = { type: 'DraftAgreement'; data: z.infer<typeof DraftAgreementInput> };
export type SignAgreement = { type: 'SignAgreement'; data: z.infer<typeof SignAgreementInput> };

/** Every command of an agreement. */
export type AgreementCommand = DraftAgreement | SignAgreement;
