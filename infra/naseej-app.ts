import { App, type AppProps, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { NaseejStack } from './stacks/naseej-stack.js';
import {
  ALARM_EMAIL_CONTEXT_KEY,
  DASHBOARD_CERTIFICATE_CONTEXT_KEY,
  DASHBOARD_DOMAIN_CONTEXT_KEY,
  parseAlarmEmail,
  parseDashboardDomain,
  parseStage,
  STAGE_CONTEXT_KEY,
  stageSettings,
} from './stage.js';

/** The built app and its one stack, for the CLI entry point and for tests. */
export interface NaseejApp {
  readonly app: App;
  readonly stack: NaseejStack;
}

/**
 * Builds the Naseej CDK app: one stack per stage (`-c stage=prod|dev`, default dev), alarms mailed
 * to `-c alarmEmail=…` when given, the dashboard on `-c dashboardDomain=… -c dashboardCertificateArn=…`
 * (required in prod: TLS 1.2 needs a domain of one's own), checked by cdk-nag's AwsSolutions pack during synthesis.
 * Environment-agnostic: no account or region lookups.
 */
export const buildNaseejApp = (props: AppProps = {}): NaseejApp => {
  const app = new App(props);
  const settings = stageSettings(parseStage(app.node.tryGetContext(STAGE_CONTEXT_KEY)));

  const alarmEmail = parseAlarmEmail(app.node.tryGetContext(ALARM_EMAIL_CONTEXT_KEY));
  const dashboardDomain = parseDashboardDomain(
    settings.stage,
    app.node.tryGetContext(DASHBOARD_DOMAIN_CONTEXT_KEY),
    app.node.tryGetContext(DASHBOARD_CERTIFICATE_CONTEXT_KEY),
  );
  const stack = new NaseejStack(app, `Naseej-${settings.stage}`, {
    settings,
    ...(alarmEmail === undefined ? {} : { alarmEmail }),
    ...(dashboardDomain === undefined ? {} : { dashboardDomain }),
  });
  Tags.of(app).add('project', 'naseej');
  Tags.of(app).add('stage', settings.stage);

  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack };
};
