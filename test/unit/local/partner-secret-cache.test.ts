import { describe, expect, it } from 'vitest';
import { InMemoryPartnerRegistry } from '../../../functions/adapters/in-memory/partner-reports.js';
import { SIGNING_SECRETS_MAX_AGE_SECONDS } from '../../../functions/adapters/secrets-manager.js';
import type { PartnerRecord } from '../../../functions/application/ports/partner-reports.js';
import { CachedPartnerRegistry, LOCAL_SECRETS_MAX_AGE_SECONDS } from '../../../local/partner-secret-cache.js';

// The local runtime's inbound webhooks read a partner's secrets at most once per 300 s, as the
// webhooks function does on AWS through Powertools' cache (docs/parity.md).

const T0 = Date.parse('2026-03-01T09:00:00.000Z');

const partner = (secretStatus: 'active' | 'retired'): PartnerRecord => ({
  partnerId: 'amsed',
  associationId: 'assoc-amsed',
  rolloutId: 'rollout-FM-2026',
  secrets: [{ secretId: 'secret-1', secret: 'whsec_AAAA', status: secretStatus }],
});

/** A registry that counts its reads. */
const countingRegistry = (records: InMemoryPartnerRegistry) => {
  let reads = 0;
  return {
    registry: {
      find: (partnerId: string) => {
        reads += 1;
        return records.find(partnerId);
      },
    },
    reads: () => reads,
  };
};

describe('the local cache of partner secrets', () => {
  it('keeps the lifetime of the AWS side', () => {
    expect(LOCAL_SECRETS_MAX_AGE_SECONDS).toBe(SIGNING_SECRETS_MAX_AGE_SECONDS);
    expect(LOCAL_SECRETS_MAX_AGE_SECONDS).toBe(300);
  });

  it('reads a partner once per 300 s, and sees a retirement only after that', async () => {
    // Prepare
    const records = new InMemoryPartnerRegistry([partner('active')]);
    const counting = countingRegistry(records);
    let now = T0;
    const cache = new CachedPartnerRegistry({ registry: counting.registry, clock: () => new Date(now) });
    const first = await cache.find('amsed');
    await records.put(partner('retired'));

    // Act
    now = T0 + 299_999;
    const withinLifetime = await cache.find('amsed');
    now = T0 + 300_000;
    const afterLifetime = await cache.find('amsed');

    // Assess
    expect(first?.secrets[0]?.status).toBe('active');
    expect(withinLifetime?.secrets[0]?.status).toBe('active');
    expect(afterLifetime?.secrets[0]?.status).toBe('retired');
    expect(counting.reads()).toBe(2);
  });

  it('does not cache a partner it did not find, so a new partner is known at once', async () => {
    // Prepare
    const records = new InMemoryPartnerRegistry();
    const counting = countingRegistry(records);
    const cache = new CachedPartnerRegistry({ registry: counting.registry, clock: () => new Date(T0) });
    const before = await cache.find('amsed');
    await records.put(partner('active'));

    // Act
    const after = await cache.find('amsed');

    // Assess
    expect(before).toBeUndefined();
    expect(after?.partnerId).toBe('amsed');
    expect(counting.reads()).toBe(2);
  });

  it('keeps at most its number of partners, forgetting the oldest read', async () => {
    // Prepare
    const records = new InMemoryPartnerRegistry(
      ['p-1', 'p-2', 'p-3'].map((partnerId) => ({ ...partner('active'), partnerId })),
    );
    const counting = countingRegistry(records);
    const cache = new CachedPartnerRegistry({
      registry: counting.registry,
      clock: () => new Date(T0),
      maxEntries: 2,
    });
    for (const partnerId of ['p-1', 'p-2', 'p-3']) await cache.find(partnerId);

    // Act
    await cache.find('p-3');
    await cache.find('p-2');
    await cache.find('p-1');

    // Assess: p-3 and p-2 were kept, p-1 was read again
    expect(counting.reads()).toBe(4);
  });
});
