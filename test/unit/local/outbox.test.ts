import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  MAIL_REJECTED,
  MAIL_THROTTLED,
  type OutgoingMail,
} from '../../../functions/application/notifications/mail.js';
import { MailOutbox, parseEml } from '../../../local/mail-outbox.js';

// The local outbox stands in for SES: one .eml file per message, and SES's sending quota enforced
// with SES's throttling error (docs/parity.md, "Notifications").

let folder: string;
let now: number;
const clock = () => new Date(now);

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'naseej-outbox-test-'));
  now = Date.parse('2026-03-01T09:00:00.000Z');
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

const mail = (to: string): OutgoingMail => ({
  notificationId: `evt-1.${to}`,
  from: 'Naseej <notifications@naseej.invalid>',
  to,
  language: 'fr',
  subject: 'Tranche à approuver',
  text: 'La tranche 2 attend votre approbation.',
});

describe('the local mail outbox', () => {
  it('writes each message as an .eml file a mail reader opens: UTF-8 subject and body, language', async () => {
    // Arrange
    const outbox = new MailOutbox({ folder, clock });

    // Act
    const { providerMessageId } = await outbox.send(mail('a@example.org'));

    // Assert
    const eml = await readFile(join(folder, providerMessageId), 'utf8');
    expect(eml).toContain('Subject: =?UTF-8?B?VHJhbmNoZSDDoCBhcHByb3V2ZXI=?=\r\n');
    expect(eml).toContain('Date: Sun, 01 Mar 2026 09:00:00 +0000\r\n');
    expect(parseEml(eml)).toEqual({
      to: 'a@example.org',
      subject: 'Tranche à approuver',
      language: 'fr',
      text: 'La tranche 2 attend votre approbation.',
    });
  });

  it('throttles past the sending rate, as SES does, and sends again a second later', async () => {
    // Arrange: a quota of 2 a second
    const outbox = new MailOutbox({ folder, clock, quota: { maxSendRate: 2, max24HourSend: 100 } });
    await outbox.send(mail('a@example.org'));
    await outbox.send(mail('b@example.org'));

    // Act / Assert
    await expect(outbox.send(mail('c@example.org'))).rejects.toMatchObject({
      code: MAIL_THROTTLED,
      message: 'Maximum sending rate exceeded',
    });
    now += 1_000;
    await outbox.send(mail('c@example.org'));
    expect((await outbox.list()).map((entry) => entry.to)).toEqual([
      'a@example.org',
      'b@example.org',
      'c@example.org',
    ]);
  });

  it('throttles past the 24-hour quota until the oldest send is a day old', async () => {
    // Arrange: 2 a day
    const outbox = new MailOutbox({ folder, clock, quota: { maxSendRate: 10, max24HourSend: 2 } });
    await outbox.send(mail('a@example.org'));
    now += 60_000;
    await outbox.send(mail('b@example.org'));

    // Act / Assert
    now += 23 * 3_600_000;
    await expect(outbox.send(mail('c@example.org'))).rejects.toMatchObject({
      code: MAIL_THROTTLED,
      message: 'Daily message quota exceeded',
    });
    now = Date.parse('2026-03-02T09:00:00.001Z');
    await outbox.send(mail('c@example.org'));
    expect(await outbox.list()).toHaveLength(3);
  });

  it('rejects what is not an address, for good', async () => {
    const outbox = new MailOutbox({ folder, clock });
    await expect(outbox.send(mail('not an address'))).rejects.toMatchObject({ code: MAIL_REJECTED });
    expect(await outbox.list()).toEqual([]);
  });
});
