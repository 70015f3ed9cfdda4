import { describe, expect, it } from 'vitest';
import { DynamoDbPersonalDataVault } from '../../../../../functions/adapters/dynamodb/personal-data.js';
import { DynamoDbRecipientDirectory } from '../../../../../functions/adapters/dynamodb/recipients.js';
import type { RecipientDirectory } from '../../../../../functions/application/ports/notifications.js';
import {
  type PreTokenGenerationV2Event,
  preTokenGenerationHandler,
} from '../../../../../functions/handlers/pre-token-generation.js';
import { createFreshEventStoreTable, dynaliteForTheFile } from '../../../../support/dynalite.js';

// The user pool's trigger fills the recipient directory on AWS (docs/adr/0033-recipients-from-sign-in.md):
// each token it issues keeps the person's entry and verified address, on the real DynamoDB
// protocol (dynalite), and nothing it does to the directory ever stops a sign-in.

const dynalite = dynaliteForTheFile();

const fresh = async () => {
  const tableName = await createFreshEventStoreTable(dynalite);
  const table = { client: dynalite.client, tableName };
  const ports = {
    directory: new DynamoDbRecipientDirectory(table),
    vault: new DynamoDbPersonalDataVault(table),
  };
  return { ...ports, trigger: preTokenGenerationHandler(ports) };
};

const SUB = '7c1e4f0a-93b2-4d55-8a61-0f2b9c3d4e5f';

/** A token issuance for one account, as Cognito sends it (V2_0). */
const issuance = (groups: string[], attributes: Record<string, string> = {}): PreTokenGenerationV2Event => ({
  version: '2',
  triggerSource: 'TokenGeneration_Authentication',
  region: 'eu-west-3',
  userPoolId: 'eu-west-3_AbCdEf123',
  userName: SUB,
  callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: 'workspace-client' },
  request: {
    userAttributes: {
      sub: SUB,
      email: 'k.alaoui@ministere.example.ma',
      email_verified: 'true',
      ...attributes,
    },
    groupConfiguration: { groupsToOverride: groups },
  },
  response: {},
});

const claimsOf = (event: PreTokenGenerationV2Event) =>
  event.response.claimsAndScopeOverrideDetails?.accessTokenGeneration?.claimsToAddOrOverride;

describe('recipients kept by the pre token generation trigger', () => {
  it("records a coordinator's roles, regions and language, and the verified address in the vault", async () => {
    // Prepare
    const { directory, vault, trigger } = await fresh();

    // Act
    const event = await trigger(
      issuance(['regional-coordinator'], { 'custom:regions': 'FM CS', locale: 'ar-MA' }),
    );

    // Assess: the claims as before, and the person in the directory and the vault.
    expect(claimsOf(event)).toEqual({ 'naseej:roles': '["coordinator"]', 'naseej:regions': '["FM","CS"]' });
    expect(await directory.get(SUB)).toEqual({
      recipientId: SUB,
      language: 'ar',
      roles: ['coordinator'],
      regions: ['CS', 'FM'],
      associationId: null,
    });
    expect(await directory.resolve({ kind: 'role', role: 'coordinator', region: 'FM' })).toHaveLength(1);
    expect(await vault.lookup(SUB)).toEqual({
      status: 'known',
      person: {
        personId: SUB,
        displayName: { fr: 'k.alaoui@ministere.example.ma', ar: 'k.alaoui@ministere.example.ma' },
        contact: { email: 'k.alaoui@ministere.example.ma' },
      },
    });
  });

  it('follows a change of group at the next token: the old role no longer reaches the person', async () => {
    // Prepare
    const { directory, trigger } = await fresh();
    await trigger(issuance(['finance-approver'], { locale: 'fr' }));

    // Act
    await trigger(issuance(['finance-payer'], { locale: 'fr' }));

    // Assess
    expect(await directory.resolve({ kind: 'role', role: 'finance-approver', region: null })).toEqual([]);
    expect(
      (await directory.resolve({ kind: 'role', role: 'finance-payer', region: null })).map(
        (recipient) => recipient.recipientId,
      ),
    ).toEqual([SUB]);
  });

  it("records a partner's association, so the association's audience reaches its staff", async () => {
    // Prepare
    const { directory, trigger } = await fresh();

    // Act
    await trigger(
      issuance(['implementing-partner'], {
        'custom:association': 'assoc-amsed',
        'custom:rollout': 'rollout-FM-2026',
      }),
    );

    // Assess
    expect(
      (await directory.resolve({ kind: 'association', associationId: 'assoc-amsed' })).map((recipient) => [
        recipient.recipientId,
        recipient.language,
        recipient.roles,
      ]),
    ).toEqual([[SUB, 'fr', ['partner']]]);
  });

  it('keeps no address Cognito has not verified, and never records an erased person again', async () => {
    // Prepare
    const unverified = await fresh();
    const erased = await fresh();
    await erased.trigger(issuance(['reader']));
    await erased.vault.erase(SUB);

    // Act
    await unverified.trigger(issuance(['reader'], { email_verified: 'false' }));
    const event = await erased.trigger(issuance(['reader'], { email: 'nouvelle@ministere.example.ma' }));

    // Assess
    expect((await unverified.vault.lookup(SUB)).status).toBe('unknown');
    expect((await unverified.directory.get(SUB))?.roles).toEqual(['reader']);
    expect(claimsOf(event)).toEqual({ 'naseej:roles': '["reader"]' });
    expect((await erased.vault.lookup(SUB)).status).toBe('erased');
  });

  it('issues the token even when the directory fails or does not answer in time', async () => {
    // Prepare: a directory that refuses every call, and one that never answers.
    const { vault } = await fresh();
    const failing: RecipientDirectory = {
      record: () => Promise.reject(new Error('throttled')),
      get: () => Promise.reject(Object.assign(new Error('throttled'), { code: 'STORE_UNAVAILABLE' })),
      resolve: () => Promise.resolve([]),
    };
    const silent: RecipientDirectory = {
      record: () => new Promise(() => undefined),
      get: () => new Promise(() => undefined),
      resolve: () => Promise.resolve([]),
    };

    // Act
    const despiteFailure = await preTokenGenerationHandler({ directory: failing, vault })(
      issuance(['ministry']),
    );
    const despiteSilence = await preTokenGenerationHandler(
      { directory: silent, vault },
      20,
    )(issuance(['ministry']));

    // Assess
    expect(claimsOf(despiteFailure)).toEqual({ 'naseej:roles': '["ministry"]' });
    expect(claimsOf(despiteSilence)).toEqual({ 'naseej:roles': '["ministry"]' });
  });
});
