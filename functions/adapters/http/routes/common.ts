import * as z from 'zod';
import { Role } from '../../../../events/envelope.js';
import { Id } from '../../../../events/reference.js';
import type { HttpRole } from '../claims.js';

/** Path parameter `{rolloutId}`: a rollout id such as `rollout-FM-2026`. */
export const RolloutParams = z.strictObject({ rolloutId: Id });
/** Path parameter `{callId}`. */
export const CallParams = z.strictObject({ callId: Id });
/** Path parameters `{rolloutId}` and `{associationId}`. */
export const BeneficiaryParams = z.strictObject({ rolloutId: Id, associationId: Id });

/** A positive integer written in a path segment (`/tranches/2`). */
export const PathNumber = z
  .string()
  .regex(/^[1-9][0-9]{0,5}$/, 'a positive whole number')
  .transform((value) => Number(value));

/**
 * Every role a member of staff can hold (for routes any signed-in staff caller may read): the roles
 * of events/envelope.ts but an association's and the platform's own, in their order there.
 */
export const EVERY_ROLE = Role.exclude(['association', 'system']).options as [HttpRole, ...HttpRole[]];

/** The ministry alone (national decisions: launches, waves, committees, awards, cancellations). */
export const MINISTRY = { roles: ['ministry'] } as const;
/** The ministry, and a coordinator for its own region. */
export const MINISTRY_OR_COORDINATOR = { roles: ['ministry', 'coordinator'] } as const;
/** The operator association of the rollout (its reports also come through signed webhooks). */
export const PARTNER = { roles: ['partner'] } as const;
