import { defineEvent } from '../define.js';
import { LateEntry } from '../late-entry.js';
import { AgreementSignedV1 } from './AgreementSigned.v1.js';
import { SignedText, SignerCapacity } from './schemas.js';

/**
 * v2 (issue 20, item 7; docs/adr/0094-signatures-record-capacity-date-and-text.md): who signed, as
 * what, when, and which text. `signedAt` is the day the signature was made (the fact's date: a paper
 * convention signed at a ceremony and recorded later), beside when it was recorded (the envelope's
 * `recordedAt`); the late entry's reason when recorded later than the rules allow.
 */
export const AgreementSignedV2 = defineEvent({
  type: 'AgreementSigned',
  version: 2,
  get data() {
    return AgreementSignedV1.data.extend({
      /** The office and title the signer signed in; null for a signature recorded as v1 or without it. */
      capacity: SignerCapacity.nullable(),
      /** The text the signature covers; null for a signature recorded as v1 or without it. */
      text: SignedText.nullable(),
      /** Set when the signature was recorded later than the rules allow without a reason. */
      lateEntry: LateEntry.nullable(),
    });
  },
  occurredAt: (data) => data.signedAt,
});

/**
 * v1 → v2: a v1 signature was made through the API at `signedAt`, which stays its date; it stated
 * no capacity nor text (null, never invented) and was never a late entry.
 */
export const upcastAgreementSignedV1 = (stored: unknown): unknown => ({
  ...AgreementSignedV1.data.parse(stored),
  capacity: null,
  text: null,
  lateEntry: null,
});
