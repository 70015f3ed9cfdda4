import type { AgreementState } from '../agreements/agreements.js';
import type { DocumentState } from '../documents/document.js';
import { type DomainError, domainError } from '../shared/errors.js';

// What an association's portal requires of the streams its commands name, beside the command's own
// stream (docs/adr/0107-association-portal.md): the appeal letter it names is its own and accepted;
// the convention it signs is its own, and the text it read is that convention's accepted document.
// Pure: the application loads the states (application/commands/), these judge them.

/** The letter of an association's appeal: uploaded by it, for this call's appeal, and accepted. */
export const requireOwnAppealLetter = (
  letter: DocumentState,
  appeal: { readonly associationId: string; readonly callId: string },
): void => {
  const isOwnAcceptedLetter =
    letter.status === 'accepted' &&
    letter.ownerAssociationId === appeal.associationId &&
    letter.attachedTo.kind === 'appeal' &&
    letter.attachedTo.callId === appeal.callId;
  if (!isOwnAcceptedLetter) {
    throw domainError(
      'invalid',
      'APPEAL_LETTER_NOT_ACCEPTED',
      'name a letter this association uploaded for this call’s appeal, once accepted',
      { field: 'groundsDocumentId' },
    );
  }
};

/**
 * The agreement an association signs as its own convention: drafted, with the association as its
 * beneficiary party. Another association's agreement, or none, is answered as if it did not exist.
 */
export const requireOwnConvention = (agreement: AgreementState, associationId: string): void => {
  const isOwnConvention =
    agreement.status !== 'none' &&
    agreement.parties.some(
      (party) => party.role === 'beneficiary-association' && party.partyId === associationId,
    );
  if (!isOwnConvention) throw domainError('not-found', 'NOT_FOUND', 'No such resource');
};

/** The text a convention's signature covers: a document accepted for this agreement, with this hash. */
export const requireConventionText = (
  text: DocumentState,
  signed: { readonly agreementId: string; readonly sha256: string },
): void => {
  const isAcceptedText =
    text.status === 'accepted' &&
    text.sha256 === signed.sha256 &&
    text.attachedTo.kind === 'agreement' &&
    text.attachedTo.agreementId === signed.agreementId;
  if (!isAcceptedText) throw conventionTextNotAccepted();
};

/** A convention's signature that names no accepted text of the convention. */
export const conventionTextNotAccepted = (): DomainError =>
  domainError(
    'invalid',
    'AGREEMENT_TEXT_NOT_ACCEPTED',
    'name the convention’s text, a document accepted for this agreement with this hash',
    { field: 'text.documentId' },
  );
