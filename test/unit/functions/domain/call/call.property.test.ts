import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CallEvent } from '../../../../../events/selection/index.js';
import type { EligibilityRule } from '../../../../../events/selection/parts.js';
import {
  type CallState,
  callDecider,
  failedEligibilityRules,
} from '../../../../../functions/domain/call/call.js';
import type { CallCommand } from '../../../../../functions/domain/call/commands.js';
import { isDomainError } from '../../../../../functions/domain/shared/errors.js';

const callId = 'FM-2026-operator';
const openedAt = Date.parse('2026-01-12T09:00:00.000Z');
const deadline = '2026-02-06T16:00:00.000Z';
const rules: EligibilityRule[] = [
  {
    ruleId: 'final-receipt',
    label: { fr: 'Récépissé définitif', ar: 'الوصل النهائي' },
    requirement: { kind: 'declared' },
  },
  {
    ruleId: 'years-of-existence',
    label: { fr: "Années d'existence", ar: 'الأقدمية' },
    requirement: { kind: 'at-least', minimum: 3 },
  },
];

/** A command at some minutes after the previous one (time only moves forward). */
const step = fc.record({
  minutesLater: fc.integer({ min: 0, max: 20_000 }),
  command: fc.oneof(
    fc.record({
      type: fc.constant('SubmitApplication' as const),
      associationId: fc.constantFrom('assoc-1', 'assoc-2', 'assoc-3', 'assoc-4'),
      finalReceipt: fc.option(fc.boolean(), { nil: undefined }),
      years: fc.option(fc.integer({ min: 0, max: 6 }), { nil: undefined }),
    }),
    fc.record({ type: fc.constant('CloseCall' as const) }),
    fc.record({ type: fc.constant('OpenCall' as const) }),
  ),
});

type GeneratedStep = typeof step extends fc.Arbitrary<infer S> ? S : never;

const toCommand = (generated: GeneratedStep['command']): CallCommand => {
  switch (generated.type) {
    case 'OpenCall':
      return {
        type: 'OpenCall',
        data: {
          callId,
          purpose: 'regional-operator',
          rolloutId: 'rollout-FM-2026',
          regionCode: 'FM',
          title: { fr: 'Appel', ar: 'طلب' },
          deadline,
          eligibilityRules: rules,
        },
      };
    case 'CloseCall':
      return { type: 'CloseCall', data: { callId } };
    case 'SubmitApplication': {
      const declaredFacts: Record<string, boolean | number> = {};
      if (generated.finalReceipt !== undefined) declaredFacts['final-receipt'] = generated.finalReceipt;
      if (generated.years !== undefined) declaredFacts['years-of-existence'] = generated.years;
      return {
        type: 'SubmitApplication',
        data: {
          callId,
          associationId: generated.associationId,
          associationName: { fr: 'Association', ar: 'جمعية' },
          province: 'Fès',
          declaredFacts,
        },
      };
    }
  }
};

/** The invariants of a call, checked on its whole history. */
const checkInvariants = (history: readonly CallEvent[], state: CallState) => {
  if (state.status === 'not-opened') {
    expect(history).toEqual([]);
    return;
  }
  const associations = state.applications.map((application) => application.associationId);
  expect(new Set(associations).size).toBe(associations.length);
  const submittedFacts = new Map(
    history.flatMap((event) =>
      event.type === 'ApplicationSubmitted'
        ? [[event.data.applicationId, event.data.declaredFacts] as const]
        : [],
    ),
  );
  for (const application of state.applications) {
    const late = Date.parse(application.submittedAt) > Date.parse(state.deadline);
    const failed = failedEligibilityRules(
      state.eligibilityRules,
      submittedFacts.get(application.applicationId) ?? {},
    );
    if (late) expect(application.refusal?.reason).toBe('late');
    else if (failed.length > 0)
      expect(application.refusal).toEqual({
        reason: 'ineligible',
        failedRuleIds: failed.map((rule) => rule.ruleId),
      });
    else expect(application.refusal).toBeNull();
  }
  const closings = history.filter((event) => event.type === 'CallClosed');
  expect(closings.length).toBeLessThanOrEqual(1);
  expect(state.status === 'closed').toBe(closings.length === 1);
  for (const closing of closings) {
    const { received, refusedLate, refusedIneligible, eligibleApplicationIds, closedAt } = closing.data;
    expect(Date.parse(closedAt)).toBeGreaterThanOrEqual(Date.parse(state.deadline));
    expect(received).toBe(refusedLate + refusedIneligible + eligibleApplicationIds.length);
    // Once closed, the eligible files never change.
    expect(
      state.applications.filter((application) => application.refusal === null).map((a) => a.applicationId),
    ).toEqual(eligibleApplicationIds);
  }
};

describe('a call, whatever commands it receives', () => {
  it('keeps one application per association, refuses late and ineligible files, and freezes its files once closed', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 25 }), (steps) => {
        let state = callDecider.initialState();
        const history: CallEvent[] = [];
        let now = openedAt;
        let nextId = 0;
        for (const { minutesLater, command } of steps) {
          now += minutesLater * 60_000;
          try {
            const events = callDecider.decide(toCommand(command), state, {
              now: new Date(now).toISOString(),
              newId: () => `file-${++nextId}`,
              actor: { id: 'user-ministry-1', role: 'ministry' },
            });
            history.push(...events);
            state = events.reduce(callDecider.evolve, state);
          } catch (error) {
            if (!isDomainError(error)) throw error;
          }
          checkInvariants(history, state);
        }
      }),
      { numRuns: 200 },
    );
  });
});
