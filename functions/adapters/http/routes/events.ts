import * as z from 'zod';
import { upcastEvent } from '../../../../events/catalog.js';
import { Actor, Instant, Role } from '../../../../events/envelope.js';
import { Id } from '../../../../events/reference.js';
import { FEED_CURSOR_MAX_LENGTH, FEED_CURSOR_PATTERN } from '../../../application/feed/cursor.js';
import { checkpointOfFeedCursor, issueFeedCursor } from '../../../application/feed/issue.js';
import { readGlobalTail } from '../../../application/feed/tail.js';
import type { GlobalCheckpoint, GlobalPage, StoredEvent } from '../../../application/ports/event-store.js';
import { isInvalidCheckpointError } from '../../../application/ports/event-store-errors.js';
import type { FeedDependencies, FeedServices } from '../../../application/ports/feed-cursors.js';
import { HTTP_ROLES, type Principal } from '../claims.js';
import { routesNeeding } from '../command.js';
import { isPublicEventType, mayReadEvent, PUBLIC_EVENT_TYPES, withoutOfficers } from '../event-access.js';
import { httpError } from '../problem.js';
import type { HttpRoute, RouteDependencies } from '../route.js';

export { isPublicEventType, PUBLIC_EVENT_TYPES };

/** Default and largest page of the feed. */
export const FEED_PAGE = { default: 100, max: 500 } as const;

const PageLimit = z
  .string()
  .regex(/^[1-9][0-9]{0,2}$/, 'a whole number from 1 to 500')
  .transform(Number)
  .refine((value) => value <= FEED_PAGE.max, 'at most 500');

