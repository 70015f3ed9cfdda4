import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DashboardSite,
  DIRECTORY_INDEX_CODE,
  workspaceConfig,
} from '../../infra/constructs/dashboard-site.js';
import { NaseejUserPool } from '../../infra/constructs/user-pool.js';
import type { NaseejApp } from '../../infra/naseej-app.js';
import {
  buildAppForTest,
  cdkJsonContext,
  constructTestApp,
  deploymentTemplate,
  nestedStacksOf,
  SYNTH_TIMEOUT_MS,
} from './support/cdk-app.js';

type Resources = Record<string, { Type: string; Properties: Record<string, unknown> }>;

let built: NaseejApp & { cleanup: () => void };
let template: Template;
let resources: Resources;

/** The one resource of a type, or a failure naming the type. */
const only = (type: string) => {
  const found = Object.entries(resources).filter(([, resource]) => resource.Type === type);
  expect(found.map(([id]) => id)).toHaveLength(1);
  return found[0] as [string, Resources[string]];
};

beforeAll(() => {
  // Prepare, Act: the prod app, as `cdk synth -c stage=prod` builds it (cdk-nag runs in cdk-nag.test.ts).
  built = buildAppForTest('prod', { builtinValidation: false });
  // The whole deployment: the API (its authorizer) is in a nested stack of its own.
  const deployment = deploymentTemplate(built.stack);
  template = Template.fromJSON(deployment, { skipCyclicalDependenciesCheck: true });
  resources = deployment.Resources as Resources;
}, SYNTH_TIMEOUT_MS);

afterAll(() => built.cleanup());

