import {
  evolveTrainers,
  initialTrainersState,
  type Reach,
  reach,
  type TrainersEvent,
  type TrainersState,
} from '../../domain/trainers/trainers.js';
import type { ProjectedEvent, Projection } from './projection.js';

/** Axis 2 of one rollout (trainers, hub, cascade) and its direct beneficiaries, to count reach apart. */
export interface TrainersView {
  readonly rolloutId: string;
  readonly trainers: TrainersState;
  readonly directAssociationIds: readonly string[];
}

const TRAINERS_TYPES: ReadonlySet<string> = new Set([
  'TraineesSelected',
  'TrainerModuleCompleted',
  'TrainerCertified',
  'CompetenceHubEstablished',
  'HubTrainerAdded',
  'CascadeSessionReported',
]);

const evolveTrainersView = (view: TrainersView, event: ProjectedEvent): TrainersView => {
  if (TRAINERS_TYPES.has(event.type)) {
    return { ...view, trainers: evolveTrainers(view.trainers, event as unknown as TrainersEvent) };
  }
  if (event.type === 'BeneficiaryEnrolled' && !view.directAssociationIds.includes(event.data.associationId)) {
    return { ...view, directAssociationIds: [...view.directAssociationIds, event.data.associationId] };
  }
  // One that left is no longer a direct beneficiary, as the rollout's figures count it (docs/adr/0085).
  if (event.type === 'BeneficiaryWithdrawn') {
    const { associationId } = event.data;
    return { ...view, directAssociationIds: view.directAssociationIds.filter((id) => id !== associationId) };
  }
  return view;
};

/** Trainers and the competence hub's cascade reach: one document per rollout id. */
export const trainersProjection: Projection<TrainersView> = {
  name: 'trainers',
  // 2: an association that left is no longer direct (docs/adr/0085-beneficiaries-change.md).
  revision: 2,
  keysOf: (event) =>
    TRAINERS_TYPES.has(event.type) ||
    event.type === 'BeneficiaryEnrolled' ||
    event.type === 'BeneficiaryWithdrawn'
      ? [(event.data as { rolloutId: string }).rolloutId]
      : [],
  initialView: (rolloutId) => ({ rolloutId, trainers: initialTrainersState(), directAssociationIds: [] }),
  evolve: (view, event) => evolveTrainersView(view, event),
};

/** Direct vs cascade reach, as the trainers' decider counts it. */
export const trainersReach = (view: TrainersView): Reach => reach(view.trainers, view.directAssociationIds);
