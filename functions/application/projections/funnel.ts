import { TRAINING_MODULES } from '../../../events/reference.js';
import type { RolloutFigures, RolloutTargets } from '../../../events/rollout/schemas.js';
import type { CallPurpose } from '../../../events/selection/parts.js';
import { addCentimes } from '../../domain/shared/money.js';
import { evolveStanding, LIFECYCLE_TYPES, type RolloutStanding, unknownStanding } from './lifecycle.js';
import { type ProjectedEvent, type Projection, rolloutIdOf } from './projection.js';

/** One call of the rollout as the funnel counts it. */
export interface CallFunnel {
  readonly purpose: CallPurpose | null;
  readonly received: number;
  readonly refusedLate: number;
  readonly refusedIneligible: number;
  readonly closed: boolean;
  readonly selectedAssociationIds: readonly string[];
  readonly published: boolean;
}

/** A region's rollout, counted from applications to grants paid (one document per rollout). */
export interface FunnelView {
  readonly standing: RolloutStanding;
  readonly calls: Readonly<Record<string, CallFunnel>>;
  readonly operator: { readonly associationId: string; readonly name: { fr: string; ar: string } } | null;
  readonly enrolledAssociationIds: readonly string[];
  readonly membersNominated: number;
  readonly enrolmentClosed: boolean;
  readonly sessionsHeld: number;
  readonly modulesCompleted: number;
  readonly associationsCompletedAxisOne: number;
  readonly membersCompletedAxisOne: number;
  /** Per association that completed axis 1, the members it completed with (to undo on a withdrawal). */
  readonly axisOneCompletedMembers: Readonly<Record<string, number>>;
  /** Associations that withdrew or were excluded, and those enrolled from the reserve to replace them. */
  readonly associationsWithdrawn: number;
  readonly associationsReplaced: number;
  readonly membersReplaced: number;
  readonly traineesSelected: number;
  readonly trainersCertified: number;
  readonly hubEstablished: boolean;
  readonly cascadeSessions: number;
  readonly cascadeParticipants: number;
  /** Every association a cascade session named; direct beneficiaries are removed when counted. */
  readonly cascadeAssociationIds: readonly string[];
  readonly committedCentimes: number;
  readonly grantsAwarded: number;
  readonly grantsAwardedCentimes: number;
  readonly grantsPaidCentimes: number;
  readonly grantsFullyPaid: number;
}

const emptyCall: CallFunnel = {
  purpose: null,
  received: 0,
  refusedLate: 0,
  refusedIneligible: 0,
  closed: false,
  selectedAssociationIds: [],
  published: false,
};

/** A rollout's funnel before any event. */
export const initialFunnel = (rolloutId: string): FunnelView => ({
  standing: unknownStanding(rolloutId),
  calls: {},
  operator: null,
  enrolledAssociationIds: [],
  membersNominated: 0,
  enrolmentClosed: false,
  sessionsHeld: 0,
  modulesCompleted: 0,
  associationsCompletedAxisOne: 0,
  membersCompletedAxisOne: 0,
  axisOneCompletedMembers: {},
  associationsWithdrawn: 0,
  associationsReplaced: 0,
  membersReplaced: 0,
  traineesSelected: 0,
  trainersCertified: 0,
  hubEstablished: false,
  cascadeSessions: 0,
  cascadeParticipants: 0,
  cascadeAssociationIds: [],
  committedCentimes: 0,
  grantsAwarded: 0,
  grantsAwardedCentimes: 0,
  grantsPaidCentimes: 0,
  grantsFullyPaid: 0,
});

const withCall = (
  view: FunnelView,
  callId: string,
  change: (call: CallFunnel) => CallFunnel,
): FunnelView => ({
  ...view,
  calls: {
    ...view.calls,
    [callId]: change(Object.hasOwn(view.calls, callId) ? (view.calls[callId] ?? emptyCall) : emptyCall),
  },
});

const union = (list: readonly string[], added: readonly string[]): readonly string[] => {
  const seen = new Set(list);
  return [...list, ...added.filter((id) => !seen.has(id) && seen.add(id))];
};

