import { describe, expect, it } from 'vitest';
import { InMemoryPersonalDataVault } from '../../../../functions/adapters/in-memory/personal-data.js';
import { recordName } from '../../../../functions/application/people/names.js';
import type { PersonalDataVault } from '../../../../functions/application/ports/personal-data.js';

// Recording a name when the person is erased between the rules' look-up and the vault's write:
// the vault refuses the write, and the answer is the rule's (409 PERSON_ERASED), never a 500.

const NAME = { fr: 'Hicham Berrada', ar: 'هشام برادة' };

describe('recording a name', () => {
  it('is refused as PERSON_ERASED when an erasure lands between the look-up and the write', async () => {
    // Prepare: a vault erased by someone else just before the write
    const inner = new InMemoryPersonalDataVault({ clock: () => new Date('2026-06-01T00:00:00.000Z') });
    const racing: PersonalDataVault = {
      lookup: (personId) => inner.lookup(personId),
      record: async (person) => {
        await inner.erase(person.personId);
        return inner.record(person);
      },
      erase: (personId, erasure) => inner.erase(personId, erasure),
    };

    // Act
    const recording = recordName(
      racing,
      { personId: 'member-1', subject: 'member', inHistory: true },
      {
        displayName: NAME,
        contact: {},
        purpose: 'certificates',
        consent: { given: true, givenOn: '2026-05-28', form: 'written' },
      },
      { now: '2026-06-01T00:00:00.000Z', actor: { role: 'ministry', subject: 'ministry-1' } },
    );

    // Assess
    await expect(recording).rejects.toMatchObject({ code: 'PERSON_ERASED', kind: 'conflict' });
    expect((await inner.lookup('member-1')).status).toBe('erased');
  });
});
