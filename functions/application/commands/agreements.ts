import { agreementDecider, agreementStreamId } from '../../domain/agreements/agreements.js';
import { commandHandler } from '../command-handler.js';
import { launchedRollout } from '../facts.js';

// The handlers of agreements, each declared once (see command-handler.ts); the HTTP routes
// (adapters/http/routes/rollouts.ts) call these. `SignAgreement` keeps its route's own stream: its
// data does not name the agreement (the path does), so a handler could not name its stream.

const agreements = commandHandler(agreementDecider);

/** A rollout's agreement requires the rollout to be launched; a national one names no rollout. */
export const draftAgreement = agreements('DraftAgreement', {
  stream: ({ agreementId }) => agreementStreamId(agreementId),
  requires: async ({ rolloutId }, { store }) => {
    if (rolloutId !== undefined) await launchedRollout(store, rolloutId);
  },
});
