import * as z from 'zod';
import { Instant, Role } from '../../../events/envelope.js';
import { Bilingual, Day, Id } from '../../../events/reference.js';
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

/**
 * Why a name is kept (law 09-08, art. 3: a determined, explicit and legitimate purpose): printed on
 * a member's training or trainer certificates, or on the minutes of the committees a person sits on.
 */
export const PersonalDataPurpose = z.enum(['certificates', 'committee-minutes']);
export type PersonalDataPurpose = z.infer<typeof PersonalDataPurpose>;

/** The person's consent as it was collected (law 09-08, art. 4): given, on a day, in a form. */
export const Consent = z.strictObject({
  given: z.literal(true, {
    error: 'the person must consent before their name is recorded (law 09-08, art. 4)',
  }),
  /** The day the person consented (the form's date), never after the day it is recorded. */
  givenOn: Day,
  form: z.enum(['written', 'electronic']),
});
export type Consent = z.infer<typeof Consent>;

/** Who did something to a person's data: an opaque token subject and the role they acted in. */
export const DataActor = z.strictObject({ role: Role, subject: z.string().min(1).max(200) });
export type DataActor = z.infer<typeof DataActor>;

/** The register of a processing (law 09-08): its purpose, the consent, who recorded it and when. */
export const Processing = z.strictObject({
  purpose: PersonalDataPurpose,
  consent: Consent,
  recordedAt: Instant,
  recordedBy: DataActor,
});
export type Processing = z.infer<typeof Processing>;

/** Why a person's data was erased (a code: a free text could itself hold personal data). */
export const ErasureReason = z.enum(['consent-withdrawn', 'objection', 'purpose-fulfilled', 'inaccurate']);
export type ErasureReason = z.infer<typeof ErasureReason>;

/** What the tombstone keeps of an erasure besides its instant: why, and who erased. */
export const Erasure = z.strictObject({ reason: ErasureReason, erasedBy: DataActor });
export type Erasure = z.infer<typeof Erasure>;

/**
 * A member or committee member as documents show them: display names in French and Arabic, and,
 * when recorded through the API (docs/adr/0126-names-with-purpose-and-consent.md), the processing's
 * purpose and consent.
 */
export const PersonRecord = z.strictObject({
  personId: Id,
  displayName: Bilingual,
  contact: PersonContact,
  processing: Processing.optional(),
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
  | {
      readonly status: 'erased';
      readonly personId: string;
      readonly erasedAt: string;
      /** Why and by whom, when the erasure said so (erasures through the API do). */
      readonly erasure?: Erasure;
    }
  | { readonly status: 'unknown'; readonly personId: string };

/**
 * The vault of personal data; every adapter behaves the same
 * (test/unit/functions/adapters/in-memory/personal-data.test.ts, and on DynamoDB
 * test/unit/functions/adapters/dynamodb/personal-data.test.ts).
 */
export interface PersonalDataVault {
  /** Records or corrects a person's names and contact. Refused once the person was erased. */
  record(person: PersonRecord): Promise<void>;
  lookup(personId: string): Promise<PersonLookup>;
  /**
   * Forgets the person's names and contact for good; keeps only the id, when it was erased and,
   * when given, why and by whom. A second erasure keeps the first one's stamp and reason.
   */
  erase(personId: string, erasure?: Erasure): Promise<void>;
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
