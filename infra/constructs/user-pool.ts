import { Aws, Duration, type RemovalPolicy, Stack } from 'aws-cdk-lib';
import {
  AccountRecovery,
  CfnManagedLoginBranding,
  ClientAttributes,
  FeaturePlan,
  LambdaVersion,
  ManagedLoginVersion,
  Mfa,
  OAuthScope,
  StandardThreatProtectionMode,
  StringAttribute,
  UserPool,
  type UserPoolClient,
  UserPoolClientIdentityProvider,
  type UserPoolDomain,
  UserPoolEmail,
  UserPoolOperation,
  VerificationEmailStyle,
} from 'aws-cdk-lib/aws-cognito';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import {
  COGNITO_GROUPS,
  type CognitoGroup,
  CUSTOM_ATTRIBUTES,
  GROUP_DESCRIPTIONS,
} from '../../functions/adapters/http/cognito-claims.js';
import { TABLE_NAME_VARIABLE } from '../../functions/handlers/environment.js';
import { type FunctionDefaults, NaseejFunction } from './naseej-function.js';

/**
 * How long each token lives. The API refuses a token valid for more than 24 hours
 * (functions/adapters/http/claims.ts, TOKEN_LIMITS); an access token lives one hour, so an account disabled
 * and signed out globally loses the API within the hour; the refresh token covers a working day.
 */
export const TOKEN_VALIDITY = {
  access: Duration.hours(1),
  id: Duration.hours(1),
  refresh: Duration.hours(10),
} as const;

/** Where the workspace is served (under the dashboard site) and where Cognito sends the user back. */
export const WORKSPACE_PATH = '/workspace/';

export interface NaseejUserPoolProps {
  /** Names the pool and the managed login domain prefix (`<prefix>-<account>`). */
  readonly namePrefix: string;
  readonly defaults: FunctionDefaults;
  readonly removalPolicy: RemovalPolicy;
  readonly deletionProtection: boolean;
  /** The site's origin (`https://…`): the workspace is the app client's only redirect target. */
  readonly siteOrigin: string;
  /**
   * The event store table, where the trigger keeps each person's recipient entry and verified
   * address at every token it issues (docs/adr/0033-recipients-from-sign-in.md); none: it keeps none.
   */
  readonly table?: ITable;
}

/** What the workspace needs to know at runtime to sign a user in (its config.json). */
export interface WorkspaceSignIn {
  readonly region: string;
  readonly userPoolId: string;
  readonly clientId: string;
  /** The managed login domain (`https://<prefix>.auth.<region>.amazoncognito.com`). */
  readonly authDomain: string;
  readonly redirectUri: string;
  readonly logoutUri: string;
  readonly scopes: readonly string[];
}

/**
 * The staff user pool (docs/adr/0073-workspace-sign-in.md): accounts created by administrators only
 * (self sign-up off), email as the user name, a strong password policy, TOTP MFA required of
 * everyone, threat protection enforced (Plus feature plan), one group per kind of staff account
 * (functions/adapters/http/cognito-claims.ts), custom attributes for a coordinator's regions and a partner's
 * association and rollout that only administrators can write, a pre token generation trigger (V2_0)
 * writing the API's claims into the access token, and the workspace's app client: authorization
 * code with PKCE, no secret, managed login on a Cognito domain.
 */
export class NaseejUserPool extends Construct {
  readonly userPool: UserPool;
  readonly client: UserPoolClient;
  readonly domain: UserPoolDomain;
  readonly preTokenGeneration: NaseejFunction;
  readonly redirectUri: string;
  readonly logoutUri: string;

