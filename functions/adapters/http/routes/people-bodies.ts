import * as z from 'zod';
import {
  Consent,
  ErasureReason,
  PersonalDataPurpose,
  PersonContact,
} from '../../../application/ports/personal-data.js';
import { BilingualInput } from '../../../domain/shared/text.js';

// The names' routes' request bodies (people.ts declares these very objects), in a module of their
// own so that the workspace's forms check with them (workspace/src/form-bodies.ts) without bundling
// the routes' look-ups in the history for the browser.

/** A name as it is recorded: the names in both languages, a contact, the purpose and the consent. */
export const NameBody = z.strictObject({
  displayName: BilingualInput,
  contact: PersonContact.optional(),
  /** Why the name is kept: `certificates` for a member, `committee-minutes` for a committee member. */
  purpose: PersonalDataPurpose,
  consent: Consent,
});

/** Why a name is erased (a code: a free text could hold personal data itself). */
export const ErasureBody = z.strictObject({ reason: ErasureReason });
