import { associationRoutes } from '../associations.js';
import { callCourseRoutes } from '../call-course.js';
import { selectionRoutes } from '../selection.js';
import { selectionCorrectionRoutes } from '../selection-corrections.js';

/**
 * The `selection` function's routes: calls, committees, their corrections and changes of course,
 * and the associations' portal (which reads and writes calls and committees, as the selection does).
 * One list for the route table (../index.ts) and the Lambda entry (functions/handlers/selection.ts).
 */
export const selectionGroup = [
  ...selectionRoutes,
  ...selectionCorrectionRoutes,
  ...callCourseRoutes,
  ...associationRoutes,
] as const;
