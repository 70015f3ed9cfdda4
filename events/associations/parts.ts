import * as z from 'zod';
import { Bilingual, Id, RegionCode } from '../reference.js';

/**
 * An association's registration number: the number of the final receipt (récépissé définitif) the
 * authorities issued on its declaration, as printed (digits, letters, `/`, `-`, `.`).
 */
export const RegistrationNumber = z
  .string()
  .min(1)
  .max(40)
  .regex(/^[A-Za-z0-9][A-Za-z0-9/.-]*$/, 'letters, digits and / . - only');

/** Where an association has its seat: its street address (a legal entity's, not a person's), its province and the province's region. */
export const Seat = z.strictObject({
  street: z.string().min(1).max(300),
  province: z.string().min(1).max(100),
  regionCode: RegionCode,
});

/**
 * The person who represents the association in law (its president, as its statutes say): their
 * names live in the personal-data vault under `personId` (law 09-08), the event keeps the id and
 * the function (docs/adr/0106-association-registration.md).
 */
export const LegalRepresentative = z.strictObject({
  personId: Id,
  function: Bilingual,
});
