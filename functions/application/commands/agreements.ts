import { agreementDecider, agreementStreamId } from '../../domain/agreements/agreements.js';
import type { SignAgreement } from '../../domain/agreements/commands.js';
import { commandHandler } from '../command-handler.js';
import { launchedRollout } from '../facts.js';

// The handlers of agreements, each declared once (see command-handler.ts); the HTTP routes
// (adapters/http/routes/rollouts.ts) call these.

const agreements = commandHandler(agreementDecider);

/** A rollout's agreement requires the rollout to be launched; a national one names no rollout. */
export const draftAgreement = agreements('DraftAgreement', {
  stream: ({ agreementId }) => agreementStreamId(agreementId),
  requires: async ({ rolloutId }, { store }) => {
    if (rolloutId !== undefined) await launchedRollout(store, rolloutId);
  },
});

/**
 * The agreement a signature is for, named by its path, not by the signature's data; and, when an
 * association signs its own convention, the association its path names (the signature's fact).
 */
export interface AgreementKey {
  readonly agreementId: string;
  readonly actingAssociation?: string;
}

export const signAgreement = agreements('SignAgreement', {
  // The data is annotated so that TypeScript infers the key's type from this function.
  stream: (_signature: SignAgreement['data'], { agreementId }: AgreementKey) =>
    agreementStreamId(agreementId),
  facts: async (_signature, _services, { actingAssociation }) =>
    actingAssociation === undefined ? undefined : { actingAssociation },
});
