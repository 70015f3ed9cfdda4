import { describe, expect, it } from 'vitest';
import type { RolloutEvent } from '../../../../../events/rollout/index.js';
import type { AgreementParty } from '../../../../../events/rollout/schemas.js';
import {
  agreementDecider,
  agreementStreamId,
  isInForce,
  pendingSignatories,
  REQUIRED_PARTY_ROLES,
  rolloutAgreementId,
} from '../../../../../functions/domain/agreements/agreements.js';
import type { DraftAgreement } from '../../../../../functions/domain/agreements/commands.js';
import { fold } from '../../../../../functions/domain/shared/decider.js';
import { given } from '../../../../support/given-when-then.js';
import { capacityOf } from '../../../../support/signer-capacity.js';

const rolloutId = 'rollout-FM-2026';
const agreementId = rolloutAgreementId(rolloutId, 'regional-partnership');
const title = {
  fr: 'Convention de partenariat régionale – Fès-Meknès',
  ar: 'اتفاقية الشراكة الجهوية – فاس-مكناس',
};
const ministry: AgreementParty = { partyId: 'signatory-ministry', role: 'ministry' };
const wali: AgreementParty = { partyId: 'signatory-wilaya-fm', role: 'wali' };
const council: AgreementParty = { partyId: 'signatory-council-fm', role: 'regional-council' };
const parties = [ministry, wali, council];
const at = '2026-03-01T09:00:00.000Z';

const draft = (overrides: Partial<DraftAgreement['data']> = {}): DraftAgreement => ({
  type: 'DraftAgreement',
  data: { agreementId, kind: 'regional-partnership', rolloutId, title, parties, ...overrides },
});
const drafted: RolloutEvent = {
  type: 'AgreementDrafted',
  data: { agreementId, kind: 'regional-partnership', rolloutId, title, parties },
};
const signedBy = (party: AgreementParty): RolloutEvent => ({
  type: 'AgreementSigned',
  data: {
    agreementId,
    partyId: party.partyId,
    role: party.role,
    signedAt: at,
    capacity: capacityOf(party.role),
    text: null,
    lateEntry: null,
  },
});
const inForce: RolloutEvent = {
  type: 'AgreementInForceRecorded',
  data: { agreementId, kind: 'regional-partnership', rolloutId, inForceAt: at },
};
const oneOfEachRole: AgreementParty[] = [
  { partyId: 'p-ministry', role: 'ministry' },
  { partyId: 'p-wali', role: 'wali' },
  { partyId: 'p-council', role: 'regional-council' },
  { partyId: 'p-operator', role: 'operator' },
  { partyId: 'p-cofunder', role: 'co-funder' },
  { partyId: 'p-beneficiary', role: 'beneficiary-association' },
];
/** A signature in the capacity of a party of `party`'s role. */
const signAs = (party: AgreementParty) =>
  ({ type: 'SignAgreement', data: { capacity: capacityOf(party.role) } }) as const;
/** A party signing: the Wali and the Regional Council as signatories (issue 20). */
const actingAs = (party: AgreementParty) => ({
  actor: {
    id: party.partyId,
    role:
      party.role === 'wali' || party.role === 'regional-council'
        ? ('signatory' as const)
        : ('ministry' as const),
  },
});

describe('drawing up an agreement', () => {
  it('records its kind, rollout, title and parties', () => {
    given(agreementDecider, []).when(draft()).then([drafted]);
  });

  it('derives the id of a rollout agreement from the rollout and the kind', () => {
    expect(agreementId).toBe('rollout-FM-2026-regional-partnership');
    expect(rolloutAgreementId(rolloutId, 'co-funding', 'cofunder-ocp')).toBe(
      'rollout-FM-2026-co-funding-cofunder-ocp',
    );
    expect(agreementStreamId(agreementId)).toBe('agreement-rollout-FM-2026-regional-partnership');
  });

  it('accepts a national agreement with no rollout, and co-funders joining', () => {
    const coFunder: AgreementParty = { partyId: 'signatory-cofunder-1', role: 'co-funder' };
    given(agreementDecider, [])
      .when(draft({ rolloutId: undefined, parties: [...parties, coFunder] }))
      .then([
        {
          type: 'AgreementDrafted',
          data: {
            agreementId,
            kind: 'regional-partnership',
            rolloutId: null,
            title,
            parties: [...parties, coFunder],
          },
        },
      ]);
  });

  it('refuses fewer than two parties', () => {
    given(agreementDecider, [])
      .when(draft({ kind: 'co-funding', parties: [{ partyId: 'cofunder-1', role: 'co-funder' }] }))
      .thenRefuses('AGREEMENT_NEEDS_TWO_PARTIES', 'invalid');
  });

  it('refuses a party listed twice', () => {
    given(agreementDecider, [])
      .when(draft({ parties: [...parties, { ...wali, role: 'co-funder' }] }))
      .thenRefuses('AGREEMENT_PARTY_DUPLICATED', 'invalid');
  });

  it.each(Object.entries(REQUIRED_PARTY_ROLES))(
    'refuses a %s agreement missing a required role',
    (kind, roles) => {
      const missing = roles[0];
      const others = oneOfEachRole.filter((party) => party.role !== missing);
      given(agreementDecider, [])
        .when(draft({ kind: kind as DraftAgreement['data']['kind'], parties: others }))
        .thenRefuses('AGREEMENT_PARTY_ROLE_MISSING', 'invalid');
    },
  );

  it('draws up the partnership convention a grant above 50,000 MAD needs, with its beneficiary', () => {
    const conventionId = rolloutAgreementId(rolloutId, 'grant-convention', 'assoc-fm-07');
    const beneficiary: AgreementParty = { partyId: 'assoc-fm-07', role: 'beneficiary-association' };
    given(agreementDecider, [])
      .when(draft({ agreementId: conventionId, kind: 'grant-convention', parties: [ministry, beneficiary] }))
      .then([
        {
          type: 'AgreementDrafted',
          data: {
            agreementId: conventionId,
            kind: 'grant-convention',
            rolloutId,
            title,
            parties: [ministry, beneficiary],
          },
        },
      ]);
  });

  it('refuses to draw up the same agreement twice', () => {
    given(agreementDecider, [drafted]).when(draft()).thenRefuses('AGREEMENT_ALREADY_DRAFTED', 'conflict');
  });
});

