import type { RegionCode } from '../../../events/reference.js';
import { evolveStanding, LIFECYCLE_TYPES, type RolloutStanding, unknownStanding } from './lifecycle.js';
import type { ProjectedEvent, Projection } from './projection.js';

/** A national wave plan of one edition: the order of regions and the waves started. */
export interface WavePlanView {
  readonly regions: readonly RegionCode[];
  readonly started: readonly {
    readonly waveNumber: number;
    readonly regionCode: RegionCode;
    readonly rolloutId: string;
  }[];
}

/**
 * The national directory: every rollout's standing and every edition's wave plan. Its one
 * document changes only with rollout lifecycle and wave events (rare), so it is never hot; the
 * overview joins it with each rollout's funnel document for the figures.
 */
export interface NationalView {
  readonly rollouts: Readonly<Record<string, RolloutStanding>>;
  readonly waves: Readonly<Record<string, WavePlanView>>;
}

/** The key of the national document. */
export const NATIONAL_KEY = 'national';

const WAVE_TYPES: ReadonlySet<string> = new Set(['WavePlanConfigured', 'WaveStarted']);

const withWaves = (
  view: NationalView,
  edition: string,
  change: (plan: WavePlanView) => WavePlanView,
): NationalView => {
  const plan = Object.hasOwn(view.waves, edition) ? view.waves[edition] : undefined;
  return { ...view, waves: { ...view.waves, [edition]: change(plan ?? { regions: [], started: [] }) } };
};

const evolveNational = (view: NationalView, event: ProjectedEvent): NationalView => {
  if (LIFECYCLE_TYPES.has(event.type)) {
    const rolloutId = (event.data as { rolloutId: string }).rolloutId;
    const standing = Object.hasOwn(view.rollouts, rolloutId) ? view.rollouts[rolloutId] : undefined;
    return {
      ...view,
      rollouts: {
        ...view.rollouts,
        [rolloutId]: evolveStanding(standing ?? unknownStanding(rolloutId), event),
      },
    };
  }
  switch (event.type) {
    case 'WavePlanConfigured':
      return withWaves(view, event.data.edition, (plan) => ({ ...plan, regions: event.data.regions }));
    case 'WaveStarted': {
      const { edition, waveNumber, regionCode, rolloutId } = event.data;
      return withWaves(view, edition, (plan) => ({
        ...plan,
        started: [...plan.started, { waveNumber, regionCode, rolloutId }],
      }));
    }
    default:
      return view;
  }
};

/** The national overview's directory of rollouts and waves: one document, key `national`. */
export const nationalProjection: Projection<NationalView> = {
  name: 'national',
  revision: 1,
  keysOf: (event) => (LIFECYCLE_TYPES.has(event.type) || WAVE_TYPES.has(event.type) ? [NATIONAL_KEY] : []),
  initialView: () => ({ rollouts: {}, waves: {} }),
  evolve: (view, event) => evolveNational(view, event),
};

/** The rollouts of a region, latest launched first (an edition per rollout). */
export const rolloutsOfRegion = (view: NationalView, regionCode: RegionCode): readonly RolloutStanding[] =>
  Object.values(view.rollouts)
    .filter((standing) => standing.regionCode === regionCode)
    .sort(
      (a, b) =>
        (b.launchedAt ?? '').localeCompare(a.launchedAt ?? '') || b.rolloutId.localeCompare(a.rolloutId),
    );
