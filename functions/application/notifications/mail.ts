import { type CodedError, codedError, isErrorWithCode } from '../../domain/shared/coded-error.js';
import type { NotificationLanguage } from './messages.js';

// The port the notifications consumer sends e-mail through: SES on AWS (ses.ts), the outbox of
// the data folder locally (local/mail-outbox.ts). Both refuse and throttle with the same errors.

/** One e-mail to one person, plain text in their language. */
export interface OutgoingMail {
  /** Our own id of the message (`<eventId>.<recipientId>`), also its Message-ID locally and a tag on SES. */
  readonly notificationId: string;
  readonly from: string;
  readonly to: string;
  readonly language: NotificationLanguage;
  readonly subject: string;
  readonly text: string;
}

export interface MailSender {
  /** Sends the e-mail; answers the provider's message id. Throws the errors below. */
  send(mail: OutgoingMail): Promise<{ readonly providerMessageId: string }>;
}

export const MAIL_THROTTLED = 'MAIL_THROTTLED';
export const MAIL_UNAVAILABLE = 'MAIL_UNAVAILABLE';
export const MAIL_REJECTED = 'MAIL_REJECTED';

/** The sending rate or the daily quota is used up: try again later (the queue's retry does). */
export type MailThrottledError = CodedError<'MailThrottledError', typeof MAIL_THROTTLED, { retryable: true }>;
/** The mail service cannot send now (paused, not set up, unreachable): try again later. */
export type MailUnavailableError = CodedError<
  'MailUnavailableError',
  typeof MAIL_UNAVAILABLE,
  { retryable: true }
>;
/** This message will never be sent as it is (a bad address, a refused content): do not retry. */
export type MailRejectedError = CodedError<'MailRejectedError', typeof MAIL_REJECTED, { retryable: false }>;

export const mailThrottledError = (message: string, cause?: unknown): MailThrottledError =>
  codedError('MailThrottledError', MAIL_THROTTLED, message, { retryable: true as const }, { cause });
export const mailUnavailableError = (message: string, cause?: unknown): MailUnavailableError =>
  codedError('MailUnavailableError', MAIL_UNAVAILABLE, message, { retryable: true as const }, { cause });
export const mailRejectedError = (message: string, cause?: unknown): MailRejectedError =>
  codedError('MailRejectedError', MAIL_REJECTED, message, { retryable: false as const }, { cause });

export const isMailThrottledError = isErrorWithCode<MailThrottledError>(MAIL_THROTTLED);
export const isMailUnavailableError = isErrorWithCode<MailUnavailableError>(MAIL_UNAVAILABLE);
export const isMailRejectedError = isErrorWithCode<MailRejectedError>(MAIL_REJECTED);
