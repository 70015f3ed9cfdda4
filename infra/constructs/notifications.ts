import { Duration, Stack } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import {
  ConfigurationSet,
  ConfigurationSetTlsPolicy,
  EmailIdentity,
  Identity,
  SuppressionReasons,
} from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';
import {
  MAIL_CONFIGURATION_SET_VARIABLE,
  MAIL_FROM_VARIABLE,
  TABLE_NAME_VARIABLE,
} from '../../functions/handlers/environment.js';
import { type FunctionDefaults, NaseejFunction } from './naseej-function.js';

export interface NotificationsProps {
  readonly table: ITable;
  readonly defaults: FunctionDefaults;
  /** The domain notification e-mails are sent from (an SES domain identity: DKIM records to publish). */
  readonly mailDomain: string;
  /** The configuration set's name (`<prefix>-notifications`). */
  readonly configurationSetName: string;
}

/**
 * Notifications on AWS (docs/adr/0103-notifications.md, docs/adr/0105-ses-sending.md): the SES
 * domain identity and configuration set the e-mails go out with, and the consumer function the
 * bus rule's queue feeds (built by BusRules from the shared rule set). The function may send
 * only from that identity with that configuration set, and write only its records of the table.
 */
export class Notifications extends Construct {
  readonly identity: EmailIdentity;
  readonly configurationSet: ConfigurationSet;
  readonly consumer: NaseejFunction;

  constructor(scope: Construct, id: string, props: NotificationsProps) {
    super(scope, id);
    this.configurationSet = new ConfigurationSet(this, 'ConfigurationSet', {
      configurationSetName: props.configurationSetName,
      // Bounces and complaints put the address on the account's suppression list: never mailed again.
      suppressionReasons: SuppressionReasons.BOUNCES_AND_COMPLAINTS,
      tlsPolicy: ConfigurationSetTlsPolicy.REQUIRE,
      reputationMetrics: true,
      sendingEnabled: true,
    });
    this.identity = new EmailIdentity(this, 'Identity', {
      identity: Identity.domain(props.mailDomain),
      configurationSet: this.configurationSet,
    });

    this.consumer = new NaseejFunction(this, 'Consumer', {
      entry: 'functions/handlers/notifications.ts',
      description:
        'Naseej bus target notifications: tells each recipient once, in the workspace and by e-mail (SES)',
      defaults: props.defaults,
      timeout: Duration.seconds(30),
      environment: {
        [TABLE_NAME_VARIABLE]: props.table.tableName,
        [MAIL_FROM_VARIABLE]: `Naseej <notifications@${props.mailDomain}>`,
        [MAIL_CONFIGURATION_SET_VARIABLE]: this.configurationSet.configurationSetName,
      },
    });
    this.consumer.grantEventStore(props.table, {
      PutItem: ['notification', 'inbox'],
      UpdateItem: ['notification'],
      DeleteItem: ['notification'],
    });
    // SendEmail (API v2) is authorized on the identity it sends from and on the configuration set
    // it names; nothing else (no SendRawEmail, no other identity).
    const stack = Stack.of(this);
    this.consumer.addToRolePolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ['ses:SendEmail'],
        resources: [
          this.identity.emailIdentityArn,
          stack.formatArn({
            service: 'ses',
            resource: 'configuration-set',
            resourceName: this.configurationSet.configurationSetName,
          }),
        ],
      }),
    );
  }
}
