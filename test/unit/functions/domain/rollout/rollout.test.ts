import { describe, expect, it } from 'vitest';
import type { RolloutEvent } from '../../../../../events/rollout/index.js';
import type { RolloutFigures, RolloutPhase } from '../../../../../events/rollout/schemas.js';
import {
  type AdvanceRolloutPhase,
  type CompleteRollout,
  DEFAULT_ROLLOUT_TARGETS,
  type LaunchRollout,
  LaunchRolloutInput,
  type RolloutPhaseFacts,
} from '../../../../../functions/domain/rollout/commands.js';
import {
  currentPhase,
  hasReachedPhase,
  isEscalated,
  nextPhase,
  PHASE_ENTRY_CONDITIONS,
  ROLLOUT_PHASES,
  rolloutDecider,
  rolloutStreamId,
  rolloutTargets,
} from '../../../../../functions/domain/rollout/rollout.js';
import { fold } from '../../../../../functions/domain/shared/decider.js';
import { given } from '../../../../support/given-when-then.js';

const rolloutId = 'rollout-FM-2026';
const targets = { ...DEFAULT_ROLLOUT_TARGETS };
const now = '2026-03-01T09:00:00.000Z';
const reason = { fr: 'Report décidé par le ministère', ar: 'تأجيل بقرار من الوزارة' };

const launched: RolloutEvent = {
  type: 'RolloutLaunched',
  data: { rolloutId, regionCode: 'FM', edition: '2026', targets, launchedAt: now, lateEntry: null },
};
const advanced = (from: RolloutPhase, to: RolloutPhase, deadline: string | null = null): RolloutEvent => ({
  type: 'RolloutPhaseAdvanced',
  data: { rolloutId, from, to, condition: PHASE_ENTRY_CONDITIONS[to], deadline },
});
/** The history of a rollout that reached `phase`, every condition having held. */
const reached = (phase: RolloutPhase): RolloutEvent[] => {
  const events: RolloutEvent[] = [launched];
  for (let index = 1; index <= ROLLOUT_PHASES.indexOf(phase); index += 1) {
    const from = ROLLOUT_PHASES[index - 1] as RolloutPhase;
    events.push(advanced(from, ROLLOUT_PHASES[index] as RolloutPhase));
  }
  return events;
};
const escalated = (phase: RolloutPhase, missedDeadline: string | null = null): RolloutEvent => ({
  type: 'RolloutEscalated',
  data: { rolloutId, phase, reason: 'wait-timed-out', since: '2026-02-28T00:00:00.000Z', missedDeadline },
});
const cancelled: RolloutEvent = {
  type: 'RolloutCancelled',
  data: { rolloutId, phase: 'launch', reason, wasEscalated: false },
};
const figures: RolloutFigures = {
  associationsEnrolled: 30,
  membersEnrolled: 120,
  associationsCompletedAxisOne: 29,
  membersCompletedAxisOne: 114,
  trainersCertified: 15,
  cascadeAssociationsReached: 212,
  grantsAwarded: 29,
  grantsAwardedCentimes: 145_000_000,
  grantsPaidCentimes: 131_000_000,
};
const completed: RolloutEvent = { type: 'RolloutCompleted', data: { rolloutId, targets, figures } };

const advance = (to: RolloutPhase, facts?: RolloutPhaseFacts, deadline?: string): AdvanceRolloutPhase => ({
  type: 'AdvanceRolloutPhase',
  data: deadline === undefined ? { to } : { to, deadline },
  ...(facts ? { facts } : {}),
});
const complete = (facts?: CompleteRollout['facts']): CompleteRollout => ({
  type: 'CompleteRollout',
  data: {},
  ...(facts ? { facts } : {}),
});

