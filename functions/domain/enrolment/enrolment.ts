import type { z } from 'zod';
import type { Bilingual, ModuleCode } from '../../../events/reference.js';
import type { TrainingEventOf } from '../../../events/training/index.js';
import { enrolmentStreamId } from '../ids.js';
import { assertNever, type CommandContext, type Decider, type Fold } from '../shared/decider.js';
import { domainError } from '../shared/errors.js';
import { checkOptionalFactDate, latestFactDate } from '../shared/fact-date.js';
import { requireProvinceOfRegion } from '../shared/reported-place.js';
import type {
  BeneficiaryList,
  CloseEnrolment,
  EnrolBeneficiary,
  EnrolmentCommand,
  NominateMember,
  RankedBeneficiary,
  ReplaceBeneficiary,
  ReplaceMember,
  WithdrawBeneficiary,
} from './commands.js';

export { enrolmentStreamId };

/**
 * Enrolment of a rollout's direct beneficiaries (program step 5): the associations its beneficiary
 * call selected (at least the target: a minimum, not a cap), each with exactly its target number of
 * members, no member in two associations. An association may withdraw or be excluded and be
 * replaced from the call's ranked reserve; a member may leave and be replaced
 * (docs/adr/0085-beneficiaries-change.md). One stream per rollout (30 associations × 4 members: small).
 */

export type EnrolmentEvent = TrainingEventOf<
  | 'BeneficiaryEnrolled'
  | 'MemberNominated'
  | 'EnrolmentClosed'
  | 'BeneficiaryWithdrawn'
  | 'BeneficiaryReplaced'
  | 'MemberReplaced'
>;

/** A nominated member: an id and the training topic they were chosen for, never a name. */
export interface NominatedMember {
  readonly memberId: string;
  readonly trainingTopic: ModuleCode;
  /** When nominated (MemberNominated v2); null or absent: undated (recorded as it happened, a v1, a replacement). */
  readonly nominatedAt?: string | null;
}

/** An enrolled association and the members it nominated so far. */
export interface EnrolledAssociation {
  readonly associationId: string;
  readonly name: z.infer<typeof Bilingual>;
  readonly province: string;
  readonly memberTarget: number;
  readonly members: readonly NominatedMember[];
  /** When enrolled (BeneficiaryEnrolled v2); null or absent: undated (recorded as it happened, a v1). */
  readonly enrolledAt?: string | null;
}

/** A member who left, and the association they left (or that left with them). */
export interface FormerMember {
  readonly memberId: string;
  readonly associationId: string;
}

/** An association that left the rollout, and who replaced it (null until replaced). */
export interface WithdrawnAssociation {
  readonly associationId: string;
  readonly departure: 'withdrew' | 'excluded';
  readonly memberIds: readonly string[];
  readonly replacementAssociationId: string | null;
}

export interface EnrolmentState {
  readonly rolloutId: string | null;
  /** The associations taking part now (those that left are in `withdrawn`), in enrolment order. */
  readonly associations: readonly EnrolledAssociation[];
  readonly closed: boolean;
  /** The associations that withdrew or were excluded, in order. */
  readonly withdrawn: readonly WithdrawnAssociation[];
  /**
   * Members who left (their association's departure or their own), with the association they left:
   * never nominated again, and still theirs to answer for (their name, docs/adr/0138-names-of-members-who-left.md).
   */
  readonly formerMembers: readonly FormerMember[];
  /** Associations enrolled from the reserve in place of one that left. */
  readonly replacementIds: readonly string[];
}

export const initialEnrolmentState = (): EnrolmentState => ({
  rolloutId: null,
  associations: [],
  closed: false,
  withdrawn: [],
  formerMembers: [],
  replacementIds: [],
});

