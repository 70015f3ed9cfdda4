import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { codedError, isErrorWithCode } from '../functions/domain/shared/coded-error.js';

/** Where a deployment lives: `prod` keeps its data for good, `dev` is a throwaway stack. */
export type Stage = 'dev' | 'prod';

export const STAGES: readonly Stage[] = ['dev', 'prod'];

/** The CDK context key read by the app: `cdk synth -c stage=prod`. */
export const STAGE_CONTEXT_KEY = 'stage';

export const INVALID_STAGE = 'INVALID_STAGE';

/** The `stage` context names no known stage. */
export interface InvalidStageError extends Error {
  readonly code: typeof INVALID_STAGE;
  readonly received: unknown;
}

export const isInvalidStageError = (error: unknown): error is InvalidStageError =>
  error instanceof Error && (error as { code?: unknown }).code === INVALID_STAGE;

const invalidStageError = (received: unknown): InvalidStageError =>
  Object.assign(
    new Error(
      `Unknown stage ${JSON.stringify(received)}: pass -c ${STAGE_CONTEXT_KEY}=${STAGES.join('|')} (default dev)`,
    ),
    { name: 'InvalidStageError', code: INVALID_STAGE, received } as const,
  );

/** The CDK context key of the address alarms are mailed to: `cdk deploy -c alarmEmail=ops@…`. */
export const ALARM_EMAIL_CONTEXT_KEY = 'alarmEmail';

export const INVALID_ALARM_EMAIL = 'INVALID_ALARM_EMAIL';

/** The `alarmEmail` context is not an email address. */
export interface InvalidAlarmEmailError extends Error {
  readonly code: typeof INVALID_ALARM_EMAIL;
  readonly received: unknown;
}

export const isInvalidAlarmEmailError = isErrorWithCode<InvalidAlarmEmailError>(INVALID_ALARM_EMAIL);

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Reads the optional alarm email from a context value; absent or empty means no subscription. */
export const parseAlarmEmail = (value: unknown): string | undefined => {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string' || !EMAIL.test(value)) {
    throw codedError(
      'InvalidAlarmEmailError',
      INVALID_ALARM_EMAIL,
      `-c ${ALARM_EMAIL_CONTEXT_KEY}=${JSON.stringify(value)} is not an email address`,
      { received: value },
    );
  }
  return value;
};

/** The CDK context keys of the dashboard's own domain and its ACM certificate (in us-east-1). */
export const DASHBOARD_DOMAIN_CONTEXT_KEY = 'dashboardDomain';
export const DASHBOARD_CERTIFICATE_CONTEXT_KEY = 'dashboardCertificateArn';

export const INVALID_DASHBOARD_DOMAIN = 'INVALID_DASHBOARD_DOMAIN';

/** The dashboard's domain context is missing where required, partial, or malformed. */
export interface InvalidDashboardDomainError extends Error {
  readonly code: typeof INVALID_DASHBOARD_DOMAIN;
  readonly received: unknown;
}

export const isInvalidDashboardDomainError =
  isErrorWithCode<InvalidDashboardDomainError>(INVALID_DASHBOARD_DOMAIN);

/** The dashboard's own name and the certificate CloudFront serves it with. */
export interface DashboardDomain {
  readonly name: string;
  readonly certificateArn: string;
}

const HOSTNAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
// CloudFront takes certificates from ACM in us-east-1 only.
const CLOUDFRONT_CERTIFICATE = /^arn:aws[a-z-]*:acm:us-east-1:\d{12}:certificate\/[A-Za-z0-9-]+$/;

const invalidDashboardDomain = (message: string, received: unknown): InvalidDashboardDomainError =>
  codedError('InvalidDashboardDomainError', INVALID_DASHBOARD_DOMAIN, message, { received });

/**
 * Reads the dashboard's domain from its two context values. CloudFront's default
 * `*.cloudfront.net` certificate negotiates TLS 1.0 whatever policy is asked for, so a TLS 1.2
 * floor needs a domain of one's own: prod requires it; dev may go without (its one acknowledged
 * exception, see DashboardSite).
 */
export const parseDashboardDomain = (
  stage: Stage,
  name: unknown,
  certificateArn: unknown,
): DashboardDomain | undefined => {
  const given = (value: unknown) => value !== undefined && value !== null && value !== '';
  const usage = `-c ${DASHBOARD_DOMAIN_CONTEXT_KEY}=naseej.example.ma -c ${DASHBOARD_CERTIFICATE_CONTEXT_KEY}=arn:aws:acm:us-east-1:…`;
  if (!given(name) && !given(certificateArn)) {
    if (stage === 'prod') {
      throw invalidDashboardDomain(
        `The prod dashboard must be served with TLS 1.2 or later, which CloudFront allows only on a domain of its own: pass ${usage}`,
        undefined,
      );
    }
    return undefined;
  }
  if (typeof name !== 'string' || !HOSTNAME.test(name)) {
    throw invalidDashboardDomain(
      `-c ${DASHBOARD_DOMAIN_CONTEXT_KEY}=${JSON.stringify(name)} is not a domain name (${usage})`,
      name,
    );
  }
  if (typeof certificateArn !== 'string' || !CLOUDFRONT_CERTIFICATE.test(certificateArn)) {
    throw invalidDashboardDomain(
      `-c ${DASHBOARD_CERTIFICATE_CONTEXT_KEY}=${JSON.stringify(certificateArn)} is not an ACM certificate ARN in us-east-1, the only region CloudFront takes certificates from`,
      certificateArn,
    );
  }
  return { name, certificateArn };
};

/** Reads the stage from a context value; absent means `dev`, anything unknown throws. */
export const parseStage = (value: unknown): Stage => {
  if (value === undefined || value === null) return 'dev';
  const stage = STAGES.find((known) => known === value);
  if (stage === undefined) throw invalidStageError(value);
  return stage;
};

/** What a stage decides about stateful resources and retention. */
export interface StageSettings {
  readonly stage: Stage;
  /** Applied to every stateful resource (table, queue, log group, archive). */
  readonly removalPolicy: RemovalPolicy;
  /** DynamoDB deletion protection: a delete call fails until it is switched off. */
  readonly deletionProtection: boolean;
  /** CloudFormation termination protection on the stack. */
  readonly terminationProtection: boolean;
  /** How long the bus archive keeps events for replay; `Duration.days(0)` keeps them forever. */
  readonly archiveRetention: Duration;
  readonly logRetention: RetentionDays;
}

/** The settings of each stage: prod retains and protects, dev is cheap to tear down. */
export const stageSettings = (stage: Stage): StageSettings =>
  stage === 'prod'
    ? {
        stage,
        removalPolicy: RemovalPolicy.RETAIN,
        deletionProtection: true,
        terminationProtection: true,
        archiveRetention: Duration.days(0),
        logRetention: RetentionDays.ONE_YEAR,
      }
    : {
        stage,
        removalPolicy: RemovalPolicy.DESTROY,
        deletionProtection: false,
        terminationProtection: false,
        archiveRetention: Duration.days(7),
        logRetention: RetentionDays.ONE_WEEK,
      };
