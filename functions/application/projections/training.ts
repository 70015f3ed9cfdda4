import type { ModuleCode } from '../../../events/reference.js';
import {
  type EnrolmentEvent,
  type EnrolmentState,
  evolveEnrolment,
  initialEnrolmentState,
  membersOf,
} from '../../domain/enrolment/enrolment.js';
import {
  type AssociationTrainingEvent,
  evolveTraining,
  initialTrainingState,
  memberTrainingRecords,
  type TrainingState,
} from '../../domain/training/training.js';
import type { ProjectedEvent, Projection } from './projection.js';

/** Axis-1 training of one rollout: its enrolment, each association's training, the sessions held. */
export interface TrainingView {
  readonly rolloutId: string;
  readonly enrolment: EnrolmentState;
  /** Per association, its stream's completions folded by the training decider's `evolve` (no attendance). */
  readonly associations: Readonly<Record<string, TrainingState>>;
  readonly sessions: Readonly<
    Record<string, { readonly module: ModuleCode; readonly date: string; readonly province: string }>
  >;
}

const ENROLMENT_TYPES: ReadonlySet<string> = new Set([
  'BeneficiaryEnrolled',
  'MemberNominated',
  'EnrolmentClosed',
  'BeneficiaryWithdrawn',
  'BeneficiaryReplaced',
  'MemberReplaced',
]);
/**
 * The events of an association's training stream that progress reads. `AttendanceRecorded` is left
 * out: a module completion carries the sessions held and attended it was accepted on, which is all
 * progress counts. Keeping every attendance entry made one rollout's document grow by 16 entries
 * per member (several MB at 600 associations), serialised and compressed on every save.
 */
const ASSOCIATION_TYPES: ReadonlySet<string> = new Set([
  'ModuleCompleted',
  'AxisOneCompleted',
  // Corrections (ADR 0082): rare, and they change the completions progress counts.
  'AttendanceCorrected',
  'ModuleCompletionWithdrawn',
]);

const evolveTrainingView = (view: TrainingView, event: ProjectedEvent): TrainingView => {
  if (ENROLMENT_TYPES.has(event.type)) {
    return { ...view, enrolment: evolveEnrolment(view.enrolment, event as unknown as EnrolmentEvent) };
  }
  if (ASSOCIATION_TYPES.has(event.type)) {
    const { associationId } = event.data as { associationId: string };
    const current = Object.hasOwn(view.associations, associationId)
      ? view.associations[associationId]
      : undefined;
    return {
      ...view,
      associations: {
        ...view.associations,
        [associationId]: evolveTraining(
          current ?? initialTrainingState(),
          event as unknown as AssociationTrainingEvent,
        ),
      },
    };
  }
  if (event.type === 'SessionHeld') {
    const { sessionId, module, date, province } = event.data;
    return { ...view, sessions: { ...view.sessions, [sessionId]: { module, date, province } } };
  }
  return view;
};

/** Training progress per association and member: one document per rollout id. */
export const trainingProjection: Projection<TrainingView> = {
  name: 'training',
  // 2: associations that left and members replaced (docs/adr/0085-beneficiaries-change.md).
  revision: 2,
  keysOf: (event) =>
    ENROLMENT_TYPES.has(event.type) || ASSOCIATION_TYPES.has(event.type) || event.type === 'SessionHeld'
      ? [(event.data as { rolloutId: string }).rolloutId]
      : [],
  initialView: (rolloutId) => ({
    rolloutId,
    enrolment: initialEnrolmentState(),
    associations: {},
    sessions: {},
  }),
  evolve: (view, event) => evolveTrainingView(view, event),
};

/** One member's progress, as the training decider computes it for the selection of trainees. */
export interface MemberProgress {
  readonly memberId: string;
  readonly trainingTopic: ModuleCode;
  readonly modulesCompleted: readonly ModuleCode[];
  readonly attendanceRatePercent: number;
  readonly evaluationScore: number | null;
}

/** One association's progress. */
export interface AssociationProgress {
  readonly associationId: string;
  readonly name: { readonly fr: string; readonly ar: string };
  readonly province: string;
  readonly memberTarget: number;
  readonly members: readonly MemberProgress[];
  readonly modulesCompleted: number;
  readonly axisOneCompleted: boolean;
}

/** Each enrolled association's progress, in enrolment order, from the training decider's queries. */
export const associationProgress = (view: TrainingView): readonly AssociationProgress[] =>
  view.enrolment.associations.map((association) => {
    const training =
      (Object.hasOwn(view.associations, association.associationId)
        ? view.associations[association.associationId]
        : undefined) ?? initialTrainingState();
    const records = memberTrainingRecords(
      training,
      association.associationId,
      membersOf(view.enrolment, association.associationId),
    );
    const members = association.members.map((member, index) => {
      const record = records[index];
      return {
        memberId: member.memberId,
        trainingTopic: member.trainingTopic,
        modulesCompleted: record?.modulesCompleted ?? [],
        attendanceRatePercent: record?.attendanceRatePercent ?? 0,
        evaluationScore: record?.evaluationScore ?? null,
      };
    });
    return {
      associationId: association.associationId,
      name: association.name,
      province: association.province,
      memberTarget: association.memberTarget,
      members,
      modulesCompleted: members.reduce((total, member) => total + member.modulesCompleted.length, 0),
      axisOneCompleted: training.axisOneCompleted,
    };
  });
