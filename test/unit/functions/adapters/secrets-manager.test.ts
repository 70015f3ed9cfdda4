import 'aws-sdk-client-mock-vitest/extend';
import {
  CreateSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  ResourceExistsException,
} from '@aws-sdk/client-secrets-manager';
import { Webhook } from 'standardwebhooks';
import { beforeEach, describe, expect, it } from 'vitest';
import { lambdaHandler } from '../../../../functions/adapters/http/lambda.js';
import { routeGroups } from '../../../../functions/adapters/http/routes/index.js';
import { InMemoryEventStore } from '../../../../functions/adapters/in-memory/event-store.js';
import { InMemoryIdempotencyStore } from '../../../../functions/adapters/in-memory/idempotency.js';
import {
  InMemoryPartnerRegistry,
  InMemorySecurityTrace,
  InMemoryWebhookDeliveryLog,
} from '../../../../functions/adapters/in-memory/partner-reports.js';
import {
  SecretsManagerPartnerRegistry,
  SecretsManagerSigningSecrets,
  SecretsManagerSubscriptionStore,
  signingSecretName,
} from '../../../../functions/adapters/secrets-manager.js';
import { WebhookDispatcher } from '../../../../functions/adapters/webhooks/dispatcher.js';
import {
  INVALID_SIGNING_SECRET,
  isInvalidSigningSecretError,
} from '../../../../functions/adapters/webhooks/errors.js';
import { InMemoryOutboundWebhookStore } from '../../../../functions/adapters/webhooks/store.js';
import type { WebhookSubscription } from '../../../../functions/adapters/webhooks/subscription.js';
import type { BusEvent } from '../../../../functions/application/bus/event-shape.js';
import type { PartnerRecord } from '../../../../functions/application/ports/partner-reports.js';
import { apiGatewayEvent, testLambdaContext } from '../../../support/http-events.js';
import { partnerRegistryContract } from './partner-registry-contract.js';
import { fakeSecretsManager, secretNotFound, secretsClient, secretsManager } from './secrets-manager-fake.js';

// The Secrets Manager adapters of partner signing secrets (functions/adapters/secrets-manager.ts),
// against a mocked client: how each answer of Secrets Manager maps to what the routes and the
// dispatcher see.

const PARTNERS = 'naseej-test/partners/';
const SUBSCRIPTIONS = 'naseej-test/subscriptions/';
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const NEXT_SECRET = 'whsec_Zm9yIHRoZSBuZXh0IHJvdGF0aW9uIG9ubHk=';

const scope: PartnerRecord = {
  partnerId: 'partner-fm-1',
  associationId: 'association-fm-1',
  rolloutId: 'rollout-FM-2026',
  secrets: [],
};
const secretsDocument = (secrets: { secretId: string; secret: string; status: string }[]) =>
  JSON.stringify({ secrets });

const signingSecrets = (prefix: string, maxAgeSeconds?: number) =>
  new SecretsManagerSigningSecrets({
    prefix,
    client: secretsClient(),
    ...(maxAgeSeconds === undefined ? {} : { maxAgeSeconds }),
  });

/** The AWS registry over a table stand-in that holds `records`. */
const registryOver = (records: InMemoryPartnerRegistry, maxAgeSeconds?: number) =>
  new SecretsManagerPartnerRegistry({ records, secrets: signingSecrets(PARTNERS, maxAgeSeconds) });

const awsError = (name: string, message: string) =>
  Object.assign(new Error(message), { name, $fault: 'client', $metadata: { httpStatusCode: 400 } });

beforeEach(() => {
  secretsManager.reset();
});

partnerRegistryContract('InMemoryPartnerRegistry', () => ({ registry: new InMemoryPartnerRegistry() }));

partnerRegistryContract('SecretsManagerPartnerRegistry (uncached, as the administration runs it)', () => {
  fakeSecretsManager();
  return { registry: registryOver(new InMemoryPartnerRegistry(), 0) };
});

