import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { afterEach, describe, expect, it } from 'vitest';
import { DocumentsBucket } from '../../infra/constructs/documents-bucket.js';
import { constructTestApp } from './support/cdk-app.js';

// The documents bucket (docs/adr/0100-documents.md): private, TLS-only, KMS-encrypted, versioned,
// logged, quarantine expiring in a day, and the attachments function's grant, property by property.

let cleanup: () => void = () => {};
afterEach(() => cleanup());

const bucketTemplate = () => {
  const test = constructTestApp();
  cleanup = test.cleanup;
  const stack = new Stack(test.app, 'Documents');
  const documents = new DocumentsBucket(stack, 'Documents', {
    removalPolicy: RemovalPolicy.RETAIN,
    allowedOrigin: 'https://naseej.example.ma',
    logRetentionDays: 365,
  });
  const role = new Role(stack, 'AttachmentsRole', {
    assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
  });
  documents.grantAttachments(role);
  return { template: Template.fromStack(stack), stack, documents };
};

describe('the documents bucket', () => {
  it('blocks every public access, owns its objects, encrypts with its rotated KMS key and keeps versions', () => {
    const { template, stack, documents } = bucketTemplate();
    template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          {
            BucketKeyEnabled: true,
            ServerSideEncryptionByDefault: {
              SSEAlgorithm: 'aws:kms',
              KMSMasterKeyID: stack.resolve(documents.key.keyArn),
            },
          },
        ],
      },
      VersioningConfiguration: { Status: 'Enabled' },
      LoggingConfiguration: {
        DestinationBucketName: stack.resolve(documents.logBucket.bucketName),
        LogFilePrefix: 'documents/',
      },
    });
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
  });

  it('expires uploads left in quarantine after a day, and lets the dashboard origin alone PUT and GET', () => {
    const { template } = bucketTemplate();
    template.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: {
        Rules: [
          {
            Id: 'quarantine-expires',
            Prefix: 'quarantine/',
            Status: 'Enabled',
            ExpirationInDays: 1,
            NoncurrentVersionExpiration: { NoncurrentDays: 1 },
          },
          {
            Id: 'incomplete-uploads',
            Status: 'Enabled',
            AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
          },
        ],
      },
      CorsConfiguration: {
        CorsRules: [
          {
            AllowedOrigins: ['https://naseej.example.ma'],
            AllowedMethods: ['PUT', 'GET'],
            AllowedHeaders: ['content-type'],
            MaxAge: 3600,
          },
        ],
      },
    });
  });

  it('denies any request without TLS, or below TLS 1.2', () => {
    const { template, stack, documents } = bucketTemplate();
    const bucketArn = stack.resolve(documents.bucket.bucketArn);
    const objectsArn = { 'Fn::Join': ['', [bucketArn, '/*']] };
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: stack.resolve(documents.bucket.bucketName),
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Action: 's3:*',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            Effect: 'Deny',
            Principal: { AWS: '*' },
            Resource: [bucketArn, objectsArn],
          },
          {
            Action: 's3:*',
            Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } },
            Effect: 'Deny',
            Principal: { AWS: '*' },
            Resource: [bucketArn, objectsArn],
          },
        ]),
      },
    });
  });

  it('grants the attachments function its prefixes and the key, nothing more', () => {
    const { template, stack, documents } = bucketTemplate();
    const bucketArn = stack.resolve(documents.bucket.bucketArn);
    const policies = template.findResources('AWS::IAM::Policy');
    const statements = Object.values(policies).flatMap(
      (policy) =>
        (policy as { Properties: { PolicyDocument: { Statement: unknown[] } } }).Properties.PolicyDocument
          .Statement,
    );
    expect(statements).toEqual([
      {
        Action: ['s3:DeleteObject', 's3:GetObject', 's3:PutObject'],
        Effect: 'Allow',
        Resource: { 'Fn::Join': ['', [bucketArn, '/quarantine/*']] },
      },
      {
        Action: ['s3:GetObject', 's3:PutObject'],
        Effect: 'Allow',
        Resource: { 'Fn::Join': ['', [bucketArn, '/accepted/*']] },
      },
      { Action: 's3:ListBucket', Effect: 'Allow', Resource: bucketArn },
      {
        Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
        Effect: 'Allow',
        Resource: stack.resolve(documents.key.keyArn),
      },
    ]);
  });
});
