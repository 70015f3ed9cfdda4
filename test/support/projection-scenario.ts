import { encodeEvent, type NaseejEvent } from '../../events/catalog.js';
import type { Role } from '../../events/envelope.js';
import type { EventStore, StoredEvent } from '../../functions/application/ports/event-store.js';
import { budgetCommitted } from './co-funder-budgets.js';
import { grantPurpose } from './grant-purpose.js';

/**
 * A small, realistic run of one region's rollout (Fès-Meknès 2026) for the read-model tests:
 * launch, a call for beneficiaries with three files (one refused), a committee with a conflict,
 * enrolment of two associations with two members each, axis-1 training, a trainer and the hub
 * with one cascade session, a co-funder's budget, one grant and a paid tranche. Every event is
 * checked against its schema when appended.
 */

export const ROLLOUT = 'rollout-FM-2026';
export const CALL = 'FM-2026-beneficiaries';
export const ASSOC_A = 'assoc-fm-sefrou-1';
export const ASSOC_B = 'assoc-fm-taza-2';
export const ASSOC_C = 'assoc-fm-ifrane-3';
export const CASCADE_ASSOC = 'assoc-fm-boulemane-9';
export const MEMBERS_A = ['member-a1', 'member-a2'] as const;
export const MEMBERS_B = ['member-b1', 'member-b2'] as const;
export const GRANT = 'grant-fm-1';
export const CO_FUNDER = 'cofunder-ministry';

/** One commit of the scenario. */
export interface ScenarioCommit {
  readonly streamId: string;
  readonly role: Role;
  readonly actorId: string;
  readonly events: readonly NaseejEvent[];
}

const name = (fr: string, ar: string) => ({ fr, ar });
const at = (day: number, hour = 9) =>
  `2026-02-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00.000Z`;

/** The call of the scenario, as the events about it name it. */
const THE_CALL = {
  callId: CALL,
  purpose: 'beneficiary-associations',
  rolloutId: ROLLOUT,
  regionCode: 'FM',
} as const;

/** The first tranche of the scenario's grant, as the events about it name it. */
const FIRST_TRANCHE = {
  rolloutId: ROLLOUT,
  grantId: GRANT,
  associationId: ASSOC_A,
  trancheNumber: 1,
  amount: 2_000_000,
} as const;

/** A member's score of a file on the call's one criterion (governance). */
const scored = (applicationId: string, memberId: string, score: number): NaseejEvent => ({
  type: 'ApplicationScored',
  data: {
    callId: CALL,
    applicationId,
    memberId,
    scores: [{ criterionId: 'governance', score }],
    scoredAt: null,
    lateEntry: null,
  },
});

const association = (id: string, fr: string, province: string) => ({
  id,
  name: name(fr, `جمعية ${fr}`),
  province,
});
const A = association(ASSOC_A, 'Association Sefrou Avenir', 'Sefrou');
const B = association(ASSOC_B, 'Association Taza Solidarité', 'Taza');
const C = association(ASSOC_C, 'Association Ifrane Verte', 'Ifrane');

const memberTraining = (associationId: string, memberId: string): NaseejEvent[] => [
  {
    type: 'AttendanceRecorded',
    data: {
      rolloutId: ROLLOUT,
      associationId,
      sessionId: 'session-m1-1',
      module: 'M1',
      memberId,
      attended: true,
    },
  },
  {
    type: 'ModuleCompleted',
    data: {
      rolloutId: ROLLOUT,
      associationId,
      memberId,
      module: 'M1',
      sessionsHeld: 1,
      sessionsAttended: 1,
      attendanceRatePercent: 100,
      thresholdPercent: 75,
      evaluationScore: 80,
      completedOn: null,
      lateEntry: null,
    },
  },
];

/** The scenario's rollout launched: Fès-Meknès 2026 (30 associations × 4 members, 15 trainers). */
export const fesMeknesLaunched: NaseejEvent = {
  type: 'RolloutLaunched',
  data: {
    rolloutId: ROLLOUT,
    regionCode: 'FM',
    edition: '2026',
    targets: { associations: 30, membersPerAssociation: 4, trainers: 15, horizon: 600 },
    launchedAt: null,
    lateEntry: null,
  },
};