describe('signing', () => {
  it('records a party’s signature, the acting party being the signer', () => {
    given(agreementDecider, [drafted])
      .when(signAs(wali), actingAs(wali))
      .then([signedBy(wali)]);
  });

  it('puts the agreement in force in the same decision as the last signature', () => {
    given(agreementDecider, [drafted, signedBy(ministry), signedBy(wali)])
      .when(signAs(council), actingAs(council))
      .then([signedBy(council), inForce]);
  });

  it('refuses a second signature by the same party', () => {
    given(agreementDecider, [drafted, signedBy(wali)])
      .when(signAs(wali), actingAs(wali))
      .thenRefuses('AGREEMENT_ALREADY_SIGNED', 'conflict');
    given(agreementDecider, [drafted, signedBy(ministry), signedBy(wali), signedBy(council), inForce])
      .when(signAs(ministry), actingAs(ministry))
      .thenRefuses('AGREEMENT_ALREADY_SIGNED', 'conflict');
  });

  it('refuses a signature by someone who is not a party', () => {
    given(agreementDecider, [drafted])
      .when(signAs(ministry), { actor: { id: 'user-ministry-2', role: 'ministry' } })
      .thenRefuses('AGREEMENT_SIGNER_NOT_A_PARTY', 'forbidden');
  });

  it('refuses the Wali’s or the Council’s signature made with another role (a coordinator’s account)', () => {
    given(agreementDecider, [drafted])
      .when(signAs(wali), { actor: { id: wali.partyId, role: 'coordinator' } })
      .thenRefuses('AGREEMENT_SIGNER_CAPACITY_MISMATCH', 'forbidden');
    given(agreementDecider, [drafted])
      .when(signAs(council), { actor: { id: council.partyId, role: 'ministry' } })
      .thenRefuses('AGREEMENT_SIGNER_CAPACITY_MISMATCH', 'forbidden');
  });

  it('refuses to sign an agreement that was never drawn up', () => {
    given(agreementDecider, [])
      .when(signAs(wali), actingAs(wali))
      .thenRefuses('AGREEMENT_NOT_FOUND', 'not-found');
  });
});

describe('isInForce and pendingSignatories', () => {
  it('are false and empty before the draft', () => {
    const state = fold(agreementDecider, []);
    expect(isInForce(state)).toBe(false);
    expect(pendingSignatories(state)).toEqual([]);
  });

  it('are false until every party signed, then true', () => {
    const partly = fold(agreementDecider, [drafted, signedBy(wali)]);
    expect(isInForce(partly)).toBe(false);
    expect(pendingSignatories(partly)).toEqual([ministry, council]);
    const whole = fold(agreementDecider, [
      drafted,
      signedBy(wali),
      signedBy(ministry),
      signedBy(council),
      inForce,
    ]);
    expect(isInForce(whole)).toBe(true);
    expect(pendingSignatories(whole)).toEqual([]);
  });

  it("ignore another aggregate's event", () => {
    const state = fold(agreementDecider, [drafted]);
    const waveStarted: RolloutEvent = {
      type: 'WaveStarted',
      data: {
        edition: '2026',
        waveNumber: 1,
        regionCode: 'FM',
        rolloutId,
        trigger: 'first-wave',
        previousRolloutId: null,
        previousPhase: null,
      },
    };
    expect(agreementDecider.evolve(state, waveStarted)).toBe(state);
  });
});