describe('launching a rollout', () => {
  it('launches a region for an edition, its id derived from both', () => {
    given(rolloutDecider, [])
      .when({ type: 'LaunchRollout', data: { regionCode: 'FM', edition: '2026', targets } })
      .then([launched]);
    expect(rolloutStreamId('FM', '2026')).toBe(rolloutId);
  });

  it("takes the program's targets by default (30 associations, 4 members, 15 trainers, horizon 600)", () => {
    const data = LaunchRolloutInput.parse({ regionCode: 'FM', edition: '2026' });
    given(rolloutDecider, []).when({ type: 'LaunchRollout', data }).then([launched]);
  });

  it('takes other targets as data', () => {
    const data = LaunchRolloutInput.parse({
      regionCode: 'MS',
      edition: '2026',
      targets: { associations: 40 },
    });
    given(rolloutDecider, [])
      .when({ type: 'LaunchRollout', data })
      .then([
        {
          type: 'RolloutLaunched',
          data: {
            rolloutId: 'rollout-MS-2026',
            regionCode: 'MS',
            edition: '2026',
            targets: { ...targets, associations: 40 },
            launchedAt: now,
            lateEntry: null,
          },
        },
      ]);
  });

  it('refuses to launch the same rollout twice', () => {
    given(rolloutDecider, [launched])
      .when({ type: 'LaunchRollout', data: { regionCode: 'FM', edition: '2026', targets } })
      .thenRefuses('ROLLOUT_ALREADY_LAUNCHED', 'conflict');
  });

  it('refuses more trainers than members trained', () => {
    given(rolloutDecider, [])
      .when({
        type: 'LaunchRollout',
        data: { regionCode: 'FM', edition: '2026', targets: { ...targets, trainers: 121 } },
      })
      .thenRefuses('ROLLOUT_TARGETS_INCONSISTENT', 'invalid');
  });

  it('refuses a horizon below the associations trained directly', () => {
    given(rolloutDecider, [])
      .when({
        type: 'LaunchRollout',
        data: { regionCode: 'FM', edition: '2026', targets: { ...targets, horizon: 20 } },
      })
      .thenRefuses('ROLLOUT_TARGETS_INCONSISTENT', 'invalid');
  });
});

describe('setting targets', () => {
  const revised = { ...targets, associations: 32 };

  it('records the new targets with the previous ones and the reason', () => {
    given(rolloutDecider, [launched])
      .when({ type: 'SetRolloutTargets', data: { targets: revised, reason } })
      .then([
        {
          type: 'RolloutTargetsSet',
          data: { rolloutId, targets: revised, previousTargets: targets, reason },
        },
      ]);
  });

  it('records nothing when the targets are unchanged', () => {
    given(rolloutDecider, [launched]).when({ type: 'SetRolloutTargets', data: { targets } }).then([]);
  });

  it('refuses before the launch', () => {
    given(rolloutDecider, [])
      .when({ type: 'SetRolloutTargets', data: { targets: revised } })
      .thenRefuses('ROLLOUT_NOT_LAUNCHED', 'not-found');
  });

  it('refuses inconsistent targets', () => {
    given(rolloutDecider, [launched])
      .when({ type: 'SetRolloutTargets', data: { targets: { ...targets, trainers: 500 } } })
      .thenRefuses('ROLLOUT_TARGETS_INCONSISTENT', 'invalid');
  });

  it('refuses once the rollout is cancelled or closed', () => {
    given(rolloutDecider, [launched, cancelled])
      .when({ type: 'SetRolloutTargets', data: { targets: revised } })
      .thenRefuses('ROLLOUT_ALREADY_CANCELLED', 'conflict');
    given(rolloutDecider, [...reached('axis-3-grants'), completed])
      .when({ type: 'SetRolloutTargets', data: { targets: revised } })
      .thenRefuses('ROLLOUT_ALREADY_CLOSED', 'conflict');
  });
});

