import * as z from 'zod';

/** An attendance rate or threshold, in percent (0 to 100). */
export const Percent = z.number().min(0).max(100);

/** An evaluation score given by the operator, on 100. */
export const EvaluationScore = z.number().min(0).max(100);