  constructor(scope: Construct, id: string, props: NaseejUserPoolProps) {
    super(scope, id);
    this.redirectUri = `${props.siteOrigin}${WORKSPACE_PATH}`;
    this.logoutUri = this.redirectUri;

    this.userPool = new UserPool(this, 'Pool', {
      userPoolName: `${props.namePrefix}-staff`,
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      userInvitation: {
        emailSubject: 'Naseej : votre compte / نسيج: حسابك',
        emailBody:
          'Bonjour, votre compte Naseej est créé. Identifiant : {username} ; mot de passe provisoire : {####} ' +
          '(à changer à la première connexion, avec une application d’authentification).<br>' +
          'مرحبا، تم إنشاء حسابك في نسيج. اسم المستخدم: {username} ؛ كلمة المرور المؤقتة: {####}',
      },
      // The code of a forgotten password (accounts are created verified: no sign-up code is sent).
      userVerification: {
        emailSubject: 'Naseej : votre code / نسيج: رمزك',
        emailBody: 'Votre code Naseej : {####}<br>رمزك في نسيج: {####}',
        emailStyle: VerificationEmailStyle.CODE,
      },
      passwordPolicy: {
        minLength: 14,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        passwordHistorySize: 12,
        tempPasswordValidity: Duration.days(3),
      },
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      featurePlan: FeaturePlan.PLUS,
      standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
      customAttributes: {
        [CUSTOM_ATTRIBUTES.regions]: new StringAttribute({ minLen: 0, maxLen: 64, mutable: true }),
        [CUSTOM_ATTRIBUTES.association]: new StringAttribute({ minLen: 0, maxLen: 128, mutable: true }),
        [CUSTOM_ATTRIBUTES.rollout]: new StringAttribute({ minLen: 0, maxLen: 128, mutable: true }),
      },
      email: UserPoolEmail.withCognito(),
      deletionProtection: props.deletionProtection,
      removalPolicy: props.removalPolicy,
    });

    COGNITO_GROUPS.forEach((group: CognitoGroup) => {
      this.userPool.addGroup(pascal(group), { groupName: group, description: GROUP_DESCRIPTIONS[group] });
    });

    this.preTokenGeneration = new NaseejFunction(this, 'PreTokenGeneration', {
      entry: 'functions/handlers/pre-token-generation.ts',
      description:
        "Naseej user pool trigger: writes the API's claims into the access token, keeps the person's recipient entry",
      defaults: props.defaults,
      // Cognito waits five seconds for a trigger.
      timeout: Duration.seconds(5),
      memorySize: 256,
      ...(props.table === undefined ? {} : { environment: { [TABLE_NAME_VARIABLE]: props.table.tableName } }),
    });
    if (props.table !== undefined) {
      // The directory entry, its memberships (put, and removed when lost) and the address in the vault.
      this.preTokenGeneration.grantEventStore(props.table, {
        PutItem: ['recipient', 'recipientMembership', 'person'],
        DeleteItem: ['recipientMembership'],
      });
    }
    this.userPool.addTrigger(
      UserPoolOperation.PRE_TOKEN_GENERATION_CONFIG,
      this.preTokenGeneration,
      LambdaVersion.V2_0,
    );

    const scopes = [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE];
    this.client = this.userPool.addClient('Workspace', {
      userPoolClientName: `${props.namePrefix}-workspace`,
      generateSecret: false,
      // Sign-in happens on the managed login pages only: no SDK flow (password, SRP, custom) is
      // open to the browser; refreshing tokens is.
      authFlows: {
        userPassword: false,
        adminUserPassword: false,
        custom: false,
        userSrp: false,
        user: false,
      },
      oAuth: {
        flows: { authorizationCodeGrant: true, implicitCodeGrant: false, clientCredentials: false },
        scopes,
        callbackUrls: [this.redirectUri],
        logoutUrls: [this.logoutUri],
      },
      supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: TOKEN_VALIDITY.access,
      idTokenValidity: TOKEN_VALIDITY.id,
      refreshTokenValidity: TOKEN_VALIDITY.refresh,
      readAttributes: new ClientAttributes()
        .withStandardAttributes({ email: true, emailVerified: true, locale: true })
        .withCustomAttributes(...Object.values(CUSTOM_ATTRIBUTES)),
      // Only the language: roles, regions and partner scope are written by administrators alone.
      writeAttributes: new ClientAttributes().withStandardAttributes({ locale: true }),
    });

    this.domain = this.userPool.addDomain('Domain', {
      cognitoDomain: { domainPrefix: `${props.namePrefix}-${Aws.ACCOUNT_ID}` },
      managedLoginVersion: ManagedLoginVersion.NEWER_MANAGED_LOGIN,
    });
    // The managed login pages of a client need a style: Cognito's own.
    new CfnManagedLoginBranding(this, 'Branding', {
      userPoolId: this.userPool.userPoolId,
      clientId: this.client.userPoolClientId,
      useCognitoProvidedValues: true,
    });
  }

  /**
   * The issuer of the pool's tokens (their `iss`), which the JWT authorizer fetches the keys from
   * (`<issuer>/.well-known/openid-configuration`). Spelled out: the pool's ProviderURL attribute
   * lacks the scheme.
   */
  get issuer(): string {
    return `https://cognito-idp.${Stack.of(this).region}.amazonaws.com/${this.userPool.userPoolId}`;
  }

  /** The workspace's sign-in settings, for its config.json. */
  get workspaceSignIn(): WorkspaceSignIn {
    return {
      region: Stack.of(this).region,
      userPoolId: this.userPool.userPoolId,
      clientId: this.client.userPoolClientId,
      authDomain: this.domain.baseUrl(),
      redirectUri: this.redirectUri,
      logoutUri: this.logoutUri,
      scopes: ['openid', 'email', 'profile'],
    };
  }
}

const pascal = (name: string): string =>
  name
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
