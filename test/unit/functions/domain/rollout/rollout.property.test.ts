import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RolloutEvent } from '../../../../../events/rollout/index.js';
import type { RolloutPhase } from '../../../../../events/rollout/schemas.js';
import {
  DEFAULT_ROLLOUT_TARGETS,
  type RolloutCommand,
} from '../../../../../functions/domain/rollout/commands.js';
import {
  PHASE_ENTRY_CONDITIONS,
  ROLLOUT_PHASES,
  type RolloutState,
  rolloutDecider,
  targetInconsistencies,
} from '../../../../../functions/domain/rollout/rollout.js';
import { isDomainError } from '../../../../../functions/domain/shared/errors.js';
import { testContext } from '../../../../support/given-when-then.js';

/** The phase after each phase, written out rather than asked of the decider's module. */
const NEXT_PHASE: Readonly<Record<RolloutPhase, RolloutPhase | null>> = {
  launch: 'regional-agreement',
  'regional-agreement': 'call-for-interest',
  'call-for-interest': 'committee-selection',
  'committee-selection': 'partner-agreement',
  'partner-agreement': 'enrolment',
  enrolment: 'axis-1-training',
  'axis-1-training': 'axis-2-trainers-and-hub',
  'axis-2-trainers-and-hub': 'axis-3-grants',
  'axis-3-grants': 'closed',
  closed: null,
};

const reason = { fr: 'Motif', ar: 'سبب' };
const defaults = { ...DEFAULT_ROLLOUT_TARGETS };
const phase = fc.constantFrom(...ROLLOUT_PHASES);
const smallCount = fc.integer({ min: 0, max: 200 });
const targets = fc.record({
  associations: fc.integer({ min: 1, max: 60 }),
  membersPerAssociation: fc.integer({ min: 1, max: 6 }),
  trainers: fc.integer({ min: 0, max: 40 }),
  horizon: fc.integer({ min: 1, max: 900 }),
});
const phaseFacts = fc.record(
  {
    regionalAgreementInForce: fc.boolean(),
    operatorCallClosed: fc.boolean(),
    operatorSelected: fc.boolean(),
    partnerAgreementInForce: fc.boolean(),
    enrolmentComplete: fc.boolean(),
    axisOneCompleted: fc.boolean(),
    competenceHubEstablished: fc.boolean(),
  },
  { requiredKeys: [] },
);
const everyFact = {
  regionalAgreementInForce: true,
  operatorCallClosed: true,
  operatorSelected: true,
  partnerAgreementInForce: true,
  enrolmentComplete: true,
  axisOneCompleted: true,
  competenceHubEstablished: true,
};
/** An offset in days from the command's clock, past or future. */
const deadlineOffset = fc.integer({ min: -5, max: 60 });

type CommandAt = (now: number, state: RolloutState) => RolloutCommand;
const dayMs = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();

const launch: fc.Arbitrary<CommandAt> = targets.map((t) => () => ({
  type: 'LaunchRollout',
  data: { regionCode: 'FM', edition: '2026', targets: t },
}));
const setTargets: fc.Arbitrary<CommandAt> = targets.map((t) => () => ({
  type: 'SetRolloutTargets',
  data: { targets: t },
}));
const advanceAnywhere: fc.Arbitrary<CommandAt> = fc
  .tuple(phase, phaseFacts, fc.option(deadlineOffset, { nil: undefined }))
  .map(([to, facts, offset]) => (now) => ({
    type: 'AdvanceRolloutPhase',
    data: offset === undefined ? { to } : { to, deadline: iso(now + offset * dayMs) },
    facts,
  }));
/** Aimed at the next phase, so that long runs reach the late phases and the close. */
const advanceToNext: fc.Arbitrary<CommandAt> = fc
  .tuple(phaseFacts, fc.boolean())
  .map(([facts, allHold]) => (_now, state) => ({
    type: 'AdvanceRolloutPhase',
    data: {
      to: (state.status === 'not-launched' ? 'regional-agreement' : NEXT_PHASE[state.phase]) ?? 'closed',
    },
    facts: allHold ? everyFact : facts,
  }));
