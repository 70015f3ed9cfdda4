import * as z from 'zod';
import { Bilingual } from './reference.js';

/**
 * A fact recorded later than its kind allows without a reason (`functions/domain/shared/fact-date.ts`):
 * why, in both languages. Who recorded it is the envelope's actor; how late is the distance between
 * the fact's date and the envelope's `recordedAt`.
 */
export const LateEntry = z.strictObject({ reason: Bilingual });
export type LateEntry = z.infer<typeof LateEntry>;