const FeedQuery = z
  .strictObject({
    after: z
      .string()
      .max(FEED_CURSOR_MAX_LENGTH)
      .regex(FEED_CURSOR_PATTERN, 'a cursor from a previous page (`c1.` and 24 characters)')
      .optional()
      .describe('The cursor of the previous page (`checkpoint`); absent: from the beginning'),
    from: z
      .literal('latest')
      .optional()
      .describe('`latest`: the last `limit` events of the feed and the cursor after them (not with `after`)'),
    limit: PageLimit.optional().describe('Events per page, 1 to 500 (default 100)'),
  })
  .refine((query) => query.after === undefined || query.from === undefined, {
    message: 'Give `after` (to read on) or `from=latest` (to start at the end), not both',
    path: ['from'],
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

/** One page of the event feed and the cursor to continue from. */
export const EventFeedPage = z
  .strictObject({
    events: z.array(FeedEvent),
    /**
     * The cursor (`c1.…`, 27 characters) to pass as `after` to read on; the same cursor again when
     * nothing new was recorded; `null` only before anything can be read.
     */
    checkpoint: z.string().nullable(),
    /** Events scanned in this page, before filtering to what the caller may see. */
    scanned: z.number().int(),
  })
  .meta({ id: 'EventFeedPage' });

/** One page of a stream's events and the version to continue from. */
export const StreamEventsPage = z
  .strictObject({
    events: z.array(FeedEvent),
    /** Pass it as `fromVersion` to read on; `null` when the stream has nothing more. */
    nextVersion: z.number().int().nullable(),
    /** Events scanned in this page, before filtering to what the caller may see. */
    scanned: z.number().int(),
  })
  .meta({ id: 'StreamEventsPage' });

const StreamQuery = z.strictObject({
  fromVersion: z
    .string()
    .regex(/^[1-9][0-9]{0,11}$/, 'a version from 1')
    .transform(Number)
    .optional()
    .describe('The first version to read (default 1)'),
  limit: PageLimit.optional().describe('Events per page, 1 to 500 (default 100)'),
});

/** The event as the caller's role may see it: everything for the ministry, less for readers. */
const feedEventFor = (everything: boolean) => (event: StoredEvent) => {
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
};

/**
 * The events of a page the caller may read (functions/adapters/http/event-access.ts), as its role sees them.
 * The feed's scope per event is not looked up: a scoped role reading it gets the public types.
 */
const visibleEvents = (
  events: readonly StoredEvent[],
  role: string | undefined,
  principal: Principal | undefined,
) => {
  const acting = HTTP_ROLES.find((known) => known === role);
  return events
    .filter((event) => acting !== undefined && mayReadEvent(acting, principal, event.type, {}))
    .map(feedEventFor(acting === 'ministry'));
};

/** What the event feed's routes need besides the store: its cursors and tail finder. */
export type EventRouteDependencies = RouteDependencies & FeedDependencies;

const { queryRoute } = routesNeeding<EventRouteDependencies>();

const feedServicesOf = (deps: EventRouteDependencies): FeedServices => deps.feed;

const cursorGone = (cause?: unknown) =>
  httpError(
    410,
    'FEED_CURSOR_EXPIRED',
    'The cursor in `after` is unknown or has expired: start again with `from=latest` (or without `after`)',
    {
      errors: [{ pointer: '/query/after', field: 'query.after', reason: 'Unknown or expired cursor' }],
      cause,
    },
  );

/** Reads the page after a cursor; an unknown, expired or unreadable cursor is a 410 naming `after`. */
const readAfterCursor = async (
  deps: RouteDependencies,
  feed: FeedServices,
  cursor: string,
  limit: number,
): Promise<GlobalPage> => {
  const checkpoint = await checkpointOfFeedCursor(feed.cursors, cursor, deps.clock());
  if (checkpoint === undefined) throw cursorGone();
  try {
    return await deps.store.readGlobal(checkpoint, { limit });
  } catch (error) {
    if (isInvalidCheckpointError(error)) throw cursorGone(error);
    throw error;
  }
};

const cursorOf = (feed: FeedServices, checkpoint: GlobalCheckpoint, now: string) =>
  checkpoint === null ? Promise.resolve(null) : issueFeedCursor(feed.cursors, checkpoint, now);

/**
 * The event feed for dashboards: every event for the ministry, public events for readers; and one
 * stream's events (a rollout's timeline) with the same filter.
 */
export const eventRoutes: readonly HttpRoute<EventRouteDependencies>[] = [
  queryRoute({
    method: 'GET',
    path: '/events',
    operationId: 'readEventFeed',
    summary: 'The live event feed after a cursor, or its last page, paged (readers get public events only)',
    description:
      'Every recorded event once, in the global order: at least once across retries, never skipped. ' +
      'Each page answers a short cursor (`checkpoint`) to pass as `after`; the server keeps the position ' +
      'it names for 7 days after it was last handed out. `from=latest` starts at the end: the last ' +
      '`limit` events and the cursor after them. An unknown or expired cursor answers 410 ' +
      '`FEED_CURSOR_EXPIRED` (start again from `latest`); one that is not a cursor, 400. ' +
      `Public event types: ${PUBLIC_EVENT_TYPES.join(', ')}.`,
    tags: ['events'],
    access: { roles: ['ministry', 'reader'] },
    request: { query: FeedQuery },
    load: async ({ query }, deps) => {
      const feed = feedServicesOf(deps);
      const limit = query.limit ?? FEED_PAGE.default;
      if (query.from === 'latest') {
        const tail = await readGlobalTail(deps.store, limit, feed.tail);
        return { events: tail.events, cursor: await cursorOf(feed, tail.checkpoint, deps.clock()) };
      }
      if (query.after === undefined) {
        const page = await deps.store.readGlobal(null, { limit });
        return { events: page.events, cursor: await cursorOf(feed, page.checkpoint, deps.clock()) };
      }
      const page = await readAfterCursor(deps, feed, query.after, limit);
      // Nothing new: the cursor read still names a position that skips nothing, and answering it
      // again writes nothing (the store's own checkpoint moves with the clock even when idle).
      if (page.events.length === 0) return { events: [], cursor: query.after };
      return { events: page.events, cursor: await cursorOf(feed, page.checkpoint, deps.clock()) };
    },
    respond: ({ resource, role, principal }) => ({
      events: visibleEvents(resource.events, role, principal),
      checkpoint: resource.cursor,
      scanned: resource.events.length,
    }),
    response: EventFeedPage,
  }),
  queryRoute({
    method: 'GET',
    path: '/streams/{streamId}/events',
    operationId: 'readStreamEvents',
    summary: "One stream's events in version order, paged (readers get public events only)",
    description:
      "A rollout's own stream (`rollout-<region>-<edition>`) dates its timeline. " +
      `Public event types: ${PUBLIC_EVENT_TYPES.join(', ')}.`,
    tags: ['events'],
    access: { roles: ['ministry', 'reader'] },
    request: { params: z.strictObject({ streamId: Id }), query: StreamQuery },
    load: async ({ params, query }, deps) => {
      const limit = query.limit ?? FEED_PAGE.default;
      const events: StoredEvent[] = [];
      for await (const event of deps.store.readStream(params.streamId, {
        fromVersion: query.fromVersion ?? 1,
      })) {
        events.push(event);
        if (events.length >= limit) break;
      }
      const last = events.at(-1);
      return { events, nextVersion: events.length >= limit && last !== undefined ? last.version + 1 : null };
    },
    respond: ({ resource, role, principal }) => ({
      events: visibleEvents(resource.events, role, principal),
      nextVersion: resource.nextVersion,
      scanned: resource.events.length,
    }),
    response: StreamEventsPage,
  }),
];