export const evolveEnrolment = (state: EnrolmentState, event: EnrolmentEvent): EnrolmentState => {
  switch (event.type) {
    case 'BeneficiaryEnrolled': {
      const { rolloutId, associationId, name, province, memberTarget, enrolledAt } = event.data;
      return {
        ...state,
        rolloutId,
        associations: [
          ...state.associations,
          { associationId, name, province, memberTarget, members: [], enrolledAt },
        ],
      };
    }
    case 'MemberNominated': {
      const { associationId, memberId, trainingTopic, nominatedAt } = event.data;
      return {
        ...state,
        associations: state.associations.map((association) =>
          association.associationId === associationId
            ? { ...association, members: [...association.members, { memberId, trainingTopic, nominatedAt }] }
            : association,
        ),
      };
    }
    case 'EnrolmentClosed':
      return { ...state, closed: true };
    case 'BeneficiaryWithdrawn': {
      const { associationId, departure, memberIds } = event.data;
      return {
        ...state,
        associations: state.associations.filter((association) => association.associationId !== associationId),
        withdrawn: [
          ...state.withdrawn,
          { associationId, departure, memberIds, replacementAssociationId: null },
        ],
        formerMembers: [
          ...state.formerMembers,
          ...memberIds.map((memberId) => ({ memberId, associationId })),
        ],
      };
    }
    case 'BeneficiaryReplaced': {
      const { replacedAssociationId, replacementAssociationId } = event.data;
      return {
        ...state,
        withdrawn: state.withdrawn.map((withdrawn) =>
          withdrawn.associationId === replacedAssociationId
            ? { ...withdrawn, replacementAssociationId }
            : withdrawn,
        ),
        replacementIds: [...state.replacementIds, replacementAssociationId],
      };
    }
    case 'MemberReplaced': {
      const { associationId, leavingMemberId, replacementMemberId, trainingTopic } = event.data;
      return {
        ...state,
        associations: state.associations.map((association) =>
          association.associationId === associationId
            ? {
                ...association,
                members: association.members.map((member) =>
                  member.memberId === leavingMemberId
                    ? { memberId: replacementMemberId, trainingTopic }
                    : member,
                ),
              }
            : association,
        ),
        formerMembers: [...state.formerMembers, { memberId: leavingMemberId, associationId }],
      };
    }
    default:
      // Every case is handled (checked at compile time); an event of another aggregate changes nothing.
      event satisfies never;
      return state;
  }
};

// Queries other layers use (pure). -----------------------------------------------------------------

/** The associations taking part, in enrolment order (those that withdrew or were excluded are not). */
export const enrolledAssociations = (state: EnrolmentState): readonly EnrolledAssociation[] =>
  state.associations;

/** The ids of the enrolled associations (the direct beneficiaries). */
export const enrolledAssociationIds = (state: EnrolmentState): readonly string[] =>
  state.associations.map((association) => association.associationId);

// The two look-ups below run on every nomination over a rollout's whole enrolment (600
// associations, 2,400 members at the national scale), on states `loadStream` keeps frozen. They are
// plain loops on purpose: V8 runs `find` and `some` over frozen arrays several times slower than a
// loop (measured: 158 µs against 42 µs for a member not yet nominated, at 600 × 4).

/** One enrolled association, or undefined. */
export const enrolledAssociation = (
  state: EnrolmentState,
  associationId: string,
): EnrolledAssociation | undefined => {
  for (const association of state.associations) {
    if (association.associationId === associationId) return association;
  }
  return undefined;
};

/** The ids of an association's nominated members (empty when it is not enrolled). */
export const membersOf = (state: EnrolmentState, associationId: string): readonly string[] =>
  enrolledAssociation(state, associationId)?.members.map((member) => member.memberId) ?? [];

/** The association a member was nominated by, or null. */
export const associationOfMember = (state: EnrolmentState, memberId: string): string | null => {
  for (const association of state.associations) {
    for (const member of association.members) {
      if (member.memberId === memberId) return association.associationId;
    }
  }
  return null;
};

/**
 * The association a member who left belonged to (they were replaced, or their association withdrew
 * or was excluded), or null when the member never left.
 */
export const formerAssociationOf = (state: EnrolmentState, memberId: string): string | null => {
  for (const former of state.formerMembers) {
    if (former.memberId === memberId) return former.associationId;
  }
  return null;
};

/** True when the association is enrolled with exactly its target number of members. */
export const isAssociationComplete = (state: EnrolmentState, associationId: string): boolean => {
  const association = enrolledAssociation(state, associationId);
  return association !== undefined && association.members.length === association.memberTarget;
};

/** True when at least one association is enrolled and every enrolled association is complete. */
export const isEnrolmentComplete = (state: EnrolmentState): boolean =>
  state.associations.length > 0 &&
  state.associations.every((association) => association.members.length === association.memberTarget);

