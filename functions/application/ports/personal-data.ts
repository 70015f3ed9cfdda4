import * as z from 'zod';
import { Bilingual, Id } from '../../../events/reference.js';
import { codedError, isErrorWithCode } from '../../domain/shared/coded-error.js';
import { BilingualInput } from '../../domain/shared/text.js';

// The personal-data vault (law 09-08): people's names and contacts live here, under an id that
// events reference; never in event data. Erasing a person forgets them for good, and leaves the
// hashed history untouched (docs/adr/0040-tamper-evident-history.md).

/** How to reach a person; each part optional. */
export const PersonContact = z.strictObject({
  email: z.email().max(254).optional(),
  phone: z
    .string()
    .regex(/^\+?[0-9 ]{6,20}$/, 'digits and spaces, with an optional leading +')
    .optional(),
});
export type PersonContact = z.infer<typeof PersonContact>;

/** A member or committee member as documents show them: display names in French and Arabic. */
export const PersonRecord = z.strictObject({
  personId: Id,
  displayName: Bilingual,
  contact: PersonContact,
});
export type PersonRecord = z.infer<typeof PersonRecord>;

/**
 * A person's record as the vault takes it: display names under the rule of every person-facing
 * text (functions/domain/shared/text.ts: NFC, trimmed, no invisible or control character).
 * Records already kept are read with `PersonRecord`, as they were written.
 */
export const PersonRecordInput = PersonRecord.extend({ displayName: BilingualInput });

/** What the vault knows of an id: the person, the fact that they were erased, or nothing. */
export type PersonLookup =
  | { readonly status: 'known'; readonly person: PersonRecord }
  | { readonly status: 'erased'; readonly personId: string; readonly erasedAt: string }
  | { readonly status: 'unknown'; readonly personId: string };

/** The vault of personal data; every adapter behaves the same (test/unit/integrity/personal-data…). */
export interface PersonalDataVault {
  /** Records or corrects a person's names and contact. Refused once the person was erased. */
  record(person: PersonRecord): Promise<void>;
  lookup(personId: string): Promise<PersonLookup>;
  /** Forgets the person's names and contact for good; keeps only the id and when it was erased. */
  erase(personId: string): Promise<void>;
}

export const PERSON_ERASED = 'PERSON_ERASED';

/** A person was erased; their data cannot be recorded again under the same id. */
export interface PersonErasedError extends Error {
  readonly name: 'PersonErasedError';
  readonly code: typeof PERSON_ERASED;
  readonly personId: string;
}

/** Builds a `PersonErasedError`. */
export const personErasedError = (personId: string): PersonErasedError =>
  codedError(
    'PersonErasedError',
    PERSON_ERASED,
    `Person ${personId} was erased; their data cannot be recorded again`,
    {
      personId,
    },
  );

export const isPersonErasedError = isErrorWithCode<PersonErasedError>(PERSON_ERASED);

/** Options every vault adapter takes. */
export interface VaultOptions {
  /** Stamps erasures; defaults to the system clock. */
  readonly clock?: () => Date;
}

/** Partition key of a person's record in the event store table. */
export const personKeyOf = (personId: string): string => `person#${personId}`;
