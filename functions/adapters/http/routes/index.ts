import type { AnyHttpRoute, HttpRoute } from '../route.js';
import { checkRouteTable } from '../route.js';
import { type AssociationRouteDependencies, associationRoutes } from './associations.js';
import { attachmentRoutes } from './attachments.js';
import type { AttachmentRouteDependencies } from './attachments-service.js';
import { callCourseRoutes } from './call-course.js';
import { grantCorrectionRoutes, selectionCorrectionRoutes, trainingCorrectionRoutes } from './corrections.js';
import { type DocumentRouteDependencies, documentRoutes } from './documents.js';
import { enrolmentChangeRoutes } from './enrolment-changes.js';
import { type EventRouteDependencies, eventRoutes } from './events.js';
import { grantRoutes } from './grants.js';
import { type IntegrityRouteDependencies, integrityRoutes } from './integrity.js';
import { type NotificationRoutesDependencies, notificationRoutes } from './notifications.js';
import { partnerWebhookRoutes } from './partner-reports.js';
import { type PartnerRouteDependencies, partnerRoutes } from './partners.js';
import { rolloutRoutes } from './rollouts.js';
import { selectionRoutes } from './selection.js';
import { trainingRoutes } from './training.js';
import { trainingPlanRoutes } from './training-plan.js';
import { type ReadModelRouteDependencies, readModelRoutes } from './views.js';

/** Route groups, one Lambda function each (see functions/handlers). */
export const routeGroups = {
  rollouts: rolloutRoutes,
  // The associations' portal reads and writes calls and committees, as the selection does.
  selection: [...selectionRoutes, ...selectionCorrectionRoutes, ...callCourseRoutes, ...associationRoutes],
  training: [...trainingRoutes, ...enrolmentChangeRoutes, ...trainingPlanRoutes, ...trainingCorrectionRoutes],
  grants: [...grantRoutes, ...grantCorrectionRoutes],
  events: eventRoutes,
  webhooks: partnerWebhookRoutes,
  partners: partnerRoutes,
  // The workspace's notifications only read the table too.
  readModels: [...readModelRoutes, ...notificationRoutes],
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
