import { describe, expect, it } from 'vitest';
import type {
  PartnerRecord,
  PartnerRegistry,
} from '../../../../functions/application/ports/partner-reports.js';

/** A registry the contract can write partners to (every adapter the administration uses can). */
export interface WritableRegistryUnderTest {
  readonly registry: PartnerRegistry & { put(partner: PartnerRecord): Promise<void> | void };
}

const partner = (secrets: PartnerRecord['secrets']): PartnerRecord => ({
  partnerId: 'partner-fm-1',
  associationId: 'association-fm-1',
  rolloutId: 'rollout-FM-2026',
  secrets,
});

const first = {
  secretId: 'secret-1',
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  status: 'active' as const,
};
const second = {
  secretId: 'secret-2',
  secret: 'whsec_Zm9yIHRoZSBuZXh0IHJvdGF0aW9uIG9ubHk=',
  status: 'active' as const,
};

/**
 * What every partner registry does, whatever keeps it (memory, the table, Secrets Manager): a
 * partner comes back with its scope and its secrets in order, an unknown one is undefined, and a
 * rotation (a new list) is what the next read sees. Registries with a cache run it uncached.
 */
export const partnerRegistryContract = (name: string, make: () => WritableRegistryUnderTest): void => {
  describe(`${name}: the partner registry contract`, () => {
    it('finds a partner with its scope and its secrets', async () => {
      // Prepare
      const { registry } = make();
      await registry.put(partner([first]));

      // Act
      const found = await registry.find('partner-fm-1');

      // Assess
      expect(found).toEqual(partner([first]));
    });

    it('knows no partner it was not given', async () => {
      // Prepare
      const { registry } = make();
      await registry.put(partner([first]));

      // Act, Assess
      expect(await registry.find('partner-rsk-1')).toBeUndefined();
    });

    it('sees a rotation: the new secret added, then the old one retired', async () => {
      // Prepare
      const { registry } = make();
      await registry.put(partner([first]));

      // Act
      await registry.put(partner([first, second]));
      const duringRotation = await registry.find('partner-fm-1');
      await registry.put(partner([{ ...first, status: 'retired' }, second]));
      const afterRotation = await registry.find('partner-fm-1');

      // Assess
      expect(duringRotation?.secrets).toEqual([first, second]);
      expect(afterRotation?.secrets).toEqual([{ ...first, status: 'retired' }, second]);
    });
  });
};