/** True once the enrolment was closed: the list of beneficiaries is final. */
export const isEnrolmentClosed = (state: EnrolmentState): boolean => state.closed;

/** The associations that withdrew or were excluded, each with its replacement (null until replaced). */
export const withdrawnAssociations = (state: EnrolmentState): readonly WithdrawnAssociation[] =>
  state.withdrawn;

/** One association that left, or undefined. */
export const withdrawnAssociation = (
  state: EnrolmentState,
  associationId: string,
): WithdrawnAssociation | undefined =>
  state.withdrawn.find((withdrawn) => withdrawn.associationId === associationId);

/** Whether an association was enrolled from the reserve in place of one that left. */
export const isReplacement = (state: EnrolmentState, associationId: string): boolean =>
  state.replacementIds.includes(associationId);

/**
 * The reserve of a beneficiary list not yet used: the ranked associations outside the seats, in
 * rank order, that never took part in this enrolment.
 */
export const remainingReserve = (
  state: EnrolmentState,
  list: BeneficiaryList,
): readonly RankedBeneficiary[] =>
  list.ranking.filter(
    (ranked) =>
      !ranked.selected &&
      enrolledAssociation(state, ranked.associationId) === undefined &&
      withdrawnAssociation(state, ranked.associationId) === undefined,
  );

// Decisions. ----------------------------------------------------------------------------------------

const ensureSameRollout = (state: EnrolmentState, rolloutId: string): void => {
  if (state.rolloutId !== null && state.rolloutId !== rolloutId) {
    throw domainError('invalid', 'ROLLOUT_MISMATCH', 'This enrolment belongs to another rollout.', {
      expected: state.rolloutId,
      received: rolloutId,
    });
  }
};

const enrolBeneficiary = (
  command: EnrolBeneficiary,
  state: EnrolmentState,
  context: CommandContext,
): EnrolmentEvent[] => {
  const { data, facts } = command;
  ensureSameRollout(state, data.rolloutId);
  requireProvinceOfRegion(data.province, facts.regionProvinces);
  const existing = enrolledAssociation(state, data.associationId);
  if (existing) {
    const sameFact =
      existing.name.fr === data.name.fr &&
      existing.name.ar === data.name.ar &&
      existing.province === data.province;
    if (sameFact) return [];
    throw domainError('conflict', 'ASSOCIATION_ALREADY_ENROLLED', 'The association is already enrolled.', {
      associationId: data.associationId,
    });
  }
  if (withdrawnAssociation(state, data.associationId) !== undefined) {
    throw domainError(
      'conflict',
      'ASSOCIATION_WITHDRAWN',
      'The association withdrew or was excluded from this rollout; it is not enrolled again.',
      { associationId: data.associationId },
    );
  }
  if (state.closed) {
    throw domainError('conflict', 'ENROLMENT_CLOSED', 'The enrolment of this rollout is closed.', {
      rolloutId: data.rolloutId,
    });
  }
  // The target is a minimum, not a cap (program.md): with a beneficiary call, its selection is
  // the list enrolment takes from; without one, the ministry or coordinator enrols directly.
  const list = facts.beneficiaryList;
  if (list !== null) {
    if (!list.published) {
      throw domainError(
        'conflict',
        'BENEFICIARY_SELECTION_NOT_PUBLISHED',
        "The rollout's beneficiary call has no published selection yet: enrolment takes from it.",
        { callId: list.callId },
      );
    }
    const ranked = list.ranking.find((candidate) => candidate.associationId === data.associationId);
    if (ranked === undefined || !ranked.selected) {
      throw domainError(
        'conflict',
        'NOT_SELECTED_BY_BENEFICIARY_CALL',
        ranked === undefined
          ? "The association is not in the ranking of the rollout's beneficiary call."
          : "The association is in the reserve of the rollout's beneficiary call: it is enrolled only to replace one that left.",
        { associationId: data.associationId, callId: list.callId, rank: ranked?.rank ?? null },
      );
    }
  }
  // An enrolment dated from its file (a past edition, ADR 0154) is judged by its date.
  // Never before the publication of the selection it takes from (ADR 0160; ADR 0151's rule).
  const lateEntry = checkOptionalFactDate(
    context,
    'beneficiary-enrolled',
    'enrolledAt',
    data.enrolledAt,
    data.lateEntryReason,
    list === null
      ? []
      : [
          {
            code: 'ENROLLED_BEFORE_SELECTION_PUBLISHED',
            prior: { fact: 'beneficiary selection publication', date: list.publishedAt },
          },
        ],
  );
  return [
    {
      type: 'BeneficiaryEnrolled',
      data: {
        rolloutId: data.rolloutId,
        associationId: data.associationId,
        name: data.name,
        province: data.province,
        memberTarget: facts.memberTarget,
        enrolledAt: data.enrolledAt ?? null,
        lateEntry,
      },
    },
  ];
};