const escalationReason = fc.constantFrom('wait-timed-out' as const, 'task-failed' as const);
const escalateAnyPhase: fc.Arbitrary<CommandAt> = fc.tuple(phase, escalationReason).map(([p, r]) => () => ({
  type: 'EscalateRollout',
  data: { phase: p, reason: r },
}));
const escalateCurrentPhase: fc.Arbitrary<CommandAt> = escalationReason.map((r) => (_now, state) => ({
  type: 'EscalateRollout',
  data: { phase: state.status === 'not-launched' ? 'launch' : state.phase, reason: r },
}));
const extend: fc.Arbitrary<CommandAt> = deadlineOffset.map((offset) => (now) => ({
  type: 'ExtendRolloutDeadline',
  data: { deadline: iso(now + offset * dayMs) },
}));
const cancel: fc.Arbitrary<CommandAt> = fc.constant(() => ({ type: 'CancelRollout', data: { reason } }));
const complete: fc.Arbitrary<CommandAt> = fc
  .tuple(fc.boolean(), fc.boolean(), smallCount, smallCount, smallCount, smallCount)
  .map(([grantsSettled, consistent, enrolled, rawCompleted, rawTrainers, rawPaid]) => {
    // Half the figures are made consistent, half are left as drawn (often contradictory).
    const completed = consistent ? Math.min(rawCompleted, enrolled) : rawCompleted;
    const trainers = consistent ? Math.min(rawTrainers, completed * 4) : rawTrainers;
    const paid = consistent ? Math.min(rawPaid * 1_000, 100_000) : rawPaid * 1_000;
    return () => ({
      type: 'CompleteRollout',
      data: {},
      facts: {
        grantsSettled,
        figures: {
          associationsEnrolled: enrolled,
          membersEnrolled: enrolled * 4,
          associationsCompletedAxisOne: completed,
          membersCompletedAxisOne: completed * 4,
          trainersCertified: trainers,
          cascadeAssociationsReached: 0,
          grantsAwarded: completed,
          grantsAwardedCentimes: 100_000,
          grantsPaidCentimes: paid,
        },
      },
    });
  });

const command: fc.Arbitrary<CommandAt> = fc.oneof(
  { arbitrary: launch, weight: 4 },
  { arbitrary: setTargets, weight: 2 },
  { arbitrary: advanceAnywhere, weight: 4 },
  { arbitrary: advanceToNext, weight: 24 },
  { arbitrary: escalateAnyPhase, weight: 2 },
  { arbitrary: escalateCurrentPhase, weight: 3 },
  { arbitrary: extend, weight: 4 },
  { arbitrary: cancel, weight: 1 },
  { arbitrary: complete, weight: 6 },
);
/** Most runs begin with a valid launch (a rollout that was never launched refuses everything). */
const commands = fc
  .tuple(fc.boolean(), fc.array(command, { minLength: 1, maxLength: 80, size: 'max' }))
  .map(([launchFirst, rest]): CommandAt[] =>
    launchFirst
      ? [
          () => ({ type: 'LaunchRollout', data: { regionCode: 'FM', edition: '2026', targets: defaults } }),
          ...rest,
        ]
      : rest,
  );

/** Runs commands in order, keeping each accepted decision; refusals must be domain errors. */
const run = (commands: readonly CommandAt[]) => {
  let state: RolloutState = rolloutDecider.initialState();
  const history: { command: RolloutCommand; before: RolloutState; events: RolloutEvent[] }[] = [];
  const start = Date.parse('2026-03-01T09:00:00.000Z');
  commands.forEach((make, index) => {
    const now = start + index * dayMs;
    const cmd = make(now, state);
    try {
      const events = rolloutDecider.decide(cmd, state, testContext({ now: iso(now) }));
      history.push({ command: cmd, before: state, events });
      state = events.reduce(rolloutDecider.evolve, state);
    } catch (error) {
      if (!isDomainError(error)) throw error;
    }
  });
  return { state, history };
};

describe('a rollout, under any sequence of commands', () => {
  it('moves forward one phase at a time, only when its condition holds, and never after it ended', () => {
    fc.assert(
      fc.property(commands, (sequence) => {
        const { state, history } = run(sequence);
        for (const { command: cmd, before, events } of history) {
          expect(events.length).toBeLessThanOrEqual(1);
          if (before.status === 'not-launched') continue;
          // Nothing is recorded once a rollout is closed or cancelled.
          expect(before.status).toBe('active');
          for (const event of events) {
            if (event.type === 'RolloutPhaseAdvanced') {
              expect(before.escalation).toBeNull();
              expect(event.data.from).toBe(before.phase);
              expect(event.data.to).toBe(NEXT_PHASE[before.phase]);
              const condition = PHASE_ENTRY_CONDITIONS[event.data.to as RolloutPhase];
              if (condition !== null && cmd.type === 'AdvanceRolloutPhase') {
                expect(cmd.facts?.[condition as keyof NonNullable<typeof cmd.facts>]).toBe(true);
              }
            }
            if (event.type === 'RolloutCompleted') {
              expect(before.phase).toBe('axis-3-grants');
              expect(before.escalation).toBeNull();
              expect(event.data.figures.grantsPaidCentimes).toBeLessThanOrEqual(
                event.data.figures.grantsAwardedCentimes,
              );
            }
            if (event.type === 'RolloutDeadlineExtended') expect(before.escalation).not.toBeNull();
          }
        }
        if (state.status !== 'not-launched') {
          expect(targetInconsistencies(state.targets)).toEqual([]);
          expect(state.phase === 'closed').toBe(state.status === 'closed');
          if (state.status !== 'active') expect(state.escalation).toBeNull();
          if (state.escalation) expect(state.escalation.phase).toBe(state.phase);
        }
      }),
      { numRuns: 200 },
    );
  });
});
