import { CfnOutput, CfnParameter, NestedStack, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import {
  NOTIFICATIONS_TARGET,
  PROJECTIONS_TARGET,
  WEBHOOK_DISPATCHER_TARGET,
  WORKFLOW_CALLBACK_TARGET,
} from '../../functions/application/bus/rules.js';
import {
  DOCUMENTS_BUCKET_VARIABLE,
  EVENT_BUS_NAME_VARIABLE,
  TABLE_NAME_VARIABLE,
} from '../../functions/handlers/environment.js';
import { BusRules } from '../constructs/bus-rules.js';
import { DashboardSite } from '../constructs/dashboard-site.js';
import { DocumentsBucket } from '../constructs/documents-bucket.js';
import { NaseejEventBus } from '../constructs/event-bus.js';
import { EventStorePipe } from '../constructs/event-store-pipe.js';
import { EventStoreTable } from '../constructs/event-store-table.js';
import { NaseejHttpApi } from '../constructs/http-api.js';
import { type FunctionDefaults, NaseejFunction } from '../constructs/naseej-function.js';
import { Notifications } from '../constructs/notifications.js';
import { Operations } from '../constructs/operations.js';
import { PartnerSecrets } from '../constructs/partner-secrets.js';
import { NaseejUserPool } from '../constructs/user-pool.js';
import { WebhookDeliveries } from '../constructs/webhook-deliveries.js';
import { NaseejWorkflows } from '../constructs/workflows.js';
import type { DashboardDomain, StageSettings } from '../stage.js';

export interface NaseejStackProps extends StackProps {
  readonly settings: StageSettings;
  /** Where alarms are mailed (an email subscription of the alarm topic); none when absent. */
  readonly alarmEmail?: string;
  /** The dashboard's own domain and certificate (TLS 1.2 or later); required in prod. */
  readonly dashboardDomain?: DashboardDomain;
}

/**
 * One Naseej deployment: the event store, the pipe that publishes it on the bus (split into domain
 * events), the rules of the shared rule set and their consumers (read models, partner webhooks,
 * workflow callbacks), the staff user pool whose access tokens the HTTP API (from the route table)
 * accepts, the state machines, alarms (to a topic) and a dashboard, and the static site serving
 * the dashboard and the staff workspace. Partner secrets are in Secrets Manager, never
 * in the template.
 */
export class NaseejStack extends Stack {
  readonly eventStore: EventStoreTable;
  readonly eventBus: NaseejEventBus;
  readonly publisher: EventStorePipe;
  readonly commitSplitter: NaseejFunction;
  readonly projections: NaseejFunction;
  readonly partnerSecrets: PartnerSecrets;
  readonly webhooks: WebhookDeliveries;
  readonly workflows: NaseejWorkflows;
  readonly notifications: Notifications;
  readonly busRules: BusRules;
  readonly httpApi: NaseejHttpApi;
  readonly documents: DocumentsBucket;
  readonly site: DashboardSite;
  readonly users: NaseejUserPool;
  readonly operations: Operations;
  /** The nested stack of the HTTP API and its route functions. */
  readonly apiStack: NestedStack;
  /** The nested stack of the alarms (the topic they notify stays in this stack). */
  readonly alarmsStack: NestedStack;

  constructor(scope: Construct, id: string, props: NaseejStackProps) {
    const { settings, alarmEmail, dashboardDomain, ...stackProps } = props;
    super(scope, id, {
      description: `Naseej (${settings.stage}): event store, bus, API, workflows and dashboard`,
      terminationProtection: settings.terminationProtection,
      ...stackProps,
    });
    const prefix = settings.stage === 'prod' ? 'naseej' : `naseej-${settings.stage}`;
    const defaults: FunctionDefaults = {
      logRetention: settings.logRetention,
      removalPolicy: settings.removalPolicy,
      logLevel: settings.stage === 'prod' ? 'INFO' : 'DEBUG',
    };

    const mailDomain = new CfnParameter(this, 'MailDomain', {
      type: 'String',
      description:
        'The domain notification e-mails are sent from (an SES domain identity: publish its DKIM records, and request production access for the sending quota)',
      allowedPattern: '^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$',
      default: 'naseej.example.org',
    });

    this.eventStore = new EventStoreTable(this, 'EventStore', {
      removalPolicy: settings.removalPolicy,
      deletionProtection: settings.deletionProtection,
    });
    const table = this.eventStore.table;
    this.eventBus = new NaseejEventBus(this, 'EventBus', {
      busName: prefix,
      archiveRetention: settings.archiveRetention,
      removalPolicy: settings.removalPolicy,
    });

    this.commitSplitter = new NaseejFunction(this, 'CommitSplitter', {
      entry: 'functions/handlers/commit-splitter.ts',
      description: 'Naseej pipe target: publishes each commit on the bus, one event per domain event',
      defaults,
      environment: { [EVENT_BUS_NAME_VARIABLE]: this.eventBus.bus.eventBusName },
    });
    this.publisher = new EventStorePipe(this, 'Publisher', {
      eventStore: this.eventStore,
      bus: this.eventBus.bus,
      deadLetterQueue: this.eventBus.deadLetterQueue,
      logRetention: settings.logRetention,
      removalPolicy: settings.removalPolicy,
      commitSplitter: this.commitSplitter,
    });

    this.projections = new NaseejFunction(this, 'Projections', {
      entry: 'functions/handlers/projections.ts',
      description: 'Naseej bus target projections: updates the read models',
      defaults,
      environment: { [TABLE_NAME_VARIABLE]: table.tableName },
    });
    this.projections.grantEventStore(table, { PutItem: ['view'] });

    this.partnerSecrets = new PartnerSecrets(this, 'PartnerSecrets', { namePrefix: prefix });
    this.webhooks = new WebhookDeliveries(this, 'Webhooks', {
      table,
      defaults,
      removalPolicy: settings.removalPolicy,
      secrets: this.partnerSecrets,
    });
    this.workflows = new NaseejWorkflows(this, 'Workflows', { table, defaults, namePrefix: prefix });

    this.notifications = new Notifications(this, 'Notifications', {
      table,
      defaults,
      mailDomain: mailDomain.valueAsString,
      configurationSetName: `${prefix}-notifications`,
    });

    this.busRules = new BusRules(this, 'Rules', {
      bus: this.eventBus.bus,
      removalPolicy: settings.removalPolicy,
      targets: {
        [PROJECTIONS_TARGET]: { function: this.projections },
        [WEBHOOK_DISPATCHER_TARGET]: { queue: this.webhooks.queue },
        [WORKFLOW_CALLBACK_TARGET]: { function: this.workflows.callbackConsumer },
        [NOTIFICATIONS_TARGET]: { function: this.notifications.consumer },
      },
    });

    this.site = new DashboardSite(this, 'Dashboard', {
      removalPolicy: settings.removalPolicy,
      logRetentionDays: settings.stage === 'prod' ? 365 : 7,
      ...(dashboardDomain === undefined ? {} : { domain: dashboardDomain }),
    });
    this.users = new NaseejUserPool(this, 'Users', {
      namePrefix: prefix,
      defaults,
      removalPolicy: settings.removalPolicy,
      deletionProtection: settings.deletionProtection,
      siteOrigin: this.site.origin,
      table,
    });
    // The API takes the user pool's access tokens, issued to the workspace's client (client_id).
    // It lives in a nested stack of its own, as do the alarms: one template could not hold them all
    // (docs/adr/0032-stacks-within-limits.md).
    this.apiStack = new NestedStack(this, 'Api', {
      description: `Naseej (${settings.stage}): the HTTP API and its route functions`,
    });
    this.httpApi = new NaseejHttpApi(this.apiStack, 'Http', {
      table,
      defaults,
      jwtIssuer: this.users.issuer,
      jwtAudience: [this.users.client.userPoolClientId],
      dashboardOrigin: this.site.origin,
    });
    this.site.deploy(this.httpApi.api.apiEndpoint, this.users.workspaceSignIn);
    // Inbound webhooks read partners' secrets; the partner administration creates and rotates both kinds.
    const { webhooks: inboundWebhooks, partners: partnerAdministration } = this.httpApi.functions;
    if (inboundWebhooks !== undefined) this.partnerSecrets.grantRead(inboundWebhooks, 'partners');
    if (partnerAdministration !== undefined) this.partnerSecrets.grantAdministration(partnerAdministration);
    // Attached files (docs/adr/0100-documents.md): the attachments function alone reaches the bucket.
    this.documents = new DocumentsBucket(this, 'Documents', {
      removalPolicy: settings.removalPolicy,
      allowedOrigin: this.site.origin,
      logRetentionDays: settings.stage === 'prod' ? 365 : 7,
    });
    const { attachments } = this.httpApi.functions;
    if (attachments !== undefined) {
      attachments.addEnvironment(DOCUMENTS_BUCKET_VARIABLE, this.documents.bucket.bucketName);
      this.documents.grantAttachments(attachments);
    }

    this.alarmsStack = new NestedStack(this, 'Alarms', {
      description: `Naseej (${settings.stage}): the alarms, each notifying the alarm topic`,
    });
    this.operations = new Operations(this, 'Operations', {
      dashboardName: prefix,
      alarmScope: this.alarmsStack,
      table,
      pipeName: this.publisher.pipe.ref,
      http: { api: this.httpApi.api, accessLogs: this.httpApi.accessLogs },
      ...(alarmEmail === undefined ? {} : { alarmEmail }),
      deadLetterQueues: {
        Bus: this.eventBus.deadLetterQueue,
        WebhookDeliveries: this.webhooks.deadLetterQueue,
        ...Object.fromEntries(
          Object.entries(this.busRules.deadLetterQueues).map(([id, queue]) => [pascal(id), queue]),
        ),
        ...Object.fromEntries(
          Object.entries(this.busRules.consumerDeadLetterQueues).map(([id, queue]) => [
            `${pascal(id)}Consumer`,
            queue,
          ]),
        ),
      },
      stateMachines: Object.fromEntries(
        Object.entries(this.workflows.stateMachines).map(([name, machine]) => [pascal(name), machine]),
      ),
      functions: {
        CommitSplitter: this.commitSplitter,
        Projections: this.projections,
        WebhookDispatcher: this.webhooks.dispatcher,
        WorkflowCallback: this.workflows.callbackConsumer,
        PreTokenGeneration: this.users.preTokenGeneration,
        Notifications: this.notifications.consumer,
        ...Object.fromEntries(
          Object.entries(this.httpApi.functions).map(([group, fn]) => [`Http${pascal(group)}`, fn]),
        ),
        ...Object.fromEntries(
          Object.entries(this.workflows.taskFunctions).map(([task, fn]) => [
            task.replace(/FunctionArn$/, 'Task'),
            fn,
          ]),
        ),
      },
    });

    new CfnOutput(this, 'EventStoreTableName', {
      description: 'The event store table (NASEEJ_TABLE_NAME for the handlers)',
      value: table.tableName,
    });
    new CfnOutput(this, 'EventBusName', {
      description: 'The bus domain events are published on',
      value: this.eventBus.bus.eventBusName,
    });
    new CfnOutput(this, 'DeadLetterQueueUrl', {
      description: 'Undeliverable events and failed pipe batches land here',
      value: this.eventBus.deadLetterQueue.queueUrl,
    });
    new CfnOutput(this, 'ApiUrl', { description: 'The HTTP API', value: this.httpApi.api.apiEndpoint });
    new CfnOutput(this, 'DashboardUrl', { description: 'The dashboard', value: this.site.origin });
    new CfnOutput(this, 'DashboardDistributionDomain', {
      description: "Where the dashboard's own domain points (an alias or CNAME record)",
      value: this.site.distribution.distributionDomainName,
    });
    new CfnOutput(this, 'WorkspaceUrl', {
      description: 'The staff workspace',
      value: this.users.redirectUri,
    });
    new CfnOutput(this, 'UserPoolId', {
      description:
        'The staff user pool: create accounts and add them to groups here (docs/adr/0073-workspace-sign-in.md)',
      value: this.users.userPool.userPoolId,
    });
    new CfnOutput(this, 'WorkspaceClientId', {
      description: "The workspace's app client, the audience the API's authorizer accepts",
      value: this.users.client.userPoolClientId,
    });
    new CfnOutput(this, 'AlarmTopicArn', {
      description: 'Every alarm notifies this topic: subscribe whoever answers them',
      value: this.operations.alarmTopic.topicArn,
    });
  }
}

const pascal = (name: string): string =>
  name
    .split(/[-_]/)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
