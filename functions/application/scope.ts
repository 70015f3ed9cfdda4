import { RegionCode } from '../../events/reference.js';

/**
 * The region of a rollout id (`rollout-FM-2026` → `FM`), or undefined for an id of another form:
 * a resource of unknown region is out of every coordinator's scope.
 */
export const regionOfRolloutId = (rolloutId: string | null | undefined): RegionCode | undefined => {
  const found = /^rollout-([A-Z]+)-/.exec(rolloutId ?? '');
  const parsed = RegionCode.safeParse(found?.[1]);
  return parsed.success ? parsed.data : undefined;
};

/** Where a resource of a rollout belongs, for the access check of scoped roles. */
export const rolloutScope = (rolloutId: string | null | undefined) => ({
  region: regionOfRolloutId(rolloutId),
  rolloutId: rolloutId ?? undefined,
});
