import { beforeAll, describe, expect, it } from 'vitest';
import { toBusEvent } from '../../../functions/application/bus/event-shape.js';
import type { StoredEvent } from '../../../functions/application/ports/event-store.js';
import { bannerLines } from '../../../local/runtime-banner.js';
import { inMemoryRuntimeForTheFile } from '../../support/runtime-for-the-file.js';

// Issue 25, notifications: one e-mail in the local outbox per notification, in the recipient's
// language, even when the triggering event is delivered twice (through the real local bus), and
// the same notification in each recipient's workspace inbox (GET /me/notifications).

const runtime = inMemoryRuntimeForTheFile();

const system = {
  actor: { id: 'test', role: 'system' as const },
  correlationId: 'test-notifications',
  causationId: null,
};

/** Appends one event as the store takes it, and publishes what is committed (the change feed's page). */
const record = async (streamId: string, type: string, data: unknown): Promise<StoredEvent> => {
  const result = await runtime.store.append({
    streamId,
    expectedVersion: 'any',
    events: [{ type, schemaVersion: 1, data }],
    metadata: system,
  });
  await runtime.drainFeed();
  const [event] = result.events;
  if (event === undefined) throw new Error('nothing appended');
  return event;
};

/** A finance preparer requests a tranche of a grant of assoc-amal: the finance approvers are told. */
const requestTranche = (grantId: string, trancheNumber: number) =>
  record('grants-rollout-FM-2026', 'TrancheRequested', {
    rolloutId: 'rollout-FM-2026',
    grantId,
    associationId: 'assoc-amal',
    trancheNumber,
    amount: 3_200_000,
    evidence: [],
    preparerId: 'dev-finance-preparer-1',
  });

/** Delivers an event again through the local bus, as EventBridge and SQS may: once, then twice at once. */
const deliverAgain = async (event: StoredEvent) => {
  await runtime.bus.publish(toBusEvent(event));
  await Promise.all([runtime.bus.publish(toBusEvent(event)), runtime.bus.publish(toBusEvent(event))]);
};

const outbox = async () =>
  (await runtime.notifications.outbox.list()).map(({ to, subject, language }) => ({ to, subject, language }));

