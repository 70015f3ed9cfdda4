import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { AssetHashType, DockerImage, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  Function as CloudFrontFunction,
  Distribution,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  HttpVersion,
  PriceClass,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, type ISource, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import type { DashboardDomain } from '../stage.js';
import { nagArnOf, REPOSITORY_ROOT } from './naseej-function.js';
import type { WorkspaceSignIn } from './user-pool.js';

/**
 * A CloudFront Function (viewer request): a path ending in `/` asks for that folder's index.html,
 * as the local runtime serves it (`/workspace/`). The distribution's default root object covers
 * `/` only.
 */
export const DIRECTORY_INDEX_CODE = `function handler(event) {
  var request = event.request;
  if (request.uri.charAt(request.uri.length - 1) === '/') request.uri = request.uri + 'index.html';
  return request;
}`;

/** The folder of the site the workspace is served from (`/workspace/`). */
export const WORKSPACE_FOLDER = 'workspace';

/** The command that builds the workspace's static files into a folder (workspace/build.ts). */
export const WORKSPACE_BUILD = (outDir: string): string[] => [
  '--import',
  'tsx',
  'workspace/build.ts',
  outDir,
];

/**
 * The workspace's config.json on AWS: the API, and the Cognito user pool the workspace signs in
 * with (authorization code with PKCE on the managed login pages, docs/adr/0073-workspace-sign-in.md).
 * `signInUrl` is the authorization endpoint; the page adds the client id, the redirect URI, the
 * scopes, a state and the PKCE challenge to it.
 */
export const workspaceConfig = (apiUrl: string, signIn: WorkspaceSignIn) => ({
  apiUrl,
  signInUrl: `${signIn.authDomain}/oauth2/authorize`,
  cognito: {
    region: signIn.region,
    userPoolId: signIn.userPoolId,
    clientId: signIn.clientId,
    domain: signIn.authDomain,
    authorizeUrl: `${signIn.authDomain}/oauth2/authorize`,
    tokenUrl: `${signIn.authDomain}/oauth2/token`,
    logoutUrl: `${signIn.authDomain}/logout`,
    redirectUri: signIn.redirectUri,
    logoutUri: signIn.logoutUri,
    scopes: [...signIn.scopes],
  },
});

/**
 * The workspace's static files as an asset: CDK runs `node --import tsx workspace/build.ts <out>`
 * on this machine (local bundling, never Docker) into the asset's workspace/ folder, so the files
 * land under /workspace. The build's own config.json (the local runtime's) is dropped: the
 * deployment writes the AWS one. The asset is hashed on its output, not on the repository.
 */
export const workspaceSource = (): ISource =>
  Source.asset(`${REPOSITORY_ROOT}${WORKSPACE_FOLDER}`, {
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      // Never pulled: local bundling always succeeds or throws.
      image: DockerImage.fromRegistry('public.ecr.aws/docker/library/node:24-slim'),
      local: {
        tryBundle(outputDir: string): boolean {
          const target = join(outputDir, WORKSPACE_FOLDER);
          execFileSync(process.execPath, WORKSPACE_BUILD(target), { cwd: REPOSITORY_ROOT, stdio: 'inherit' });
          rmSync(join(target, 'config.json'), { force: true });
          return true;
        },
      },
    },
  });

export interface DashboardSiteProps {
  readonly removalPolicy: RemovalPolicy;
  /** Days the access logs are kept. */
  readonly logRetentionDays: number;
  /**
   * The site's own domain and ACM certificate: viewers then need TLS 1.2 or later. Without one,
   * CloudFront serves `*.cloudfront.net` and negotiates TLS 1.0 whatever policy is asked for
   * (dev only: the stage settings require a domain in prod).
   */
  readonly domain?: DashboardDomain;
}

/**
 * The dashboard's static site: a private bucket served by CloudFront through origin access
 * control, HTTPS only, with access logs (bucket and distribution) in a log bucket. `deploy` uploads
 * dashboard/ with a config.json naming the API.
 */
export class DashboardSite extends Construct {
  readonly bucket: Bucket;
  readonly logBucket: Bucket;
  readonly distribution: Distribution;
  readonly #removalPolicy: RemovalPolicy;
  readonly #domain: DashboardDomain | undefined;

