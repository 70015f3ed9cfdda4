import { requireOwnAppealLetter } from '../../domain/associations/portal.js';
import type { CallFactsOfCommittee } from '../../domain/committee/commands.js';
import { committeeDecider, committeeStreamId } from '../../domain/committee/committee.js';
import { documentDecider, documentStreamId } from '../../domain/documents/document.js';
import { commandHandler } from '../command-handler.js';
import { type CommandServices, loadStream } from '../execute-command.js';
import { committeeCallFacts } from '../facts.js';

// The handlers of the selection committee's commands, each declared once (see command-handler.ts):
// the HTTP routes (adapters/http/routes/selection.ts, corrections.ts) and the contact-centre
// workflow's task (workflows/tasks/contact-centre.ts) call these.

const committee = commandHandler(committeeDecider);

/** Every committee command changes its call's committee stream. */
const stream = ({ callId }: { readonly callId: string }) => committeeStreamId(callId);

/** The committee's facts about its call. */
const facts = (
  { callId }: { readonly callId: string },
  { store }: CommandServices,
): Promise<CallFactsOfCommittee> => committeeCallFacts(store, callId);

export const appointCommittee = committee('AppointCommittee', { stream, facts });
export const declareConflict = committee('DeclareConflict', { stream, facts });
export const submitScores = committee('SubmitScores', { stream, facts });
export const rankApplications = committee('RankApplications', { stream, facts });
export const selectAssociations = committee('SelectAssociations', { stream });
export const publishSelection = committee('PublishSelection', { stream });
export const lodgeAppeal = committee('LodgeAppeal', { stream, facts });

/**
 * An association lodges its own appeal in its portal (docs/adr/0107-association-portal.md): the
 * letter it names is one it uploaded for this call's appeal, accepted (422 naming
 * `groundsDocumentId`), before anything of the committee is read.
 */
export const lodgeOwnAppeal = committee('LodgeAppeal', {
  stream,
  requires: async ({ callId, associationId, groundsDocumentId }, { store }) => {
    const { state: letter } = await loadStream(store, documentStreamId(groundsDocumentId), documentDecider);
    requireOwnAppealLetter(letter, { associationId, callId });
  },
  facts,
});
export const decideAppeal = committee('DecideAppeal', { stream });
export const remindAppealWindowClosing = committee('RemindAppealWindowClosing', { stream, facts });
export const correctScores = committee('CorrectScores', { stream });