/** The scenario's commits, in the order they are appended. */
export const scenarioCommits = (): readonly ScenarioCommit[] => [
  {
    streamId: ROLLOUT,
    role: 'ministry',
    actorId: 'ministry-office',
    events: [fesMeknesLaunched],
  },
  {
    streamId: `call-${CALL}`,
    role: 'ministry',
    actorId: 'ministry-office',
    events: [
      {
        type: 'CallOpened',
        data: {
          ...THE_CALL,
          seats: 2,
          title: name('Appel aux associations bénéficiaires', 'طلب إبداء الاهتمام للجمعيات'),
          openedAt: at(1),
          lateEntry: null,
          deadline: at(10),
          eligibilityRules: [],
        },
      },
    ],
  },
  ...[A, B, C].map(
    (applicant, index): ScenarioCommit => ({
      streamId: `call-${CALL}`,
      role: 'partner',
      actorId: `account-${applicant.id}`,
      events: [
        {
          type: 'ApplicationSubmitted',
          data: {
            callId: CALL,
            applicationId: `application-${index + 1}`,
            associationId: applicant.id,
            associationName: applicant.name,
            province: applicant.province,
            declaredFacts: {},
            submittedAt: at(2 + index),
            receivedAt: at(2 + index),
            lateEntry: null,
          },
        },
      ],
    }),
  ),
  {
    streamId: `call-${CALL}`,
    role: 'system',
    actorId: 'workflow',
    events: [
      {
        type: 'ApplicationRefused',
        data: {
          callId: CALL,
          applicationId: 'application-3',
          associationId: ASSOC_C,
          reason: 'ineligible',
          failedRules: [],
          refusedAt: at(5),
        },
      },
      {
        type: 'CallClosed',
        data: {
          callId: CALL,
          closedAt: at(10),
          received: 3,
          refusedLate: 0,
          refusedIneligible: 1,
          eligibleApplicationIds: ['application-1', 'application-2'],
          lateEntry: null,
        },
      },
    ],
  },
  {
    streamId: `committee-${CALL}`,
    role: 'ministry',
    actorId: 'ministry-office',
    events: [
      {
        type: 'CommitteeAppointed',
        data: {
          ...THE_CALL,
          seats: 2,
          memberIds: ['judge-1', 'judge-2'],
          chairId: 'judge-1',
          quorum: 1,
          scoringGrid: [
            { criterionId: 'governance', label: name('Gouvernance', 'الحكامة'), weight: 1, maxScore: 20 },
          ],
          appointedAt: null,
          lateEntry: null,
        },
      },
    ],
  },
  {
    streamId: `committee-${CALL}`,
    role: 'committee-member',
    actorId: 'judge-2',
    events: [
      {
        type: 'ConflictDeclared',
        data: { callId: CALL, memberId: 'judge-2', applicationId: 'application-1', voidsScore: false },
      },
      scored('application-2', 'judge-2', 12),
    ],
  },
  {
    streamId: `committee-${CALL}`,
    role: 'committee-member',
    actorId: 'judge-1',
    events: [scored('application-1', 'judge-1', 16), scored('application-2', 'judge-1', 14)],
  },
  {
    streamId: `committee-${CALL}`,
    role: 'ministry',
    actorId: 'ministry-office',
    events: [
      ...[A, B].map(
        (selected, index): NaseejEvent => ({
          type: 'AssociationSelected',
          data: {
            ...THE_CALL,
            applicationId: `application-${index + 1}`,
            associationId: selected.id,
            associationName: selected.name,
            rank: index + 1,
            weightedAverage: index === 0 ? 16 : 13,
          },
        }),
      ),
      {
        type: 'SelectionPublished',
        data: {
          callId: CALL,
          publishedAt: at(12),
          lateEntry: null,
          appealWindowEndsAt: at(20),
          minutes: { fr: 'doc-pv-fr', ar: 'doc-pv-ar' },
          selectedAssociationIds: [ASSOC_A, ASSOC_B],
        },
      },
    ],
  },
  ...[
    [A, MEMBERS_A],
    [B, MEMBERS_B],
  ].flatMap(([enrolled, members]): ScenarioCommit[] => {
    const { id, name: legalName, province } = enrolled as typeof A;
    return [
      {
        streamId: `enrolment-${ROLLOUT}`,
        role: 'partner',
        actorId: 'operator-amsed',
        events: [
          {
            type: 'BeneficiaryEnrolled',
            data: {
              rolloutId: ROLLOUT,
              associationId: id,
              name: legalName,
              province,
              memberTarget: 2,
              enrolledAt: null,
              lateEntry: null,
            },
          },
          ...(members as readonly string[]).map(
            (memberId): NaseejEvent => ({
              type: 'MemberNominated',
              data: {
                rolloutId: ROLLOUT,
                associationId: id,
                memberId,
                trainingTopic: 'M1',
                nominatedAt: null,
                lateEntry: null,
              },
            }),
          ),
        ],
      },
    ];
  }),
  {
    streamId: `enrolment-${ROLLOUT}`,
    role: 'ministry',
    actorId: 'ministry-office',
    events: [
      {
        type: 'EnrolmentClosed',
        data: { rolloutId: ROLLOUT, associationCount: 2, memberCount: 4, closedAt: null, lateEntry: null },
      },
    ],
  },
  {
    streamId: `session-schedule-${ROLLOUT}`,
    role: 'partner',
    actorId: 'operator-amsed',
    events: [
      {
        type: 'SessionHeld',
        data: {
          rolloutId: ROLLOUT,
          sessionId: 'session-m1-1',
          module: 'M1',
          date: '2026-03-02',
          province: 'Fès',
          lateEntry: null,
        },
      },
    ],
  },
  ...MEMBERS_A.map(
    (memberId): ScenarioCommit => ({
      streamId: `training-${ROLLOUT}-${ASSOC_A}`,
      role: 'partner',
      actorId: 'operator-amsed',
      events: memberTraining(ASSOC_A, memberId),
    }),
  ),
  {
    streamId: `training-${ROLLOUT}-${ASSOC_B}`,
    role: 'partner',
    actorId: 'operator-amsed',
    events: memberTraining(ASSOC_B, 'member-b1'),
  },
  {
    streamId: `training-${ROLLOUT}-${ASSOC_A}`,
    role: 'system',
    actorId: 'workflow',
    events: [
      {
        type: 'AxisOneCompleted',
        data: { rolloutId: ROLLOUT, associationId: ASSOC_A, memberIds: [...MEMBERS_A], completedOn: null },
      },
    ],
  },
  {
    streamId: `trainers-${ROLLOUT}`,
    role: 'ministry',
    actorId: 'ministry-office',
    events: [
      {
        type: 'TraineesSelected',
        data: {
          rolloutId: ROLLOUT,
          target: 15,
          criteria: {
            allModulesRequired: true,
            minimumAttendanceRatePercent: 75,
            minimumEvaluationScore: 60,
            ranking: 'evaluation-score-then-attendance-rate-then-member-id',
          },
          candidates: 1,
          selected: [
            {
              memberId: 'member-a1',
              associationId: ASSOC_A,
              modulesCompleted: 8,
              attendanceRatePercent: 100,
              evaluationScore: 80,
              rank: 1,
              reasons: ['ALL_MODULES_COMPLETED', 'ATTENDANCE_MET', 'EVALUATION_MET', 'RANKED_WITHIN_TARGET'],
            },
          ],
          cutOff: { rank: 1, evaluationScore: 80, attendanceRatePercent: 100 },
          reserve: [],
          notSelected: {
            count: 0,
            rankedBeyondTarget: 0,
            ineligible: 0,
            ineligibleByReason: {
              MODULES_MISSING: 0,
              ATTENDANCE_BELOW_MINIMUM: 0,
              EVALUATION_BELOW_MINIMUM: 0,
              EVALUATION_MISSING: 0,
            },
          },
          selectedAt: null,
          lateEntry: null,
        },
      },
    ],
  },
  {
    streamId: `trainers-${ROLLOUT}`,
    role: 'partner',
    actorId: 'operator-amsed',
    events: [
      ...(['T1', 'T2', 'T3'] as const).map(
        (module): NaseejEvent => ({
          type: 'TrainerModuleCompleted',
          data: {
            rolloutId: ROLLOUT,
            associationId: ASSOC_A,
            memberId: 'member-a1',
            module,
            completedOn: null,
            lateEntry: null,
          },
        }),
      ),
      {
        type: 'TrainerCertified',
        data: { rolloutId: ROLLOUT, associationId: ASSOC_A, memberId: 'member-a1', certifiedOn: null },
      },
    ],
  },
  {
    streamId: `trainers-${ROLLOUT}`,
    role: 'ministry',
    actorId: 'ministry-office',
    events: [
      {
        type: 'CompetenceHubEstablished',
        data: {
          rolloutId: ROLLOUT,
          hubId: 'hub-fm',
          region: 'FM',
          name: name('Pôle de compétences Fès-Meknès', 'القطب الجهوي للكفاءات فاس-مكناس'),
          trainerIds: ['member-a1'],
          establishedAt: null,
          lateEntry: null,
        },
      },
    ],
  },
  {
    streamId: `trainers-${ROLLOUT}`,
    role: 'partner',
    actorId: 'operator-amsed',
    events: [
      {
        type: 'CascadeSessionReported',
        data: {
          rolloutId: ROLLOUT,
          hubId: 'hub-fm',
          sessionId: 'cascade-1',
          trainerId: 'member-a1',
          province: 'Boulemane',
          date: '2026-05-04',
          topic: 'M1',
          participantCount: 12,
          associationIds: [CASCADE_ASSOC, ASSOC_C],
          beneficiaryAssociationIds: [ASSOC_B],
        },
      },
    ],
  },
  {
    streamId: `grants-${ROLLOUT}`,
    role: 'ministry',
    actorId: 'ministry-office',
    events: [
      budgetCommitted(ROLLOUT, CO_FUNDER, name('Ministère', 'الوزارة'), 10_000_000),
      {
        type: 'GrantAwarded',
        data: {
          rolloutId: ROLLOUT,
          grantId: GRANT,
          associationId: ASSOC_A,
          amount: 3_000_000,
          ...grantPurpose,
          instrument: { kind: 'decision' },
          conventionThreshold: 5_000_000,
          awardedAt: null,
          lateEntry: null,
          funding: [{ coFunderId: CO_FUNDER, amount: 3_000_000 }],
          tranches: [
            {
              trancheNumber: 1,
              amount: 2_000_000,
              releaseConditions: [],
              funding: [{ coFunderId: CO_FUNDER, amount: 2_000_000 }],
            },
            {
              trancheNumber: 2,
              amount: 1_000_000,
              releaseConditions: [],
              funding: [{ coFunderId: CO_FUNDER, amount: 1_000_000 }],
            },
          ],
        },
      },
    ],
  },
  {
    streamId: `grants-${ROLLOUT}`,
    role: 'finance-preparer',
    actorId: 'finance-prep',
    events: [
      {
        type: 'TrancheRequested',
        data: {
          ...FIRST_TRANCHE,
          evidence: [],
          preparerId: 'finance-prep',
          requestedAt: null,
          lateEntry: null,
        },
      },
    ],
  },
  {
    streamId: `grants-${ROLLOUT}`,
    role: 'finance-approver',
    actorId: 'finance-appr',
    events: [
      {
        type: 'TrancheApproved',
        data: {
          ...FIRST_TRANCHE,
          approverId: 'finance-appr',
          approvedAt: null,
          lateEntry: null,
        },
      },
    ],
  },
  {
    streamId: `grants-${ROLLOUT}`,
    role: 'finance-payer',
    actorId: 'finance-pay',
    events: [
      {
        type: 'TranchePaid',
        data: {
          ...FIRST_TRANCHE,
          funding: [{ coFunderId: CO_FUNDER, amount: 2_000_000 }],
          paymentReference: 'pay-0001',
          grantFullyPaid: false,
          payerId: 'finance-pay',
          // No value date in the data: the payment counts at its recording, as a v1 payment.
          paidAt: null,
          lateEntry: null,
        },
      },
    ],
  },
];