describe('the staff user pool', () => {
  it('lets only administrators create accounts, with email as the user name', () => {
    const [, pool] = only('AWS::Cognito::UserPool');
    expect(pool.Properties).toMatchObject({
      UserPoolName: 'naseej-staff',
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      UsernameAttributes: ['email'],
      UsernameConfiguration: { CaseSensitive: false },
      AccountRecoverySetting: { RecoveryMechanisms: [{ Name: 'verified_email', Priority: 1 }] },
      DeletionProtection: 'ACTIVE',
      VerificationMessageTemplate: {
        DefaultEmailOption: 'CONFIRM_WITH_CODE',
        EmailMessage: 'Votre code Naseej : {####}<br>رمزك في نسيج: {####}',
        EmailSubject: 'Naseej : votre code / نسيج: رمزك',
        SmsMessage: 'The verification code to your new account is {####}',
      },
    });
  });

  it('requires a strong password and TOTP of everyone, and enforces threat protection (Plus plan)', () => {
    const [, pool] = only('AWS::Cognito::UserPool');
    expect({
      Policies: pool.Properties.Policies,
      MfaConfiguration: pool.Properties.MfaConfiguration,
      EnabledMfas: pool.Properties.EnabledMfas,
      UserPoolTier: pool.Properties.UserPoolTier,
      UserPoolAddOns: pool.Properties.UserPoolAddOns,
    }).toEqual({
      Policies: {
        PasswordPolicy: {
          MinimumLength: 14,
          PasswordHistorySize: 12,
          RequireLowercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
          RequireUppercase: true,
          TemporaryPasswordValidityDays: 3,
        },
      },
      MfaConfiguration: 'ON',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
      UserPoolTier: 'PLUS',
      UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
    });
  });

  it('declares the custom attributes of regions and partner scope', () => {
    const [, pool] = only('AWS::Cognito::UserPool');
    expect(pool.Properties.Schema).toEqual([
      {
        AttributeDataType: 'String',
        Mutable: true,
        Name: 'regions',
        StringAttributeConstraints: { MaxLength: '64', MinLength: '0' },
      },
      {
        AttributeDataType: 'String',
        Mutable: true,
        Name: 'association',
        StringAttributeConstraints: { MaxLength: '128', MinLength: '0' },
      },
      {
        AttributeDataType: 'String',
        Mutable: true,
        Name: 'rollout',
        StringAttributeConstraints: { MaxLength: '128', MinLength: '0' },
      },
    ]);
  });

  it('runs the pre token generation trigger, event version 2, invoked by this pool only', () => {
    // Prepare
    const [poolId, pool] = only('AWS::Cognito::UserPool');
    const triggerId = Object.entries(resources).find(
      ([, resource]) =>
        resource.Type === 'AWS::Lambda::Function' &&
        String(resource.Properties.Description).startsWith('Naseej user pool trigger'),
    )?.[0];

    // Assess
    expect(triggerId).toBeDefined();
    expect(pool.Properties.LambdaConfig).toEqual({
      PreTokenGenerationConfig: { LambdaArn: { 'Fn::GetAtt': [triggerId, 'Arn'] }, LambdaVersion: 'V2_0' },
    });
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      FunctionName: { 'Fn::GetAtt': [triggerId, 'Arn'] },
      Principal: 'cognito-idp.amazonaws.com',
      SourceArn: { 'Fn::GetAtt': [poolId, 'Arn'] },
    });
    // It keeps each person's recipient entry in the event store table (docs/adr/0033).
    const [tableId] = only('AWS::DynamoDB::Table');
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description:
        "Naseej user pool trigger: writes the API's claims into the access token, keeps the person's recipient entry",
      Timeout: 5,
      Runtime: 'nodejs24.x',
      Environment: { Variables: Match.objectLike({ NASEEJ_TABLE_NAME: { Ref: tableId } }) },
    });
  });

  it('has one group per kind of staff account', () => {
    const groups = Object.values(resources)
      .filter((resource) => resource.Type === 'AWS::Cognito::UserPoolGroup')
      .map((resource) => resource.Properties.GroupName);
    expect(groups).toEqual([
      'ministry',
      'regional-coordinator',
      'committee-member',
      'implementing-partner',
      'finance-preparer',
      'finance-approver',
      'finance-payer',
      'reader',
      'wali',
      'regional-council',
    ]);
  });

  it('gives the workspace a public client: code flow on the managed login pages, no secret, no SDK sign-in', () => {
    const [, client] = only('AWS::Cognito::UserPoolClient');
    expect(client.Properties).toEqual({
      UserPoolId: { Ref: only('AWS::Cognito::UserPool')[0] },
      ClientName: 'naseej-workspace',
      GenerateSecret: false,
      ExplicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH'],
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthScopes: ['openid', 'email', 'profile'],
      CallbackURLs: ['https://naseej.example.ma/workspace/'],
      LogoutURLs: ['https://naseej.example.ma/workspace/'],
      SupportedIdentityProviders: ['COGNITO'],
      PreventUserExistenceErrors: 'ENABLED',
      EnableTokenRevocation: true,
      AccessTokenValidity: 60,
      IdTokenValidity: 60,
      RefreshTokenValidity: 600,
      TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'minutes', RefreshToken: 'minutes' },
      ReadAttributes: [
        'custom:association',
        'custom:regions',
        'custom:rollout',
        'email',
        'email_verified',
        'locale',
      ],
      WriteAttributes: ['locale'],
    });
  });

  it('keeps every token within the 24 hours the API accepts', () => {
    const [, client] = only('AWS::Cognito::UserPoolClient');
    const minutes = [client.Properties.AccessTokenValidity, client.Properties.IdTokenValidity] as number[];
    expect(Math.max(...minutes)).toBeLessThanOrEqual(24 * 60);
  });

  it("serves the managed login pages on a Cognito domain, in Cognito's style", () => {
    const [poolId] = only('AWS::Cognito::UserPool');
    const [clientId] = only('AWS::Cognito::UserPoolClient');
    expect(only('AWS::Cognito::UserPoolDomain')[1].Properties).toEqual({
      Domain: { 'Fn::Join': ['', ['naseej-', { Ref: 'AWS::AccountId' }]] },
      ManagedLoginVersion: 2,
      UserPoolId: { Ref: poolId },
    });
    expect(only('AWS::Cognito::ManagedLoginBranding')[1].Properties).toEqual({
      ClientId: { Ref: clientId },
      UseCognitoProvidedValues: true,
      UserPoolId: { Ref: poolId },
    });
  });
});

