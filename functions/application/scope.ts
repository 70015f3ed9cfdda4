import { regionOfRolloutId } from '../domain/ids.js';

/** A resource of unknown region (an id of another form) is out of every coordinator's scope. */
export { regionOfRolloutId };

/** Where a resource of a rollout belongs, for the access check of scoped roles. */
export const rolloutScope = (rolloutId: string | null | undefined) => ({
  region: regionOfRolloutId(rolloutId),
  rolloutId: rolloutId ?? undefined,
});
