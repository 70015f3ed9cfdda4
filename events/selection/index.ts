import type { DomainEventOf, EventFamily } from '../define.js';
import { eventFamily } from '../define.js';
import { AppealDecidedV1 } from './AppealDecided.v1.js';
import { AppealLodgedV1 } from './AppealLodged.v1.js';
import { AppealLodgedV2, upcastAppealLodgedV1 } from './AppealLodged.v2.js';
import { AppealWindowClosingRemindedV1 } from './AppealWindowClosingReminded.v1.js';
import { ApplicationCorrectedV1 } from './ApplicationCorrected.v1.js';
import { ApplicationRefusedV1 } from './ApplicationRefused.v1.js';
import { ApplicationScoredV1 } from './ApplicationScored.v1.js';
import { ApplicationScoredV2, upcastApplicationScoredV1 } from './ApplicationScored.v2.js';
import { ApplicationScoresCorrectedV1 } from './ApplicationScoresCorrected.v1.js';
import {
  ApplicationScoresCorrectedV2,
  upcastApplicationScoresCorrectedV1,
} from './ApplicationScoresCorrected.v2.js';
import { ApplicationSubmittedV1 } from './ApplicationSubmitted.v1.js';
import { ApplicationSubmittedV2, upcastApplicationSubmittedV1 } from './ApplicationSubmitted.v2.js';
import { ApplicationsRankedV1 } from './ApplicationsRanked.v1.js';
import { ApplicationsRankedV2, upcastApplicationsRankedV1 } from './ApplicationsRanked.v2.js';
import { AssociationSelectedV1 } from './AssociationSelected.v1.js';
import { CallCancelledV1 } from './CallCancelled.v1.js';
import { CallClosedV1 } from './CallClosed.v1.js';
import { CallClosedV2, upcastCallClosedV1 } from './CallClosed.v2.js';
import { CallDeadlineExtendedV1 } from './CallDeadlineExtended.v1.js';
import { CallEndedV1 } from './CallEnded.v1.js';
import { CallEscalatedV1 } from './CallEscalated.v1.js';
import { CallOpenedV1 } from './CallOpened.v1.js';
import { CallOpenedV2, upcastCallOpenedV1 } from './CallOpened.v2.js';
import { CallRelaunchedV1 } from './CallRelaunched.v1.js';
import { CallWaitExtendedV1 } from './CallWaitExtended.v1.js';
import { CommitteeAppointedV1 } from './CommitteeAppointed.v1.js';
import { CommitteeAppointedV2, upcastCommitteeAppointedV1 } from './CommitteeAppointed.v2.js';
import { ConflictDeclaredV1 } from './ConflictDeclared.v1.js';
import { ContactCentreOperatorSelectedV1 } from './ContactCentreOperatorSelected.v1.js';
import { SelectionPublishedV1 } from './SelectionPublished.v1.js';
import { SelectionPublishedV2, upcastSelectionPublishedV1 } from './SelectionPublished.v2.js';
import { SelectionReopenedV1 } from './SelectionReopened.v1.js';

/** Every event family of this area, latest version first-class, older versions kept. */
export const selectionFamilies = [
  eventFamily(CallOpenedV2, {
    previous: [CallOpenedV1],
    upcasters: [{ from: 1, upcast: upcastCallOpenedV1 }],
  }),
  eventFamily(ApplicationSubmittedV2, {
    previous: [ApplicationSubmittedV1],
    upcasters: [{ from: 1, upcast: upcastApplicationSubmittedV1 }],
  }),
  eventFamily(ApplicationRefusedV1),
  eventFamily(ApplicationCorrectedV1),
  eventFamily(CallClosedV2, {
    previous: [CallClosedV1],
    upcasters: [{ from: 1, upcast: upcastCallClosedV1 }],
  }),
  eventFamily(CallEscalatedV1),
  eventFamily(CallWaitExtendedV1),
  eventFamily(CallCancelledV1),
  eventFamily(CallDeadlineExtendedV1),
  eventFamily(CallEndedV1),
  eventFamily(CallRelaunchedV1),
  eventFamily(CommitteeAppointedV2, {
    previous: [CommitteeAppointedV1],
    upcasters: [{ from: 1, upcast: upcastCommitteeAppointedV1 }],
  }),
  eventFamily(ConflictDeclaredV1),
  eventFamily(ApplicationScoredV2, {
    previous: [ApplicationScoredV1],
    upcasters: [{ from: 1, upcast: upcastApplicationScoredV1 }],
  }),
  eventFamily(ApplicationScoresCorrectedV2, {
    previous: [ApplicationScoresCorrectedV1],
    upcasters: [{ from: 1, upcast: upcastApplicationScoresCorrectedV1 }],
  }),
  eventFamily(ApplicationsRankedV2, {
    previous: [ApplicationsRankedV1],
    upcasters: [{ from: 1, upcast: upcastApplicationsRankedV1 }],
  }),
  eventFamily(AssociationSelectedV1),
  eventFamily(ContactCentreOperatorSelectedV1),
  eventFamily(SelectionPublishedV2, {
    previous: [SelectionPublishedV1],
    upcasters: [{ from: 1, upcast: upcastSelectionPublishedV1 }],
  }),
  eventFamily(AppealLodgedV2, {
    previous: [AppealLodgedV1],
    upcasters: [{ from: 1, upcast: upcastAppealLodgedV1 }],
  }),
  eventFamily(AppealDecidedV1),
  eventFamily(SelectionReopenedV1),
  eventFamily(AppealWindowClosingRemindedV1),
] as const satisfies readonly EventFamily[];

/** The union of this area's events, as deciders return them (type + latest data). */
export type SelectionEvent = DomainEventOf<(typeof selectionFamilies)[number]['latest']>;

/** The events of one call's stream (`call-<callId>`). */
export type CallEvent = Extract<
  SelectionEvent,
  {
    type:
      | 'CallOpened'
      | 'ApplicationSubmitted'
      | 'ApplicationRefused'
      | 'ApplicationCorrected'
      | 'CallClosed'
      | 'CallEscalated'
      | 'CallWaitExtended'
      | 'CallCancelled'
      | 'CallDeadlineExtended'
      | 'CallEnded'
      | 'CallRelaunched';
  }
>;

/** The events of one call's committee stream (`committee-<callId>`). */
export type CommitteeEvent = Exclude<SelectionEvent, CallEvent>;