describe('advancing through the phases', () => {
  it('exports the phases in program order', () => {
    expect(ROLLOUT_PHASES).toEqual([
      'launch',
      'regional-agreement',
      'call-for-interest',
      'committee-selection',
      'partner-agreement',
      'enrolment',
      'axis-1-training',
      'axis-2-trainers-and-hub',
      'axis-3-grants',
      'closed',
    ]);
  });

  it('moves from the launch to the regional agreement with no condition, recording the deadline', () => {
    given(rolloutDecider, [launched])
      .when(advance('regional-agreement', undefined, '2026-04-30T23:59:59.000Z'))
      .then([advanced('launch', 'regional-agreement', '2026-04-30T23:59:59.000Z')]);
  });

  const conditional = ROLLOUT_PHASES.filter(
    (phase): phase is Exclude<RolloutPhase, 'closed'> =>
      phase !== 'closed' && PHASE_ENTRY_CONDITIONS[phase] !== null,
  ).map((phase) => [phase, PHASE_ENTRY_CONDITIONS[phase] as keyof RolloutPhaseFacts] as const);

  it('names the condition of each phase, as program.md orders them', () => {
    expect(Object.fromEntries(conditional)).toEqual({
      'call-for-interest': 'regionalAgreementInForce',
      'committee-selection': 'operatorCallClosed',
      'partner-agreement': 'operatorSelected',
      enrolment: 'partnerAgreementInForce',
      'axis-1-training': 'enrolmentComplete',
      'axis-2-trainers-and-hub': 'axisOneCompleted',
      'axis-3-grants': 'competenceHubEstablished',
    });
  });

  describe.each(conditional)('entering %s', (phase, condition) => {
    const previous = ROLLOUT_PHASES[ROLLOUT_PHASES.indexOf(phase) - 1] as RolloutPhase;

    it(`moves on when ${condition} holds`, () => {
      given(rolloutDecider, reached(previous))
        .when(advance(phase, { [condition]: true }))
        .then([advanced(previous, phase)]);
    });

    it(`refuses when ${condition} does not hold`, () => {
      given(rolloutDecider, reached(previous))
        .when(advance(phase, { [condition]: false }))
        .thenRefuses('ROLLOUT_PHASE_CONDITION_NOT_MET', 'conflict');
    });

    it('refuses without facts', () => {
      given(rolloutDecider, reached(previous))
        .when(advance(phase))
        .thenRefuses('ROLLOUT_PHASE_CONDITION_NOT_MET');
    });
  });

  it("refuses another phase's fact in place of the one needed (the call needs the regional agreement)", () => {
    given(rolloutDecider, reached('regional-agreement'))
      .when(advance('call-for-interest', { partnerAgreementInForce: true, operatorCallClosed: true }))
      .thenRefuses('ROLLOUT_PHASE_CONDITION_NOT_MET', 'conflict');
  });

  it('refuses to skip a phase', () => {
    given(rolloutDecider, reached('regional-agreement'))
      .when(advance('committee-selection', { regionalAgreementInForce: true, operatorCallClosed: true }))
      .thenRefuses('ROLLOUT_PHASE_NOT_NEXT', 'conflict');
  });

  it('refuses to move backwards or stay in place', () => {
    given(rolloutDecider, reached('enrolment'))
      .when(advance('call-for-interest', { regionalAgreementInForce: true }))
      .thenRefuses('ROLLOUT_PHASE_NOT_NEXT', 'conflict');
    given(rolloutDecider, reached('enrolment'))
      .when(advance('enrolment', { partnerAgreementInForce: true }))
      .thenRefuses('ROLLOUT_PHASE_NOT_NEXT', 'conflict');
  });

  it('refuses to reach the close by advancing: closing is completion', () => {
    given(rolloutDecider, reached('axis-3-grants'))
      .when(advance('closed'))
      .thenRefuses('ROLLOUT_CLOSES_BY_COMPLETION', 'invalid');
  });

  it('refuses a deadline that is not in the future', () => {
    given(rolloutDecider, [launched])
      .when(advance('regional-agreement', undefined, now))
      .thenRefuses('ROLLOUT_DEADLINE_NOT_IN_FUTURE', 'invalid');
  });

  it('refuses while escalated', () => {
    given(rolloutDecider, [...reached('regional-agreement'), escalated('regional-agreement')])
      .when(advance('call-for-interest', { regionalAgreementInForce: true }))
      .thenRefuses('ROLLOUT_ESCALATED', 'conflict');
  });

  it('refuses before the launch, and once cancelled or closed', () => {
    given(rolloutDecider, [])
      .when(advance('regional-agreement'))
      .thenRefuses('ROLLOUT_NOT_LAUNCHED', 'not-found');
    given(rolloutDecider, [launched, cancelled])
      .when(advance('regional-agreement'))
      .thenRefuses('ROLLOUT_ALREADY_CANCELLED', 'conflict');
    given(rolloutDecider, [...reached('axis-3-grants'), completed])
      .when(advance('closed'))
      .thenRefuses('ROLLOUT_ALREADY_CLOSED', 'conflict');
  });
});

