import { Duration, type RemovalPolicy } from 'aws-cdk-lib';
import { type CfnRule, type IEventBus, type IRuleTarget, Rule } from 'aws-cdk-lib/aws-events';
import { SqsQueue } from 'aws-cdk-lib/aws-events-targets';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { type IQueue, Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import {
  type BusRule,
  type RuleTarget,
  rules,
  validateRules,
} from '../../functions/application/bus/rules.js';
import { deadLetterQueue } from './dead-letter-queue.js';

/**
 * What a rule target of the shared rule set is on AWS: a function (the construct puts a queue in
 * front of it, from the target's queue policy), or a queue a function already reads, whose
 * redrive policy must then be the target's (docs/adr/0051-publishing-with-put-events.md).
 */
export type DeployedTarget = { readonly function: IFunction } | { readonly queue: Queue };

export interface BusRulesProps {
  readonly bus: IEventBus;
  /** The deployed resource of every target id of the rule set. */
  readonly targets: Readonly<Record<string, DeployedTarget>>;
  /** Applied to the dead-letter queues. */
  readonly removalPolicy: RemovalPolicy;
  /** Defaults to the shared rule set (functions/application/bus/rules.ts), the one the local bus routes with. */
  readonly ruleSet?: readonly BusRule[];
}

/**
 * The EventBridge rules of the Naseej bus, built from the one rule set the local bus also uses:
 * same names, patterns (verbatim), targets, retry policies; each target with its own dead-letter
 * queue so a reader can tell whose deliveries failed.
 */
export class BusRules extends Construct {
  readonly rules: Readonly<Record<string, Rule>>;
  /** The dead-letter queue of each target id (events the bus could not put on the target's queue). */
  readonly deadLetterQueues: Readonly<Record<string, Queue>>;
  /** The queue each target's consumer reads. */
  readonly queues: Readonly<Record<string, Queue>>;
  /** The dead-letter queue of each consumer's queue the construct built (messages past their receives). */
  readonly consumerDeadLetterQueues: Readonly<Record<string, Queue>>;

  constructor(scope: Construct, id: string, props: BusRulesProps) {
    super(scope, id);
    const ruleSet = props.ruleSet ?? rules;
    const problems = validateRules(ruleSet);
    if (problems.length > 0) throw new Error(`The bus rule set cannot be deployed:\n${problems.join('\n')}`);

    const built: Record<string, Rule> = {};
    const deadLetterQueues: Record<string, Queue> = {};
    const queues: Record<string, Queue> = {};
    const consumerDeadLetterQueues: Record<string, Queue> = {};
    for (const busRule of ruleSet) {
      const rule = new Rule(this, busRule.name, {
        eventBus: props.bus,
        ruleName: busRule.name,
        description: busRule.description,
        // Replaced just below by the shared pattern as written (EventBridge's own field names).
        eventPattern: { source: ['naseej'] },
      });
      (rule.node.defaultChild as CfnRule).addPropertyOverride('EventPattern', busRule.eventPattern);
      for (const target of busRule.targets) {
        const deployed = props.targets[target.id];
        if (deployed === undefined) throw new Error(`Rule target ${target.id} has no deployed resource`);
        const deadLetterQueue = target.deadLetter
          ? this.#deadLetterQueue(target, props.removalPolicy)
          : undefined;
        if (deadLetterQueue !== undefined) deadLetterQueues[target.id] = deadLetterQueue;
        const queue = this.#consumerQueue(target, deployed, props.removalPolicy, consumerDeadLetterQueues);
        queues[target.id] = queue;
        rule.addTarget(toEventTarget(target, queue, deadLetterQueue));
      }
      built[busRule.name] = rule;
    }
    this.rules = built;
    this.deadLetterQueues = deadLetterQueues;
    this.queues = queues;
    this.consumerDeadLetterQueues = consumerDeadLetterQueues;
  }

  /** The queue a target's consumer reads: built in front of a function, or checked when given. */
  #consumerQueue(
    target: RuleTarget,
    deployed: DeployedTarget,
    removalPolicy: RemovalPolicy,
    consumerDeadLetterQueues: Record<string, Queue>,
  ): Queue {
    const policy = target.queue;
    if ('queue' in deployed) {
      const receives = deployed.queue.deadLetterQueue?.maxReceiveCount;
      if (receives !== policy.maxReceiveCount) {
        throw new Error(
          `The queue of target ${target.id} moves messages to a dead-letter queue after ${receives ?? 'no'} receives; the rule set says ${policy.maxReceiveCount}`,
        );
      }
      return deployed.queue;
    }
    const consumerDeadLetterQueue = deadLetterQueue(this, `${target.id}-consumer-dlq`, {
      removalPolicy,
      whose: `This queue is itself the dead-letter queue of the queue of the bus target ${target.id}.`,
    });
    consumerDeadLetterQueues[target.id] = consumerDeadLetterQueue;
    const queue = new Queue(this, `${target.id}-queue`, {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: Duration.seconds(policy.visibilityTimeoutSeconds),
      retentionPeriod: Duration.seconds(policy.retentionSeconds),
      deadLetterQueue: { queue: consumerDeadLetterQueue, maxReceiveCount: policy.maxReceiveCount },
      removalPolicy,
    });
    deployed.function.addEventSource(
      new SqsEventSource(queue, {
        batchSize: policy.batchSize,
        reportBatchItemFailures: true,
        ...(policy.maxBatchingWindowSeconds === undefined
          ? {}
          : { maxBatchingWindow: Duration.seconds(policy.maxBatchingWindowSeconds) }),
        ...(policy.maxConcurrency === undefined ? {} : { maxConcurrency: policy.maxConcurrency }),
      }),
    );
    return queue;
  }

  #deadLetterQueue(target: RuleTarget, removalPolicy: RemovalPolicy): Queue {
    return deadLetterQueue(this, `${target.id}-dlq`, {
      removalPolicy,
      whose: `This queue is itself the dead-letter queue of the bus target ${target.id}; a dead-letter queue of it would only move the same messages once more.`,
    });
  }
}

const toEventTarget = (target: RuleTarget, queue: IQueue, deadLetterQueue: IQueue | undefined): IRuleTarget =>
  new SqsQueue(queue, {
    retryAttempts: target.retry.maxAttempts - 1,
    maxEventAge: Duration.seconds(target.retry.maxEventAgeSeconds),
    ...(deadLetterQueue === undefined ? {} : { deadLetterQueue }),
  });
