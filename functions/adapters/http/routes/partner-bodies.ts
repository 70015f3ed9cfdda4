import * as z from 'zod';
import { Id } from '../../../../events/reference.js';

// The partner routes' request bodies that the workspace's forms check with (workspace/src/forms.ts):
// in a module of their own because the partner routes import the webhook adapters, which use Node
// built-ins a browser bundle cannot hold. The routes declare these very objects (partners.ts).

/** A new signing secret for a partner (`POST /partners/{partnerId}/webhook-secrets`). */
export const RegisterSecretBody = z.strictObject({
  /** The operator association the partner acts for; required when the partner is new. */
  associationId: Id.optional(),
  /** The only rollout it may report for; required when the partner is new. */
  rolloutId: Id.optional(),
  /** Secrets retired in the same step (a rotation once the partner has switched). */
  retireSecretIds: z.array(Id).max(20).optional(),
});