/** Evolves a funnel with one event of its rollout (any stream of that rollout). */
export const evolveFunnel = (view: FunnelView, event: ProjectedEvent): FunnelView => {
  if (LIFECYCLE_TYPES.has(event.type)) return { ...view, standing: evolveStanding(view.standing, event) };
  switch (event.type) {
    case 'CallOpened':
      return withCall(view, event.data.callId, (call) => ({ ...call, purpose: event.data.purpose }));
    case 'ApplicationSubmitted':
      return withCall(view, event.data.callId, (call) => ({ ...call, received: call.received + 1 }));
    case 'ApplicationRefused':
      return withCall(view, event.data.callId, (call) =>
        event.data.reason === 'late'
          ? { ...call, refusedLate: call.refusedLate + 1 }
          : { ...call, refusedIneligible: call.refusedIneligible + 1 },
      );
    case 'ApplicationCorrected': {
      // The file judged again (ADR 0082): its old refusal no longer counts, its new one does.
      const { previousRefusal, refusal } = event.data;
      const count = (reason: 'late' | 'ineligible') =>
        (refusal?.reason === reason ? 1 : 0) - (previousRefusal === reason ? 1 : 0);
      return withCall(view, event.data.callId, (call) => ({
        ...call,
        refusedLate: call.refusedLate + count('late'),
        refusedIneligible: call.refusedIneligible + count('ineligible'),
      }));
    }
    case 'CallClosed':
      return withCall(view, event.data.callId, (call) => ({ ...call, closed: true }));
    case 'AssociationSelected': {
      const next = withCall(view, event.data.callId, (call) => ({
        ...call,
        selectedAssociationIds: union(call.selectedAssociationIds, [event.data.associationId]),
      }));
      return event.data.purpose === 'regional-operator'
        ? { ...next, operator: { associationId: event.data.associationId, name: event.data.associationName } }
        : next;
    }
    case 'SelectionPublished':
      return withCall(view, event.data.callId, (call) => ({ ...call, published: true }));
    case 'SelectionReopened': {
      // An upheld appeal withdrew the published selection: it is made and published anew (issue 20).
      const reopened = withCall(view, event.data.callId, (call) => ({
        ...call,
        selectedAssociationIds: [],
        published: false,
      }));
      const purpose = reopened.calls[event.data.callId]?.purpose;
      return purpose === 'regional-operator' ? { ...reopened, operator: null } : reopened;
    }
    case 'ApplicationScoresCorrected':
      // A score corrected after the ranking withdraws it and the selection (ADR 0082).
      return event.data.rankingWithdrawn
        ? withCall(view, event.data.callId, (call) => ({ ...call, selectedAssociationIds: [] }))
        : view;
    case 'BeneficiaryEnrolled':
      return {
        ...view,
        enrolledAssociationIds: union(view.enrolledAssociationIds, [event.data.associationId]),
      };
    case 'MemberNominated':
      return { ...view, membersNominated: view.membersNominated + 1 };
    case 'EnrolmentClosed':
      return { ...view, enrolmentClosed: true };
    case 'BeneficiaryWithdrawn': {
      // The figures count the associations taking part: one that leaves takes its members (and its
      // axis-1 completion) with it, as the rollout's own figures do (functions/application/rollout-facts.ts).
      const { associationId, memberIds } = event.data;
      const completedWith = Object.hasOwn(view.axisOneCompletedMembers, associationId)
        ? view.axisOneCompletedMembers[associationId]
        : undefined;
      const { [associationId]: _left, ...stillCompleted } = view.axisOneCompletedMembers;
      return {
        ...view,
        enrolledAssociationIds: view.enrolledAssociationIds.filter((id) => id !== associationId),
        membersNominated: view.membersNominated - memberIds.length,
        associationsWithdrawn: view.associationsWithdrawn + 1,
        ...(completedWith === undefined
          ? {}
          : {
              associationsCompletedAxisOne: view.associationsCompletedAxisOne - 1,
              membersCompletedAxisOne: view.membersCompletedAxisOne - completedWith,
              axisOneCompletedMembers: stillCompleted,
            }),
      };
    }
    case 'BeneficiaryReplaced':
      return { ...view, associationsReplaced: view.associationsReplaced + 1 };
    case 'MemberReplaced':
      return { ...view, membersReplaced: view.membersReplaced + 1 };
    case 'SessionHeld':
      return { ...view, sessionsHeld: view.sessionsHeld + 1 };
    case 'ModuleCompleted':
      return { ...view, modulesCompleted: view.modulesCompleted + 1 };
    case 'ModuleCompletionWithdrawn':
      // A correction withdrew a completion (ADR 0082): the figure follows.
      return { ...view, modulesCompleted: view.modulesCompleted - 1 };
    case 'AxisOneCompleted':
      return {
        ...view,
        associationsCompletedAxisOne: view.associationsCompletedAxisOne + 1,
        membersCompletedAxisOne: view.membersCompletedAxisOne + event.data.memberIds.length,
        axisOneCompletedMembers: {
          ...view.axisOneCompletedMembers,
          [event.data.associationId]: event.data.memberIds.length,
        },
      };
    case 'TraineesSelected':
      return { ...view, traineesSelected: event.data.selected.length };
    case 'TrainerCertified':
      return { ...view, trainersCertified: view.trainersCertified + 1 };
    case 'CompetenceHubEstablished':
      return { ...view, hubEstablished: true };
    case 'CascadeSessionReported':
      return {
        ...view,
        cascadeSessions: view.cascadeSessions + 1,
        cascadeParticipants: view.cascadeParticipants + event.data.participantCount,
        cascadeAssociationIds: union(view.cascadeAssociationIds, event.data.associationIds),
      };
    case 'CoFunderBudgetCommitted':
      return { ...view, committedCentimes: addCentimes(view.committedCentimes, event.data.amount) };
    case 'GrantAwarded':
      return {
        ...view,
        grantsAwarded: view.grantsAwarded + 1,
        grantsAwardedCentimes: addCentimes(view.grantsAwardedCentimes, event.data.amount),
      };
    case 'TranchePaid':
      return {
        ...view,
        grantsPaidCentimes: addCentimes(view.grantsPaidCentimes, event.data.amount),
        grantsFullyPaid: view.grantsFullyPaid + (event.data.grantFullyPaid ? 1 : 0),
      };
    // Amendments, refunds and cancellations (issue 20), so that the funnel's money matches the
    // grants ledger: awarded is what the grants weigh, paid what the associations hold.
    case 'GrantAmended':
      return {
        ...view,
        grantsAwardedCentimes: addCentimes(
          view.grantsAwardedCentimes,
          event.data.amount - event.data.previousAmount,
        ),
      };
    case 'GrantCancelled':
      return {
        ...view,
        grantsAwardedCentimes: addCentimes(view.grantsAwardedCentimes, -event.data.released),
      };
    case 'TrancheRefunded':
      return {
        ...view,
        grantsAwardedCentimes: event.data.grantCancelled
          ? addCentimes(view.grantsAwardedCentimes, -event.data.amount)
          : view.grantsAwardedCentimes,
        grantsPaidCentimes: addCentimes(view.grantsPaidCentimes, -event.data.amount),
      };
    default:
      return view;
  }
};

