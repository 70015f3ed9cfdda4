import type {
  PartnerRecord,
  PartnerRegistry,
  SecurityTrace,
  WebhookDeliveryLog,
  WebhookRefusal,
} from '../../application/ports/partner-reports.js';

/** Partners kept in memory (tests and the local runtime). */
export class InMemoryPartnerRegistry implements PartnerRegistry {
  readonly #partners = new Map<string, PartnerRecord>();

  constructor(partners: readonly PartnerRecord[] = []) {
    for (const partner of partners) this.#partners.set(partner.partnerId, partner);
  }

  /** Adds or replaces a partner (a rotation replaces its secrets). */
  async put(partner: PartnerRecord): Promise<void> {
    this.#partners.set(partner.partnerId, partner);
  }

  async find(partnerId: string): Promise<PartnerRecord | undefined> {
    return this.#partners.get(partnerId);
  }
}

/** Received webhook ids kept in memory. */
export class InMemoryWebhookDeliveryLog implements WebhookDeliveryLog {
  readonly #seen = new Set<string>();

  async claim(partnerId: string, webhookId: string): Promise<boolean> {
    const key = JSON.stringify([partnerId, webhookId]);
    if (this.#seen.has(key)) return false;
    this.#seen.add(key);
    return true;
  }
}

/** Refusals kept in memory, for tests and the local runtime's console. */
export class InMemorySecurityTrace implements SecurityTrace {
  readonly refusals: WebhookRefusal[] = [];

  async record(refusal: WebhookRefusal): Promise<void> {
    this.refusals.push(refusal);
  }
}
