import { associationGrantRoutes } from '../association-grants.js';
import { grantCorrectionRoutes } from '../grant-corrections.js';
import { grantRoutes } from '../grants.js';

/**
 * The `grants` function's routes: grants, tranches and the corrections of their payment records, and
 * an association's own grant in its portal (its convention's signature, its reports).
 * One list for the route table (../index.ts) and the Lambda entry (functions/handlers/grants.ts).
 */
export const grantsGroup = [...grantRoutes, ...grantCorrectionRoutes, ...associationGrantRoutes] as const;
