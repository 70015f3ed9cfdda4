import { describe, expect, it } from 'vitest';
import type { AssociationEvent } from '../../../../../events/associations/index.js';
import {
  associationDecider,
  evolve,
  initialState,
  verifiedAssociation,
} from '../../../../../functions/domain/associations/association.js';
import type { RegisterAssociation } from '../../../../../functions/domain/associations/commands.js';
import { fold } from '../../../../../functions/domain/shared/decider.js';
import { isDomainError } from '../../../../../functions/domain/shared/errors.js';
import { given } from '../../../../support/given-when-then.js';

// An association declares its identity; the ministry verifies it (or refuses, with a reason, and
// the association declares it again); only a verified association may apply to a call.

const NOW = '2026-03-01T09:00:00.000Z';

const register: RegisterAssociation = {
  type: 'RegisterAssociation',
  data: {
    associationId: 'assoc-sefrou-nour',
    registrationNumber: 'FM/SEF/2019-0142',
    name: { fr: 'Association Nour Sefrou', ar: 'جمعية نور صفرو' },
    seat: { street: '12, rue Al Massira', province: 'Sefrou', regionCode: 'FM' },
    legalRepresentative: {
      personId: 'legal-representative-assoc-sefrou-nour',
      function: { fr: 'Présidente', ar: 'الرئيسة' },
    },
  },
};

const registered: AssociationEvent = {
  type: 'AssociationRegistered',
  data: { ...register.data, registeredAt: '2026-02-27T10:00:00.000Z' },
};
const verified: AssociationEvent = {
  type: 'AssociationVerified',
  data: { associationId: 'assoc-sefrou-nour', registrationNumber: 'FM/SEF/2019-0142', verifiedAt: NOW },
};
const reason = { fr: 'Le numéro ne figure pas au registre.', ar: 'الرقم غير مسجل.' };
const refused: AssociationEvent = {
  type: 'AssociationVerificationRefused',
  data: {
    associationId: 'assoc-sefrou-nour',
    registrationNumber: 'FM/SEF/2019-0142',
    reason,
    refusedAt: NOW,
  },
};

const verify = { type: 'VerifyAssociation', data: { associationId: 'assoc-sefrou-nour' } } as const;
const refuse = {
  type: 'RefuseAssociationVerification',
  data: { associationId: 'assoc-sefrou-nour', reason },
} as const;

describe('an association registers', () => {
  it('records its declared identity, stamped now', () => {
    given(associationDecider, [])
      .when(register)
      .then([
        {
          type: 'AssociationRegistered',
          data: {
            associationId: 'assoc-sefrou-nour',
            registrationNumber: 'FM/SEF/2019-0142',
            name: { fr: 'Association Nour Sefrou', ar: 'جمعية نور صفرو' },
            seat: { street: '12, rue Al Massira', province: 'Sefrou', regionCode: 'FM' },
            legalRepresentative: {
              personId: 'legal-representative-assoc-sefrou-nour',
              function: { fr: 'Présidente', ar: 'الرئيسة' },
            },
            registeredAt: NOW,
          },
        },
      ]);
  });

  it('is refused a seat in a province of another region', () => {
    given(associationDecider, [])
      .when({
        ...register,
        data: { ...register.data, seat: { ...register.data.seat, province: 'Agadir Ida-Outanane' } },
      })
      .thenRefuses('PROVINCE_NOT_IN_REGION', 'invalid');
  });

  it('declares once: again while pending or once verified is refused', () => {
    given(associationDecider, [registered])
      .when(register)
      .thenRefuses('ASSOCIATION_ALREADY_REGISTERED', 'conflict');
    given(associationDecider, [registered, verified])
      .when(register)
      .thenRefuses('ASSOCIATION_ALREADY_REGISTERED', 'conflict');
  });

  it('declares again, corrected, after a refusal; the new declaration awaits verification', () => {
    const again = { ...register, data: { ...register.data, registrationNumber: 'FM/SEF/2019-0143' } };
    given(associationDecider, [registered, refused])
      .when(again)
      .then([{ type: 'AssociationRegistered', data: { ...again.data, registeredAt: NOW } }]);
    const state = fold(associationDecider, [
      registered,
      refused,
      { type: 'AssociationRegistered', data: { ...again.data, registeredAt: NOW } },
    ]);
    expect(state).toMatchObject({ status: 'pending', registrationNumber: 'FM/SEF/2019-0143', refusal: null });
  });
});

describe('the ministry verifies it', () => {
  it('verifies a pending declaration, naming the number it checked', () => {
    given(associationDecider, [registered]).when(verify).then([verified]);
  });

  it('refuses to verify, with the reason the association reads', () => {
    given(associationDecider, [registered]).when(refuse).then([refused]);
    expect(fold(associationDecider, [registered, refused])).toMatchObject({
      status: 'refused',
      refusal: reason,
    });
  });

  it('cannot verify an association that never registered', () => {
    given(associationDecider, []).when(verify).thenRefuses('ASSOCIATION_NOT_REGISTERED', 'not-found');
    given(associationDecider, []).when(refuse).thenRefuses('ASSOCIATION_NOT_REGISTERED', 'not-found');
  });

  it('verifies once, and refuses only a declaration awaiting it', () => {
    given(associationDecider, [registered, verified])
      .when(verify)
      .thenRefuses('ASSOCIATION_ALREADY_VERIFIED', 'conflict');
    given(associationDecider, [registered, verified])
      .when(refuse)
      .thenRefuses('ASSOCIATION_ALREADY_VERIFIED', 'conflict');
    given(associationDecider, [registered, refused])
      .when(verify)
      .thenRefuses('ASSOCIATION_NOT_PENDING', 'conflict');
  });
});

describe('only a verified association may apply', () => {
  const codeOf = (events: readonly AssociationEvent[]) => {
    try {
      verifiedAssociation(events.reduce(evolve, initialState()), 'assoc-sefrou-nour');
      return 'may apply';
    } catch (error) {
      return isDomainError(error) ? error.code : String(error);
    }
  };

  it('refuses one never registered, one pending and one refused; lets a verified one apply', () => {
    expect(codeOf([])).toBe('ASSOCIATION_NOT_REGISTERED');
    expect(codeOf([registered])).toBe('ASSOCIATION_NOT_VERIFIED');
    expect(codeOf([registered, refused])).toBe('ASSOCIATION_NOT_VERIFIED');
    expect(codeOf([registered, verified])).toBe('may apply');
  });
});
