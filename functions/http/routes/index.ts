import { readModelRoutes } from '../../read-models/routes.js';
import { partnerWebhookRoutes } from '../../webhooks/inbound/route.js';
import type { HttpRoute } from '../route.js';
import { checkRouteTable } from '../route.js';
import { callCourseRoutes } from './call-course.js';
import { documentRoutes } from './documents.js';
import { eventRoutes } from './events.js';
import { grantRoutes } from './grants.js';
import { integrityRoutes } from './integrity.js';
import { partnerRoutes } from './partners.js';
import { rolloutRoutes } from './rollouts.js';
import { selectionRoutes } from './selection.js';
import { trainingRoutes } from './training.js';

/** Route groups, one Lambda function each (see functions/handlers). */
export const routeGroups = {
  rollouts: rolloutRoutes,
  selection: [...selectionRoutes, ...callCourseRoutes],
  training: trainingRoutes,
  grants: grantRoutes,
  events: eventRoutes,
  webhooks: partnerWebhookRoutes,
  partners: partnerRoutes,
  readModels: readModelRoutes,
  integrity: integrityRoutes,
  documents: documentRoutes,
} as const satisfies Record<string, readonly HttpRoute[]>;

/** The whole HTTP API of Naseej: every command, query and inbound webhook, each with its access rule. */
export const routes: readonly HttpRoute[] = Object.values(routeGroups).flat();

checkRouteTable(routes);
