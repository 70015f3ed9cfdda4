import * as z from 'zod';
import { Id, type ModuleCode, TRAINING_MODULES } from '../../../events/reference.js';
import type { TrainingEventOf } from '../../../events/training/index.js';
import { TopicPlan } from '../../../events/training/TrainingPlanSet.v1.js';
import {
  assertNever,
  type CommandContext,
  type CommandOf,
  type Decider,
  type Fold,
} from '../shared/decider.js';
import { domainError } from '../shared/errors.js';

/**
 * The region's axis-1 training plan (program.md: members are chosen by training topic): the
 * modules the members of each topic follow. A topic the plan leaves out, or a rollout with no
 * plan, follows all eight modules. One small stream per rollout, set before the first session
 * (docs/adr/0087-training-plan-by-topic.md).
 */

export type TrainingPlanEvent = TrainingEventOf<'TrainingPlanSet'>;

const ALL_MODULES: readonly ModuleCode[] = TRAINING_MODULES.map((module) => module.code);

/** Sets (or, before the first session, replaces) the rollout's training plan. */
export const SetTrainingPlanInput = z.strictObject({
  rolloutId: Id,
  topics: z.array(TopicPlan).min(1).max(8),
});

/** What setting the plan needs from the schedule (filled by the application layer). */
export interface TrainingPlanFacts {
  /** A session of axis 1 was already reported as held (schedule `heldSessions`). */
  readonly trainingStarted: boolean;
}

export type SetTrainingPlan = CommandOf<'SetTrainingPlan', typeof SetTrainingPlanInput, TrainingPlanFacts>;

export type TrainingPlanCommand = SetTrainingPlan;

export interface TrainingPlanState {
  readonly rolloutId: string | null;
  /** The modules of each topic the plan names. */
  readonly topics: Readonly<Partial<Record<ModuleCode, readonly ModuleCode[]>>>;
}

export const initialTrainingPlanState = (): TrainingPlanState => ({ rolloutId: null, topics: {} });

/** The stream that holds one rollout's training plan. */
export const trainingPlanStreamId = (rolloutId: string): string => `training-plan-${rolloutId}`;

export const evolveTrainingPlan = (state: TrainingPlanState, event: TrainingPlanEvent): TrainingPlanState => {
  switch (event.type) {
    case 'TrainingPlanSet':
      return {
        rolloutId: event.data.rolloutId,
        topics: Object.fromEntries(event.data.topics.map(({ topic, modules }) => [topic, modules])),
      };
    default:
      event.type satisfies never;
      return state;
  }
};

/** The modules a member of `topic` follows, in the program's order: the plan's, or all eight. */
export const modulesOfTopic = (state: TrainingPlanState, topic: ModuleCode): readonly ModuleCode[] => {
  const planned = state.topics[topic];
  return planned === undefined ? ALL_MODULES : ALL_MODULES.filter((module) => planned.includes(module));
};

/** The modules each member follows, by member id, from their training topics (ModuleCompletionFacts). */
export const requiredModulesByMember = (
  state: TrainingPlanState,
  members: readonly { readonly memberId: string; readonly trainingTopic: ModuleCode }[],
): Readonly<Record<string, readonly ModuleCode[]>> =>
  // No prototype: a member id such as `constructor` reads as absent, not as Object's own.
  Object.assign(
    Object.create(null) as Record<string, readonly ModuleCode[]>,
    Object.fromEntries(
      members.map(({ memberId, trainingTopic }) => [memberId, modulesOfTopic(state, trainingTopic)]),
    ),
  );

const setTrainingPlan = (command: SetTrainingPlan, state: TrainingPlanState): TrainingPlanEvent[] => {
  const { data, facts } = command;
  if (state.rolloutId !== null && state.rolloutId !== data.rolloutId) {
    throw domainError('invalid', 'ROLLOUT_MISMATCH', 'This training plan belongs to another rollout.', {
      expected: state.rolloutId,
      received: data.rolloutId,
    });
  }
  const topics = data.topics.map((plan) => plan.topic);
  const repeated = topics.find((topic, index) => topics.indexOf(topic) !== index);
  if (repeated !== undefined) {
    throw domainError('invalid', 'DUPLICATE_TOPIC', 'A training topic appears twice in the plan.', {
      topic: repeated,
    });
  }
  for (const { topic, modules } of data.topics) {
    if (new Set(modules).size !== modules.length) {
      throw domainError('invalid', 'DUPLICATE_MODULE', "A module appears twice in a topic's plan.", {
        topic,
      });
    }
    if (!modules.includes(topic)) {
      throw domainError(
        'invalid',
        'TOPIC_NOT_IN_ITS_PLAN',
        'The members of a training topic follow at least the module of their topic.',
        { topic, modules },
      );
    }
  }
  const same =
    state.rolloutId !== null &&
    Object.keys(state.topics).length === data.topics.length &&
    data.topics.every(({ topic, modules }) => {
      const recorded = state.topics[topic];
      return (
        recorded !== undefined &&
        recorded.length === modules.length &&
        recorded.every((m, i) => m === modules[i])
      );
    });
  if (same) return [];
  if (facts.trainingStarted) {
    throw domainError(
      'conflict',
      'TRAINING_ALREADY_STARTED',
      'Axis 1 has started: its plan no longer changes.',
      { rolloutId: data.rolloutId },
    );
  }
  return [{ type: 'TrainingPlanSet', data: { rolloutId: data.rolloutId, topics: data.topics } }];
};

export const decideTrainingPlan = (
  command: TrainingPlanCommand,
  state: TrainingPlanState,
  _context: CommandContext,
): TrainingPlanEvent[] => {
  switch (command.type) {
    case 'SetTrainingPlan':
      return setTrainingPlan(command, state);
    default:
      return assertNever(command.type);
  }
};

/** A rollout's training plan by topic. */
export const trainingPlanDecider: Decider<TrainingPlanCommand, TrainingPlanState, TrainingPlanEvent> = {
  initialState: initialTrainingPlanState,
  evolve: evolveTrainingPlan,
  decide: decideTrainingPlan,
};

/**
 * The fold alone (no `decide`): what readers of this stream load it with, so that a bundle that
 * only reads it does not carry its rules (docs/adr/0066-bundles-within-300-kb.md).
 */
export const trainingPlanFold: Fold<TrainingPlanState, TrainingPlanEvent> = {
  initialState: initialTrainingPlanState,
  evolve: evolveTrainingPlan,
};
