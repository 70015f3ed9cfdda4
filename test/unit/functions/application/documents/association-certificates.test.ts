import { describe, expect, it } from 'vitest';
import { certificateRegistryOf } from '../../../../../functions/application/documents/service.js';
import {
  ASSOCIATION_ID,
  COMPLETED_MEMBER,
  documentsHistory,
  INCOMPLETE_MEMBER,
  ROLLOUT_ID,
} from '../../../../support/documents-history.js';

// What an association's portal lists (docs/adr/0108-association-certificates.md): its members who
// completed modules, their modules, and the training certificate of the one who completed all eight.

describe("an association's members in the certificate registry", () => {
  it('lists its members with their modules and the certificate of the one who completed the eight', async () => {
    // Prepare
    const { store } = await documentsHistory();

    // Act
    const registry = await certificateRegistryOf(store);
    const members = registry.ofAssociation(ASSOCIATION_ID);

    // Assess
    expect(members.map(({ rolloutId, memberId, modules }) => ({ rolloutId, memberId, modules }))).toEqual([
      {
        rolloutId: ROLLOUT_ID,
        memberId: COMPLETED_MEMBER,
        modules: ['M1', 'M2', 'M3', 'M4', 'M5', 'M6', 'M7', 'M8'],
      },
      {
        rolloutId: ROLLOUT_ID,
        memberId: INCOMPLETE_MEMBER,
        modules: ['M1', 'M2', 'M3', 'M4', 'M5', 'M6', 'M7'],
      },
    ]);
    expect(members[0]?.certificate?.code).toBe(
      registry.ofMember(ROLLOUT_ID, COMPLETED_MEMBER, 'training')?.code,
    );
    expect(members[0]?.certificate?.code).toMatch(/^[0-9A-Z]{5}-[0-9A-Z]{5}$/);
    expect(members[1]?.certificate).toBeUndefined();
  });

  it('lists nothing of another association', async () => {
    const { store } = await documentsHistory();
    expect((await certificateRegistryOf(store)).ofAssociation('assoc-another')).toEqual([]);
  });
});