describe('SecretsManagerPartnerRegistry', () => {
  it('reads the secrets from `<prefix><partnerId>` and keeps none in the table', async () => {
    // Prepare
    const stored = fakeSecretsManager();
    const table = new InMemoryPartnerRegistry();
    const registry = registryOver(table, 0);

    // Act
    await registry.put({ ...scope, secrets: [{ secretId: 's1', secret: SECRET, status: 'active' }] });

    // Assess
    expect([...stored.keys()]).toEqual(['naseej-test/partners/partner-fm-1']);
    expect(JSON.parse(stored.get('naseej-test/partners/partner-fm-1') ?? '')).toEqual({
      secrets: [{ secretId: 's1', secret: SECRET, status: 'active' }],
    });
    expect(await table.find('partner-fm-1')).toEqual(scope);
  });

  it('takes a partner whose secret is missing for unknown, not for a failure', async () => {
    // Prepare: the record exists, Secrets Manager has no such secret.
    secretsManager.on(GetSecretValueCommand).rejects(secretNotFound());
    const registry = registryOver(new InMemoryPartnerRegistry([scope]));

    // Act
    const found = await registry.find('partner-fm-1');

    // Assess
    expect(found).toBeUndefined();
  });

  it('asks Secrets Manager nothing for an id no one registered', async () => {
    // Prepare
    secretsManager.on(GetSecretValueCommand).resolves({ SecretString: secretsDocument([]) });
    const registry = registryOver(new InMemoryPartnerRegistry());

    // Act
    const found = await registry.find('partner-nobody');

    // Assess
    expect(found).toBeUndefined();
    expect(secretsManager).not.toHaveReceivedCommand(GetSecretValueCommand);
  });

  it('lets a denied or throttled read fail, so it is a server fault and not an unknown partner', async () => {
    // Prepare
    secretsManager
      .on(GetSecretValueCommand)
      .rejects(awsError('AccessDeniedException', 'not authorized to perform secretsmanager:GetSecretValue'));
    const registry = registryOver(new InMemoryPartnerRegistry([scope]));

    // Act
    const find = registry.find('partner-fm-1');

    // Assess
    await expect(find).rejects.toThrow(/not authorized/);
  });

  it('refuses a secret that is not the expected JSON, naming the secret and never its value', async () => {
    // Prepare
    secretsManager.on(GetSecretValueCommand).resolvesOnce({ SecretString: SECRET });
    secretsManager
      .on(GetSecretValueCommand)
      .resolves({ SecretString: JSON.stringify({ secrets: [{ secret: SECRET, status: 'current' }] }) });
    const registry = registryOver(new InMemoryPartnerRegistry([scope]), 0);

    // Act
    const notJson = await registry.find('partner-fm-1').catch((error: unknown) => error);
    const wrongShape = await registry.find('partner-fm-1').catch((error: unknown) => error);

    // Assess
    for (const error of [notJson, wrongShape]) {
      expect(isInvalidSigningSecretError(error)).toBe(true);
      expect((error as { code: string }).code).toBe(INVALID_SIGNING_SECRET);
      expect((error as { secretName: string }).secretName).toBe('naseej-test/partners/partner-fm-1');
      expect(String((error as Error).message)).not.toContain(SECRET.slice(6, 20));
    }
    expect((wrongShape as Error).message).toMatch(/secrets\.0\.secretId/);
  });

  it('caches a read for its max age, and reads through with a max age of 0', async () => {
    // Prepare
    secretsManager
      .on(GetSecretValueCommand)
      .resolves({ SecretString: secretsDocument([{ secretId: 's1', secret: SECRET, status: 'active' }]) });
    const cached = registryOver(new InMemoryPartnerRegistry([scope]));
    const uncached = registryOver(new InMemoryPartnerRegistry([scope]), 0);

    // Act
    await cached.find('partner-fm-1');
    await cached.find('partner-fm-1');
    const afterCached = secretsManager.commandCalls(GetSecretValueCommand).length;
    await uncached.find('partner-fm-1');
    await uncached.find('partner-fm-1');

    // Assess
    expect(afterCached).toBe(1);
    expect(secretsManager.commandCalls(GetSecretValueCommand)).toHaveLength(3);
  });
});

