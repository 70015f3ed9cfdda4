import { describe, expect, it } from 'vitest';
import { DynamoDbPersonalDataVault } from '../../../../../functions/adapters/dynamodb/personal-data.js';
import { InMemoryPersonalDataVault } from '../../../../../functions/adapters/in-memory/personal-data.js';
import type {
  PersonalDataVault,
  PersonRecord,
} from '../../../../../functions/application/ports/personal-data.js';
import { createFreshEventStoreTable, dynaliteForTheFile } from '../../../../support/dynalite.js';
import { ManualClock } from '../../../../support/integrity-history.js';

// The same contract for every vault adapter (docs/adr/0126-names-with-purpose-and-consent.md): a
// name's processing (purpose, consent, who recorded it) is kept with it; an erasure keeps its
// first instant and its first reason, and forgets the rest.

const dynalite = dynaliteForTheFile();

const member: PersonRecord = {
  personId: 'member-fm-007-1',
  displayName: { fr: 'Hicham Berrada', ar: 'هشام برادة' },
  contact: {},
  processing: {
    purpose: 'certificates',
    consent: { given: true, givenOn: '2026-05-28', form: 'written' },
    recordedAt: '2026-06-01T00:00:00.000Z',
    recordedBy: { role: 'association', subject: 'assoc-fm-sefrou-007' },
  },
};

const adapters: readonly [string, (clock: ManualClock) => Promise<PersonalDataVault>][] = [
  ['in memory', async (clock) => new InMemoryPersonalDataVault({ clock: clock.read })],
  [
    'on DynamoDB (dynalite)',
    async (clock) =>
      new DynamoDbPersonalDataVault({
        client: dynalite.client,
        tableName: await createFreshEventStoreTable(dynalite),
        clock: clock.read,
      }),
  ],
];

describe.each(adapters)('the personal-data vault %s', (_name, create) => {
  it('keeps a name with its purpose and consent', async () => {
    // Prepare
    const vault = await create(new ManualClock('2026-06-01T00:00:00.000Z'));

    // Act
    await vault.record(member);

    // Assess
    expect(await vault.lookup(member.personId)).toEqual({ status: 'known', person: member });
  });

  it('keeps the first erasure: its instant and its reason, never the name', async () => {
    // Prepare
    const clock = new ManualClock('2026-06-01T00:00:00.000Z');
    const vault = await create(clock);
    await vault.record(member);

    // Act
    await vault.erase(member.personId, {
      reason: 'consent-withdrawn',
      erasedBy: { role: 'association', subject: 'assoc-fm-sefrou-007' },
    });
    clock.set('2026-06-02T00:00:00.000Z');
    await vault.erase(member.personId, {
      reason: 'objection',
      erasedBy: { role: 'ministry', subject: 'm-1' },
    });

    // Assess
    expect(await vault.lookup(member.personId)).toEqual({
      status: 'erased',
      personId: member.personId,
      erasedAt: '2026-06-01T00:00:00.000Z',
      erasure: {
        reason: 'consent-withdrawn',
        erasedBy: { role: 'association', subject: 'assoc-fm-sefrou-007' },
      },
    });
  });

  it('gives a reason to an erasure that had none, and keeps its instant', async () => {
    // Prepare
    const clock = new ManualClock('2026-06-01T00:00:00.000Z');
    const vault = await create(clock);
    await vault.record(member);
    await vault.erase(member.personId);
    clock.set('2026-06-02T00:00:00.000Z');

    // Act
    await vault.erase(member.personId, {
      reason: 'objection',
      erasedBy: { role: 'ministry', subject: 'm-1' },
    });

    // Assess
    expect(await vault.lookup(member.personId)).toEqual({
      status: 'erased',
      personId: member.personId,
      erasedAt: '2026-06-01T00:00:00.000Z',
      erasure: { reason: 'objection', erasedBy: { role: 'ministry', subject: 'm-1' } },
    });
  });
});
