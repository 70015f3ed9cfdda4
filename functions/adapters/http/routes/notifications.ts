import * as z from 'zod';
import { InboxEntry, type NotificationLedger } from '../../../application/ports/notifications.js';
import { HTTP_ROLES, type HttpRole } from '../claims.js';
import { httpError } from '../problem.js';
import { checkRouteDeclaration, type HttpRoute, type RouteDependencies } from '../route.js';

// The workspace's notifications: `GET /me/notifications` answers the caller's own inbox, newest
// first. Whose inbox comes only from the token (`sub`): no parameter names a person, so nobody can
// read another's notifications.

/** What the route needs: the ledger holding the inboxes. */
export interface NotificationRouteDependencies {
  readonly notifications: Pick<NotificationLedger, 'inbox'>;
}

/** What the notification routes need: the store and the inboxes. */
export type NotificationRoutesDependencies = RouteDependencies & NotificationRouteDependencies;

const InboxQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

export const NotificationInbox = z.strictObject({
  recipientId: z.string(),
  notifications: z.array(InboxEntry),
});

const everyRole = HTTP_ROLES as readonly HttpRole[] as [HttpRole, ...HttpRole[]];

const inboxRoute: HttpRoute<NotificationRoutesDependencies> = {
  kind: 'query',
  method: 'GET',
  path: '/me/notifications',
  operationId: 'readMyNotifications',
  summary: "The caller's notifications (what awaits them), newest first, in their language",
  description:
    "Only the caller's own: the inbox is the token's subject. Each notification says whether it was also e-mailed (`email`).",
  tags: ['notifications'],
  access: { roles: everyRole },
  request: { query: InboxQuery },
  responses: { 200: { description: "The caller's notifications", schema: NotificationInbox } },
  handle: async (request, deps) => {
    const ledger = deps.notifications;
    if (request.principal === undefined) {
      throw httpError(401, 'UNAUTHENTICATED', 'A valid bearer token is required');
    }
    const { limit } = request.query as z.output<typeof InboxQuery>;
    const recipientId = request.principal.subject;
    const body = NotificationInbox.parse({
      recipientId,
      notifications: await ledger.inbox(recipientId, limit),
    });
    return { status: 200, body };
  },
};
// Self-scoped: every role, each to its own inbox (the token's subject), so no other scope rule applies.
checkRouteDeclaration(inboxRoute, true);

/** The notification routes (in the `readModels` group: they only read the table). */
export const notificationRoutes: readonly HttpRoute<NotificationRoutesDependencies>[] = [inboxRoute];
