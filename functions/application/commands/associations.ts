import { associationDecider, associationStreamId } from '../../domain/associations/association.js';
import type { RegisterAssociation } from '../../domain/associations/commands.js';
import { commandHandler, commandHandlerNeeding } from '../command-handler.js';
import { type CommandServices, loadStream } from '../execute-command.js';
import type { PersonalDataVault, PersonContact } from '../ports/personal-data.js';

// The handlers of an association's identity (docs/adr/0106-association-registration.md), each
// declared once (see command-handler.ts): the association portal's routes
// (adapters/http/routes/associations.ts) call these.

/** What registering needs beside the store: the personal-data vault, where the names live. */
export type AssociationServices = CommandServices & { readonly personalData: PersonalDataVault };

const association = commandHandler(associationDecider);
const associationWithVault = commandHandlerNeeding<AssociationServices>()(associationDecider);

/** Every association command changes the association's stream. */
const stream = ({ associationId }: { readonly associationId: string }) => associationStreamId(associationId);

/** The vault's id of an association's legal representative (one at a time; a new one corrects it). */
export const legalRepresentativeIdOf = (associationId: string): string =>
  `legal-representative-${associationId}`;

type Bilingual = { readonly fr: string; readonly ar: string };

/** A declaration as the portal gives it: the representative's names and contact go to the vault. */
export type RegistrationInput = Omit<RegisterAssociation['data'], 'legalRepresentative'> & {
  readonly legalRepresentative: {
    readonly displayName: Bilingual;
    readonly function: Bilingual;
    readonly contact?: PersonContact | undefined;
  };
};

/**
 * Registers (or declares again, corrected) an association's identity. The representative's names
 * go to the vault first, under the association's representative id, and only with a declaration
 * the decider can accept (never over a pending or verified one); the command keeps the id.
 */
export const registerAssociation = associationWithVault('RegisterAssociation', {
  data: async (
    { legalRepresentative, ...identity }: RegistrationInput,
    { store, personalData }: AssociationServices,
  ) => {
    const personId = legalRepresentativeIdOf(identity.associationId);
    const { state } = await loadStream(
      store,
      associationStreamId(identity.associationId),
      associationDecider,
    );
    if (state.status === 'unregistered' || state.status === 'refused') {
      await personalData.record({
        personId,
        displayName: legalRepresentative.displayName,
        contact: legalRepresentative.contact ?? {},
      });
    }
    return { ...identity, legalRepresentative: { personId, function: legalRepresentative.function } };
  },
  stream,
});

export const verifyAssociation = association('VerifyAssociation', { stream });
export const refuseAssociationVerification = association('RefuseAssociationVerification', { stream });
