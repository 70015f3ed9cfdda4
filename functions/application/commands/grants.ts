import { grantsDecider, grantsStreamId } from '../../domain/grants/grants.js';
import { commandHandler } from '../command-handler.js';
import { associationCompletedTraining, launchedRollout, payTrancheFacts } from '../facts.js';

// The handlers of a rollout's grants (axis 3): co-funders' budgets, awards, tranches, amendments,
// refunds, cancellations and payment corrections, each declared once (see command-handler.ts); the HTTP routes
// (adapters/http/routes/grants.ts, corrections.ts) call these.

const grants = commandHandler(grantsDecider);

/** Every grants command changes its rollout's grants stream. */
const stream = ({ rolloutId }: { readonly rolloutId: string }) => grantsStreamId(rolloutId);

export const commitCoFunderBudget = grants('CommitCoFunderBudget', {
  stream,
  requires: ({ rolloutId }, { store }) => launchedRollout(store, rolloutId),
});

export const awardGrant = grants('AwardGrant', {
  stream,
  facts: async ({ rolloutId, associationId }, { store }) => ({
    associationCompletedTraining: await associationCompletedTraining(store, rolloutId, associationId),
  }),
});

export const requestTranche = grants('RequestTranche', { stream });
export const approveTranche = grants('ApproveTranche', { stream });
export const rejectTranche = grants('RejectTranche', { stream });

export const payTranche = grants('PayTranche', {
  stream,
  facts: ({ rolloutId, grantId }, { store }) => payTrancheFacts(store, rolloutId, grantId),
});

export const amendGrant = grants('AmendGrant', { stream });
export const recordTrancheRefund = grants('RecordTrancheRefund', { stream });
export const cancelGrant = grants('CancelGrant', { stream });

export const correctTranchePayment = grants('CorrectTranchePayment', { stream });
