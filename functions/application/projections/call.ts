import type { CallEvent, CommitteeEvent } from '../../../events/selection/index.js';
import {
  type CallState,
  evolve as evolveCall,
  initialState as initialCallState,
} from '../../domain/call/call.js';
import {
  type CommitteeState,
  evolve as evolveCommittee,
  initialState as initialCommitteeState,
} from '../../domain/committee/committee.js';
import type { ProjectedEvent, Projection } from './projection.js';

/** A call with its applications and its committee, both folded by their own deciders' `evolve`. */
export interface CallView {
  readonly callId: string;
  readonly call: CallState;
  readonly committee: CommitteeState;
  readonly publication: {
    readonly publishedAt: string;
    readonly appealWindowEndsAt: string;
    readonly minutes: { readonly fr: string; readonly ar: string };
  } | null;
  /** The national contact centre's operator, for the contact-centre call. */
  readonly contactCentreOperator: {
    readonly associationId: string;
    readonly name: { fr: string; ar: string };
  } | null;
}

const CALL_TYPES: ReadonlySet<string> = new Set([
  'CallOpened',
  'ApplicationSubmitted',
  'ApplicationRefused',
  'ApplicationCorrected',
  'CallClosed',
]);
const COMMITTEE_TYPES: ReadonlySet<string> = new Set([
  'CommitteeAppointed',
  'ConflictDeclared',
  'ApplicationScored',
  'ApplicationScoresCorrected',
  'ApplicationsRanked',
  'AssociationSelected',
  'ContactCentreOperatorSelected',
  'SelectionPublished',
  'AppealLodged',
  'AppealDecided',
  'SelectionReopened',
]);

const evolveCallView = (view: CallView, event: ProjectedEvent): CallView => {
  if (CALL_TYPES.has(event.type)) {
    return { ...view, call: evolveCall(view.call, event as unknown as CallEvent) };
  }
  if (!COMMITTEE_TYPES.has(event.type)) return view;
  const next = { ...view, committee: evolveCommittee(view.committee, event as unknown as CommitteeEvent) };
  switch (event.type) {
    case 'SelectionPublished':
      return {
        ...next,
        publication: {
          publishedAt: event.data.publishedAt,
          appealWindowEndsAt: event.data.appealWindowEndsAt,
          minutes: event.data.minutes,
        },
      };
    case 'SelectionReopened':
      return { ...next, publication: null };
    case 'ContactCentreOperatorSelected':
      return {
        ...next,
        contactCentreOperator: { associationId: event.data.associationId, name: event.data.associationName },
      };
    default:
      return next;
  }
};

/** A call and its committee: one document per call id (streams `call-…` and `committee-…`). */
export const callProjection: Projection<CallView> = {
  name: 'call',
  // 2: an upheld appeal re-opens the selection (SelectionReopened, issue 20).
  revision: 2,
  keysOf: (event) => {
    if (!CALL_TYPES.has(event.type) && !COMMITTEE_TYPES.has(event.type)) return [];
    return [(event.data as { callId: string }).callId];
  },
  initialView: (callId) => ({
    callId,
    call: initialCallState(),
    committee: initialCommitteeState(),
    publication: null,
    contactCentreOperator: null,
  }),
  evolve: (view, event) => evolveCallView(view, event),
};
