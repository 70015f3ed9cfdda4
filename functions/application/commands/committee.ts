import type { CallFactsOfCommittee } from '../../domain/committee/commands.js';
import { committeeDecider, committeeStreamId } from '../../domain/committee/committee.js';
import { commandHandler } from '../command-handler.js';
import type { CommandServices } from '../execute-command.js';
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
export const decideAppeal = committee('DecideAppeal', { stream });
export const remindAppealWindowClosing = committee('RemindAppealWindowClosing', { stream, facts });
export const correctScores = committee('CorrectScores', { stream });