describe('escalating a phase whose wait timed out', () => {
  const deadline = '2026-02-28T00:00:00.000Z';

  it('records the phase, the reason, since when, and the deadline missed', () => {
    given(rolloutDecider, [launched, advanced('launch', 'regional-agreement', deadline)])
      .when({ type: 'EscalateRollout', data: { phase: 'regional-agreement', reason: 'wait-timed-out' } })
      .then([
        {
          type: 'RolloutEscalated',
          data: {
            rolloutId,
            phase: 'regional-agreement',
            reason: 'wait-timed-out',
            since: now,
            missedDeadline: deadline,
          },
        },
      ]);
  });

  it('records nothing when the same escalation is reported again', () => {
    given(rolloutDecider, [...reached('enrolment'), escalated('enrolment')])
      .when({ type: 'EscalateRollout', data: { phase: 'enrolment', reason: 'task-failed' } })
      .then([]);
  });

  it('refuses a timeout of a phase the rollout has left', () => {
    given(rolloutDecider, reached('enrolment'))
      .when({ type: 'EscalateRollout', data: { phase: 'partner-agreement', reason: 'wait-timed-out' } })
      .thenRefuses('ROLLOUT_PHASE_MISMATCH', 'conflict');
  });

  it('refuses before the launch and once cancelled', () => {
    given(rolloutDecider, [])
      .when({ type: 'EscalateRollout', data: { phase: 'launch', reason: 'wait-timed-out' } })
      .thenRefuses('ROLLOUT_NOT_LAUNCHED', 'not-found');
    given(rolloutDecider, [launched, cancelled])
      .when({ type: 'EscalateRollout', data: { phase: 'launch', reason: 'wait-timed-out' } })
      .thenRefuses('ROLLOUT_ALREADY_CANCELLED', 'conflict');
  });
});

describe('extending the deadline of an escalated phase', () => {
  const newDeadline = '2026-04-30T23:59:59.000Z';
  const history = [...reached('partner-agreement'), escalated('partner-agreement')];

  it('records the new deadline and lifts the escalation', () => {
    given(rolloutDecider, history)
      .when({ type: 'ExtendRolloutDeadline', data: { deadline: newDeadline, reason } })
      .then([
        {
          type: 'RolloutDeadlineExtended',
          data: {
            rolloutId,
            phase: 'partner-agreement',
            deadline: newDeadline,
            previousDeadline: null,
            reason,
          },
        },
      ]);
    const extended: RolloutEvent = {
      type: 'RolloutDeadlineExtended',
      data: {
        rolloutId,
        phase: 'partner-agreement',
        deadline: newDeadline,
        previousDeadline: null,
        reason: null,
      },
    };
    given(rolloutDecider, [...history, extended])
      .when(advance('enrolment', { partnerAgreementInForce: true }))
      .then([advanced('partner-agreement', 'enrolment')]);
  });

  it('refuses when the rollout is not escalated', () => {
    given(rolloutDecider, reached('partner-agreement'))
      .when({ type: 'ExtendRolloutDeadline', data: { deadline: newDeadline } })
      .thenRefuses('ROLLOUT_NOT_ESCALATED', 'conflict');
  });

  it('refuses a deadline in the past', () => {
    given(rolloutDecider, history)
      .when({ type: 'ExtendRolloutDeadline', data: { deadline: '2026-02-01T00:00:00.000Z' } })
      .thenRefuses('ROLLOUT_DEADLINE_NOT_IN_FUTURE', 'invalid');
  });

  it('refuses once cancelled', () => {
    const cancelledThere: RolloutEvent = {
      type: 'RolloutCancelled',
      data: { rolloutId, phase: 'partner-agreement', reason, wasEscalated: true },
    };
    given(rolloutDecider, [...history, cancelledThere])
      .when({ type: 'ExtendRolloutDeadline', data: { deadline: newDeadline } })
      .thenRefuses('ROLLOUT_ALREADY_CANCELLED', 'conflict');
  });
});

