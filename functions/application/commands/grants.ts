import { documentDecider, documentStreamId } from '../../domain/documents/document.js';
import type { ReportEvidenceFact } from '../../domain/grants/commands.js';
import { grantsDecider, grantsStreamId } from '../../domain/grants/grants.js';
import { commandHandler } from '../command-handler.js';
import { loadStream } from '../execute-command.js';
import { awardGrantFacts, launchedRollout, payTrancheFacts } from '../facts.js';

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
  facts: ({ rolloutId, associationId }, { store }) => awardGrantFacts(store, rolloutId, associationId),
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

/** Each file a report names, as its document's history knows it: accepted (whose, for what, its hash) or not. */
const evidenceOf = async (
  store: Parameters<typeof loadStream>[0],
  documentId: string,
): Promise<ReportEvidenceFact> => {
  const { state } = await loadStream(store, documentStreamId(documentId), documentDecider);
  if (state.status !== 'accepted' || state.sha256 === null || state.sizeBytes === null) {
    return { documentId, accepted: null };
  }
  return {
    documentId,
    accepted: {
      ownerAssociationId: state.ownerAssociationId,
      attachedTo: state.attachedTo,
      sha256: state.sha256,
      sizeBytes: state.sizeBytes,
      // Accepted only when its bytes showed the declared type (docs/adr/0100-documents.md).
      contentType: state.declaredContentType,
    },
  };
};

/** An association reports on a paid tranche of its grant, with its accepted evidence files. */
export const submitGrantReport = grants('SubmitGrantReport', {
  stream,
  facts: async ({ evidence }, { store }) => ({
    evidence: await Promise.all(evidence.map(({ documentId }) => evidenceOf(store, documentId))),
  }),
});
