import * as z from 'zod';
import { Instant } from '../../../events/envelope.js';
import { Id } from '../../../events/reference.js';
import {
  AgreementKind,
  AgreementParty,
  SignedText,
  SignerCapacity,
} from '../../../events/rollout/schemas.js';
import type { CommandOf } from '../shared/decider.js';
import { BilingualInput, BilingualReasonInput } from '../shared/text.js';

/** Draw up an agreement with its parties (stream `agreement-<agreementId>`). */
export const DraftAgreementInput = z.strictObject({
  agreementId: Id,
  kind: AgreementKind,
  /** The rollout it serves; omitted for a national agreement. */
  rolloutId: Id.optional(),
  title: BilingualInput,
  parties: z.array(AgreementParty).min(2).max(50),
});

/**
 * The acting party signs; who signs is `context.actor`, never a field of the request. It states
 * the capacity it signs in, the day it signed (default: now; a later record is a late entry with a
 * reason, functions/domain/shared/fact-date.ts) and the text it signed (issue 20, item 7).
 */
export const SignAgreementInput = z.strictObject({
  // The title is free text a person types: refused with control or bidi-override characters.
  // Required (docs/adr/0129-a-signature-states-its-capacity.md): every signer states the office
  // they sign in; the event keeps it nullable for the signatures recorded before.
  capacity: SignerCapacity.extend({ title: BilingualInput }),
  signedAt: Instant.optional(),
  text: SignedText.optional(),
  lateEntryReason: BilingualReasonInput.optional(),
});

export type DraftAgreement = CommandOf<'DraftAgreement', typeof DraftAgreementInput>;
/**
 * `actingAssociation`: the association an `association` principal acts for, from its token's
 * verified claim (never the request): a beneficiary association is a party by its association id,
 * and whichever of its accounts signs, signs for it (docs/adr/0120-association-signs-its-convention.md).
 */
export type SignAgreement = {
  type: 'SignAgreement';
  data: z.infer<typeof SignAgreementInput>;
  facts?: { readonly actingAssociation: string };
};

/** Every command of an agreement. */
export type AgreementCommand = DraftAgreement | SignAgreement;