/** A clock that moves one hour per reading from 2026-02-01, so every commit has its own instant. */
export const steppingClock = (start = Date.parse('2026-02-01T08:00:00.000Z'), stepMs = 3_600_000) => {
  let next = start;
  return (): Date => {
    const now = new Date(next);
    next += stepMs;
    return now;
  };
};

/** A deterministic id source (`event-1`, `event-2`, …). */
export const countingIds = (prefix = 'event') => {
  let next = 0;
  return (): string => {
    next += 1;
    return `${prefix}-${next}`;
  };
};

/** Appends the scenario (or some commits of it) to a store; returns what the store recorded, in order. */
export const appendScenario = async (
  store: EventStore,
  commits: readonly ScenarioCommit[] = scenarioCommits(),
): Promise<StoredEvent[]> => {
  const recorded: StoredEvent[] = [];
  for (const [index, commit] of commits.entries()) {
    const result = await store.append({
      streamId: commit.streamId,
      expectedVersion: 'any',
      events: commit.events.map((event) => encodeEvent(event)),
      metadata: {
        actor: { id: commit.actorId, role: commit.role },
        correlationId: `correlation-${index + 1}`,
        causationId: null,
      },
    });
    recorded.push(...result.events);
  }
  return recorded;
};

/** Every event of a store in global order. */
export const readAllGlobal = async (store: EventStore): Promise<StoredEvent[]> => {
  const events: StoredEvent[] = [];
  let checkpoint: string | null = null;
  for (;;) {
    const page = await store.readGlobal(checkpoint, { limit: 200 });
    events.push(...page.events);
    if (page.events.length === 0 || page.checkpoint === checkpoint) return events;
    checkpoint = page.checkpoint;
  }
};