describe("the API's JWT authorizer", () => {
  it("accepts the pool's tokens issued to the workspace's client", () => {
    const [poolId] = only('AWS::Cognito::UserPool');
    const [clientId] = only('AWS::Cognito::UserPoolClient');
    expect(only('AWS::ApiGatewayV2::Authorizer')[1].Properties.JwtConfiguration).toEqual({
      Audience: [{ Ref: clientId }],
      Issuer: {
        'Fn::Join': [
          '',
          ['https://cognito-idp.', { Ref: 'AWS::Region' }, '.amazonaws.com/', { Ref: poolId }],
        ],
      },
    });
  });

  it('lets the site send commands: POST and PUT with the idempotency and concurrency headers', () => {
    expect(only('AWS::ApiGatewayV2::Api')[1].Properties.CorsConfiguration).toEqual({
      AllowHeaders: ['authorization', 'content-type', 'idempotency-key', 'if-match', 'x-correlation-id'],
      AllowMethods: ['GET', 'POST', 'PUT'],
      AllowOrigins: ['https://naseej.example.ma'],
      ExposeHeaders: ['etag', 'retry-after', 'x-correlation-id'],
      MaxAge: 3600,
    });
  });

  it('takes no issuer or audience from parameters any more', () => {
    const parameters = [built.stack, ...nestedStacksOf(built.stack)].flatMap((stack) =>
      Object.keys(Template.fromStack(stack).toJSON().Parameters ?? {}),
    );
    expect(parameters.length).toBeGreaterThan(0);
    expect(parameters.filter((name) => name.startsWith('Jwt'))).toEqual([]);
  });
});

describe("the workspace's deployment", () => {
  it('uploads the dashboard, its config, the workspace and its config in one deployment', () => {
    const [, deployment] = only('Custom::CDKBucketDeployment');
    expect((deployment.Properties.SourceObjectKeys as string[]).length).toBe(4);
    expect(deployment.Properties).toMatchObject({ Prune: true, DistributionId: expect.anything() });
  });

  it('serves a folder path from its index.html, as the local runtime serves /workspace/', () => {
    // Prepare: the function's code as CloudFront runs it, and the distribution's association.
    const handler = runInNewContext(`${DIRECTORY_INDEX_CODE}; handler`) as (event: unknown) => {
      uri: string;
    };
    const uriOf = (uri: string) => handler({ request: { uri, headers: {} } }).uri;
    const [functionId, fn] = only('AWS::CloudFront::Function');
    const behaviour = (
      only('AWS::CloudFront::Distribution')[1].Properties.DistributionConfig as {
        DefaultCacheBehavior: { FunctionAssociations: unknown };
      }
    ).DefaultCacheBehavior;

    // Assess
    expect([
      uriOf('/workspace/'),
      uriOf('/'),
      uriOf('/workspace/assets/app.js'),
      uriOf('/config.json'),
    ]).toEqual(['/workspace/index.html', '/index.html', '/workspace/assets/app.js', '/config.json']);
    expect(fn.Properties.FunctionCode).toBe(DIRECTORY_INDEX_CODE);
    expect(behaviour.FunctionAssociations).toEqual([
      { EventType: 'viewer-request', FunctionARN: { 'Fn::GetAtt': [functionId, 'FunctionARN'] } },
    ]);
  });

  it("names the API and the user pool in the workspace's config", () => {
    // Act
    const config = workspaceConfig('https://api.example.ma', {
      region: 'eu-west-3',
      userPoolId: 'eu-west-3_Test12345',
      clientId: '5example0client0id0abc1234',
      authDomain: 'https://naseej-123456789012.auth.eu-west-3.amazoncognito.com',
      redirectUri: 'https://naseej.example.ma/workspace/',
      logoutUri: 'https://naseej.example.ma/workspace/',
      scopes: ['openid', 'email', 'profile'],
    });

    // Assess
    expect(config).toEqual({
      apiUrl: 'https://api.example.ma',
      signInUrl: 'https://naseej-123456789012.auth.eu-west-3.amazoncognito.com/oauth2/authorize',
      cognito: {
        region: 'eu-west-3',
        userPoolId: 'eu-west-3_Test12345',
        clientId: '5example0client0id0abc1234',
        domain: 'https://naseej-123456789012.auth.eu-west-3.amazoncognito.com',
        authorizeUrl: 'https://naseej-123456789012.auth.eu-west-3.amazoncognito.com/oauth2/authorize',
        tokenUrl: 'https://naseej-123456789012.auth.eu-west-3.amazoncognito.com/oauth2/token',
        logoutUrl: 'https://naseej-123456789012.auth.eu-west-3.amazoncognito.com/logout',
        redirectUri: 'https://naseej.example.ma/workspace/',
        logoutUri: 'https://naseej.example.ma/workspace/',
        scopes: ['openid', 'email', 'profile'],
      },
    });
  });

  it(
    'builds the workspace on this machine (no Docker) into workspace/, without the local config',
    () => {
      // Prepare: bundling on, as `npm run synth` runs it.
      const outdir = mkdtempSync(join(tmpdir(), 'naseej-cdk-workspace-'));
      try {
        const app = new App({ context: cdkJsonContext(), outdir, builtinCloudFormationValidation: false });
        const stack = new Stack(app, 'Site');
        const site = new DashboardSite(stack, 'Dashboard', {
          removalPolicy: RemovalPolicy.DESTROY,
          logRetentionDays: 7,
        });

        // Act
        site.deploy('https://api.example.ma', {
          region: 'eu-west-3',
          userPoolId: 'eu-west-3_Test12345',
          clientId: 'client',
          authDomain: 'https://naseej.auth.eu-west-3.amazoncognito.com',
          redirectUri: 'https://site.example.ma/workspace/',
          logoutUri: 'https://site.example.ma/workspace/',
          scopes: ['openid'],
        });
        app.synth();

        // Assess: one staged asset holds workspace/index.html, and no workspace/config.json (the
        // deployment's own config.json is another asset).
        const staged = readdirSync(outdir)
          .filter((name) => name.startsWith('asset.'))
          .map((name) => join(outdir, name))
          .filter((folder) => existsSync(join(folder, 'workspace', 'index.html')));
        expect(staged).toHaveLength(1);
        const folder = staged[0] as string;
        expect(readFileSync(join(folder, 'workspace', 'index.html'), 'utf8')).toContain('<html');
        expect(existsSync(join(folder, 'workspace', 'config.json'))).toBe(false);
      } finally {
        rmSync(outdir, { recursive: true, force: true });
      }
    },
    SYNTH_TIMEOUT_MS,
  );
});