describe('SecretsManagerSigningSecrets.write', () => {
  it('creates the secret the first time, then stores new versions', async () => {
    // Prepare
    const stored = fakeSecretsManager();
    const secrets = signingSecrets(PARTNERS, 0);

    // Act
    await secrets.write('partner-fm-1', [{ secretId: 's1', secret: SECRET, status: 'active' }]);
    await secrets.write('partner-fm-1', [{ secretId: 's2', secret: NEXT_SECRET, status: 'active' }]);

    // Assess
    expect(secretsManager).toHaveReceivedCommandTimes(CreateSecretCommand, 1);
    expect(secretsManager).toHaveReceivedCommandTimes(PutSecretValueCommand, 2);
    expect(await secrets.read('partner-fm-1')).toEqual([
      { secretId: 's2', secret: NEXT_SECRET, status: 'active' },
    ]);
    expect(stored.size).toBe(1);
  });

  it('writes a new version when another writer created the secret first', async () => {
    // Prepare
    secretsManager.on(PutSecretValueCommand).rejectsOnce(secretNotFound()).resolves({});
    secretsManager
      .on(CreateSecretCommand)
      .rejects(new ResourceExistsException({ message: 'The secret already exists.', $metadata: {} }));

    // Act
    await signingSecrets(PARTNERS).write('partner-fm-1', [
      { secretId: 's1', secret: SECRET, status: 'active' },
    ]);

    // Assess
    expect(secretsManager).toHaveReceivedCommandTimes(PutSecretValueCommand, 2);
  });

  it('names secrets after the id, with `:` (allowed in ids, not in secret names) as `+`', () => {
    // Act, Assess
    expect(signingSecretName(PARTNERS, 'partner-fm-1')).toBe('naseej-test/partners/partner-fm-1');
    expect(signingSecretName(PARTNERS, 'op:fm:1')).toBe('naseej-test/partners/op+fm+1');
  });
});

describe('the inbound webhook route over Secrets Manager', () => {
  const route = routeGroups.webhooks[0];
  const handlerWith = (registry: SecretsManagerPartnerRegistry) =>
    lambdaHandler(routeGroups.webhooks, {
      store: new InMemoryEventStore(),
      idempotency: new InMemoryIdempotencyStore(),
      clock: () => new Date().toISOString(),
      newId: () => 'id-1',
      inboundWebhooks: {
        partners: registry,
        deliveries: new InMemoryWebhookDeliveryLog(),
        security: new InMemorySecurityTrace(),
      },
    });
  const signedDelivery = (secret: string) => {
    const body = JSON.stringify({ kind: 'session-held', rolloutId: 'rollout-FM-2026' });
    const signer = new Webhook(secret);
    const now = new Date();
    return apiGatewayEvent(route as never, {
      pathParameters: { partnerId: 'partner-fm-1' },
      body,
      headers: {
        'webhook-id': 'msg_1',
        'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
        'webhook-signature': signer.sign('msg_1', now, body),
      },
    });
  };
  const problemCode = (body: string | undefined) => (JSON.parse(body ?? '{}') as { code?: string }).code;

  it('answers 401 as a forged signature, not 500, when the partner has no secret in Secrets Manager', async () => {
    // Prepare
    secretsManager.on(GetSecretValueCommand).rejects(secretNotFound());
    const handler = handlerWith(registryOver(new InMemoryPartnerRegistry([scope])));

    // Act
    const response = await handler(signedDelivery(SECRET), testLambdaContext());

    // Assess
    expect(response.statusCode).toBe(401);
    expect(problemCode(response.body)).toBe('FORGED_SIGNATURE');
  });

  it('verifies the signature with the secret from Secrets Manager', async () => {
    // Prepare
    secretsManager
      .on(GetSecretValueCommand)
      .resolves({ SecretString: secretsDocument([{ secretId: 's1', secret: SECRET, status: 'active' }]) });
    const handler = handlerWith(registryOver(new InMemoryPartnerRegistry([scope])));

    // Act
    const forged = await handler(signedDelivery(NEXT_SECRET), testLambdaContext());

    // Assess
    expect(forged.statusCode).toBe(401);
    expect(problemCode(forged.body)).toBe('FORGED_SIGNATURE');
    expect(secretsManager).toHaveReceivedCommandWith(GetSecretValueCommand, {
      SecretId: 'naseej-test/partners/partner-fm-1',
    });
  });

  it('answers 500 without details when Secrets Manager denies the read', async () => {
    // Prepare
    secretsManager.on(GetSecretValueCommand).rejects(awsError('AccessDeniedException', 'not authorized'));
    const handler = handlerWith(registryOver(new InMemoryPartnerRegistry([scope])));

    // Act
    const response = await handler(signedDelivery(SECRET), testLambdaContext());

    // Assess
    expect(response.statusCode).toBe(500);
    expect(response.body).not.toContain('not authorized');
  });
});

