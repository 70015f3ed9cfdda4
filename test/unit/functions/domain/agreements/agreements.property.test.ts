import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RolloutEvent } from '../../../../../events/rollout/index.js';
import type { AgreementParty, PartyRole } from '../../../../../events/rollout/schemas.js';
import {
  type AgreementState,
  agreementDecider,
  isInForce,
  REQUIRED_PARTY_ROLES,
} from '../../../../../functions/domain/agreements/agreements.js';
import type { AgreementCommand } from '../../../../../functions/domain/agreements/commands.js';
import { isDomainError } from '../../../../../functions/domain/shared/errors.js';
import { testContext } from '../../../../support/given-when-then.js';
import { capacityOf } from '../../../../support/signer-capacity.js';

const people = ['p-1', 'p-2', 'p-3', 'p-4', 'p-5', 'outsider'];
const kinds = ['regional-partnership', 'partner', 'co-funding'] as const;
/** One party per role, distinct ids: drafts drawn from it are mostly valid. */
const pool: AgreementParty[] = [
  { partyId: 'p-1', role: 'ministry' },
  { partyId: 'p-2', role: 'wali' },
  { partyId: 'p-3', role: 'regional-council' },
  { partyId: 'p-4', role: 'operator' },
  { partyId: 'p-5', role: 'co-funder' },
];
const role = fc.constantFrom<PartyRole>('ministry', 'wali', 'regional-council', 'operator', 'co-funder');
const anyParties = fc.array(
  fc.record<AgreementParty>({ partyId: fc.constantFrom(...people.slice(0, 5)), role }),
  {
    maxLength: 6,
  },
);
const draft = fc.constantFrom(...kinds).chain((kind) =>
  fc.tuple(
    fc.constant(kind),
    fc.oneof(
      {
        weight: 3,
        arbitrary: fc
          .subarray(pool)
          .map((extra) => [
            ...pool.filter((party) =>
              (REQUIRED_PARTY_ROLES[kind] as readonly PartyRole[]).includes(party.role),
            ),
            ...extra.filter(
              (party) => !(REQUIRED_PARTY_ROLES[kind] as readonly PartyRole[]).includes(party.role),
            ),
          ]),
      },
      { weight: 1, arbitrary: anyParties },
    ),
  ),
);
const step = fc.oneof(
  { weight: 2, arbitrary: draft.map(([kind, parties]) => ({ draft: { kind, parties } }) as const) },
  { weight: 6, arbitrary: fc.constantFrom(...people).map((signer) => ({ signer }) as const) },
);

describe('an agreement, under any sequence of drafts and signatures', () => {
  it('holds only its parties’ signatures, each once, and is in force exactly when all signed', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 30, size: 'max' }), (steps) => {
        let state: AgreementState = agreementDecider.initialState();
        const recorded: RolloutEvent[] = [];
        for (const next of steps) {
          const command: AgreementCommand =
            'draft' in next
              ? {
                  type: 'DraftAgreement',
                  data: {
                    agreementId: 'rollout-FM-2026-partner',
                    kind: next.draft.kind,
                    title: { fr: 'Convention', ar: 'اتفاقية' },
                    parties: next.draft.parties,
                  },
                }
              : {
                  type: 'SignAgreement',
                  // The capacity of the signer's role in the agreement (any office, for one not a party).
                  data: {
                    capacity: capacityOf(
                      (state.status === 'none'
                        ? undefined
                        : state.parties.find((party) => party.partyId === next.signer)?.role) ?? 'ministry',
                    ),
                  },
                };
          const actorId = 'signer' in next ? next.signer : 'user-ministry-1';
          try {
            const events = agreementDecider.decide(
              command,
              state,
              // The Wali and the Regional Council sign as signatories; everyone else as the ministry.
              testContext({
                actor: {
                  id: actorId,
                  role: actorId === 'p-2' || actorId === 'p-3' ? 'signatory' : 'ministry',
                },
              }),
            );
            recorded.push(...events);
            state = events.reduce(agreementDecider.evolve, state);
          } catch (error) {
            if (!isDomainError(error)) throw error;
          }
        }
        if (state.status === 'none') return;
        const partyIds = state.parties.map((party) => party.partyId);
        expect(new Set(partyIds).size).toBe(partyIds.length);
        expect(partyIds.length).toBeGreaterThanOrEqual(2);
        expect(new Set(state.signedBy).size).toBe(state.signedBy.length);
        for (const signer of state.signedBy) expect(partyIds).toContain(signer);
        expect(isInForce(state)).toBe(state.signedBy.length === partyIds.length);
        expect(recorded.filter((event) => event.type === 'AgreementInForceRecorded').length).toBe(
          isInForce(state) ? 1 : 0,
        );
        expect(recorded.filter((event) => event.type === 'AgreementDrafted').length).toBe(1);
      }),
      { numRuns: 300 },
    );
  });
});
