import type { DomainEventOf, EventFamily } from '../define.js';
import { eventFamily } from '../define.js';
import { CoFunderBudgetCommittedV1 } from './CoFunderBudgetCommitted.v1.js';
import { CoFunderBudgetCommittedV2, upcastCoFunderBudgetCommittedV1 } from './CoFunderBudgetCommitted.v2.js';
import { GrantAmendedV1 } from './GrantAmended.v1.js';
import { GrantAwardedV1 } from './GrantAwarded.v1.js';
import { GrantAwardedV2, upcastGrantAwardedV1 } from './GrantAwarded.v2.js';
import { GrantAwardedV3, upcastGrantAwardedV2 } from './GrantAwarded.v3.js';
import { GrantCancelledV1 } from './GrantCancelled.v1.js';
import { GrantReportSubmittedV1 } from './GrantReportSubmitted.v1.js';
import { TrancheApprovedV1 } from './TrancheApproved.v1.js';
import { TrancheApprovedV2, upcastTrancheApprovedV1 } from './TrancheApproved.v2.js';
import { TranchePaidV1 } from './TranchePaid.v1.js';
import { TranchePaidV2, upcastTranchePaidV1 } from './TranchePaid.v2.js';
import { TranchePaymentCorrectedV1 } from './TranchePaymentCorrected.v1.js';
import { TrancheRefundedV1 } from './TrancheRefunded.v1.js';
import { TrancheRejectedV1 } from './TrancheRejected.v1.js';
import { TrancheRejectedV2, upcastTrancheRejectedV1 } from './TrancheRejected.v2.js';
import { TrancheRequestedV1 } from './TrancheRequested.v1.js';
import { TrancheRequestedV2, upcastTrancheRequestedV1 } from './TrancheRequested.v2.js';

/** Every event family of this area, latest version first-class, older versions kept. */
export const grantsFamilies = [
  eventFamily(CoFunderBudgetCommittedV2, {
    previous: [CoFunderBudgetCommittedV1],
    upcasters: [{ from: 1, upcast: upcastCoFunderBudgetCommittedV1 }],
  }),
  eventFamily(GrantAwardedV3, {
    previous: [GrantAwardedV1, GrantAwardedV2],
    upcasters: [
      { from: 1, upcast: upcastGrantAwardedV1 },
      { from: 2, upcast: upcastGrantAwardedV2 },
    ],
  }),
  eventFamily(TrancheRequestedV2, {
    previous: [TrancheRequestedV1],
    upcasters: [{ from: 1, upcast: upcastTrancheRequestedV1 }],
  }),
  eventFamily(TrancheApprovedV2, {
    previous: [TrancheApprovedV1],
    upcasters: [{ from: 1, upcast: upcastTrancheApprovedV1 }],
  }),
  eventFamily(TrancheRejectedV2, {
    previous: [TrancheRejectedV1],
    upcasters: [{ from: 1, upcast: upcastTrancheRejectedV1 }],
  }),
  eventFamily(TranchePaidV2, {
    previous: [TranchePaidV1],
    upcasters: [{ from: 1, upcast: upcastTranchePaidV1 }],
  }),
  eventFamily(TranchePaymentCorrectedV1),
  eventFamily(GrantAmendedV1),
  eventFamily(TrancheRefundedV1),
  eventFamily(GrantCancelledV1),
  eventFamily(GrantReportSubmittedV1),
] as const satisfies readonly EventFamily[];

/** The union of this area's events, as deciders return them (type + latest data). */
export type GrantsEvent = DomainEventOf<(typeof grantsFamilies)[number]['latest']>;
