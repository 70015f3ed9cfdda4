import type { RegionCode } from '../../../events/reference.js';
import { associationOfMember, formerAssociationOf } from '../../domain/enrolment/enrolment.js';
import {
  decideErasure,
  decideNameReading,
  decideNameRecording,
  type NameCaller,
  type NameSubject,
  type VaultStatus,
} from '../../domain/people/names.js';
import { committeeOf, enrolmentOf, regionOf } from '../facts.js';
import type { EventStore } from '../ports/event-store.js';
import {
  type Consent,
  type DataActor,
  type Erasure,
  isPersonErasedError,
  type PersonalDataVault,
  type PersonContact,
  type PersonLookup,
  type PersonRecord,
} from '../ports/personal-data.js';

// Recording, reading and erasing people's names (docs/adr/0126-names-with-purpose-and-consent.md):
// the facts come from the history (who the person is there) and the vault (what it knows), the
// rules from functions/domain/people/names.ts, and the names go to the vault only, never to an event.

/** A member of a rollout, as the history knows them: the association that nominated them, and the region. */
export interface MemberInHistory {
  readonly regionCode: RegionCode;
  /** Null when no association of the rollout ever nominated this member (or a replacement of theirs). */
  readonly associationId: string | null;
}

/**
 * Where a member belongs: the association they are a member of (nominated, or taking a leaver's
 * place), else the one they left (replaced, or with their association's departure), and the
 * rollout's region. A member who left keeps their rights over their name
 * (docs/adr/0138-names-of-members-who-left.md).
 */
export const memberInHistory = async (
  store: EventStore,
  rolloutId: string,
  memberId: string,
): Promise<MemberInHistory> => {
  const regionCode = await regionOf(store, rolloutId);
  const enrolment = await enrolmentOf(store, rolloutId);
  const associationId = associationOfMember(enrolment, memberId) ?? formerAssociationOf(enrolment, memberId);
  return { regionCode, associationId };
};

/** Whether a person sits on a call's committee. */
export const sitsOnCommittee = async (
  store: EventStore,
  callId: string,
  memberId: string,
): Promise<boolean> => {
  const committee = await committeeOf(store, callId);
  return committee.status !== 'not-appointed' && committee.memberIds.includes(memberId);
};

/** What a name request names: who, in which capacity, whether the history knows them so. */
export interface NamedPerson {
  readonly personId: string;
  readonly subject: NameSubject;
  readonly inHistory: boolean;
}

/** A name as recorded: names, contact, purpose and consent. */
export interface NameRecording {
  readonly displayName: PersonRecord['displayName'];
  readonly contact: PersonContact;
  readonly purpose: string;
  readonly consent: Consent;
}

const statusOf = (lookup: PersonLookup): VaultStatus => lookup.status;

/** Records (or corrects) a name in the vault, with its processing; says which it was. */
export const recordName = async (
  vault: PersonalDataVault,
  person: NamedPerson,
  recording: NameRecording,
  context: { readonly now: string; readonly actor: DataActor },
): Promise<{ readonly outcome: 'recorded' | 'corrected'; readonly lookup: PersonLookup }> => {
  const request = { purpose: recording.purpose, consentGivenOn: recording.consent.givenOn };
  const facts = {
    subject: person.subject,
    inHistory: person.inHistory,
    vault: statusOf(await vault.lookup(person.personId)),
    today: context.now.slice(0, 10),
  };
  const outcome = decideNameRecording(request, facts);
  const record = vault.record({
    personId: person.personId,
    displayName: recording.displayName,
    contact: recording.contact,
    processing: {
      purpose: recording.purpose as 'certificates' | 'committee-minutes',
      consent: recording.consent,
      recordedAt: context.now,
      recordedBy: context.actor,
    },
  });
  // An erasure between the lookup and the record: the vault refuses it, and so do the rules.
  await record.catch((error: unknown) => {
    if (isPersonErasedError(error)) decideNameRecording(request, { ...facts, vault: 'erased' });
    throw error;
  });
  return { outcome, lookup: await vault.lookup(person.personId) };
};

/** What the vault holds of a person, for a caller the rules let read it. */
export const readName = async (
  vault: PersonalDataVault,
  person: NamedPerson,
  caller: NameCaller,
): Promise<PersonLookup> => {
  const lookup = person.inHistory ? await vault.lookup(person.personId) : undefined;
  decideNameReading(caller, {
    subject: person.subject,
    inHistory: person.inHistory,
    vault: lookup?.status ?? 'unknown',
  });
  return lookup as PersonLookup;
};

/** Erases a person's name and contact, keeping why and by whom; the history is not touched. */
export const eraseName = async (
  vault: PersonalDataVault,
  person: NamedPerson,
  caller: NameCaller,
  erasure: Erasure,
): Promise<PersonLookup> => {
  const lookup = person.inHistory ? await vault.lookup(person.personId) : undefined;
  const outcome = decideErasure(caller, {
    subject: person.subject,
    inHistory: person.inHistory,
    vault: lookup?.status ?? 'unknown',
  });
  if (outcome === 'erased') await vault.erase(person.personId, erasure);
  return vault.lookup(person.personId);
};
