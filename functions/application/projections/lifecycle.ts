import type { RegionCode } from '../../../events/reference.js';
import { ROLLOUT_LIFECYCLE_TYPES } from '../../../events/rollout/index.js';
import type { RolloutPhase, RolloutTargets } from '../../../events/rollout/schemas.js';
import type { ProjectedEvent } from './projection.js';

/** Where a region's rollout stands: what the national overview lists and the funnel heads with. */
export interface RolloutStanding {
  readonly rolloutId: string;
  readonly regionCode: RegionCode | null;
  readonly edition: string | null;
  readonly status: 'not-launched' | 'active' | 'closed' | 'cancelled';
  readonly phase: RolloutPhase | null;
  /** The phase whose wait timed out, while the ministry has not answered. */
  readonly escalatedPhase: RolloutPhase | null;
  readonly deadline: string | null;
  readonly targets: RolloutTargets | null;
  readonly launchedAt: string | null;
  readonly closedAt: string | null;
}

/** A rollout nothing is known of yet. */
export const unknownStanding = (rolloutId: string): RolloutStanding => ({
  rolloutId,
  regionCode: null,
  edition: null,
  status: 'not-launched',
  phase: null,
  escalatedPhase: null,
  deadline: null,
  targets: null,
  launchedAt: null,
  closedAt: null,
});

/** The event types of a rollout's own stream (`rollout-<region>-<edition>`). */
export const LIFECYCLE_TYPES: ReadonlySet<string> = new Set(ROLLOUT_LIFECYCLE_TYPES);

/** Evolves a rollout's standing with one event of its own stream; other events change nothing. */
export const evolveStanding = (standing: RolloutStanding, event: ProjectedEvent): RolloutStanding => {
  switch (event.type) {
    case 'RolloutLaunched':
      return {
        ...standing,
        regionCode: event.data.regionCode,
        edition: event.data.edition,
        status: 'active',
        phase: 'launch',
        targets: event.data.targets,
        launchedAt: event.recordedAt,
      };
    case 'RolloutTargetsSet':
      return { ...standing, targets: event.data.targets };
    case 'RolloutPhaseAdvanced':
      return { ...standing, phase: event.data.to, deadline: event.data.deadline, escalatedPhase: null };
    case 'RolloutEscalated':
      return { ...standing, escalatedPhase: event.data.phase };
    case 'RolloutDeadlineExtended':
      return { ...standing, deadline: event.data.deadline, escalatedPhase: null };
    case 'RolloutCancelled':
      return {
        ...standing,
        status: 'cancelled',
        deadline: null,
        escalatedPhase: null,
        closedAt: event.recordedAt,
      };
    case 'RolloutCompleted':
      return {
        ...standing,
        status: 'closed',
        phase: 'closed',
        targets: event.data.targets,
        deadline: null,
        escalatedPhase: null,
        closedAt: event.recordedAt,
      };
    default:
      return standing;
  }
};