/** The association's enrolment in this rollout (`ASSOCIATION_NOT_ENROLLED` when it has none). */
const requireEnrolled = (state: EnrolmentState, associationId: string) => {
  const association = enrolledAssociation(state, associationId);
  if (!association) {
    throw domainError(
      'not-found',
      'ASSOCIATION_NOT_ENROLLED',
      'The association is not enrolled in this rollout.',
      {
        associationId,
      },
    );
  }
  return association;
};

const nominateMember = (
  command: NominateMember,
  state: EnrolmentState,
  context: CommandContext,
): EnrolmentEvent[] => {
  const { data } = command;
  ensureSameRollout(state, data.rolloutId);
  const association = requireEnrolled(state, data.associationId);
  const nominatedBy = associationOfMember(state, data.memberId);
  if (nominatedBy !== null && nominatedBy !== data.associationId) {
    throw domainError(
      'conflict',
      'MEMBER_IN_ANOTHER_ASSOCIATION',
      'The member is already nominated by another association of this rollout.',
      { memberId: data.memberId, associationId: nominatedBy },
    );
  }
  const nominated = association.members.find((member) => member.memberId === data.memberId);
  if (nominated) {
    if (nominated.trainingTopic === data.trainingTopic) return [];
    throw domainError(
      'conflict',
      'MEMBER_ALREADY_NOMINATED',
      'The member is already nominated, for another training topic.',
      { memberId: data.memberId, trainingTopic: nominated.trainingTopic },
    );
  }
  // A nomination dated from its file (a past edition, ADR 0161) is judged by its date, and is not
  // before the enrolment of the association that nominates (ADR 0151).
  const lateEntry = checkOptionalFactDate(
    context,
    'member-nominated',
    'nominatedAt',
    data.nominatedAt,
    data.lateEntryReason,
    [
      {
        code: 'NOMINATED_BEFORE_ENROLMENT',
        prior: { fact: 'association enrolment', date: association.enrolledAt },
      },
    ],
  );
  if (formerAssociationOf(state, data.memberId) !== null) {
    throw domainError(
      'conflict',
      'MEMBER_LEFT',
      'The member left this rollout; they are not nominated again.',
      {
        memberId: data.memberId,
      },
    );
  }
  // A replacement enrolled after the closure nominates its members then.
  if (state.closed && !isReplacement(state, data.associationId)) {
    throw domainError('conflict', 'ENROLMENT_CLOSED', 'The enrolment of this rollout is closed.', {
      rolloutId: data.rolloutId,
    });
  }
  if (association.members.length >= association.memberTarget) {
    throw domainError(
      'conflict',
      'ASSOCIATION_MEMBERS_COMPLETE',
      'The association already nominated its target number of members.',
      { associationId: data.associationId, memberTarget: association.memberTarget },
    );
  }
  return [
    {
      type: 'MemberNominated',
      data: {
        rolloutId: data.rolloutId,
        associationId: data.associationId,
        memberId: data.memberId,
        trainingTopic: data.trainingTopic,
        nominatedAt: data.nominatedAt ?? null,
        lateEntry,
      },
    },
  ];
};

