import { describe, it } from 'vitest';
import type { RolloutEvent } from '../../../../../events/rollout/index.js';
import type { AgreementParty } from '../../../../../events/rollout/schemas.js';
import { agreementDecider } from '../../../../../functions/domain/agreements/agreements.js';
import type { SignAgreement } from '../../../../../functions/domain/agreements/commands.js';
import { given } from '../../../../support/given-when-then.js';

// A beneficiary association signs its grant convention in its portal
// (docs/adr/0120-association-signs-its-convention.md): the party is the association, by its id;
// the account that signs holds the `association` role for it (its token's claim, a fact the route
// gives), and signs in its legal representative's capacity, the convention's one text, on a day.

const agreementId = 'convention-sefrou-12';
const ministry: AgreementParty = { partyId: 'signatory-ministry', role: 'ministry' };
const beneficiary: AgreementParty = { partyId: 'association-sefrou-12', role: 'beneficiary-association' };
const drafted: RolloutEvent = {
  type: 'AgreementDrafted',
  data: {
    agreementId,
    kind: 'grant-convention',
    rolloutId: 'rollout-fm-2025',
    title: { fr: 'Convention de subvention', ar: 'اتفاقية الدعم' },
    parties: [ministry, beneficiary],
  },
};
const now = '2026-03-01T09:00:00.000Z';
const text = { sha256: 'c'.repeat(64), documentId: 'doc-convention-sefrou-12' };
const president = { office: 'president' as const, title: { fr: 'Président', ar: 'الرئيس' } };
const delegate = {
  office: 'ministry-delegate' as const,
  title: { fr: 'Directeur de l’économie sociale', ar: 'مدير الاقتصاد الاجتماعي' },
};
const portalAccount = { actor: { id: 'portal-sefrou-12', role: 'association' as const }, now };
const sign = (data: SignAgreement['data'], actingAssociation?: string): SignAgreement => ({
  type: 'SignAgreement',
  data,
  ...(actingAssociation === undefined ? {} : { facts: { actingAssociation } }),
});
const ministrySigned: RolloutEvent = {
  type: 'AgreementSigned',
  data: {
    agreementId,
    partyId: ministry.partyId,
    role: 'ministry',
    signedAt: '2026-02-27T09:00:00.000Z',
    capacity: delegate,
    text,
    lateEntry: null,
  },
};

describe('an association signs its grant convention', () => {
  it('signs as the beneficiary party, in its president’s capacity, the text the ministry signed; in force', () => {
    given(agreementDecider, [drafted, ministrySigned])
      .when(sign({ capacity: president, text }, beneficiary.partyId), portalAccount)
      .then([
        {
          type: 'AgreementSigned',
          data: {
            agreementId,
            partyId: 'association-sefrou-12',
            role: 'beneficiary-association',
            signedAt: now,
            capacity: president,
            text,
            lateEntry: null,
          },
        },
        {
          type: 'AgreementInForceRecorded',
          data: { agreementId, kind: 'grant-convention', rolloutId: 'rollout-fm-2025', inForceAt: now },
        },
      ]);
  });

  it('refuses another association: it is no party', () => {
    given(agreementDecider, [drafted])
      .when(sign({ capacity: president, text }, 'association-fes-3'), portalAccount)
      .thenRefuses('AGREEMENT_SIGNER_NOT_A_PARTY', 'forbidden');
  });

  it('refuses staff signing for the association, even an account named as the party', () => {
    given(agreementDecider, [drafted])
      .when(sign({ capacity: president, text }), {
        actor: { id: 'association-sefrou-12', role: 'ministry' },
        now,
      })
      .thenRefuses('AGREEMENT_SIGNER_CAPACITY_MISMATCH', 'forbidden');
  });

  it('refuses an office that is not an association’s, and a text other than the one signed', () => {
    given(agreementDecider, [drafted])
      .when(sign({ capacity: delegate, text }, beneficiary.partyId), portalAccount)
      .thenRefuses('SIGNER_CAPACITY_NOT_FOR_PARTY', 'invalid');
    given(agreementDecider, [drafted, ministrySigned])
      .when(
        sign({ capacity: president, text: { ...text, sha256: 'd'.repeat(64) } }, beneficiary.partyId),
        portalAccount,
      )
      .thenRefuses('AGREEMENT_TEXT_MISMATCH', 'conflict');
  });

  it('refuses a second signature of the association', () => {
    const associationSigned: RolloutEvent = {
      type: 'AgreementSigned',
      data: {
        agreementId,
        partyId: beneficiary.partyId,
        role: 'beneficiary-association',
        signedAt: now,
        capacity: president,
        text,
        lateEntry: null,
      },
    };
    given(agreementDecider, [drafted, associationSigned])
      .when(sign({ capacity: president, text }, beneficiary.partyId), portalAccount)
      .thenRefuses('AGREEMENT_ALREADY_SIGNED', 'conflict');
  });
});