describe('cancelling a rollout', () => {
  it('records the reason and the phase reached', () => {
    given(rolloutDecider, reached('call-for-interest'))
      .when({ type: 'CancelRollout', data: { reason } })
      .then([
        {
          type: 'RolloutCancelled',
          data: { rolloutId, phase: 'call-for-interest', reason, wasEscalated: false },
        },
      ]);
  });

  it('may answer an escalation', () => {
    given(rolloutDecider, [...reached('enrolment'), escalated('enrolment')])
      .when({ type: 'CancelRollout', data: { reason } })
      .then([
        { type: 'RolloutCancelled', data: { rolloutId, phase: 'enrolment', reason, wasEscalated: true } },
      ]);
  });

  it('refuses twice, once closed, and before the launch', () => {
    given(rolloutDecider, [launched, cancelled])
      .when({ type: 'CancelRollout', data: { reason } })
      .thenRefuses('ROLLOUT_ALREADY_CANCELLED', 'conflict');
    given(rolloutDecider, [...reached('axis-3-grants'), completed])
      .when({ type: 'CancelRollout', data: { reason } })
      .thenRefuses('ROLLOUT_ALREADY_CLOSED', 'conflict');
    given(rolloutDecider, [])
      .when({ type: 'CancelRollout', data: { reason } })
      .thenRefuses('ROLLOUT_NOT_LAUNCHED');
  });
});

describe('completing a rollout', () => {
  it('closes from the grants phase, recording the figures against the targets', () => {
    given(rolloutDecider, reached('axis-3-grants'))
      .when(complete({ grantsSettled: true, figures }))
      .then([completed]);
  });

  it('refuses before the grants phase', () => {
    given(rolloutDecider, reached('axis-2-trainers-and-hub'))
      .when(complete({ grantsSettled: true, figures }))
      .thenRefuses('ROLLOUT_PHASE_NOT_NEXT', 'conflict');
  });

  it('refuses while grants are still in flight', () => {
    given(rolloutDecider, reached('axis-3-grants'))
      .when(complete({ grantsSettled: false, figures }))
      .thenRefuses('ROLLOUT_PHASE_CONDITION_NOT_MET', 'conflict');
    given(rolloutDecider, reached('axis-3-grants'))
      .when(complete())
      .thenRefuses('ROLLOUT_PHASE_CONDITION_NOT_MET');
  });

  it('refuses missing or malformed figures', () => {
    given(rolloutDecider, reached('axis-3-grants'))
      .when(complete({ grantsSettled: true, figures: { ...figures, trainersCertified: -1 } }))
      .thenRefuses('ROLLOUT_FIGURES_MISSING', 'invalid');
  });

  it('refuses figures that contradict each other', () => {
    given(rolloutDecider, reached('axis-3-grants'))
      .when(complete({ grantsSettled: true, figures: { ...figures, grantsPaidCentimes: 145_000_001 } }))
      .thenRefuses('ROLLOUT_FIGURES_INCONSISTENT', 'invalid');
    given(rolloutDecider, reached('axis-3-grants'))
      .when(complete({ grantsSettled: true, figures: { ...figures, membersCompletedAxisOne: 121 } }))
      .thenRefuses('ROLLOUT_FIGURES_INCONSISTENT', 'invalid');
  });

  it('refuses while escalated, and twice', () => {
    given(rolloutDecider, [...reached('axis-3-grants'), escalated('axis-3-grants')])
      .when(complete({ grantsSettled: true, figures }))
      .thenRefuses('ROLLOUT_ESCALATED', 'conflict');
    given(rolloutDecider, [...reached('axis-3-grants'), completed])
      .when(complete({ grantsSettled: true, figures }))
      .thenRefuses('ROLLOUT_ALREADY_CLOSED', 'conflict');
  });
});

