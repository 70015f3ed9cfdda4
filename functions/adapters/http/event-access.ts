import type { NaseejEventType } from '../../../events/catalog.js';
import { rolloutIdOf } from '../../application/projections/projection.js';
import { rolloutScope } from '../../application/scope.js';
import { type ResourceScope, roleCovers, SCOPED_ROLES } from './access.js';
import type { HttpRole, Principal } from './claims.js';

// What a caller may read of the recorded events: the one rule the event feed, a stream's events
// and the outbound partner deliveries (functions/adapters/webhooks/dispatcher.ts) all apply.

/**
 * The event types a `reader` (dashboards, the public, open data) receives in the feed: what the
 * program announces publicly — rollouts and waves, agreements in force, calls opened and closed,
 * the published selection, enrolled associations, sessions held, axis-1 completions, the hub and
 * its cascade, and grant money committed, awarded and paid (circular 4/2016 asks that funding data
 * be published). Everything else stays with the ministry: applications and refusals, the committee's
 * members, conflicts, scores, ranking and pre-publication selection, appeals, nominations and
 * individual attendance and completions, trainee selection, escalations, signatures and the
 * finance officers' steps. Readers also see no actor ids, only roles.
 */
export const PUBLIC_EVENT_TYPES = [
  'RolloutLaunched',
  'RolloutTargetsSet',
  'RolloutPhaseAdvanced',
  'RolloutDeadlineExtended',
  'RolloutCancelled',
  'RolloutCompleted',
  'WavePlanConfigured',
  'WaveStarted',
  'AgreementInForceRecorded',
  'CallOpened',
  'CallClosed',
  'CallCancelled',
  'CallDeadlineExtended',
  'CallEnded',
  'CallRelaunched',
  'SelectionPublished',
  'SelectionReopened',
  'BeneficiaryEnrolled',
  'EnrolmentClosed',
  'SessionHeld',
  'AxisOneCompleted',
  'CompetenceHubEstablished',
  'CascadeSessionReported',
  'CoFunderBudgetCommitted',
  'GrantAwarded',
  'TranchePaid',
  'GrantAmended',
  'TrancheRefunded',
  'GrantCancelled',
] as const satisfies readonly NaseejEventType[];

const publicTypes: ReadonlySet<string> = new Set(PUBLIC_EVENT_TYPES);

/** Whether an event type is in the public feed. */
export const isPublicEventType = (type: string): boolean => publicTypes.has(type);

/** Fields of public events that name the officers who acted: only the ministry sees them. */
const OFFICER_FIELDS: ReadonlySet<string> = new Set([
  'preparerId',
  'approverId',
  'payerId',
  'amendedBy',
  'cancelledBy',
]);

/** An event's data as every role but the ministry sees it: without the officers who acted. */
export const withoutOfficers = (data: unknown): unknown =>
  data !== null && typeof data === 'object' && !Array.isArray(data)
    ? Object.fromEntries(Object.entries(data).filter(([key]) => !OFFICER_FIELDS.has(key)))
    : data;

/** An event as far as its access cares: its type and data (any schema version). */
export interface ReadableEvent {
  readonly type: string;
  readonly data: unknown;
}

/**
 * Where an event belongs: the rollout its data names, else the one its stream's first event
 * (`head`) names, as the read models route it. An event of no rollout is in no scoped role's reach.
 */
export const eventScope = (event: ReadableEvent, head: ReadableEvent | undefined): ResourceScope =>
  rolloutScope(rolloutIdOf(event, head));

/**
 * Whether a caller acting in `role` may read an event of `type` belonging to `scope`: the ministry
 * every event; a coordinator or a partner the events its token's scope covers (a coordinator's
 * regions, a partner's own rollout, by the check every scoped route makes, functions/adapters/http/access.ts);
 * every role the public types.
 */
export const mayReadEvent = (
  role: HttpRole,
  principal: Principal | undefined,
  type: string,
  scope: ResourceScope,
): boolean =>
  role === 'ministry' ||
  isPublicEventType(type) ||
  (principal !== undefined && SCOPED_ROLES.includes(role) && roleCovers(role, principal, scope));
