import * as z from 'zod';

/**
 * A prefecture or province of a region, by its name as the reference data writes it (e.g. `Sefrou`,
 * `Moulay Yacoub`). Which provinces belong to which region is data, checked by deciders from facts.
 */
export const Province = z.string().min(1).max(100);
