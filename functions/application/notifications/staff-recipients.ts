import { Recipient, type RecipientDirectory } from '../ports/notifications.js';
import { isPersonErasedError, type PersonalDataVault } from '../ports/personal-data.js';

// Staff accounts fill the recipient directory on AWS (docs/adr/0033-recipients-from-sign-in.md):
// each time the user pool issues tokens, its trigger hands over who the person is (the `sub`), the
// roles, regions and association their groups and attributes give them, their language and their
// verified address. The directory is corrected when any of it changed; the address goes to the
// personal-data vault, never to the directory (docs/adr/0104-notification-recipients.md).

/** A staff account as the user pool describes it when it issues the person's tokens. */
export interface StaffAccount {
  /** The id the person signs in with (the token's `sub`). */
  readonly recipientId: string;
  /** Cognito's `locale` attribute (`ar`, `fr`, `ar-MA`…), which the workspace writes. */
  readonly locale?: string | undefined;
  /** The address, when Cognito has it verified; otherwise the person is told in the workspace only. */
  readonly verifiedEmail?: string | undefined;
  readonly roles: readonly string[];
  readonly regions: readonly string[];
  readonly associationId?: string | undefined;
}

/** What keeping a recipient did: to the directory, and to the address in the vault. */
export interface StaffRecipientOutcome {
  readonly directory: 'recorded' | 'unchanged';
  readonly address: 'recorded' | 'unchanged' | 'erased' | 'none';
}

/** The language a locale names: Arabic for `ar…`, French otherwise (the program's two languages). */
export const languageOfLocale = (locale: string | undefined): Recipient['language'] =>
  locale?.trim().toLowerCase().startsWith('ar') === true ? 'ar' : 'fr';

/** The recipient an account is; a role or region Naseej does not know is refused by the schema. */
export const recipientOfAccount = (account: StaffAccount): Recipient =>
  Recipient.parse({
    recipientId: account.recipientId,
    language: languageOfLocale(account.locale),
    roles: [...account.roles].sort(),
    regions: [...account.regions].sort(),
    associationId: account.associationId ?? null,
  });

const sameRecipient = (a: Recipient, b: Recipient): boolean =>
  a.language === b.language &&
  a.associationId === b.associationId &&
  [...a.roles].sort().join(' ') === [...b.roles].sort().join(' ') &&
  [...a.regions].sort().join(' ') === [...b.regions].sort().join(' ');

/**
 * Records the account's recipient when it differs from the directory's (memberships it lost are
 * removed by the directory), and its verified address in the vault when it changed. An erased
 * person is not recorded again in the vault: they are told in the workspace only.
 */
export const keepStaffRecipient = async (
  ports: { readonly directory: RecipientDirectory; readonly vault: PersonalDataVault },
  account: StaffAccount,
): Promise<StaffRecipientOutcome> => {
  const recipient = recipientOfAccount(account);
  const previous = await ports.directory.get(recipient.recipientId);
  const directory = previous !== undefined && sameRecipient(previous, recipient) ? 'unchanged' : 'recorded';
  if (directory === 'recorded') await ports.directory.record(recipient);

  const email = account.verifiedEmail;
  if (email === undefined || email === '') return { directory, address: 'none' };
  const known = await ports.vault.lookup(recipient.recipientId);
  if (known.status === 'erased') return { directory, address: 'erased' };
  if (known.status === 'known' && known.person.contact.email === email) {
    return { directory, address: 'unchanged' };
  }
  try {
    await ports.vault.record({
      personId: recipient.recipientId,
      // Staff accounts hold no name: the address stands for it until someone records one.
      displayName: known.status === 'known' ? known.person.displayName : { fr: email, ar: email },
      contact: { ...(known.status === 'known' ? known.person.contact : {}), email },
    });
  } catch (error) {
    if (isPersonErasedError(error)) return { directory, address: 'erased' };
    throw error;
  }
  return { directory, address: 'recorded' };
};