describe('queries other modules use', () => {
  it('tell the phase, progress, targets and escalation', () => {
    const notLaunched = fold(rolloutDecider, []);
    expect(currentPhase(notLaunched)).toBeNull();
    expect(rolloutTargets(notLaunched)).toBeNull();
    expect(hasReachedPhase(notLaunched, 'launch')).toBe(false);

    const inEnrolment = fold(rolloutDecider, [...reached('enrolment'), escalated('enrolment')]);
    expect(currentPhase(inEnrolment)).toBe('enrolment');
    expect(hasReachedPhase(inEnrolment, 'partner-agreement')).toBe(true);
    expect(hasReachedPhase(inEnrolment, 'axis-1-training')).toBe(false);
    expect(rolloutTargets(inEnrolment)).toEqual(targets);
    expect(isEscalated(inEnrolment)).toBe(true);

    const closed = fold(rolloutDecider, [...reached('axis-3-grants'), completed]);
    expect(currentPhase(closed)).toBe('closed');
    expect(nextPhase('closed')).toBeNull();
  });

  it("leave the state unchanged on another aggregate's event", () => {
    const state = fold(rolloutDecider, reached('call-for-interest'));
    const signed: RolloutEvent = {
      type: 'AgreementSigned',
      data: {
        agreementId: 'a-1',
        partyId: 'p-1',
        role: 'wali',
        signedAt: now,
        capacity: null,
        text: null,
        lateEntry: null,
      },
    };
    expect(rolloutDecider.evolve(state, signed)).toBe(state);
  });
});

describe('a past edition launched from its files (ADR 0135)', () => {
  const reason = { fr: 'Édition 2023 saisie depuis ses archives', ar: 'دورة 2023 أدخلت من أرشيفها' };
  const launch2023 = (extra: Partial<LaunchRollout['data']> = {}): LaunchRollout => ({
    type: 'LaunchRollout',
    data: {
      regionCode: 'FM',
      edition: '2023',
      targets,
      launchedAt: '2023-01-16T09:00:00.000Z',
      lateEntryReason: reason,
      ...extra,
    },
  });
  const later = { now: '2026-12-07T10:00:00.000Z' };

  it('launches on its true date, keeping the reason', () => {
    given(rolloutDecider, [])
      .when(launch2023(), later)
      .then([
        {
          type: 'RolloutLaunched',
          data: {
            rolloutId: 'rollout-FM-2023',
            regionCode: 'FM',
            edition: '2023',
            targets,
            launchedAt: '2023-01-16T09:00:00.000Z',
            lateEntry: { reason },
          },
        },
      ]);
  });

  it('refuses a late launch without its reason, or by a coordinator', () => {
    given(rolloutDecider, [])
      .when(launch2023({ lateEntryReason: undefined }), later)
      .thenRefuses('LATE_ENTRY_REASON_REQUIRED', 'invalid');
    given(rolloutDecider, [])
      .when(launch2023(), { ...later, actor: { id: 'coordinator-fm', role: 'coordinator' } })
      .thenRefuses('LATE_ENTRY_NOT_ALLOWED', 'forbidden');
  });
});
