import { describe, expect, it } from 'vitest';
import { DynamoDbNotificationLedger } from '../../../../../functions/adapters/dynamodb/notification-ledger.js';
import { DynamoDbRecipientDirectory } from '../../../../../functions/adapters/dynamodb/recipients.js';
import type { InboxEntry } from '../../../../../functions/application/ports/notifications.js';
import { createFreshEventStoreTable, dynaliteForTheFile } from '../../../../support/dynalite.js';

// The notifications' records on the real DynamoDB protocol (dynalite): the claim that makes a
// notification happen once, the inbox, and the recipient directory's audiences.

const dynalite = dynaliteForTheFile();

const fresh = async () => {
  const tableName = await createFreshEventStoreTable(dynalite);
  return {
    ledger: new DynamoDbNotificationLedger({ client: dynalite.client, tableName }),
    directory: new DynamoDbRecipientDirectory({ client: dynalite.client, tableName }),
  };
};

const T0 = Date.parse('2026-03-01T09:00:00.000Z');

describe('the notification ledger', () => {
  it('lets one delivery claim a notification; a second finds it in progress, then done once completed', async () => {
    const { ledger } = await fresh();
    expect(await ledger.claim('evt-1', 'p-1', T0, 60_000)).toEqual({ kind: 'acquired' });
    expect(await ledger.claim('evt-1', 'p-1', T0 + 1_000, 60_000)).toEqual({
      kind: 'in-progress',
      lockedUntil: T0 + 60_000,
    });
    await ledger.complete('evt-1', 'p-1', 'sent', '2026-03-01T09:00:01.000Z');
    expect(await ledger.claim('evt-1', 'p-1', T0 + 2_000, 60_000)).toEqual({ kind: 'done' });
    // Another recipient of the same event is its own notification
    expect(await ledger.claim('evt-1', 'p-2', T0 + 2_000, 60_000)).toEqual({ kind: 'acquired' });
  });

  it('gives a claim whose holder died to the next delivery once its lease ran out, and a released one at once', async () => {
    const { ledger } = await fresh();
    await ledger.claim('evt-1', 'p-1', T0, 60_000);
    expect(await ledger.claim('evt-1', 'p-1', T0 + 60_001, 60_000)).toEqual({ kind: 'acquired' });
    await ledger.release('evt-1', 'p-1');
    expect(await ledger.claim('evt-1', 'p-1', T0 + 60_002, 60_000)).toEqual({ kind: 'acquired' });
  });

  it('keeps an inbox newest first, each notification once, two of the same millisecond side by side', async () => {
    const { ledger } = await fresh();
    const entry = (id: string, occurredAt: string): InboxEntry => ({
      notificationId: id,
      recipientId: 'p-1',
      topic: 'tranche-to-approve',
      language: 'fr',
      subject: `sujet ${id}`,
      body: 'texte',
      eventId: id,
      eventType: 'TrancheRequested',
      occurredAt,
      email: 'sent',
    });
    await ledger.addToInbox(entry('a', '2026-03-01T09:00:00.000Z'));
    await ledger.addToInbox(entry('b', '2026-03-01T09:00:00.000Z'));
    await ledger.addToInbox(entry('a', '2026-03-01T09:00:00.000Z'));
    await ledger.addToInbox(entry('c', '2026-03-02T09:00:00.000Z'));
    expect((await ledger.inbox('p-1', 10)).map((one) => one.notificationId)).toEqual(['c', 'b', 'a']);
    expect(await ledger.inbox('p-2', 10)).toEqual([]);
  });
});

describe('the recipient directory', () => {
  it('names everyone of a role, coordinators of the region only, and an association’s contacts', async () => {
    const { directory } = await fresh();
    await directory.record({
      recipientId: 'coord-fm',
      language: 'fr',
      roles: ['coordinator'],
      regions: ['FM'],
      associationId: null,
    });
    await directory.record({
      recipientId: 'coord-cs',
      language: 'ar',
      roles: ['coordinator'],
      regions: ['CS'],
      associationId: null,
    });
    await directory.record({
      recipientId: 'contact-1',
      language: 'ar',
      roles: [],
      regions: [],
      associationId: 'assoc-1',
    });
    expect(
      (await directory.resolve({ kind: 'role', role: 'coordinator', region: 'FM' })).map(
        (r) => r.recipientId,
      ),
    ).toEqual(['coord-fm']);
    expect(
      (await directory.resolve({ kind: 'role', role: 'coordinator', region: null })).map(
        (r) => r.recipientId,
      ),
    ).toEqual(['coord-cs', 'coord-fm']);
    expect(
      (await directory.resolve({ kind: 'association', associationId: 'assoc-1' })).map((r) => r.recipientId),
    ).toEqual(['contact-1']);
    expect(await directory.resolve({ kind: 'person', personId: 'nobody' })).toEqual([]);
  });

  it('forgets a membership the recipient no longer has', async () => {
    const { directory } = await fresh();
    await directory.record({
      recipientId: 'p-1',
      language: 'fr',
      roles: ['finance-approver'],
      regions: [],
      associationId: null,
    });
    await directory.record({
      recipientId: 'p-1',
      language: 'ar',
      roles: ['finance-payer'],
      regions: [],
      associationId: null,
    });
    expect(await directory.resolve({ kind: 'role', role: 'finance-approver', region: null })).toEqual([]);
    expect(await directory.resolve({ kind: 'role', role: 'finance-payer', region: null })).toEqual([
      { recipientId: 'p-1', language: 'ar', roles: ['finance-payer'], regions: [], associationId: null },
    ]);
  });
});
