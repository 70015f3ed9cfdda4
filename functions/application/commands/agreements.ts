import { agreementDecider, agreementStreamId } from '../../domain/agreements/agreements.js';
import type { SignAgreement } from '../../domain/agreements/commands.js';
import {
  conventionTextNotAccepted,
  requireConventionText,
  requireOwnConvention,
} from '../../domain/associations/portal.js';
import { documentDecider, documentStreamId } from '../../domain/documents/document.js';
import { commandHandler } from '../command-handler.js';
import { loadStream } from '../execute-command.js';
import { launchedRollout } from '../facts.js';

// The handlers of agreements, each declared once (see command-handler.ts); the HTTP routes
// (adapters/http/routes/rollouts.ts, association-grants.ts) call these.

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

/**
 * Signs an agreement. An association signing its own convention (its portal,
 * docs/adr/0120-association-signs-its-convention.md) signs only an agreement whose beneficiary party
 * it is (404 `NOT_FOUND` for any other, and nothing else is read), and the text it read is the
 * convention's document, accepted for this agreement with this hash (422 naming `text.documentId`).
 */
export const signAgreement = agreements('SignAgreement', {
  // The data is annotated so that TypeScript infers the key's type from this function.
  stream: (_signature: SignAgreement['data'], { agreementId }: AgreementKey) =>
    agreementStreamId(agreementId),
  requires: async (signature, { store }, { agreementId, actingAssociation }) => {
    if (actingAssociation === undefined) return;
    const { text } = signature;
    const { state: agreement } = await loadStream(store, agreementStreamId(agreementId), agreementDecider);
    requireOwnConvention(agreement, actingAssociation);
    if (text === undefined) throw conventionTextNotAccepted();
    const { state: document } = await loadStream(store, documentStreamId(text.documentId), documentDecider);
    requireConventionText(document, { agreementId, sha256: text.sha256 });
  },
  facts: async (_signature, _services, { actingAssociation }) =>
    actingAssociation === undefined ? undefined : { actingAssociation },
});