const inboxOf = async (token: string) => {
  const response = await fetch(`${runtime.url}/me/notifications`, {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(response.status).toBe(200);
  return (await response.json()) as {
    recipientId: string;
    notifications: { subject: string; language: string; email: string; eventType: string }[];
  };
};

beforeAll(async () => {
  // Besides the seeded dev principals (the dev finance approver reads French): a second finance
  // approver who reads Arabic, and two contacts of an association, one per language.
  const { directory, vault } = runtime.notifications;
  const people = [
    { recipientId: 'finance-approver-2', language: 'ar', roles: ['finance-approver'], associationId: null },
    { recipientId: 'contact-amal-ar', language: 'ar', roles: [], associationId: 'assoc-amal' },
    { recipientId: 'contact-amal-fr', language: 'fr', roles: [], associationId: 'assoc-amal' },
  ] as const;
  for (const person of people) {
    await directory.record({ ...person, roles: [...person.roles], regions: [] });
    await vault.record({
      personId: person.recipientId,
      displayName: { fr: person.recipientId, ar: person.recipientId },
      contact: { email: `${person.recipientId}@example.org` },
    });
  }
}, 60_000);

describe('notifications on the local runtime', () => {
  it('e-mails each finance approver once, in their language, when a tranche awaits approval, even delivered twice', async () => {
    // Arrange: nothing sent yet
    expect(await outbox()).toEqual([]);

    // Act: a tranche is requested; then the same event is delivered again, once and then twice at once
    const event = await requestTranche('grant-fm-0007', 2);
    await deliverAgain(event);

    // Assert: one e-mail per approver, in each one's language; nothing parked
    expect(await outbox()).toEqual(
      [
        {
          to: 'dev-finance-approver-1@naseej.invalid',
          subject: 'Tranche à approuver : subvention grant-fm-0007, tranche 2',
          language: 'fr',
        },
        {
          to: 'finance-approver-2@example.org',
          subject: 'شطر للمصادقة: المنحة grant-fm-0007، الشطر 2',
          language: 'ar',
        },
      ].sort((a, b) => (a.to < b.to ? -1 : 1)),
    );
    expect(await runtime.bus.listDeadLetters()).toEqual([]);
    // And in the workspace: the dev approver's inbox has it once, in French; the ministry's has nothing
    const approver = await inboxOf(runtime.tokens['finance-approver']);
    expect(
      approver.notifications.map(({ subject, language, email, eventType }) => ({
        subject,
        language,
        email,
        eventType,
      })),
    ).toEqual([
      {
        subject: 'Tranche à approuver : subvention grant-fm-0007, tranche 2',
        language: 'fr',
        email: 'sent',
        eventType: 'TrancheRequested',
      },
    ]);
    expect((await inboxOf(runtime.tokens.ministry)).notifications).toEqual([]);
  }, 30_000);

  it('lists the outbox where the banner says, and serves each e-mail as a message a mail reader opens', async () => {
    // Arrange: a tranche awaits approval, so the French approver was e-mailed
    await requestTranche('grant-fm-0008', 1);
    const first = (await runtime.notifications.outbox.list()).find(
      ({ subject, language }) =>
        subject === 'Tranche à approuver : subvention grant-fm-0008, tranche 1' && language === 'fr',
    );
    if (first === undefined) throw new Error('the outbox has no e-mail of the tranche');

    // Act
    const page = await fetch(`${runtime.url}/outbox/`);
    const message = await fetch(`${runtime.url}/outbox/${encodeURIComponent(first.file)}`);
    const missing = await fetch(`${runtime.url}/outbox/..%2Fdev-signing-key.json`);

    // Assert
    expect(bannerLines(runtime, { dataDir: '.naseej-data' })).toContain(
      `  Outbox       ${runtime.url}/outbox/   (the e-mails notifications sent; SES on AWS)`,
    );
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Tranche à approuver : subvention grant-fm-0008, tranche 1');
    expect([message.status, message.headers.get('content-type')]).toEqual([200, 'message/rfc822']);
    expect(await message.text()).toContain('Content-Language: fr');
    expect(missing.status).toBe(404);
  });

  it('tells an erased person in the workspace only: the vault forgot their address', async () => {
    // Arrange: an association's contact whose personal data was erased
    const { directory, vault } = runtime.notifications;
    await directory.record({
      recipientId: 'contact-nour',
      language: 'fr',
      roles: [],
      regions: [],
      associationId: 'assoc-nour',
    });
    await vault.record({
      personId: 'contact-nour',
      displayName: { fr: 'Nour', ar: 'نور' },
      contact: { email: 'contact-nour@example.org' },
    });
    await vault.erase('contact-nour');
    const before = (await outbox()).length;

    // Act: the association's appeal is decided
    await record('committee-FM-2026-operator', 'AppealDecided', {
      callId: 'FM-2026-operator',
      appealId: 'appeal-1',
      associationId: 'assoc-nour',
      outcome: 'dismissed',
      reason: { fr: 'Motifs non fondés', ar: 'أسباب غير مؤسسة' },
      decidedAt: '2026-03-01T09:00:00.000Z',
    });

    // Assert: no e-mail; the contact's inbox has it, marked as not e-mailed
    expect(await outbox()).toHaveLength(before);
    const token = await runtime.auth.mint({ subject: 'contact-nour', roles: ['reader'] });
    expect((await inboxOf(token)).notifications.map(({ subject, email }) => ({ subject, email }))).toEqual([
      { subject: 'Décision sur votre recours : appel FM-2026-operator', email: 'no-address' },
    ]);
  });
});