describe('SecretsManagerSubscriptionStore', () => {
  const subscription = (id: string, active = true): WebhookSubscription => ({
    id,
    partnerId: 'partner-fm-1',
    eventPatterns: [{ 'detail-type': ['RolloutLaunched'] }],
    url: `https://partner.example/${id}`,
    secret: SECRET,
    active,
    createdAt: '2026-03-01T09:00:00.000Z',
  });
  const storeOver = (records: InMemoryOutboundWebhookStore) =>
    new SecretsManagerSubscriptionStore({ records, secrets: signingSecrets(SUBSCRIPTIONS, 0) });

  it('keeps the secret in Secrets Manager and the record without it; a rotation keeps the previous one', async () => {
    // Prepare
    const stored = fakeSecretsManager();
    const records = new InMemoryOutboundWebhookStore();
    const store = storeOver(records);

    // Act
    await store.putSubscription(subscription('sub-1'));
    await store.putSubscription({ ...subscription('sub-1'), secret: NEXT_SECRET });

    // Assess
    expect((await records.getSubscription('sub-1'))?.secret).toBe('');
    expect(JSON.parse(stored.get('naseej-test/subscriptions/sub-1') ?? '')).toEqual({
      secrets: [
        { secretId: 'previous', secret: SECRET, status: 'retired' },
        { secretId: 'current', secret: NEXT_SECRET, status: 'active' },
      ],
    });
    expect((await store.getSubscription('sub-1'))?.secret).toBe(NEXT_SECRET);
  });

  it('leaves out an active subscription whose secret is missing, and serves the others', async () => {
    // Prepare
    fakeSecretsManager(
      new Map([
        [
          'naseej-test/subscriptions/sub-ok',
          secretsDocument([{ secretId: 'current', secret: SECRET, status: 'active' }]),
        ],
      ]),
    );
    const records = new InMemoryOutboundWebhookStore();
    for (const record of [
      subscription('sub-ok'),
      subscription('sub-missing'),
      subscription('sub-off', false),
    ]) {
      await records.putSubscription({ ...record, secret: '' });
    }
    const store = storeOver(records);

    // Act
    const listed = await store.listSubscriptions();

    // Assess
    expect(listed.map((found) => [found.id, found.secret])).toEqual([
      ['sub-ok', SECRET],
      ['sub-off', ''],
    ]);
    expect(await store.getSubscription('sub-missing')).toBeUndefined();
  });

  it('lets the dispatcher sign deliveries with the secret read from Secrets Manager', async () => {
    // Prepare
    fakeSecretsManager();
    const store = storeOver(new InMemoryOutboundWebhookStore());
    await store.putSubscription(subscription('sub-1'));
    const sent: { headers: Record<string, string>; body: string }[] = [];
    const dispatcher = new WebhookDispatcher({
      store,
      scope: { partners: new InMemoryPartnerRegistry(), events: new InMemoryEventStore() },
      send: async (request) => {
        sent.push({ headers: request.headers, body: request.body });
        return { status: 204 };
      },
    });
    const event: BusEvent = {
      version: '0',
      id: 'event-1',
      'detail-type': 'RolloutLaunched',
      source: 'naseej',
      account: '123456789012',
      time: '2026-03-02T08:00:00.000Z',
      region: 'eu-west-3',
      resources: [],
      detail: {
        eventId: 'event-1',
        streamId: 'rollout-FM-2026',
        version: 1,
        type: 'RolloutLaunched',
        schemaVersion: 2,
        occurredAt: '2026-03-02T08:00:00.000Z',
        recordedAt: '2026-03-02T08:00:00.000Z',
        actor: { id: 'ministry-1', role: 'ministry' },
        correlationId: 'corr-1',
        causationId: null,
        data: {},
      },
    };

    // Act
    const outcomes = await dispatcher.dispatch(event);

    // Assess
    expect(outcomes.map((outcome) => outcome.outcome)).toEqual(['delivered']);
    const [delivery] = sent;
    expect(() =>
      new Webhook(SECRET).verify(delivery?.body ?? '', delivery?.headers ?? {}, { jsonParse: false }),
    ).not.toThrow();
  });
});