const closeEnrolment = (
  command: CloseEnrolment,
  state: EnrolmentState,
  context: CommandContext,
): EnrolmentEvent[] => {
  const { rolloutId, closedAt } = command.data;
  ensureSameRollout(state, rolloutId);
  if (state.closed) return [];
  if (state.associations.length === 0) {
    throw domainError('conflict', 'NOTHING_ENROLLED', 'No association is enrolled in this rollout yet.', {
      rolloutId,
    });
  }
  const incomplete = state.associations.filter(
    (association) => association.members.length !== association.memberTarget,
  );
  if (incomplete.length > 0) {
    throw domainError(
      'conflict',
      'ENROLMENT_INCOMPLETE',
      'Some enrolled associations have not nominated all their members.',
      { incompleteAssociationIds: incomplete.map((association) => association.associationId) },
    );
  }
  // A closing dated from its file (a past edition, ADR 0161) is judged by its date, and is not
  // before the last enrolment or nomination it closes over (ADR 0151).
  const lateEntry = checkOptionalFactDate(
    context,
    'enrolment-closed',
    'closedAt',
    closedAt,
    command.data.lateEntryReason,
    [
      {
        code: 'CLOSED_BEFORE_LAST_NOMINATION',
        prior: {
          fact: 'enrolment or nomination',
          date: latestFactDate(
            state.associations.flatMap((association) => [
              association.enrolledAt,
              ...association.members.map((member) => member.nominatedAt),
            ]),
          ),
        },
      },
    ],
  );
  return [
    {
      type: 'EnrolmentClosed',
      data: {
        rolloutId,
        associationCount: state.associations.length,
        memberCount: state.associations.reduce((count, association) => count + association.members.length, 0),
        closedAt: closedAt ?? null,
        lateEntry,
      },
    },
  ];
};

const withdrawBeneficiary = (
  command: WithdrawBeneficiary,
  state: EnrolmentState,
  context: CommandContext,
): EnrolmentEvent[] => {
  const { data } = command;
  ensureSameRollout(state, data.rolloutId);
  // An exclusion is a sanction: the ministry decides it; a coordinator records a withdrawal.
  if (data.departure === 'excluded' && context.actor.role !== 'ministry' && context.actor.role !== 'system') {
    throw domainError(
      'forbidden',
      'EXCLUSION_BY_MINISTRY_ONLY',
      'Only the ministry excludes an association.',
      {
        associationId: data.associationId,
        role: context.actor.role,
      },
    );
  }
  const left = withdrawnAssociation(state, data.associationId);
  if (left !== undefined) {
    throw domainError(
      'conflict',
      'ASSOCIATION_ALREADY_WITHDRAWN',
      'The association already left this rollout.',
      {
        associationId: data.associationId,
        departure: left.departure,
      },
    );
  }
  const association = enrolledAssociation(state, data.associationId);
  // An association the beneficiary call selected may decline before it is enrolled.
  const list = command.facts.beneficiaryList;
  const selectedNotEnrolled =
    association === undefined &&
    list?.published === true &&
    list.ranking.some((ranked) => ranked.associationId === data.associationId && ranked.selected);
  if (!association && !selectedNotEnrolled) {
    throw domainError(
      'not-found',
      'ASSOCIATION_NOT_ENROLLED',
      'The association is not enrolled in this rollout, nor selected by its beneficiary call.',
      {
        associationId: data.associationId,
      },
    );
  }
  return [
    {
      type: 'BeneficiaryWithdrawn',
      data: {
        rolloutId: data.rolloutId,
        associationId: data.associationId,
        departure: data.departure,
        reason: data.reason,
        memberIds: association?.members.map((member) => member.memberId) ?? [],
      },
    },
  ];
};

const replaceBeneficiary = (command: ReplaceBeneficiary, state: EnrolmentState): EnrolmentEvent[] => {
  const { data, facts } = command;
  ensureSameRollout(state, data.rolloutId);
  const left = withdrawnAssociation(state, data.associationId);
  if (left === undefined) {
    throw domainError(
      'conflict',
      'ASSOCIATION_NOT_WITHDRAWN',
      'Only an association that withdrew or was excluded is replaced.',
      { associationId: data.associationId },
    );
  }
  // Asked again (a retried request): the replacement is already recorded.
  if (left.replacementAssociationId !== null) return [];
  if (!facts.trainingOpen) {
    throw domainError(
      'conflict',
      'REPLACEMENT_TOO_LATE',
      'The rollout is past axis 1: a replacement could no longer be trained.',
      { associationId: data.associationId },
    );
  }
  const list = facts.beneficiaryList;
  if (list === null || !list.published) {
    throw domainError(
      'conflict',
      'NO_BENEFICIARY_RESERVE',
      'The rollout has no published beneficiary selection, hence no reserve to replace from.',
      { associationId: data.associationId, callId: list?.callId ?? null },
    );
  }
  const next = remainingReserve(state, list)[0];
  if (next === undefined) {
    throw domainError('conflict', 'RESERVE_EXHAUSTED', "Every association of the call's reserve was taken.", {
      callId: list.callId,
    });
  }
  return [
    {
      type: 'BeneficiaryReplaced',
      data: {
        rolloutId: data.rolloutId,
        replacedAssociationId: data.associationId,
        replacementAssociationId: next.associationId,
        callId: list.callId,
        rank: next.rank,
      },
    },
    {
      type: 'BeneficiaryEnrolled',
      data: {
        rolloutId: data.rolloutId,
        associationId: next.associationId,
        name: { fr: next.name.fr, ar: next.name.ar },
        province: next.province,
        memberTarget: facts.memberTarget,
        // A replacement is recorded as it happens (its BeneficiaryReplaced is not dated).
        enrolledAt: null,
        lateEntry: null,
      },
    },
  ];
};

