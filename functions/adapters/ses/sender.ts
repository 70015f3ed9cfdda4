import { type SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import {
  type MailSender,
  mailRejectedError,
  mailThrottledError,
  mailUnavailableError,
  type OutgoingMail,
} from '../../application/notifications/mail.js';

// E-mail through Amazon SES (API v2, SendEmail with simple content). Only request building and
// the mapping of SES's errors onto the port's three errors live here (docs/adr/0105-ses-sending.md).

export interface SesMailSenderOptions {
  readonly client: SESv2Client;
  /** The configuration set every message is sent with (event publishing, reputation metrics). */
  readonly configurationSetName: string;
}

/** SES errors that mean "too fast or too many today": the queue retries later. */
const THROTTLED = new Set([
  'TooManyRequestsException',
  'LimitExceededException',
  'Throttling',
  'ThrottlingException',
]);
/** SES errors that mean "this account or identity cannot send now": retried, then parked in the DLQ. */
const UNAVAILABLE = new Set([
  'AccountSuspendedException',
  'SendingPausedException',
  'MailFromDomainNotVerifiedException',
  'InternalServiceErrorException',
  'InternalFailure',
  'ServiceUnavailable',
]);
/** SES errors that mean "never as it is": the message is not retried. */
const REJECTED = new Set(['MessageRejected', 'BadRequestException', 'NotFoundException']);

/** The tag value SES accepts: letters, digits, `_` and `-` only, at most 256 characters. */
const tagValue = (value: string): string => value.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 256);

export class SesMailSender implements MailSender {
  readonly #client: SESv2Client;
  readonly #configurationSetName: string;

  constructor(options: SesMailSenderOptions) {
    this.#client = options.client;
    this.#configurationSetName = options.configurationSetName;
  }

  async send(mail: OutgoingMail): Promise<{ readonly providerMessageId: string }> {
    const command = new SendEmailCommand({
      FromEmailAddress: mail.from,
      Destination: { ToAddresses: [mail.to] },
      ConfigurationSetName: this.#configurationSetName,
      EmailTags: [{ Name: 'notification', Value: tagValue(mail.notificationId) }],
      Content: {
        Simple: {
          Subject: { Data: mail.subject, Charset: 'UTF-8' },
          Body: { Text: { Data: mail.text, Charset: 'UTF-8' } },
          Headers: [{ Name: 'Content-Language', Value: mail.language }],
        },
      },
    });
    let output: { MessageId?: string | undefined };
    try {
      output = await this.#client.send(command);
    } catch (error) {
      throw toMailError(error);
    }
    if (output.MessageId === undefined) throw mailUnavailableError('SES answered no message id');
    return { providerMessageId: output.MessageId };
  }
}

/** Maps an SES (or network) failure onto the port's errors; the SES error stays as the cause. */
export const toMailError = (error: unknown): Error => {
  const name = error instanceof Error ? error.name : '';
  if (THROTTLED.has(name)) return mailThrottledError(`SES throttled the message (${name})`, error);
  if (REJECTED.has(name)) return mailRejectedError(`SES refused the message (${name})`, error);
  if (UNAVAILABLE.has(name)) return mailUnavailableError(`SES cannot send now (${name})`, error);
  return mailUnavailableError('SES could not be reached', error);
};