/** The funnel of each region's rollout: one document per rollout id. */
export const funnelProjection: Projection<FunnelView> = {
  name: 'funnel',
  // 2: withdrawals and replacements (docs/adr/0085-beneficiaries-change.md).
  // 3: grant amendments, refunds and cancellations, selections re-opened by an appeal (issue 20).
  revision: 3,
  keysOf: (event, head) => {
    const rolloutId = rolloutIdOf(event, head);
    return rolloutId === null ? [] : [rolloutId];
  },
  initialView: initialFunnel,
  evolve: (view, event) => evolveFunnel(view, event),
};

/** Cascade reach as the trainers' decider counts it: distinct associations, direct beneficiaries excluded. */
export const cascadeAssociationsReached = (view: FunnelView): number => {
  const direct = new Set(view.enrolledAssociationIds);
  return view.cascadeAssociationIds.filter((id) => !direct.has(id)).length;
};

/** The rollout's figures in the shape `RolloutCompleted` records them. */
export const funnelFigures = (view: FunnelView): RolloutFigures => ({
  associationsEnrolled: view.enrolledAssociationIds.length,
  membersEnrolled: view.membersNominated,
  associationsCompletedAxisOne: view.associationsCompletedAxisOne,
  membersCompletedAxisOne: view.membersCompletedAxisOne,
  trainersCertified: view.trainersCertified,
  cascadeAssociationsReached: cascadeAssociationsReached(view),
  grantsAwarded: view.grantsAwarded,
  grantsAwardedCentimes: view.grantsAwardedCentimes,
  grantsPaidCentimes: view.grantsPaidCentimes,
});

