import { Duration, type RemovalPolicy, Validations } from 'aws-cdk-lib';
import { type CfnRule, type IEventBus, type IRuleTarget, Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction, SqsQueue } from 'aws-cdk-lib/aws-events-targets';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { type IQueue, Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { type BusRule, type RuleTarget, rules, validateRules } from '../../functions/bus/rules.js';

/** What a rule target of the shared rule set is on AWS: a function, or a queue a function reads. */
export type DeployedTarget = { readonly function: IFunction } | { readonly queue: IQueue };

export interface BusRulesProps {
  readonly bus: IEventBus;
  /** The deployed resource of every target id of the rule set. */
  readonly targets: Readonly<Record<string, DeployedTarget>>;
  /** Applied to the dead-letter queues. */
  readonly removalPolicy: RemovalPolicy;
  /** Defaults to the shared rule set (functions/bus/rules.ts), the one the local bus routes with. */
  readonly ruleSet?: readonly BusRule[];
}

/**
 * The EventBridge rules of the Naseej bus, built from the one rule set the local bus also uses:
 * same names, patterns (verbatim), targets, retry policies; each target with its own dead-letter
 * queue so a reader can tell whose deliveries failed.
 */
export class BusRules extends Construct {
  readonly rules: Readonly<Record<string, Rule>>;
  /** The dead-letter queue of each target id. */
  readonly deadLetterQueues: Readonly<Record<string, Queue>>;

  constructor(scope: Construct, id: string, props: BusRulesProps) {
    super(scope, id);
    const ruleSet = props.ruleSet ?? rules;
    const problems = validateRules(ruleSet);
    if (problems.length > 0) throw new Error(`The bus rule set cannot be deployed:\n${problems.join('\n')}`);

    const built: Record<string, Rule> = {};
    const deadLetterQueues: Record<string, Queue> = {};
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
        rule.addTarget(toEventTarget(target, deployed, deadLetterQueue));
      }
      built[busRule.name] = rule;
    }
    this.rules = built;
    this.deadLetterQueues = deadLetterQueues;
  }

  #deadLetterQueue(target: RuleTarget, removalPolicy: RemovalPolicy): Queue {
    const queue = new Queue(this, `${target.id}-dlq`, {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      removalPolicy,
    });
    Validations.of(queue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: `This queue is itself the dead-letter queue of the bus target ${target.id}; a dead-letter queue of it would only move the same messages once more.`,
    });
    return queue;
  }
}

const toEventTarget = (
  target: RuleTarget,
  deployed: DeployedTarget,
  deadLetterQueue: IQueue | undefined,
): IRuleTarget => {
  const options = {
    retryAttempts: target.retry.maxAttempts - 1,
    maxEventAge: Duration.seconds(target.retry.maxEventAgeSeconds),
    ...(deadLetterQueue === undefined ? {} : { deadLetterQueue }),
  };
  return 'function' in deployed
    ? new LambdaFunction(deployed.function, options)
    : new SqsQueue(deployed.queue, options);
};
