import { describe, expect, it } from 'vitest';
import { sealSettledDays } from '../../../../../functions/adapters/dynamodb/integrity-digest.js';
import { verifyStore } from '../../../../../functions/adapters/dynamodb/integrity-verify.js';
import { InMemoryEventStore } from '../../../../../functions/adapters/in-memory/event-store.js';
import { InMemoryPersonalDataVault } from '../../../../../functions/adapters/in-memory/personal-data.js';
import {
  PERSON_ERASED,
  type PersonRecord,
} from '../../../../../functions/application/ports/personal-data.js';
import { AFTER_HISTORY, appendHistory, ManualClock } from '../../../../support/integrity-history.js';

const person: PersonRecord = {
  personId: 'person-3',
  displayName: { fr: 'Fatima Zahra El Idrissi', ar: 'فاطمة الزهراء الإدريسي' },
  contact: { email: 'f.elidrissi@example.ma', phone: '+212 600 000 000' },
};

describe('the personal-data vault, in memory', () => {
  it('records names and contact under an id, and forgets them for good on erasure', async () => {
    // Prepare
    const vault = new InMemoryPersonalDataVault({ clock: () => new Date('2026-04-01T10:00:00.000Z') });
    await vault.record(person);
    const before = await vault.lookup('person-3');

    // Act
    await vault.erase('person-3');
    await vault.erase('person-3');

    // Assess
    expect(before).toEqual({ status: 'known', person });
    expect(await vault.lookup('person-3')).toEqual({
      status: 'erased',
      personId: 'person-3',
      erasedAt: '2026-04-01T10:00:00.000Z',
    });
    await expect(vault.record(person)).rejects.toMatchObject({ code: PERSON_ERASED, personId: 'person-3' });
    expect(await vault.lookup('person-404')).toEqual({ status: 'unknown', personId: 'person-404' });
  });

  it('refuses a record that is not valid, naming the field', async () => {
    // Act
    const recording = new InMemoryPersonalDataVault().record({
      ...person,
      contact: { email: 'not an email' },
    });

    // Assess
    await expect(recording).rejects.toThrow(/email/);
  });

  it('leaves verification green after erasing a person the events reference by id', async () => {
    // Prepare: events name members by id only (person-3 in association-1)
    const clock = new ManualClock('2026-03-01T09:00:00.000Z');
    const store = new InMemoryEventStore({ clock: clock.read });
    const vault = new InMemoryPersonalDataVault({ clock: clock.read });
    await vault.record(person);
    await appendHistory(store, clock);
    clock.set(AFTER_HISTORY);
    await sealSettledDays(store.commitLog(), clock.read());

    // Act
    await vault.erase('person-3');
    const report = await verifyStore(store.commitLog());

    // Assess
    expect(report.ok).toBe(true);
    expect((await vault.lookup('person-3')).status).toBe('erased');
  });
});