/** One stage of the funnel: what was reached, against its target when the program sets one. */
export interface FunnelStage {
  readonly stage:
    | 'applications-received'
    | 'applications-eligible'
    | 'associations-selected'
    | 'associations-enrolled'
    | 'members-enrolled'
    | 'modules-completed'
    | 'members-completed-axis-one'
    | 'trainers-certified'
    | 'cascade-associations-reached'
    | 'grants-awarded'
    | 'grants-fully-paid';
  readonly actual: number;
  readonly target: number | null;
  /**
   * What `target` is: the rollout's own `target`, or the program's `horizon` (the associations the
   * region should reach in the end, through the hub's cascade, beyond this rollout: not a figure
   * this rollout is judged on); null without a target.
   */
  readonly targetKind: 'target' | 'horizon' | null;
  /**
   * Why the stage holds no figure although later ones do: `enrolled-directly` when associations were
   * enrolled with no call for beneficiary associations, so no application or selection was recorded.
   */
  readonly notRecorded: 'enrolled-directly' | null;
}

const sum = (values: readonly number[]): number => values.reduce((total, value) => total + value, 0);

const stage = (
  name: FunnelStage['stage'],
  actual: number,
  target: number | null,
  notRecorded: FunnelStage['notRecorded'] = null,
): FunnelStage => ({
  stage: name,
  actual,
  target,
  targetKind: target === null ? null : 'target',
  notRecorded,
});

/**
 * The funnel, stage by stage, against the targets: applications come from the rollout's calls for
 * beneficiary associations (the operator's call is reported apart, as `operator`). Associations
 * enrolled with no such call leave the first three stages not recorded, not zero. Cascade reach is
 * set against the program's horizon (`targets.horizon`, less the rollout's direct beneficiaries).
 */
export const funnelStages = (view: FunnelView): readonly FunnelStage[] => {
  const targets: RolloutTargets | null = view.standing.targets;
  const beneficiaryCalls = Object.values(view.calls).filter(
    (call) => call.purpose === 'beneficiary-associations',
  );
  const received = sum(beneficiaryCalls.map((call) => call.received));
  const refused = sum(beneficiaryCalls.map((call) => call.refusedLate + call.refusedIneligible));
  const members = targets === null ? null : targets.associations * targets.membersPerAssociation;
  const figures = funnelFigures(view);
  const enrolledDirectly =
    beneficiaryCalls.length === 0 && figures.associationsEnrolled > 0 ? 'enrolled-directly' : null;
  return [
    stage('applications-received', received, null, enrolledDirectly),
    stage('applications-eligible', received - refused, null, enrolledDirectly),
    stage(
      'associations-selected',
      sum(beneficiaryCalls.map((call) => call.selectedAssociationIds.length)),
      targets?.associations ?? null,
      enrolledDirectly,
    ),
    stage('associations-enrolled', figures.associationsEnrolled, targets?.associations ?? null),
    stage('members-enrolled', figures.membersEnrolled, members),
    stage(
      'modules-completed',
      view.modulesCompleted,
      members === null ? null : members * TRAINING_MODULES.length,
    ),
    stage('members-completed-axis-one', figures.membersCompletedAxisOne, members),
    stage('trainers-certified', figures.trainersCertified, targets?.trainers ?? null),
    {
      stage: 'cascade-associations-reached',
      actual: figures.cascadeAssociationsReached,
      target: targets === null ? null : Math.max(0, targets.horizon - targets.associations),
      targetKind: targets === null ? null : 'horizon',
      notRecorded: null,
    },
    stage('grants-awarded', figures.grantsAwarded, targets?.associations ?? null),
    stage('grants-fully-paid', view.grantsFullyPaid, null),
  ];
};
