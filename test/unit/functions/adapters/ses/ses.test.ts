import 'aws-sdk-client-mock-vitest/extend';
import {
  AccountSuspendedException,
  BadRequestException,
  LimitExceededException,
  MessageRejected,
  SESv2Client,
  SendEmailCommand,
  SendingPausedException,
  TooManyRequestsException,
} from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { SesMailSender } from '../../../../../functions/adapters/ses/sender.js';
import {
  MAIL_REJECTED,
  MAIL_THROTTLED,
  MAIL_UNAVAILABLE,
  type OutgoingMail,
} from '../../../../../functions/application/notifications/mail.js';

// The SES adapter: the request it builds and how it reads SES's errors. Only that: sending itself
// is SES's, and the consumer's behaviour is tested against the local outbox.

const ses = mockClient(SESv2Client);
afterEach(() => ses.reset());

const sender = () =>
  new SesMailSender({
    client: new SESv2Client({ region: 'eu-west-3' }),
    configurationSetName: 'naseej-notifications',
  });

const mail: OutgoingMail = {
  notificationId: 'evt-1.dev-finance-approver-1',
  from: 'Naseej <notifications@naseej.example.org>',
  to: 'approver@example.org',
  language: 'ar',
  subject: 'شطر للمصادقة',
  text: 'الشطر 2 في انتظار مصادقتكم.',
};

describe('the SES mail sender', () => {
  it('sends one simple UTF-8 message to one recipient, with the configuration set, a tag and its language', async () => {
    // Arrange
    ses.on(SendEmailCommand).resolves({ MessageId: '0102019-abc' });

    // Act
    const sent = await sender().send(mail);

    // Assert
    expect(sent).toEqual({ providerMessageId: '0102019-abc' });
    expect(ses).toHaveReceivedCommandTimes(SendEmailCommand, 1);
    expect(ses).toHaveReceivedCommandWith(SendEmailCommand, {
      FromEmailAddress: 'Naseej <notifications@naseej.example.org>',
      Destination: { ToAddresses: ['approver@example.org'] },
      ConfigurationSetName: 'naseej-notifications',
      EmailTags: [{ Name: 'notification', Value: 'evt-1_dev-finance-approver-1' }],
      Content: {
        Simple: {
          Subject: { Data: 'شطر للمصادقة', Charset: 'UTF-8' },
          Body: { Text: { Data: 'الشطر 2 في انتظار مصادقتكم.', Charset: 'UTF-8' } },
          Headers: [{ Name: 'Content-Language', Value: 'ar' }],
        },
      },
    });
  });

  it.each([
    [
      'TooManyRequestsException',
      new TooManyRequestsException({ message: 'Maximum sending rate exceeded', $metadata: {} }),
      MAIL_THROTTLED,
      true,
    ],
    [
      'LimitExceededException',
      new LimitExceededException({ message: 'Daily message quota exceeded', $metadata: {} }),
      MAIL_THROTTLED,
      true,
    ],
    [
      'ThrottlingException',
      Object.assign(new Error('Maximum sending rate exceeded'), { name: 'ThrottlingException' }),
      MAIL_THROTTLED,
      true,
    ],
    [
      'SendingPausedException',
      new SendingPausedException({ message: 'paused', $metadata: {} }),
      MAIL_UNAVAILABLE,
      true,
    ],
    [
      'AccountSuspendedException',
      new AccountSuspendedException({ message: 'suspended', $metadata: {} }),
      MAIL_UNAVAILABLE,
      true,
    ],
    [
      'a network failure',
      Object.assign(new Error('socket hang up'), { name: 'TimeoutError' }),
      MAIL_UNAVAILABLE,
      true,
    ],
    [
      'MessageRejected',
      new MessageRejected({ message: 'Email address is not verified', $metadata: {} }),
      MAIL_REJECTED,
      false,
    ],
    [
      'BadRequestException',
      new BadRequestException({ message: 'Missing final @domain', $metadata: {} }),
      MAIL_REJECTED,
      false,
    ],
  ])(
    'reads %s (%s) as %s, retryable %s, keeping the SES error as the cause',
    async (_name, error, code, retryable) => {
      // Arrange
      ses.on(SendEmailCommand).rejects(error);

      // Act
      const failure = await sender()
        .send(mail)
        .then(
          () => undefined,
          (thrown: unknown) => thrown,
        );

      // Assert
      expect(failure).toMatchObject({ code, retryable });
      expect((failure as Error).cause).toBe(error);
    },
  );

  it('refuses an answer without a message id as unavailable', async () => {
    ses.on(SendEmailCommand).resolves({});
    await expect(sender().send(mail)).rejects.toMatchObject({ code: MAIL_UNAVAILABLE });
  });
});
