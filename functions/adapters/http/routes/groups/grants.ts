import { grantCorrectionRoutes } from '../grant-corrections.js';
import { grantRoutes } from '../grants.js';

/**
 * The `grants` function's routes: grants, tranches and the corrections of their payment records.
 * One list for the route table (../index.ts) and the Lambda entry (functions/handlers/grants.ts).
 */
export const grantsGroup = [...grantRoutes, ...grantCorrectionRoutes] as const;