describe('a dev user pool', () => {
  it('can be deleted with its stack, and sends the workspace of the default CloudFront name back', () => {
    // Prepare
    const test = constructTestApp();
    try {
      const stack = new Stack(test.app, 'Users');

      // Act
      new NaseejUserPool(stack, 'Users', {
        namePrefix: 'naseej-dev',
        defaults: { logRetention: RetentionDays.ONE_WEEK, removalPolicy: RemovalPolicy.DESTROY },
        removalPolicy: RemovalPolicy.DESTROY,
        deletionProtection: false,
        siteOrigin: 'https://d111111abcdef8.cloudfront.net',
      });
      const template = Template.fromStack(stack).toJSON() as { Resources: Resources };
      const of = (type: string) =>
        Object.values(template.Resources).filter(
          (resource) => resource.Type === type,
        ) as (Resources[string] & {
          DeletionPolicy?: string;
        })[];

      // Assess
      expect(
        of('AWS::Cognito::UserPool').map((pool) => [
          pool.Properties.UserPoolName,
          pool.Properties.DeletionProtection,
          pool.DeletionPolicy,
        ]),
      ).toEqual([['naseej-dev-staff', 'INACTIVE', 'Delete']]);
      expect(of('AWS::Cognito::UserPoolClient').map((client) => client.Properties.CallbackURLs)).toEqual([
        ['https://d111111abcdef8.cloudfront.net/workspace/'],
      ]);
      expect(of('AWS::Cognito::UserPoolDomain').map((domain) => domain.Properties.Domain)).toEqual([
        { 'Fn::Join': ['', ['naseej-dev-', { Ref: 'AWS::AccountId' }]] },
      ]);
    } finally {
      test.cleanup();
    }
  });
});
