import { Duration, type RemovalPolicy, Validations } from 'aws-cdk-lib';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';

/**
 * A dead-letter queue as every Naseej one is: SQS-managed encryption (EventBridge, Pipes and SQS
 * write to it without a KMS key grant), TLS only, its messages kept 14 days (the most SQS keeps).
 * `whose` tells cdk-nag, whose rule AwsSolutions-SQS3 wants a dead-letter queue for every queue,
 * why this one has none: it is itself the dead-letter queue of what it names.
 */
export const deadLetterQueue = (
  scope: Construct,
  id: string,
  props: { readonly removalPolicy: RemovalPolicy; readonly whose: string },
): Queue => {
  const queue = new Queue(scope, id, {
    encryption: QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
    removalPolicy: props.removalPolicy,
  });
  Validations.of(queue).acknowledge({ id: 'AwsSolutions-SQS3', reason: props.whose });
  return queue;
};
