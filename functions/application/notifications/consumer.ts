import { type CodedError, codedError, isErrorWithCode } from '../../domain/shared/coded-error.js';
import type { BusEvent } from '../bus/event-shape.js';
import type { InboxEntry, NotificationLedger, RecipientDirectory } from '../ports/notifications.js';
import type { PersonalDataVault } from '../ports/personal-data.js';
import { isMailRejectedError, type MailSender } from './mail.js';
import { renderNotification } from './messages.js';
import { planNotifications } from './plan.js';

// The notifications consumer (bus target `notifications`, docs/adr/0103-notifications.md): for
// each event, who is told what; for each recipient, once (the ledger's claim keyed by event id
// and recipient), the message in their language in their workspace inbox and, when the vault
// knows their address, by e-mail.

export interface NotificationConsumerOptions {
  readonly directory: RecipientDirectory;
  readonly vault: PersonalDataVault;
  readonly ledger: NotificationLedger;
  readonly mail: MailSender;
  /** The sender address (a verified SES identity on AWS). */
  readonly from: string;
  readonly clock: () => Date;
  /** How long a claim holds before another delivery may take it over (longer than one send). */
  readonly leaseMs?: number;
}

export const NOTIFICATION_IN_PROGRESS = 'NOTIFICATION_IN_PROGRESS';

/** Another delivery of the same event is sending this notification now: try again later. */
export type NotificationInProgressError = CodedError<
  'NotificationInProgressError',
  typeof NOTIFICATION_IN_PROGRESS,
  { notificationId: string }
>;
export const isNotificationInProgressError =
  isErrorWithCode<NotificationInProgressError>(NOTIFICATION_IN_PROGRESS);

/** What one event did: per recipient, what became of its notification. */
export interface NotificationOutcome {
  readonly notificationId: string;
  readonly recipientId: string;
  readonly outcome: 'sent' | 'no-address' | 'rejected' | 'duplicate';
}

/** Default lease of a claim: well over one SES call (the function's timeout is 30 s). */
export const DEFAULT_NOTIFICATION_LEASE_MS = 60_000;

export class NotificationConsumer {
  readonly #options: NotificationConsumerOptions;

  constructor(options: NotificationConsumerOptions) {
    this.#options = options;
  }

  /** Handles one delivered event; throws (to be delivered again) when a notification could not be done. */
  async handle(event: BusEvent): Promise<NotificationOutcome[]> {
    const stored = event.detail;
    const outcomes: NotificationOutcome[] = [];
    const failures: unknown[] = [];
    for (const planned of planNotifications(stored)) {
      for (const recipient of await this.#options.directory.resolve(planned.audience)) {
        try {
          const message = renderNotification(planned.topic, planned.parameters, recipient.language);
          const outcome = await this.#notifyOnce(
            stored.eventId,
            recipient.recipientId,
            async (notificationId) => {
              const email = await this.#email(notificationId, recipient.recipientId, message);
              const entry: InboxEntry = {
                notificationId,
                recipientId: recipient.recipientId,
                topic: planned.topic,
                language: message.language,
                subject: message.subject,
                body: message.body,
                eventId: stored.eventId,
                eventType: stored.type,
                occurredAt: stored.occurredAt,
                email,
              };
              await this.#options.ledger.addToInbox(entry);
              return email;
            },
          );
          outcomes.push(outcome);
        } catch (error) {
          failures.push(error);
        }
      }
    }
    if (failures.length > 0) {
      throw new AggregateError(
        failures,
        `${failures.length} notification(s) of event ${stored.eventId} failed`,
      );
    }
    return outcomes;
  }

  async #notifyOnce(
    eventId: string,
    recipientId: string,
    notify: (notificationId: string) => Promise<InboxEntry['email']>,
  ): Promise<NotificationOutcome> {
    const { ledger, clock } = this.#options;
    const notificationId = `${eventId}.${recipientId}`;
    const claim = await ledger.claim(
      eventId,
      recipientId,
      clock().getTime(),
      this.#options.leaseMs ?? DEFAULT_NOTIFICATION_LEASE_MS,
    );
    if (claim.kind === 'done') return { notificationId, recipientId, outcome: 'duplicate' };
    if (claim.kind === 'in-progress') {
      throw codedError(
        'NotificationInProgressError',
        NOTIFICATION_IN_PROGRESS,
        `Notification ${notificationId} is being sent by another delivery`,
        { notificationId },
      );
    }
    let email: InboxEntry['email'];
    try {
      email = await notify(notificationId);
    } catch (error) {
      await ledger.release(eventId, recipientId);
      throw error;
    }
    await ledger.complete(eventId, recipientId, email, clock().toISOString());
    return { notificationId, recipientId, outcome: email };
  }

  /** Sends the e-mail when the vault knows the address; a refusal is recorded, not retried. */
  async #email(
    notificationId: string,
    recipientId: string,
    message: ReturnType<typeof renderNotification>,
  ): Promise<InboxEntry['email']> {
    const found = await this.#options.vault.lookup(recipientId);
    const address = found.status === 'known' ? found.person.contact.email : undefined;
    if (address === undefined) return 'no-address';
    try {
      await this.#options.mail.send({
        notificationId,
        from: this.#options.from,
        to: address,
        language: message.language,
        subject: message.subject,
        text: message.body,
      });
      return 'sent';
    } catch (error) {
      if (isMailRejectedError(error)) return 'rejected';
      throw error;
    }
  }
}
