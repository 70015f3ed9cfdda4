import { Arn, ArnFormat, Stack } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import {
  PARTNER_SECRETS_PREFIX_VARIABLE,
  SUBSCRIPTION_SECRETS_PREFIX_VARIABLE,
} from '../../functions/handlers/environment.js';
import { acknowledgeWildcard, type NaseejFunction } from './naseej-function.js';

/** The two families of signing secrets: partners' inbound ones and subscriptions' outbound ones. */
export type SigningSecretKind = 'partners' | 'subscriptions';

export interface PartnerSecretsProps {
  /** The deployment's name prefix (`naseej`, `naseej-dev`): secrets are `<namePrefix>/<kind>/<id>`. */
  readonly namePrefix: string;
}

const VARIABLES: Readonly<Record<SigningSecretKind, string>> = {
  partners: PARTNER_SECRETS_PREFIX_VARIABLE,
  subscriptions: SUBSCRIPTION_SECRETS_PREFIX_VARIABLE,
};

/**
 * Where partner signing secrets live in Secrets Manager, and who may touch them. The template
 * declares no secret and holds no secret value: the secrets are data, created at run time by the
 * partner administration (`POST /partners/{id}/webhook-secrets`, `PUT …/subscriptions/{id}`),
 * one per partner (`<namePrefix>/partners/<partnerId>`) and one per subscription
 * (`<namePrefix>/subscriptions/<subscriptionId>`). Each grant names its prefix, never `*` alone.
 */
export class PartnerSecrets extends Construct {
  /** The name prefix of each kind, e.g. `naseej/partners/`. */
  readonly prefixes: Readonly<Record<SigningSecretKind, string>>;

  constructor(scope: Construct, id: string, props: PartnerSecretsProps) {
    super(scope, id);
    this.prefixes = {
      partners: `${props.namePrefix}/partners/`,
      subscriptions: `${props.namePrefix}/subscriptions/`,
    };
  }

  /** Lets `fn` read the secrets of `kind` (and tells it their prefix). */
  grantRead(fn: NaseejFunction, kind: SigningSecretKind): void {
    this.#grant(fn, [kind], ['secretsmanager:GetSecretValue']);
  }

  /** Lets `fn` read, create and rotate the secrets of every kind: the partner administration only. */
  grantAdministration(fn: NaseejFunction): void {
    this.#grant(
      fn,
      ['partners', 'subscriptions'],
      ['secretsmanager:GetSecretValue', 'secretsmanager:PutSecretValue', 'secretsmanager:CreateSecret'],
    );
  }

  /** The ARN pattern of the secrets of `kind` (Secrets Manager appends `-XXXXXX` to each name). */
  arnPattern(kind: SigningSecretKind): string {
    return Arn.format(
      {
        service: 'secretsmanager',
        resource: 'secret',
        resourceName: `${this.prefixes[kind]}*`,
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      },
      Stack.of(this),
    );
  }

  #grant(fn: NaseejFunction, kinds: readonly SigningSecretKind[], actions: string[]): void {
    for (const kind of kinds) fn.addEnvironment(VARIABLES[kind], this.prefixes[kind]);
    fn.addToRolePolicy(
      new PolicyStatement({ actions, resources: kinds.map((kind) => this.arnPattern(kind)) }),
    );
    for (const kind of kinds) {
      acknowledgeWildcard(
        fn.role ?? fn,
        `Resource::arn:<AWS::Partition>:secretsmanager:<AWS::Region>:<AWS::AccountId>:secret:${this.prefixes[kind]}*`,
        'Partner signing secrets are data (one per partner or subscription, added and rotated at run ' +
          'time), so their names cannot be listed in the template: access is limited to the secrets ' +
          `under this deployment's prefix ${this.prefixes[kind]}.`,
      );
    }
  }
}
