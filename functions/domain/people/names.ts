import { domainError } from '../shared/errors.js';

// The rules of people's names (law 09-08 on personal data; docs/adr/0126-names-with-purpose-and-consent.md).
// Names never enter events: they live in the personal-data vault, under the id the events name.
// These rules decide, from facts the application layer gathers (the history, the vault, the
// caller), whether a name may be recorded, read or erased. They append no event.

/** Whose name: a member of an enrolled association, or a member of a selection committee. */
export type NameSubject = 'member' | 'committee-member';

/** Why each kind of person's name is kept: the one purpose it may be recorded for. */
export const PURPOSE_OF_SUBJECT = {
  member: 'certificates',
  'committee-member': 'committee-minutes',
} as const satisfies Record<NameSubject, string>;

/** What the vault knows of an id. */
export type VaultStatus = 'known' | 'erased' | 'unknown';

/** What recording a name is judged on. */
export interface NameRecordingFacts {
  readonly subject: NameSubject;
  /** The history knows the person in that capacity (nominated by an association, appointed). */
  readonly inHistory: boolean;
  readonly vault: VaultStatus;
  /** Today, `YYYY-MM-DD` (UTC), from the injected clock. */
  readonly today: string;
}

/** The request, as far as the rules care: its purpose and the day consent was given. */
export interface NameRecordingRequest {
  readonly purpose: string;
  readonly consentGivenOn: string;
}

const notInHistory = (subject: NameSubject) =>
  subject === 'member'
    ? domainError('not-found', 'MEMBER_NOT_NOMINATED', 'No association of this rollout nominated this member')
    : domainError(
        'not-found',
        'NOT_A_COMMITTEE_MEMBER',
        "This person is not a member of this call's committee",
      );

/**
 * Whether a name may be recorded: the person is in the history in that capacity, the purpose is
 * the one of their kind (a member's name is kept for certificates, a committee member's for
 * minutes), consent was given on a day that has come, and the person was not erased (an erased
 * person is not recorded again under the same id: what was forgotten stays forgotten).
 * Answers whether the vault already held a name (a correction) or not.
 */
export const decideNameRecording = (
  request: NameRecordingRequest,
  facts: NameRecordingFacts,
): 'recorded' | 'corrected' => {
  if (!facts.inHistory) throw notInHistory(facts.subject);
  const purpose = PURPOSE_OF_SUBJECT[facts.subject];
  if (request.purpose !== purpose) {
    throw domainError(
      'invalid',
      'PURPOSE_NOT_OF_SUBJECT',
      `A ${facts.subject}'s name is kept for ${purpose} only`,
      { field: 'purpose', expected: purpose },
    );
  }
  if (request.consentGivenOn > facts.today) {
    throw domainError(
      'invalid',
      'CONSENT_IN_THE_FUTURE',
      `Consent cannot be dated after today (${facts.today})`,
      {
        field: 'consent.givenOn',
      },
    );
  }
  if (facts.vault === 'erased') {
    throw domainError(
      'conflict',
      'PERSON_ERASED',
      "This person's data was erased; it cannot be recorded again under the same id",
    );
  }
  return facts.vault === 'known' ? 'corrected' : 'recorded';
};

/** Who asks to read or erase a name, as the rules see them (the HTTP layer checked the role's scope). */
export type NameCaller =
  | { readonly as: 'ministry' }
  | { readonly as: 'coordinator' }
  | { readonly as: 'association' }
  | { readonly as: 'committee-member'; readonly self: boolean };

/** What reading or erasing a name is judged on. */
export interface NameAccessFacts {
  readonly subject: NameSubject;
  readonly inHistory: boolean;
  readonly vault: VaultStatus;
}

const forbidden = (what: string) =>
  domainError('forbidden', 'NOT_THE_PERSON', `Only the ministry or the person may ${what} this name`);

/**
 * Who may read a name with its contact and consent: the ministry; a member's association and the
 * coordinator of the rollout's region (the HTTP layer checks those scopes); a committee member
 * their own only. An id the vault never knew is a 404 (`NO_NAME_RECORDED`).
 */
export const decideNameReading = (caller: NameCaller, facts: NameAccessFacts): void => {
  if (!facts.inHistory) throw notInHistory(facts.subject);
  if (caller.as === 'committee-member' && !caller.self) throw forbidden('read');
  if (facts.vault === 'unknown') {
    throw domainError('not-found', 'NO_NAME_RECORDED', 'No name was recorded for this person');
  }
};

/**
 * Who may erase a name: the ministry, or the person (a committee member themself; a member
 * through their association, which relays the member's request). Erasing twice is no error (the
 * first erasure's instant and reason stay); erasing an id the vault never knew is a 404.
 */
export const decideErasure = (caller: NameCaller, facts: NameAccessFacts): 'erased' | 'already-erased' => {
  if (!facts.inHistory) throw notInHistory(facts.subject);
  if (caller.as === 'coordinator') throw forbidden('erase');
  if (caller.as === 'committee-member' && !caller.self) throw forbidden('erase');
  if (facts.vault === 'unknown') {
    throw domainError('not-found', 'NO_NAME_RECORDED', 'No name was recorded for this person');
  }
  return facts.vault === 'erased' ? 'already-erased' : 'erased';
};