const replaceMember = (command: ReplaceMember, state: EnrolmentState): EnrolmentEvent[] => {
  const { data } = command;
  ensureSameRollout(state, data.rolloutId);
  const association = requireEnrolled(state, data.associationId);
  const leaving = association.members.find((member) => member.memberId === data.leavingMemberId);
  if (leaving === undefined) {
    // Asked again (a retried request): the leaver already gave their place to this replacement.
    const done =
      formerAssociationOf(state, data.leavingMemberId) !== null &&
      association.members.some((member) => member.memberId === data.replacementMemberId);
    if (done) return [];
    throw domainError(
      'not-found',
      'MEMBER_NOT_IN_ASSOCIATION',
      'The leaving member is not a member of this association.',
      { associationId: data.associationId, memberId: data.leavingMemberId },
    );
  }
  if (
    data.replacementMemberId === data.leavingMemberId ||
    formerAssociationOf(state, data.replacementMemberId) !== null
  ) {
    throw domainError(
      'conflict',
      'MEMBER_LEFT',
      'The replacement left this rollout; they are not nominated again.',
      {
        memberId: data.replacementMemberId,
      },
    );
  }
  const nominatedBy = associationOfMember(state, data.replacementMemberId);
  if (nominatedBy !== null) {
    throw domainError(
      'conflict',
      nominatedBy === data.associationId ? 'MEMBER_ALREADY_NOMINATED' : 'MEMBER_IN_ANOTHER_ASSOCIATION',
      'The replacement is already a member of an association of this rollout.',
      { memberId: data.replacementMemberId, associationId: nominatedBy },
    );
  }
  return [
    {
      type: 'MemberReplaced',
      data: {
        rolloutId: data.rolloutId,
        associationId: data.associationId,
        leavingMemberId: data.leavingMemberId,
        replacementMemberId: data.replacementMemberId,
        trainingTopic: leaving.trainingTopic,
        reason: data.reason,
      },
    },
  ];
};

export const decideEnrolment = (
  command: EnrolmentCommand,
  state: EnrolmentState,
  context: CommandContext,
): EnrolmentEvent[] => {
  switch (command.type) {
    case 'EnrolBeneficiary':
      return enrolBeneficiary(command, state, context);
    case 'NominateMember':
      return nominateMember(command, state, context);
    case 'CloseEnrolment':
      return closeEnrolment(command, state, context);
    case 'WithdrawBeneficiary':
      return withdrawBeneficiary(command, state, context);
    case 'ReplaceBeneficiary':
      return replaceBeneficiary(command, state);
    case 'ReplaceMember':
      return replaceMember(command, state);
    default:
      return assertNever(command);
  }
};

/** Enrolment of a rollout's beneficiary associations and their members. */
export const enrolmentDecider: Decider<EnrolmentCommand, EnrolmentState, EnrolmentEvent> = {
  initialState: initialEnrolmentState,
  evolve: evolveEnrolment,
  decide: decideEnrolment,
};

/**
 * The fold alone (no `decide`): what readers of this stream load it with, so that a bundle that
 * only reads it does not carry its rules (docs/adr/0066-bundles-within-300-kb.md).
 */
export const enrolmentFold: Fold<EnrolmentState, EnrolmentEvent> = {
  initialState: initialEnrolmentState,
  evolve: evolveEnrolment,
};
