import type { HttpRoute } from '../../route.js';
import { associationDocumentRoutes } from '../association-documents.js';
import {
  type AssociationVerificationRouteDependencies,
  associationVerificationRoutes,
} from '../association-verifications.js';
import { type NotificationRoutesDependencies, notificationRoutes } from '../notifications.js';
import { type ReadModelRouteDependencies, readModelRoutes } from '../views.js';

/**
 * The `readModels` function's routes: the stored views, the ministry's verification queue, an association's
 * uploaded files and the workspace's notifications (all only read the table). One list for the route table (../index.ts)
 * and the Lambda entry (functions/handlers/read-models.ts).
 */
export const readModelsGroup: readonly HttpRoute<
  ReadModelRouteDependencies & NotificationRoutesDependencies & AssociationVerificationRouteDependencies
>[] = [
  ...readModelRoutes,
  ...notificationRoutes,
  ...associationVerificationRoutes,
  ...associationDocumentRoutes,
];
