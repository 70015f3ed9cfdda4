import { describe, expect, it } from 'vitest';
import { InMemoryPersonalDataVault } from '../../../../../functions/adapters/in-memory/personal-data.js';
import type { PersonRecord } from '../../../../../functions/application/ports/personal-data.js';

// Issue 22, defect 9: members' and committee members' names enter through the vault, under the
// rule of every person-facing text (functions/domain/shared/text.ts).

const person: PersonRecord = {
  personId: 'person-7',
  displayName: { fr: 'Hélène Aït Benhaddou', ar: 'هيلين آيت بنحدو' },
  contact: {},
};

describe('a name the personal-data vault records', () => {
  it('is refused with a right-to-left override, naming the field and why', async () => {
    // Act
    const recording = new InMemoryPersonalDataVault().record({
      ...person,
      displayName: { fr: 'Hélène\u202Eridda', ar: 'هيلين' },
    });
    // Assess
    await expect(recording).rejects.toMatchObject({
      issues: [
        expect.objectContaining({
          path: ['displayName', 'fr'],
          message: 'holds a bidirectional control character (U+202E)',
        }),
      ],
    });
  });

  it('is kept composed and trimmed; Arabic and French accents unchanged', async () => {
    // Prepare
    const vault = new InMemoryPersonalDataVault();
    // Act
    await vault.record({
      ...person,
      displayName: { fr: ' He\u0301le\u0300ne Aït Benhaddou ', ar: 'هيلين آيت بنحدو' },
    });
    // Assess
    expect(await vault.lookup('person-7')).toEqual({ status: 'known', person });
  });
});
