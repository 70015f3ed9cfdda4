import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeEvent } from '../../../../../events/catalog.js';
import type { EnrolmentCommand } from '../../../../../functions/domain/enrolment/commands.js';
import {
  type EnrolmentState,
  enrolmentDecider,
} from '../../../../../functions/domain/enrolment/enrolment.js';
import { isDomainError } from '../../../../../functions/domain/shared/errors.js';
import { testContext } from '../../../../support/given-when-then.js';

const rolloutId = 'fm-2025';
const facts = {
  associationTarget: 3,
  memberTarget: 2,
  regionProvinces: ['Fès', 'Sefrou'],
  beneficiaryList: null,
};
const associationId = fc.constantFrom('assoc-1', 'assoc-2', 'assoc-3', 'assoc-4');
const memberId = fc.constantFrom('m-1', 'm-2', 'm-3', 'm-4', 'm-5', 'm-6', 'm-7');

const command: fc.Arbitrary<EnrolmentCommand> = fc.oneof(
  fc.record({ associationId, province: fc.constantFrom('Fès', 'Sefrou', 'Agadir') }).map(
    ({ associationId, province }): EnrolmentCommand => ({
      type: 'EnrolBeneficiary',
      data: { rolloutId, associationId, name: { fr: associationId, ar: associationId }, province },
      facts,
    }),
  ),
  fc.record({ associationId, memberId, topic: fc.constantFrom('M1' as const, 'M2' as const) }).map(
    ({ associationId, memberId, topic }): EnrolmentCommand => ({
      type: 'NominateMember',
      data: { rolloutId, associationId, memberId, trainingTopic: topic },
    }),
  ),
  fc.constant<EnrolmentCommand>({ type: 'CloseEnrolment', data: { rolloutId } }),
);

/** The invariants this state breaks (none, we expect). */
const brokenInvariants = (state: EnrolmentState): string[] => {
  const broken: string[] = [];
  const ids = state.associations.map((association) => association.associationId);
  if (new Set(ids).size !== ids.length) broken.push('association enrolled twice');
  const members = state.associations.flatMap((association) =>
    association.members.map((member) => member.memberId),
  );
  if (new Set(members).size !== members.length) broken.push('member in two places');
  for (const association of state.associations) {
    if (association.members.length > association.memberTarget)
      broken.push(`too many members ${association.associationId}`);
    if (state.closed && association.members.length !== association.memberTarget) {
      broken.push(`closed while ${association.associationId} is incomplete`);
    }
  }
  return broken;
};

describe('enrolment, under any sequence of commands', () => {
  it('never exceeds its targets nor puts a member in two associations', () => {
    fc.assert(
      fc.property(fc.array(command, { maxLength: 40, size: 'max' }), (commands) => {
        let state = enrolmentDecider.initialState();
        const broken: string[] = [];
        for (const next of commands) {
          try {
            const events = enrolmentDecider.decide(next, state, testContext());
            // Every event a decision returns is one the catalog accepts.
            for (const event of events) encodeEvent(event);
            state = events.reduce(enrolmentDecider.evolve, state);
          } catch (error) {
            if (!isDomainError(error)) throw error;
          }
          broken.push(...brokenInvariants(state));
        }
        expect(broken).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });
});
