import { Duration, RemovalPolicy as Removal, type RemovalPolicy, Validations } from 'aws-cdk-lib';
import { type IGrantable, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  HttpMethods,
  ObjectOwnership,
} from 'aws-cdk-lib/aws-s3';
import { Construct, type IConstruct } from 'constructs';
import { ACCEPTED_PREFIX, QUARANTINE_PREFIX } from '../../functions/adapters/s3/document-storage.js';
import { acknowledgeWildcard, nagArnOf } from './naseej-function.js';

export interface DocumentsBucketProps {
  readonly removalPolicy: RemovalPolicy;
  /** The origin of the pages that upload and download (the dashboard's, `https://…`): CORS allows it alone. */
  readonly allowedOrigin: string;
  /** Days the server access logs are kept. */
  readonly logRetentionDays: number;
}

/**
 * The bucket of attached files (docs/adr/0100-documents.md): private (every public access
 * blocked, objects owned by the bucket, no ACLs), TLS 1.2 or later only (a bucket policy denies
 * any other request), encrypted with a customer-managed KMS key (rotated yearly; S3 Bucket Keys
 * cut the KMS calls), versioned (an accepted file overwritten by mistake keeps its first version),
 * with server access logs. Uploads land in `quarantine/` by presigned PUT and expire there after a
 * day unless the application accepts them into `accepted/`.
 */
export class DocumentsBucket extends Construct {
  readonly bucket: Bucket;
  readonly key: Key;
  readonly logBucket: Bucket;

  constructor(scope: Construct, id: string, props: DocumentsBucketProps) {
    super(scope, id);
    const autoDeleteObjects = props.removalPolicy === Removal.DESTROY;
    this.key = new Key(this, 'Key', {
      description: 'Naseej attached files (documents bucket)',
      enableKeyRotation: true,
      removalPolicy: props.removalPolicy,
    });
    this.logBucket = new Bucket(this, 'AccessLogs', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ expiration: Duration.days(props.logRetentionDays) }],
      removalPolicy: props.removalPolicy,
      autoDeleteObjects,
    });
    Validations.of(this.logBucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'This is the access-log bucket of the documents bucket; logging its own accesses into itself would loop.',
    });
    this.bucket = new Bucket(this, 'Bucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      encryption: BucketEncryption.KMS,
      encryptionKey: this.key,
      bucketKeyEnabled: true,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      versioned: true,
      serverAccessLogsBucket: this.logBucket,
      serverAccessLogsPrefix: 'documents/',
      cors: [
        {
          allowedOrigins: [props.allowedOrigin],
          allowedMethods: [HttpMethods.PUT, HttpMethods.GET],
          allowedHeaders: ['content-type'],
          maxAge: 3600,
        },
      ],
      lifecycleRules: [
        {
          id: 'quarantine-expires',
          prefix: QUARANTINE_PREFIX,
          expiration: Duration.days(1),
          noncurrentVersionExpiration: Duration.days(1),
        },
        { id: 'incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
      removalPolicy: props.removalPolicy,
      autoDeleteObjects,
    });
  }

  /**
   * What the attachments function needs, and no more: put into quarantine (its credentials sign
   * the presigned PUT), read and delete there, copy into accepted (read and put), read accepted
   * (its credentials sign the presigned GET), list the bucket (so that a missing key answers 404,
   * not 403), and the key's encrypt and decrypt for those objects.
   */
  grantAttachments(grantee: IGrantable & IConstruct & { readonly role?: IConstruct | undefined }): void {
    const quarantine = this.bucket.arnForObjects(`${QUARANTINE_PREFIX}*`);
    const accepted = this.bucket.arnForObjects(`${ACCEPTED_PREFIX}*`);
    const principal = grantee.grantPrincipal;
    principal.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['s3:PutObject', 's3:GetObject', 's3:DeleteObject'],
        resources: [quarantine],
      }),
    );
    principal.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['s3:PutObject', 's3:GetObject'], resources: [accepted] }),
    );
    principal.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['s3:ListBucket'], resources: [this.bucket.bucketArn] }),
    );
    principal.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['kms:Decrypt', 'kms:GenerateDataKey'], resources: [this.key.keyArn] }),
    );
    for (const prefix of [QUARANTINE_PREFIX, ACCEPTED_PREFIX]) {
      acknowledgeWildcard(
        grantee.role ?? grantee,
        `Resource::${nagArnOf(this.bucket, grantee)}/${prefix}*`,
        `Document ids are made at run time; the grant is limited to the ${prefix} prefix of the documents bucket.`,
      );
    }
  }
}
