import { z } from 'zod';
import { type NaseejEventType, upcastEvent } from '../../../events/catalog.js';
import { Actor, Instant, Role } from '../../../events/envelope.js';
import { queryRoute } from '../command.js';
import type { HttpRoute } from '../route.js';

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
  'SelectionPublished',
  'BeneficiaryEnrolled',
  'EnrolmentClosed',
  'SessionHeld',
  'AxisOneCompleted',
  'CompetenceHubEstablished',
  'CascadeSessionReported',
  'CoFunderBudgetCommitted',
  'GrantAwarded',
  'TranchePaid',
] as const satisfies readonly NaseejEventType[];

const publicTypes: ReadonlySet<string> = new Set(PUBLIC_EVENT_TYPES);

/** Fields of public events that name the officers who acted: left out for readers. */
const OFFICER_FIELDS: ReadonlySet<string> = new Set(['preparerId', 'approverId', 'payerId']);

const withoutOfficers = (data: unknown): unknown =>
  data !== null && typeof data === 'object' && !Array.isArray(data)
    ? Object.fromEntries(Object.entries(data).filter(([key]) => !OFFICER_FIELDS.has(key)))
    : data;

/** Whether an event type is in the public feed. */
export const isPublicEventType = (type: string): boolean => publicTypes.has(type);

/** Default and largest page of the feed. */
export const FEED_PAGE = { default: 100, max: 500 } as const;

const FeedQuery = z.strictObject({
  /** The checkpoint of the previous page (opaque); absent: from the beginning. */
  // The store's checkpoint names the commits delivered within its settle window, so it grows with
  // the write rate (≈2,300 characters at the demo's busiest); 6,000 stays, URL-encoded, under API
  // Gateway's 10 KiB request line. A compact server-side cursor is the lasting fix.
  after: z.string().min(1).max(6000).optional(),
  limit: z
    .string()
    .regex(/^[1-9][0-9]{0,2}$/, 'a whole number from 1 to 500')
    .transform(Number)
    .refine((value) => value <= FEED_PAGE.max, 'at most 500')
    .optional(),
});

const FeedEvent = z.strictObject({
  eventId: z.string(),
  streamId: z.string(),
  version: z.number().int(),
  type: z.string(),
  schemaVersion: z.number().int(),
  occurredAt: Instant,
  recordedAt: Instant,
  actor: z.union([Actor, z.strictObject({ role: Role })]),
  correlationId: z.string().optional(),
  data: z.unknown(),
});

/** One page of the event feed and the checkpoint to continue from. */
export const EventFeedPage = z
  .strictObject({
    events: z.array(FeedEvent),
    /** Pass it as `after` to read on; the same checkpoint again when nothing new was recorded. */
    checkpoint: z.string().nullable(),
    /** Events scanned in this page, before filtering to what the caller may see. */
    scanned: z.number().int(),
  })
  .meta({ id: 'EventFeedPage' });

/** The event feed for dashboards: every event for the ministry, public events for readers. */
export const eventRoutes: readonly HttpRoute[] = [
  queryRoute({
    method: 'GET',
    path: '/events',
    operationId: 'readEventFeed',
    summary: 'The live event feed from a checkpoint, paged (readers get public events only)',
    description: `Public event types: ${PUBLIC_EVENT_TYPES.join(', ')}.`,
    tags: ['events'],
    access: { roles: ['ministry', 'reader'] },
    request: { query: FeedQuery },
    load: async ({ query }, deps) =>
      deps.store.readGlobal(query.after ?? null, { limit: query.limit ?? FEED_PAGE.default }),
    respond: ({ resource, role }) => {
      const everything = role === 'ministry';
      return {
        events: resource.events
          .filter((event) => everything || isPublicEventType(event.type))
          .map((event) => {
            const { schemaVersion, data } = upcastEvent(event.type, event.schemaVersion, event.data);
            return {
              eventId: event.eventId,
              streamId: event.streamId,
              version: event.version,
              type: event.type,
              schemaVersion,
              occurredAt: event.occurredAt,
              recordedAt: event.recordedAt,
              actor: everything ? event.actor : { role: event.actor.role },
              ...(everything ? { correlationId: event.correlationId } : {}),
              data: everything ? data : withoutOfficers(data),
            };
          }),
        checkpoint: resource.checkpoint,
        scanned: resource.events.length,
      };
    },
    response: EventFeedPage,
  }),
];