  constructor(scope: Construct, id: string, props: DashboardSiteProps) {
    super(scope, id);
    this.#removalPolicy = props.removalPolicy;
    this.#domain = props.domain;
    const autoDelete = props.removalPolicy === RemovalPolicy.DESTROY;
    this.logBucket = new Bucket(this, 'Logs', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      // CloudFront standard logging writes with ACLs.
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(props.logRetentionDays) }],
      removalPolicy: props.removalPolicy,
      autoDeleteObjects: autoDelete,
    });
    Validations.of(this.logBucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'This is the access-log bucket; logging its own accesses into itself would loop.',
    });
    this.bucket = new Bucket(this, 'Site', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      serverAccessLogsBucket: this.logBucket,
      serverAccessLogsPrefix: 'site-bucket/',
      removalPolicy: props.removalPolicy,
      autoDeleteObjects: autoDelete,
    });
    const directoryIndex = new CloudFrontFunction(this, 'DirectoryIndex', {
      comment: 'Naseej site: a folder path serves its index.html',
      code: FunctionCode.fromInline(DIRECTORY_INDEX_CODE),
      runtime: FunctionRuntime.JS_2_0,
    });
    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'Naseej dashboard',
      defaultRootObject: 'index.html',
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        functionAssociations: [{ function: directoryIndex, eventType: FunctionEventType.VIEWER_REQUEST }],
      },
      httpVersion: HttpVersion.HTTP2_AND_3,
      priceClass: PriceClass.PRICE_CLASS_100,
      enableLogging: true,
      logBucket: this.logBucket,
      logFilePrefix: 'distribution/',
      ...(props.domain === undefined
        ? {}
        : {
            domainNames: [props.domain.name],
            certificate: Certificate.fromCertificateArn(this, 'Certificate', props.domain.certificateArn),
            minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
          }),
    });
    Validations.of(this.distribution).acknowledge({
      id: 'AwsSolutions-CFR1',
      reason:
        'The dashboard serves associations and partners across Morocco and abroad; no country is excluded.',
    });
    Validations.of(this.distribution).acknowledge({
      id: 'AwsSolutions-CFR2',
      reason:
        'Static files only, no forms or server code behind this distribution; the API it calls has its ' +
        'own throttling and JWT authorizer. A WAF web ACL (about 5 USD a month) can be added later.',
    });
    if (props.domain === undefined) {
      Validations.of(this.distribution).acknowledge({
        id: 'AwsSolutions-CFR4',
        reason:
          'A dev stack without a domain of its own: on the default *.cloudfront.net certificate ' +
          'CloudFront sets the TLSv1 policy whatever is asked. prod requires a domain and an ACM ' +
          'certificate, and then serves TLSv1.2_2021 or later.',
      });
    }
  }

  /** The site's origin, for the API's CORS. */
  get origin(): string {
    return `https://${this.#domain?.name ?? this.distribution.distributionDomainName}`;
  }

  /**
   * Uploads dashboard/ with a config.json pointing at `apiBaseUrl`, and with `workspace` the staff
   * workspace under workspace/ (built by its own build, see `workspaceSource`) with a config.json
   * naming the API and the user pool it signs in with. One deployment, so one prune and one
   * invalidation cover both.
   */
  deploy(apiBaseUrl: string, workspace?: WorkspaceSignIn): BucketDeployment {
    const deployment = new BucketDeployment(this, 'Deploy', {
      destinationBucket: this.bucket,
      distribution: this.distribution,
      sources: [
        Source.asset(`${REPOSITORY_ROOT}dashboard`, { exclude: ['config.json', 'README.md'] }),
        Source.jsonData('config.json', { apiBaseUrl, pollIntervalMs: 1000 }),
        ...(workspace === undefined
          ? []
          : [
              workspaceSource(),
              Source.jsonData(`${WORKSPACE_FOLDER}/config.json`, workspaceConfig(apiBaseUrl, workspace)),
            ]),
      ],
      prune: true,
      retainOnDelete: this.#removalPolicy !== RemovalPolicy.DESTROY,
    });
    this.#acknowledgeDeploymentHandler(deployment);
    return deployment;
  }

  /**
   * The upload runs in CDK's BucketDeployment handler (a singleton Lambda function CDK writes, in
   * Python, with its own role): its findings are acknowledged on that function, nowhere else.
   */
  #acknowledgeDeploymentHandler(deployment: BucketDeployment): void {
    const stack = Stack.of(this);
    const handler = stack.node.children.find((child) =>
      child.node.id.startsWith('Custom::CDKBucketDeployment'),
    );
    const role = deployment.handlerRole;
    const cdkOwned =
      "is CDK's own BucketDeployment handler, which runs only during deployments to copy the " +
      'dashboard files from the CDK assets bucket into the site bucket';
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason: `The role ${cdkOwned}; the managed policy only lets it write its own logs.`,
    });
    const s3Wildcards = [
      'Action::s3:GetBucket*',
      'Action::s3:GetObject*',
      'Action::s3:List*',
      'Action::s3:Abort*',
      'Action::s3:DeleteObject*',
      `Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*`,
      `Resource::${nagArnOf(this.bucket)}/*`,
      // cloudfront:CreateInvalidation/GetInvalidation, which CDK grants on "*".
      'Resource::*',
    ];
    for (const finding of s3Wildcards) {
      Validations.of(role).acknowledge({
        id: `AwsSolutions-IAM5[${finding}]`,
        reason: `The grant (${finding}) ${cdkOwned}: read on the CDK assets bucket, write on the site bucket only.`,
      });
    }
    if (handler !== undefined) {
      Validations.of(handler).acknowledge({
        id: 'AwsSolutions-L1',
        reason: `The function ${cdkOwned}; its runtime is chosen and upgraded by aws-cdk-lib.`,
      });
    }
  }
}
