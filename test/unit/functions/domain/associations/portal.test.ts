import { describe, expect, it } from 'vitest';
import type { AgreementState } from '../../../../../functions/domain/agreements/agreements.js';
import {
  requireConventionText,
  requireOwnAppealLetter,
  requireOwnConvention,
} from '../../../../../functions/domain/associations/portal.js';
import type { DocumentState } from '../../../../../functions/domain/documents/document.js';
import { isDomainError } from '../../../../../functions/domain/shared/errors.js';

// What the association portal's commands require of the other streams they name: the appeal letter
// is the association's own, for this call, accepted; the convention it signs is its own, and the
// text it read is the convention's accepted document with that hash.

const SHA = 'a'.repeat(64);

const letter: DocumentState = {
  status: 'accepted',
  documentId: 'doc-letter-nour',
  attachedTo: { kind: 'appeal', callId: 'call-FM-2026', appealId: 'appeal-assoc-sefrou-nour' },
  ownerAssociationId: 'assoc-sefrou-nour',
  declaredContentType: 'application/pdf',
  declaredSizeBytes: 1200,
  uploadExpiresAt: '2026-03-01T09:05:00.000Z',
  sha256: SHA,
  sizeBytes: 1200,
};

const conventionText: DocumentState = {
  ...letter,
  documentId: 'doc-convention-nour',
  attachedTo: { kind: 'agreement', agreementId: 'convention-nour' },
  ownerAssociationId: null,
};

const convention: AgreementState = {
  status: 'awaiting-signatures',
  agreementId: 'convention-nour',
  kind: 'grant-convention',
  rolloutId: 'rollout-FM-2026',
  title: { fr: 'Convention', ar: 'اتفاقية' },
  parties: [
    { partyId: 'user-ministry-1', role: 'ministry' },
    { partyId: 'assoc-sefrou-nour', role: 'beneficiary-association' },
  ],
  signedBy: [],
};

/** The code, kind and field of the refusal, or `accepted`. */
const outcome = (check: () => void) => {
  try {
    check();
    return 'accepted';
  } catch (error) {
    if (!isDomainError(error)) throw error;
    return `${error.kind} ${error.code}${error.details.field === undefined ? '' : ` ${error.details.field}`}`;
  }
};

const appeal = { associationId: 'assoc-sefrou-nour', callId: 'call-FM-2026' };

describe("an association's appeal letter", () => {
  it('is accepted when the association uploaded it for this call’s appeal and it was accepted', () => {
    expect(outcome(() => requireOwnAppealLetter(letter, appeal))).toBe('accepted');
  });

  it('is refused, naming groundsDocumentId, when not yet arrived, another’s, another call’s or not a letter', () => {
    const refusals = [
      { status: 'none' } as const,
      { ...letter, status: 'upload-requested', sha256: null, sizeBytes: null } as const,
      { ...letter, ownerAssociationId: 'assoc-fes-amal' },
      { ...letter, attachedTo: { kind: 'appeal', callId: 'call-FM-2027', appealId: 'appeal-x' } } as const,
      conventionText,
    ].map((state) => outcome(() => requireOwnAppealLetter(state, appeal)));
    expect(refusals).toEqual(Array(5).fill('invalid APPEAL_LETTER_NOT_ACCEPTED groundsDocumentId'));
  });
});

describe("an association's convention", () => {
  it('is its own when it is the beneficiary party, and as if absent otherwise', () => {
    expect(outcome(() => requireOwnConvention(convention, 'assoc-sefrou-nour'))).toBe('accepted');
    expect(outcome(() => requireOwnConvention(convention, 'assoc-fes-amal'))).toBe('not-found NOT_FOUND');
    expect(outcome(() => requireOwnConvention(convention, 'user-ministry-1'))).toBe('not-found NOT_FOUND');
    expect(outcome(() => requireOwnConvention({ status: 'none' }, 'assoc-sefrou-nour'))).toBe(
      'not-found NOT_FOUND',
    );
  });

  it('is signed over its accepted text with that hash, and refused naming text.documentId otherwise', () => {
    const signed = { agreementId: 'convention-nour', sha256: SHA };
    expect(outcome(() => requireConventionText(conventionText, signed))).toBe('accepted');
    const refusals = [
      outcome(() => requireConventionText(conventionText, { ...signed, sha256: 'b'.repeat(64) })),
      outcome(() => requireConventionText(conventionText, { ...signed, agreementId: 'convention-amal' })),
      outcome(() => requireConventionText(letter, signed)),
      outcome(() => requireConventionText({ status: 'none' }, signed)),
    ];
    expect(refusals).toEqual(Array(4).fill('invalid AGREEMENT_TEXT_NOT_ACCEPTED text.documentId'));
  });
});
