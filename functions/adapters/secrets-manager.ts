import { SecretsProvider } from '@aws-lambda-powertools/parameters/secrets';
import {
  CreateSecretCommand,
  PutSecretValueCommand,
  ResourceExistsException,
  ResourceNotFoundException,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import * as z from 'zod';
import type { PartnerRecord, PartnerRegistry, PartnerSecret } from '../application/ports/partner-reports.js';
import { countMetric, logger } from './observability/observability.js';
import { invalidSigningSecretError } from './webhooks/errors.js';
import type { OutboundWebhookStore, ParkedDelivery } from './webhooks/store.js';
import type { WebhookSubscription } from './webhooks/subscription.js';

// Partner signing secrets on AWS (issue 8): each partner's inbound secrets and each subscription's
// outbound secret is one Secrets Manager secret, `<prefix><id>`, holding the same list the local
// registry keeps (`{"secrets":[{"secretId","secret","status":"active"|"retired"}]}`: the current
// secret and, during a rotation, the previous one). The table keeps only the non-secret records.
// Reads go through Powertools' SecretsProvider, which caches each secret for a few minutes.

/** How long a secret read is reused; a rotation or a retirement takes effect within this time. */
export const SIGNING_SECRETS_MAX_AGE_SECONDS = 300;

/** The metric counted when a subscription has no secret in Secrets Manager (its deliveries stop). */
export const SUBSCRIPTION_SECRET_MISSING_METRIC = 'OutboundSubscriptionSecretMissing';

/**
 * The secret's name for an id: ids may hold `:` (events/reference.ts `Id`), which secret names may
 * not; `+` may not appear in an id, so the mapping stays one to one.
 */
export const signingSecretName = (prefix: string, id: string): string =>
  `${prefix}${id.replaceAll(':', '+')}`;

const SigningSecretsDocument = z.strictObject({
  secrets: z
    .array(
      z.strictObject({
        secretId: z.string().min(1),
        secret: z.string().min(1),
        status: z.enum(['active', 'retired']),
      }),
    )
    .min(1),
});

const isNotFound = (error: unknown): boolean => {
  const named = (candidate: unknown) =>
    candidate instanceof ResourceNotFoundException ||
    (candidate instanceof Error &&
      (candidate.name === 'ResourceNotFoundException' || candidate.name === 'ParameterNotFoundError'));
  return named(error) || (error instanceof Error && named(error.cause));
};

const isAlreadyThere = (error: unknown): boolean =>
  error instanceof ResourceExistsException ||
  (error instanceof Error && error.name === 'ResourceExistsException');

export interface SecretsManagerSigningSecretsOptions {
  /** The name prefix, e.g. `naseej/partners/`; the function's role may read `<prefix>*` only. */
  readonly prefix: string;
  readonly client?: SecretsManagerClient;
  /** Seconds a read is cached; 0 reads through (the administration's read-modify-write needs it). */
  readonly maxAgeSeconds?: number;
}

/** Signing-secret lists in Secrets Manager, one secret per partner or subscription. */
export class SecretsManagerSigningSecrets {
  readonly #client: SecretsManagerClient;
  readonly #provider: SecretsProvider;
  readonly #prefix: string;
  readonly #maxAgeSeconds: number;

  constructor(options: SecretsManagerSigningSecretsOptions) {
    this.#client = options.client ?? new SecretsManagerClient({});
    this.#provider = new SecretsProvider({ awsSdkV3Client: this.#client });
    this.#prefix = options.prefix;
    this.#maxAgeSeconds = options.maxAgeSeconds ?? SIGNING_SECRETS_MAX_AGE_SECONDS;
  }

  /**
   * The secrets of `id`, or undefined when no such secret exists. A secret that is not the
   * expected JSON throws `InvalidSigningSecretError`; any other failure (access denied, throttling)
   * is thrown as it is: a fault of the deployment, not an unknown caller.
   */
  async read(id: string): Promise<readonly PartnerSecret[] | undefined> {
    const name = signingSecretName(this.#prefix, id);
    let raw: string | Uint8Array | undefined;
    try {
      raw = await this.#provider.get(name, { maxAge: this.#maxAgeSeconds, throwOnMissing: true });
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
    if (raw === undefined) return undefined;
    const text = typeof raw === 'string' ? raw : new TextDecoder().decode(raw);
    // JSON.parse's message quotes the text: it is not passed on, as the text is a secret.
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw invalidSigningSecretError(name, 'not JSON');
    }
    const parsed = SigningSecretsDocument.safeParse(json);
    if (!parsed.success) {
      throw invalidSigningSecretError(
        name,
        parsed.error.issues
          .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
          .join('; '),
      );
    }
    return parsed.data.secrets;
  }

  /** Stores the secrets of `id` as a new version, creating the secret the first time. */
  async write(id: string, secrets: readonly PartnerSecret[]): Promise<void> {
    const name = signingSecretName(this.#prefix, id);
    const SecretString = JSON.stringify({ secrets });
    try {
      await this.#client.send(new PutSecretValueCommand({ SecretId: name, SecretString }));
      return;
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
    try {
      await this.#client.send(
        new CreateSecretCommand({
          Name: name,
          SecretString,
          Description: 'Naseej webhook signing secrets (JSON list; see infra/README.md)',
        }),
      );
    } catch (error) {
      // Another writer created it meanwhile: this write becomes the newer version.
      if (!isAlreadyThere(error)) throw error;
      await this.#client.send(new PutSecretValueCommand({ SecretId: name, SecretString }));
    }
  }
}

/** Where the non-secret partner records live (the table's registry: scope only, no secrets). */
export interface PartnerRecordStore {
  find(partnerId: string): Promise<PartnerRecord | undefined>;
  put(partner: PartnerRecord): Promise<void> | void;
}

/**
 * Partners on AWS: the record (association, rollout) from the table, the secrets from Secrets
 * Manager. A partner missing either is unknown, so its deliveries are refused (401), never a 500.
 */
export class SecretsManagerPartnerRegistry implements PartnerRegistry {
  readonly #records: PartnerRecordStore;
  readonly #secrets: SecretsManagerSigningSecrets;

  constructor(options: {
    readonly records: PartnerRecordStore;
    readonly secrets: SecretsManagerSigningSecrets;
  }) {
    this.#records = options.records;
    this.#secrets = options.secrets;
  }

  async find(partnerId: string): Promise<PartnerRecord | undefined> {
    // The table first: an id no one registered costs no Secrets Manager call.
    const record = await this.#records.find(partnerId);
    if (record === undefined) return undefined;
    const secrets = await this.#secrets.read(partnerId);
    if (secrets === undefined) {
      logger.warn('Partner record without its secret in Secrets Manager: treated as unknown', { partnerId });
      return undefined;
    }
    return { ...record, secrets };
  }

  /** Adds or replaces a partner: secrets first, so a partner is never known without them. */
  async put(partner: PartnerRecord): Promise<void> {
    await this.#secrets.write(partner.partnerId, partner.secrets);
    await this.#records.put({ ...partner, secrets: [] });
  }
}

/** The secret a subscription signs with: the newest active one of its list. */
const currentSecretOf = (secrets: readonly PartnerSecret[]): string | undefined =>
  secrets.filter((secret) => secret.status === 'active').at(-1)?.secret;

/**
 * Outbound subscriptions on AWS: the records (URL, patterns) in the wrapped store with an empty
 * `secret`, the signing secret in Secrets Manager under the subscription's id. A subscription
 * without a secret is left out (an error log and the `OutboundSubscriptionSecretMissing` metric,
 * which has an alarm) so the others are still served.
 */
export class SecretsManagerSubscriptionStore implements OutboundWebhookStore {
  readonly #records: OutboundWebhookStore;
  readonly #secrets: SecretsManagerSigningSecrets;

  constructor(options: {
    readonly records: OutboundWebhookStore;
    readonly secrets: SecretsManagerSigningSecrets;
  }) {
    this.#records = options.records;
    this.#secrets = options.secrets;
  }

  async #withSecret(subscription: WebhookSubscription): Promise<WebhookSubscription | undefined> {
    const secrets = await this.#secrets.read(subscription.id);
    const secret = secrets === undefined ? undefined : currentSecretOf(secrets);
    if (secret === undefined) {
      logger.error('Subscription without an active secret in Secrets Manager: not delivered to', {
        subscriptionId: subscription.id,
        partnerId: subscription.partnerId,
      });
      countMetric(SUBSCRIPTION_SECRET_MISSING_METRIC);
      return undefined;
    }
    return { ...subscription, secret };
  }

  /**
   * Stores the secret (the previous one kept as retired, for the record) and then the record
   * without it. Only the partner administration writes; the dispatcher only reads.
   */
  async putSubscription(subscription: WebhookSubscription): Promise<void> {
    const earlier = (await this.#secrets.read(subscription.id)) ?? [];
    const current = currentSecretOf(earlier);
    if (current !== subscription.secret) {
      const previous =
        current === undefined ? [] : [{ secretId: 'previous', secret: current, status: 'retired' as const }];
      await this.#secrets.write(subscription.id, [
        ...previous,
        { secretId: 'current', secret: subscription.secret, status: 'active' },
      ]);
    }
    await this.#records.putSubscription({ ...subscription, secret: '' });
  }

  async getSubscription(id: string): Promise<WebhookSubscription | undefined> {
    const record = await this.#records.getSubscription(id);
    return record === undefined ? undefined : this.#withSecret(record);
  }

  /** Active subscriptions with their secrets; inactive ones as stored (they are not delivered to). */
  async listSubscriptions(): Promise<readonly WebhookSubscription[]> {
    const records = await this.#records.listSubscriptions();
    const completed = await Promise.all(
      records.map((record) => (record.active ? this.#withSecret(record) : Promise.resolve(record))),
    );
    return completed.filter((subscription) => subscription !== undefined);
  }

  removeSubscription(id: string): Promise<void> {
    return this.#records.removeSubscription(id);
  }

  park(delivery: ParkedDelivery): Promise<void> {
    return this.#records.park(delivery);
  }

  getParked(webhookId: string): Promise<ParkedDelivery | undefined> {
    return this.#records.getParked(webhookId);
  }

  listParked(): Promise<readonly ParkedDelivery[]> {
    return this.#records.listParked();
  }

  removeParked(webhookId: string): Promise<void> {
    return this.#records.removeParked(webhookId);
  }
}
