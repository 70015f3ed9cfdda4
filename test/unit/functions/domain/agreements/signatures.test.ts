import { describe, expect, it } from 'vitest';
import type { RolloutEvent } from '../../../../../events/rollout/index.js';
import type { AgreementParty } from '../../../../../events/rollout/schemas.js';
import {
  agreementDecider,
  rolloutAgreementId,
} from '../../../../../functions/domain/agreements/agreements.js';
import {
  type SignAgreement,
  SignAgreementInput,
} from '../../../../../functions/domain/agreements/commands.js';
import { given } from '../../../../support/given-when-then.js';

// Issue 20, item 7 (docs/adr/0094-signatures-record-capacity-date-and-text.md): a signature records
// the signer's capacity, the day it was made (a fact's date, ADR 0080/0081) and the text it covers.

const rolloutId = 'rollout-FM-2023';
const agreementId = rolloutAgreementId(rolloutId, 'regional-partnership');
const ministry: AgreementParty = { partyId: 'signatory-ministry', role: 'ministry' };
const wali: AgreementParty = { partyId: 'signatory-wilaya-fm', role: 'wali' };
const council: AgreementParty = { partyId: 'signatory-council-fm', role: 'regional-council' };
const drafted: RolloutEvent = {
  type: 'AgreementDrafted',
  data: {
    agreementId,
    kind: 'regional-partnership',
    rolloutId,
    title: { fr: 'Convention régionale 2023', ar: 'الاتفاقية الجهوية 2023' },
    parties: [ministry, wali, council],
  },
};
const now = '2026-03-01T09:00:00.000Z';
const text = { sha256: 'a'.repeat(64), documentId: 'doc-convention-fm-2023' };
const vicePresident = {
  office: 'council-vice-president' as const,
  title: { fr: 'Vice-président du Conseil de la Région', ar: 'نائب رئيس مجلس الجهة' },
};
const waliCapacity = { office: 'wali' as const, title: { fr: 'Wali de la Région', ar: 'والي الجهة' } };
const reason = { fr: 'Convention de 2023 saisie avec ses dates réelles', ar: 'اتفاقية 2023 بتواريخها' };
const sign = (data: SignAgreement['data']): SignAgreement => ({ type: 'SignAgreement', data });
const as = (party: AgreementParty, role: 'ministry' | 'signatory' = 'signatory') => ({
  actor: { id: party.partyId, role },
  now,
});
const signed = (
  party: AgreementParty,
  data: Partial<Extract<RolloutEvent, { type: 'AgreementSigned' }>['data']>,
): RolloutEvent => ({
  type: 'AgreementSigned',
  data: {
    agreementId,
    partyId: party.partyId,
    role: party.role,
    signedAt: now,
    capacity: null,
    text: null,
    lateEntry: null,
    ...data,
  },
});

describe('a signature records who signed, as what, when and which text', () => {
  it('records the Council’s vice-president, the day signed and the text signed', () => {
    given(agreementDecider, [drafted])
      .when(sign({ capacity: vicePresident, signedAt: '2026-02-20T10:00:00.000Z', text }), as(council))
      .then([signed(council, { capacity: vicePresident, signedAt: '2026-02-20T10:00:00.000Z', text })]);
  });

  it('refuses a signature that states no capacity, naming the field (ADR 0129)', () => {
    // Act
    const parsed = SignAgreementInput.safeParse({ signedAt: '2026-02-20T10:00:00.000Z', text });
    // Assess
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((issue) => [issue.path.join('.'), issue.code])).toEqual([
      ['capacity', 'invalid_type'],
    ]);
    expect(SignAgreementInput.safeParse({ capacity: waliCapacity }).success).toBe(true);
  });

  it('refuses a capacity that is not the party’s, naming the field', () => {
    given(agreementDecider, [drafted])
      .when(sign({ capacity: { ...waliCapacity, office: 'president' } }), as(wali))
      .thenRefuses('SIGNER_CAPACITY_NOT_FOR_PARTY', 'invalid');
    given(agreementDecider, [drafted])
      .when(sign({ capacity: waliCapacity }), as(council))
      .thenRefuses('SIGNER_CAPACITY_NOT_FOR_PARTY', 'invalid');
  });

  it('refuses a signature of another text than the one signed before', () => {
    given(agreementDecider, [drafted, signed(ministry, { text })])
      .when(sign({ capacity: waliCapacity, text: { ...text, sha256: 'b'.repeat(64) } }), as(wali))
      .thenRefuses('AGREEMENT_TEXT_MISMATCH', 'conflict');
  });

  it('puts the agreement in force from the last signature’s day, not the day it is recorded', () => {
    const history = [
      drafted,
      signed(ministry, { signedAt: '2026-02-18T10:00:00.000Z' }),
      signed(wali, { signedAt: '2026-02-25T10:00:00.000Z' }),
    ];
    given(agreementDecider, history)
      .when(sign({ capacity: vicePresident, signedAt: '2026-02-20T10:00:00.000Z' }), as(council))
      .then([
        signed(council, { capacity: vicePresident, signedAt: '2026-02-20T10:00:00.000Z' }),
        {
          type: 'AgreementInForceRecorded',
          data: {
            agreementId,
            kind: 'regional-partnership',
            rolloutId,
            inForceAt: '2026-02-25T10:00:00.000Z',
          },
        },
      ]);
  });
});

describe('the day a signature was made', () => {
  it('refuses a day after the moment it is recorded', () => {
    given(agreementDecider, [drafted])
      .when(sign({ capacity: waliCapacity, signedAt: '2026-03-01T09:00:00.001Z' }), as(wali))
      .thenRefuses('FACT_DATE_IN_FUTURE', 'invalid');
  });

  it('records a signature of three years ago with its reason, as a late entry', () => {
    given(agreementDecider, [drafted])
      .when(
        sign({ signedAt: '2023-03-02T11:00:00.000Z', capacity: waliCapacity, lateEntryReason: reason }),
        as(wali),
      )
      .then([
        signed(wali, { signedAt: '2023-03-02T11:00:00.000Z', capacity: waliCapacity, lateEntry: { reason } }),
      ]);
  });

  it('refuses a late signature without a reason, and a reason for a signature on time', () => {
    given(agreementDecider, [drafted])
      .when(sign({ capacity: waliCapacity, signedAt: '2026-01-20T11:00:00.000Z' }), as(wali))
      .thenRefuses('LATE_ENTRY_REASON_REQUIRED', 'invalid');
    given(agreementDecider, [drafted])
      .when(
        sign({ capacity: waliCapacity, signedAt: '2026-02-20T11:00:00.000Z', lateEntryReason: reason }),
        as(wali),
      )
      .thenRefuses('LATE_ENTRY_REASON_UNEXPECTED', 'invalid');
  });
});
