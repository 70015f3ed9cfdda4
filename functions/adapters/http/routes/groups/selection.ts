import { associationRoutes } from '../associations.js';
import { callCourseRoutes } from '../call-course.js';
import { peopleRoutes } from '../people.js';
import { selectionRoutes } from '../selection.js';
import { selectionCorrectionRoutes } from '../selection-corrections.js';

/**
 * The `selection` function's routes: calls, committees, their corrections and changes of course,
 * and the associations' portal (which reads and writes calls and committees, as the selection does),
 * and people's names (the personal-data vault, which this function holds).
 * One list for the route table (../index.ts) and the Lambda entry (functions/handlers/selection.ts).
 */
export const selectionGroup = [
  ...selectionRoutes,
  ...selectionCorrectionRoutes,
  ...callCourseRoutes,
  ...associationRoutes,
  ...peopleRoutes,
] as const;
