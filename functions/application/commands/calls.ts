import {
  associationDecider,
  associationStreamId,
  verifiedAssociation,
} from '../../domain/associations/association.js';
import { callDecider, callStreamId } from '../../domain/call/call.js';
import type { OpenCall, SubmitApplication } from '../../domain/call/commands.js';
import { beneficiaryCallIdOf } from '../beneficiary-list.js';
import { commandHandler } from '../command-handler.js';
import { loadStream } from '../execute-command.js';
import { correctApplicationFacts, endCallFacts, launchedRollout } from '../facts.js';
import { operatorCallIdOf } from '../rollout-facts.js';

// The handlers of a call's commands (opening the national call, applications, closing, the
// escalations of its waits and the ministry's answers), its changes of course (the ministry extends
// its deadline, ends it without result, relaunches it) and its corrections, each declared once (see
// command-handler.ts); the HTTP routes (adapters/http/routes/selection.ts, call-course.ts,
// selection-corrections.ts) and the workflow tasks (workflows/tasks/) call these.

const call = commandHandler(callDecider);

/** Every call command changes the call's stream. */
const stream = ({ callId }: { readonly callId: string }) => callStreamId(callId);

export const openCall = call('OpenCall', { stream });

/** A rollout's call as its route gives it: its terms and its rollout; the call's id and region follow. */
export type RolloutCallInput = Omit<OpenCall['data'], 'callId' | 'rolloutId' | 'regionCode'> & {
  readonly rolloutId: string;
};

/**
 * Opens a rollout's call (for its operator, or for its beneficiary associations): its conventional
 * id, and its region from the launched rollout (404 when it never was).
 */
export const openRolloutCall = call('OpenCall', {
  data: async ({ rolloutId, ...terms }: RolloutCallInput, { store }) => {
    const rollout = await launchedRollout(store, rolloutId);
    return {
      ...terms,
      callId:
        terms.purpose === 'regional-operator' ? operatorCallIdOf(rolloutId) : beneficiaryCallIdOf(rolloutId),
      rolloutId: rollout.rolloutId,
      regionCode: rollout.regionCode,
    };
  },
  stream,
});
export const submitApplication = call('SubmitApplication', { stream });

/** An application as a verified association makes it in its portal: its names and province follow. */
export type OwnApplicationInput = Pick<
  SubmitApplication['data'],
  'callId' | 'associationId' | 'declaredFacts'
>;

/**
 * An association applies for itself (docs/adr/0107-association-portal.md): its names and province
 * come from its verified registration (404 `ASSOCIATION_NOT_REGISTERED`, 403
 * `ASSOCIATION_NOT_VERIFIED` before that).
 */
export const applyAsAssociation = call('SubmitApplication', {
  data: async ({ callId, associationId, declaredFacts }: OwnApplicationInput, { store }) => {
    const { state } = await loadStream(store, associationStreamId(associationId), associationDecider);
    const association = verifiedAssociation(state, associationId);
    return {
      callId,
      associationId,
      associationName: association.name,
      province: association.seat.province,
      declaredFacts,
    };
  },
  stream,
});
export const closeCall = call('CloseCall', { stream });
export const escalateCall = call('EscalateCall', { stream });
export const extendCallWait = call('ExtendCallWait', { stream });
export const cancelCall = call('CancelCall', { stream });

export const extendCallDeadline = call('ExtendCallDeadline', { stream });

export const endCallWithoutResult = call('EndCallWithoutResult', {
  stream,
  facts: ({ callId }, { store }) => endCallFacts(store, callId),
});

export const relaunchCall = call('RelaunchCall', { stream });

/** Corrects an application keyed in wrongly, until the committee ranked the files. */
export const correctApplication = call('CorrectApplication', {
  stream,
  facts: ({ callId }, { store }) => correctApplicationFacts(store, callId),
});
