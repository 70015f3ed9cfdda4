import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDbNotificationLedger } from '../functions/adapters/dynamodb/notification-ledger.js';
import { DynamoDbRecipientDirectory } from '../functions/adapters/dynamodb/recipients.js';
import type { HttpRole } from '../functions/adapters/http/claims.js';
import { NOTIFICATIONS_TARGET } from '../functions/application/bus/rules.js';
import { NotificationConsumer } from '../functions/application/notifications/consumer.js';
import type { SendingQuota } from '../functions/application/notifications/quota.js';
import type { Recipient } from '../functions/application/ports/notifications.js';
import { isPersonErasedError, type PersonalDataVault } from '../functions/application/ports/personal-data.js';
import type { LocalBus } from './bus.js';
import { DEV_PRINCIPALS } from './dev-auth.js';
import { MailOutbox, OUTBOX_FOLDER } from './mail-outbox.js';

// The notifications on one machine (docs/adr/0103-notifications.md): the same consumer as on AWS,
// behind the local bus's `notifications` target, sending through the outbox of the data folder
// instead of SES. The dev principals are seeded in the recipient directory and the vault (an
// address under the reserved `.invalid` domain, a language each), so a developer signed in as one
// of them sees their notifications in the workspace and their e-mails in the outbox.

/** The sender of the local e-mails. */
export const LOCAL_MAIL_FROM = 'Naseej <notifications@naseej.invalid>';

/** The language each dev principal reads: both languages are exercised. */
export const DEV_LANGUAGES: Readonly<Record<HttpRole, 'ar' | 'fr'>> = {
  ministry: 'ar',
  coordinator: 'fr',
  signatory: 'fr',
  association: 'ar',
  'committee-member': 'ar',
  partner: 'fr',
  'finance-preparer': 'ar',
  'finance-approver': 'fr',
  'finance-payer': 'ar',
  reader: 'fr',
};

/** A dev principal's address: its subject under the reserved `.invalid` domain (RFC 2606). */
export const devAddressOf = (subject: string): string => `${subject}@naseej.invalid`;

export interface LocalNotificationsOptions {
  readonly client: DynamoDBClient;
  readonly tableName: string;
  readonly bus: LocalBus;
  readonly vault: PersonalDataVault;
  readonly clock: () => Date;
  /** The outbox folder; undefined: a temporary folder removed at stop (an in-memory run). */
  readonly folder: string | undefined;
  readonly quota?: SendingQuota;
}

export interface LocalNotifications {
  readonly outbox: MailOutbox;
  readonly directory: DynamoDbRecipientDirectory;
  readonly ledger: DynamoDbNotificationLedger;
  readonly consumer: NotificationConsumer;
  /** Where the consumer finds addresses (the personal-data vault on the same table). */
  readonly vault: PersonalDataVault;
  stop(): Promise<void>;
}

/** Where the outbox of a data folder is. */
export const outboxFolderOf = (dataDir: string): string => join(dataDir, OUTBOX_FOLDER);

/** Seeds the dev principals (once: a recorded or erased person is left as it is), registers the bus target. */
export const startLocalNotifications = async (
  options: LocalNotificationsOptions,
): Promise<LocalNotifications> => {
  const { client, tableName, clock, vault } = options;
  const temporary =
    options.folder === undefined ? await mkdtemp(join(tmpdir(), 'naseej-outbox-')) : undefined;
  const outbox = new MailOutbox({
    folder: options.folder ?? (temporary as string),
    clock,
    ...(options.quota === undefined ? {} : { quota: options.quota }),
  });
  const directory = new DynamoDbRecipientDirectory({ client, tableName });
  const ledger = new DynamoDbNotificationLedger({ client, tableName });
  for (const [role, principal] of Object.entries(DEV_PRINCIPALS) as [
    HttpRole,
    (typeof DEV_PRINCIPALS)[HttpRole],
  ][]) {
    if ((await directory.get(principal.subject)) !== undefined) continue;
    const recipient: Recipient = {
      recipientId: principal.subject,
      language: DEV_LANGUAGES[role],
      roles: [...principal.roles],
      regions: [...(principal.regions ?? [])],
      associationId: principal.partner?.associationId ?? null,
    };
    await directory.record(recipient);
    if ((await vault.lookup(principal.subject)).status !== 'unknown') continue;
    try {
      await vault.record({
        personId: principal.subject,
        displayName: { fr: principal.subject, ar: principal.subject },
        contact: { email: devAddressOf(principal.subject) },
      });
    } catch (error) {
      if (!isPersonErasedError(error)) throw error;
    }
  }
  const consumer = new NotificationConsumer({
    directory,
    vault,
    ledger,
    mail: outbox,
    from: LOCAL_MAIL_FROM,
    clock,
  });
  options.bus.register(NOTIFICATIONS_TARGET, async (event) => {
    await consumer.handle(event);
  });
  return {
    outbox,
    directory,
    ledger,
    consumer,
    vault,
    stop: async () => {
      if (temporary !== undefined) await rm(temporary, { recursive: true, force: true });
    },
  };
};
