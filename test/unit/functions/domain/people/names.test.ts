import { describe, expect, it } from 'vitest';
import {
  decideErasure,
  decideNameReading,
  decideNameRecording,
  type NameAccessFacts,
  type NameRecordingFacts,
} from '../../../../../functions/domain/people/names.js';

// The rules of people's names (docs/adr/0126-names-with-purpose-and-consent.md), given the facts
// (the history, the vault, today), when a name is recorded, read or erased, then the outcome.

/** The domain error a rule throws, as `kind code field` (or the rule's answer when it throws none). */
const outcomeOf = (act: () => unknown): unknown => {
  try {
    return act();
  } catch (error) {
    const refused = error as { kind?: string; code?: string; details?: { field?: string } };
    return [refused.kind, refused.code, refused.details?.field ?? null].join(' ');
  }
};

const nominatedMember: NameRecordingFacts = {
  subject: 'member',
  inHistory: true,
  vault: 'unknown',
  today: '2026-03-01',
};
const appointedMember: NameRecordingFacts = { ...nominatedMember, subject: 'committee-member' };
const forCertificates = { purpose: 'certificates', consentGivenOn: '2026-02-27' };

describe('recording a name', () => {
  it('given a nominated member the vault does not know, when their name is recorded for certificates with consent given earlier, then it is recorded', () => {
    expect(outcomeOf(() => decideNameRecording(forCertificates, nominatedMember))).toBe('recorded');
  });

  it('given a member whose name the vault holds, when it is recorded again, then it is a correction', () => {
    expect(
      outcomeOf(() => decideNameRecording(forCertificates, { ...nominatedMember, vault: 'known' })),
    ).toBe('corrected');
  });

  it('given consent given today, when the name is recorded, then it is recorded (today has come)', () => {
    expect(
      outcomeOf(() =>
        decideNameRecording({ ...forCertificates, consentGivenOn: '2026-03-01' }, nominatedMember),
      ),
    ).toBe('recorded');
  });

  it('given consent dated tomorrow, when the name is recorded, then it is refused naming consent.givenOn', () => {
    expect(
      outcomeOf(() =>
        decideNameRecording({ ...forCertificates, consentGivenOn: '2026-03-02' }, nominatedMember),
      ),
    ).toBe('invalid CONSENT_IN_THE_FUTURE consent.givenOn');
  });

  it("given a member, when their name is recorded for the committee's minutes, then it is refused naming the purpose", () => {
    expect(
      outcomeOf(() =>
        decideNameRecording({ ...forCertificates, purpose: 'committee-minutes' }, nominatedMember),
      ),
    ).toBe('invalid PURPOSE_NOT_OF_SUBJECT purpose');
  });

  it('given a committee member, when their name is recorded for the minutes, then it is recorded; for certificates, refused', () => {
    expect(
      outcomeOf(() =>
        decideNameRecording({ ...forCertificates, purpose: 'committee-minutes' }, appointedMember),
      ),
    ).toBe('recorded');
    expect(outcomeOf(() => decideNameRecording(forCertificates, appointedMember))).toBe(
      'invalid PURPOSE_NOT_OF_SUBJECT purpose',
    );
  });

  it('given an erased person, when their name is recorded again, then it is refused: what was forgotten stays forgotten', () => {
    expect(
      outcomeOf(() => decideNameRecording(forCertificates, { ...nominatedMember, vault: 'erased' })),
    ).toBe('conflict PERSON_ERASED ');
  });

  it('given a person the history does not know in that capacity, when a name is recorded, then 404 for a member and for a committee member', () => {
    expect(
      outcomeOf(() => decideNameRecording(forCertificates, { ...nominatedMember, inHistory: false })),
    ).toBe('not-found MEMBER_NOT_NOMINATED ');
    expect(
      outcomeOf(() =>
        decideNameRecording(
          { ...forCertificates, purpose: 'committee-minutes' },
          { ...appointedMember, inHistory: false },
        ),
      ),
    ).toBe('not-found NOT_A_COMMITTEE_MEMBER ');
  });
});

const recordedMember: NameAccessFacts = { subject: 'member', inHistory: true, vault: 'known' };
const recordedCommitteeMember: NameAccessFacts = { ...recordedMember, subject: 'committee-member' };

describe('reading a name', () => {
  it("given a recorded member, when the ministry, the region's coordinator or the association reads it, then it is read", () => {
    for (const as of ['ministry', 'coordinator', 'association'] as const) {
      expect(outcomeOf(() => decideNameReading({ as }, recordedMember))).toBeUndefined();
    }
  });

  it('given a recorded committee member, when they read their own name, then it is read; another committee member is refused', () => {
    expect(
      outcomeOf(() => decideNameReading({ as: 'committee-member', self: true }, recordedCommitteeMember)),
    ).toBeUndefined();
    expect(
      outcomeOf(() => decideNameReading({ as: 'committee-member', self: false }, recordedCommitteeMember)),
    ).toBe('forbidden NOT_THE_PERSON ');
  });

  it('given a member whose name was never recorded, when it is read, then 404 NO_NAME_RECORDED; an erased one is read (as erased)', () => {
    expect(
      outcomeOf(() => decideNameReading({ as: 'ministry' }, { ...recordedMember, vault: 'unknown' })),
    ).toBe('not-found NO_NAME_RECORDED ');
    expect(
      outcomeOf(() => decideNameReading({ as: 'ministry' }, { ...recordedMember, vault: 'erased' })),
    ).toBeUndefined();
  });
});

describe('erasing a name', () => {
  it('given a recorded member, when the ministry or their association (on their request) erases it, then it is erased', () => {
    expect(outcomeOf(() => decideErasure({ as: 'ministry' }, recordedMember))).toBe('erased');
    expect(outcomeOf(() => decideErasure({ as: 'association' }, recordedMember))).toBe('erased');
  });

  it("given a recorded member, when the region's coordinator erases it, then it is refused: the person or the ministry only", () => {
    expect(outcomeOf(() => decideErasure({ as: 'coordinator' }, recordedMember))).toBe(
      'forbidden NOT_THE_PERSON ',
    );
  });

  it('given a recorded committee member, when they erase their own name, then it is erased; another committee member is refused', () => {
    expect(
      outcomeOf(() => decideErasure({ as: 'committee-member', self: true }, recordedCommitteeMember)),
    ).toBe('erased');
    expect(
      outcomeOf(() => decideErasure({ as: 'committee-member', self: false }, recordedCommitteeMember)),
    ).toBe('forbidden NOT_THE_PERSON ');
  });

  it('given an erased name, when it is erased again, then nothing more happens; a name never recorded is a 404', () => {
    expect(outcomeOf(() => decideErasure({ as: 'ministry' }, { ...recordedMember, vault: 'erased' }))).toBe(
      'already-erased',
    );
    expect(outcomeOf(() => decideErasure({ as: 'ministry' }, { ...recordedMember, vault: 'unknown' }))).toBe(
      'not-found NO_NAME_RECORDED ',
    );
  });
});
