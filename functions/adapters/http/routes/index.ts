import type { AnyHttpRoute, HttpRoute } from '../route.js';
import { checkRouteTable } from '../route.js';
import type { AssociationRouteDependencies } from './associations.js';
import { type AttachmentRouteDependencies, attachmentRoutes } from './attachments.js';
import { type DocumentRouteDependencies, documentRoutes } from './documents.js';
import { type EventRouteDependencies, eventRoutes } from './events.js';
import { grantsGroup } from './groups/grants.js';
import { readModelsGroup } from './groups/read-models.js';
import { selectionGroup } from './groups/selection.js';
import { trainingGroup } from './groups/training.js';
import { type IntegrityRouteDependencies, integrityRoutes } from './integrity.js';
import type { NotificationRoutesDependencies } from './notifications.js';
import { partnerWebhookRoutes } from './partner-reports.js';
import { type PartnerRouteDependencies, partnerRoutes } from './partners.js';
import { rolloutRoutes } from './rollouts.js';
import type { ReadModelRouteDependencies } from './views.js';

/**
 * Route groups, one Lambda function each (see functions/handlers): a group of several route lists is
 * composed once in ./groups/, which its Lambda entry serves (test/infra/handler-routes.test.ts).
 */
export const routeGroups = {
  rollouts: rolloutRoutes,
  selection: selectionGroup,
  training: trainingGroup,
  grants: grantsGroup,
  events: eventRoutes,
  webhooks: partnerWebhookRoutes,
  partners: partnerRoutes,
  readModels: readModelsGroup,
  integrity: integrityRoutes,
  documents: documentRoutes,
  attachments: attachmentRoutes,
} as const satisfies Record<string, readonly AnyHttpRoute[]>;

/** What the whole API needs: every route group's dependencies (the local server gives them all). */
export type ApiDependencies = EventRouteDependencies &
  DocumentRouteDependencies &
  IntegrityRouteDependencies &
  PartnerRouteDependencies &
  ReadModelRouteDependencies &
  NotificationRoutesDependencies &
  AttachmentRouteDependencies &
  AssociationRouteDependencies;

/** The whole HTTP API of Naseej: every command, query and inbound webhook, each with its access rule. */
export const routes: readonly HttpRoute<ApiDependencies>[] = Object.values(routeGroups).flat();

checkRouteTable(routes);
