import type { PartnerRecord, PartnerRegistry } from '../functions/application/ports/partner-reports.js';

// The inbound webhooks' view of the partners, cached as the webhooks function caches them on AWS:
// there each partner's secrets come from Secrets Manager through Powertools' SecretsProvider with
// `maxAge` SIGNING_SECRETS_MAX_AGE_SECONDS (functions/adapters/secrets-manager.ts), 300 s, the
// lifetime the Parameters and Secrets Lambda extension also uses by default. Locally the record and
// its secrets are one item of the table, which the runtime read on every inbound webhook. (The
// lifetime is repeated here rather than imported, so that the runtime does not load the Secrets
// Manager client; test/unit/local/partner-secret-cache.test.ts holds the two equal.)
//
// Not kinder than AWS: a secret added or retired by the administration (which writes through the
// uncached registry, as the administration's function does on AWS) reaches the webhooks within
// the lifetime, not at once. A partner not found is not cached (on AWS the table is read first
// and an unknown id costs no secret read), so a new partner is known at once; a partner's
// association and rollout never change once registered (409 PARTNER_SCOPE_CONFLICT).

/** The AWS side's `SIGNING_SECRETS_MAX_AGE_SECONDS`: how long a read partner is reused. */
export const LOCAL_SECRETS_MAX_AGE_SECONDS = 300;

export interface CachedPartnerRegistryOptions {
  readonly registry: PartnerRegistry;
  /** The runtime's clock. */
  readonly clock: () => Date;
  /** Seconds a partner read is reused; defaults to `LOCAL_SECRETS_MAX_AGE_SECONDS`. */
  readonly maxAgeSeconds?: number;
  /** Partners kept at most (the Lambda extension keeps up to 1,000 secrets); the oldest read goes first. */
  readonly maxEntries?: number;
}

/** A partner registry whose reads are reused for a bounded lifetime. */
export class CachedPartnerRegistry implements PartnerRegistry {
  readonly #registry: PartnerRegistry;
  readonly #clock: () => Date;
  readonly #maxAgeMs: number;
  readonly #maxEntries: number;
  readonly #entries = new Map<string, { readonly record: PartnerRecord; readonly readAt: number }>();

  constructor(options: CachedPartnerRegistryOptions) {
    this.#registry = options.registry;
    this.#clock = options.clock;
    this.#maxAgeMs = (options.maxAgeSeconds ?? LOCAL_SECRETS_MAX_AGE_SECONDS) * 1000;
    this.#maxEntries = options.maxEntries ?? 1_000;
  }

  async find(partnerId: string): Promise<PartnerRecord | undefined> {
    const now = this.#clock().getTime();
    const cached = this.#entries.get(partnerId);
    if (cached !== undefined && now - cached.readAt < this.#maxAgeMs) return cached.record;
    this.#entries.delete(partnerId);
    const record = await this.#registry.find(partnerId);
    if (record === undefined) return undefined;
    this.#entries.set(partnerId, { record, readAt: now });
    if (this.#entries.size > this.#maxEntries) {
      const oldest = this.#entries.keys().next();
      if (!oldest.done) this.#entries.delete(oldest.value);
    }
    return record;
  }
}
