import { NOTIFYING_EVENT_TYPES } from '../notifications/plan.js';
import { NASEEJ_SOURCE } from './event-shape.js';
import { type EventPattern, validatePattern } from './pattern.js';

// The rule set of the Naseej bus, written once: the CDK app builds its EventBridge rules from
// `rules`, and the local bus routes with the same patterns and retry policies.

/** What a target is, which decides how CDK wires it and how the local runtime registers it. */
export type TargetKind = 'projection' | 'webhook-dispatch' | 'workflow-callback' | 'notification' | 'lambda';

/**
 * How hard the bus tries before it parks an event. `maxAttempts` counts the first try (so
 * EventBridge's MaximumRetryAttempts is `maxAttempts - 1`, 0–185); `maxEventAgeSeconds` is
 * EventBridge's MaximumEventAgeInSeconds (60–86,400): after it the event is parked untried.
 */
export interface RetryPolicy {
  readonly maxAttempts: number;
  readonly maxEventAgeSeconds: number;
}

/**
 * The SQS queue a target's consumer reads (docs/adr/0051-publishing-with-put-events.md): the rule
 * puts each event on it, the consumer (a Lambda event-source mapping, partial batch responses)
 * takes batches, and a message received `maxReceiveCount` times moves to the queue's dead-letter
 * queue. No target is a Lambda invoked asynchronously: Lambda retries those twice, then drops
 * the event unless it has an on-failure destination.
 */
export interface QueuePolicy {
  /** Receives (tries of the consumer) before SQS moves a message to the dead-letter queue; 1–1,000. */
  readonly maxReceiveCount: number;
  /** How long a received message stays hidden, so the wait before it is tried again; ≤ 43,200 s. */
  readonly visibilityTimeoutSeconds: number;
  /** How long SQS keeps a message (60 s – 14 days); after it, SQS deletes it, delivered or not. */
  readonly retentionSeconds: number;
  /**
   * Messages per consumer invocation: 1–10, or up to 10,000 with a batching window (Lambda then
   * also stops a batch at 6 MB).
   */
  readonly batchSize: number;
  /** How long Lambda gathers a batch, 0–300 s; required for a batch over 10. */
  readonly maxBatchingWindowSeconds?: number;
  /** The most consumer invocations at once (2–1,000); fewer means fewer conflicting saves. */
  readonly maxConcurrency?: number;
}

/** Where a rule sends what it matches. `id` is unique in the rule set; handlers register by it. */
export interface RuleTarget {
  readonly id: string;
  readonly kind: TargetKind;
  readonly description: string;
  /** EventBridge's retries of the put onto the target's queue. */
  readonly retry: RetryPolicy;
  /** Whether what still fails after the retries is parked (an SQS dead-letter queue on AWS). */
  readonly deadLetter: boolean;
  /** The queue the consumer reads; the local bus tries a consumer `maxReceiveCount` times. */
  readonly queue: QueuePolicy;
}

/** An EventBridge rule on the Naseej bus. */
export interface BusRule {
  readonly name: string;
  readonly description: string;
  readonly eventPattern: EventPattern;
  readonly targets: readonly RuleTarget[];
}

/** Target id of the outbound partner-webhook dispatcher. */
export const WEBHOOK_DISPATCHER_TARGET = 'webhook-dispatcher';
/** Target id of the projections (read models) consumer. */
export const PROJECTIONS_TARGET = 'projections';
/** Target id of the workflow callback consumer (workflows/callbacks/consumer.ts). */
export const WORKFLOW_CALLBACK_TARGET = 'workflow-callback';
/** Target id of the notifications consumer (functions/application/notifications/consumer.ts). */
export const NOTIFICATIONS_TARGET = 'notifications';

/** Events that move a workflow (they may complete a parked wait). */
export const COMPLETING_EVENT_TYPES = [
  'RolloutLaunched',
  'RolloutPhaseAdvanced',
  'RolloutEscalated',
  'RolloutDeadlineExtended',
  'RolloutCancelled',
  'RolloutCompleted',
  'AgreementInForceRecorded',
  'CallOpened',
  'CallClosed',
  'CallEscalated',
  'CallWaitExtended',
  'CallCancelled',
  'CallEnded',
  'CallRelaunched',
  'SelectionPublished',
  'AppealLodged',
  'AppealDecided',
  'EnrolmentClosed',
  // An association that leaves may be the last one axis 1 waited for (docs/adr/0085-beneficiaries-change.md).
  'BeneficiaryWithdrawn',
  'AxisOneCompleted',
  'CompetenceHubEstablished',
  'TranchePaid',
  'WavePlanConfigured',
  'WaveStarted',
] as const;

/** Events that show a long phase is alive (a heartbeat for its wait), without completing it. */
export const PROGRESS_EVENT_TYPES = [
  'ModuleCompleted',
  'TrainerCertified',
  'GrantAwarded',
  'TrancheRequested',
  'TrancheApproved',
] as const;

/** What the workflow-callback consumer receives: one list, used by CDK and the local bus alike. */
export const WORKFLOW_CALLBACK_EVENT_TYPES = [...COMPLETING_EVENT_TYPES, ...PROGRESS_EVENT_TYPES] as const;

const allNaseejEvents: EventPattern = { source: [NASEEJ_SOURCE] };

/** The rules of the Naseej bus. */
export const rules: readonly BusRule[] = [
  {
    name: 'naseej-events-to-webhook-dispatcher',
    description: 'Every Naseej event to the dispatcher, which matches it against partner subscriptions',
    eventPattern: allNaseejEvents,
    targets: [
      {
        id: WEBHOOK_DISPATCHER_TARGET,
        kind: 'webhook-dispatch',
        description: 'Fans an event out to the partners whose subscriptions match it',
        // The dispatcher retries each partner itself and parks per delivery, so the bus only
        // needs to cover the dispatcher being unavailable.
        retry: { maxAttempts: 10, maxEventAgeSeconds: 24 * 60 * 60 },
        deadLetter: true,
        // infra/constructs/webhook-deliveries.ts: 5 receives, 6 × the dispatcher's 90 s timeout.
        queue: {
          maxReceiveCount: 5,
          visibilityTimeoutSeconds: 540,
          retentionSeconds: 4 * 24 * 60 * 60,
          batchSize: 10,
        },
      },
    ],
  },
  {
    name: 'naseej-events-to-projections',
    description: 'Every Naseej event to the read models (dashboards, funnel, audit trail)',
    eventPattern: allNaseejEvents,
    targets: [
      {
        id: PROJECTIONS_TARGET,
        kind: 'projection',
        description: 'Updates the read models; idempotent by stream version, reads the store on a gap',
        retry: { maxAttempts: 20, maxEventAgeSeconds: 24 * 60 * 60 },
        deadLetter: true,
        // Batches of up to 500 gathered for 2 s, as the local feed's pages: each view document is
        // loaded and saved once per batch, not once per event; two invocations at most, so
        // batches rarely race for the same documents.
        queue: {
          maxReceiveCount: 20,
          visibilityTimeoutSeconds: 180,
          retentionSeconds: 4 * 24 * 60 * 60,
          batchSize: 500,
          maxBatchingWindowSeconds: 2,
          maxConcurrency: 2,
        },
      },
    ],
  },
  {
    name: 'naseej-events-to-workflow-callbacks',
    description:
      'Events that complete (or show progress in) a workflow phase, to resume its parked task token',
    eventPattern: { source: [NASEEJ_SOURCE], 'detail-type': [...WORKFLOW_CALLBACK_EVENT_TYPES] },
    targets: [
      {
        id: WORKFLOW_CALLBACK_TARGET,
        kind: 'workflow-callback',
        description: 'Sends SendTaskSuccess/Heartbeat for the parked wait of the workflow the event concerns',
        // Reads the store, so a redelivery is harmless; a wait that misses its event times out and escalates.
        retry: { maxAttempts: 20, maxEventAgeSeconds: 24 * 60 * 60 },
        deadLetter: true,
        queue: {
          maxReceiveCount: 20,
          visibilityTimeoutSeconds: 180,
          retentionSeconds: 4 * 24 * 60 * 60,
          batchSize: 10,
        },
      },
    ],
  },
  {
    name: 'naseej-events-to-notifications',
    description:
      'Events that tell someone something awaits them, to the notifications consumer (workspace and e-mail)',
    eventPattern: { source: [NASEEJ_SOURCE], 'detail-type': [...NOTIFYING_EVENT_TYPES] },
    targets: [
      {
        id: NOTIFICATIONS_TARGET,
        kind: 'notification',
        description: 'Tells each recipient once (a claim per event and recipient), in their language',
        retry: { maxAttempts: 20, maxEventAgeSeconds: 24 * 60 * 60 },
        deadLetter: true,
        // SES refuses past its sending rate or daily quota and asks to retry within 10 minutes: 10
        // receives 2 minutes apart span 20 minutes before a message is parked.
        queue: {
          maxReceiveCount: 10,
          visibilityTimeoutSeconds: 120,
          retentionSeconds: 4 * 24 * 60 * 60,
          batchSize: 10,
        },
      },
    ],
  },
];

const NAME = /^[.\-_A-Za-z0-9]{1,64}$/;
const MAX_TARGETS_PER_RULE = 5;

/** Lists what EventBridge (or the local bus) would refuse in a rule set; empty means deployable. */
export const validateRules = (ruleSet: readonly BusRule[]): readonly string[] => {
  const problems: string[] = [];
  const ruleNames = new Set<string>();
  const targetIds = new Set<string>();
  for (const rule of ruleSet) {
    if (!NAME.test(rule.name))
      problems.push(`rule name ${JSON.stringify(rule.name)} is not a valid EventBridge name`);
    if (ruleNames.has(rule.name)) problems.push(`rule name ${rule.name} is used twice`);
    ruleNames.add(rule.name);
    for (const problem of validatePattern(rule.eventPattern)) {
      problems.push(`rule ${rule.name}: pattern ${problem.path || '(root)'}: ${problem.message}`);
    }
    if (rule.targets.length === 0 || rule.targets.length > MAX_TARGETS_PER_RULE) {
      problems.push(`rule ${rule.name} has ${rule.targets.length} targets; EventBridge takes 1 to 5`);
    }
    for (const target of rule.targets) {
      if (!NAME.test(target.id))
        problems.push(`target id ${JSON.stringify(target.id)} is not a valid EventBridge id`);
      if (targetIds.has(target.id)) problems.push(`target id ${target.id} is used twice`);
      targetIds.add(target.id);
      const { maxAttempts, maxEventAgeSeconds } = target.retry;
      if (!Number.isInteger(maxAttempts) || maxAttempts < 1 || maxAttempts > 186) {
        problems.push(`target ${target.id}: maxAttempts ${maxAttempts} is outside 1–186`);
      }
      if (!Number.isInteger(maxEventAgeSeconds) || maxEventAgeSeconds < 60 || maxEventAgeSeconds > 86_400) {
        problems.push(`target ${target.id}: maxEventAgeSeconds ${maxEventAgeSeconds} is outside 60–86400`);
      }
      problems.push(...queueProblems(target));
    }
  }
  return problems;
};

const inRange = (value: number, low: number, high: number): boolean =>
  Number.isInteger(value) && value >= low && value <= high;

/**
 * What SQS would refuse in a target's queue, and what would lose events: no dead-letter queue, or
 * a retention shorter than the receives can take (SQS deletes a message past its retention even
 * if it never reached the dead-letter queue).
 */
const queueProblems = (target: RuleTarget): string[] => {
  const problems: string[] = [];
  const { queue } = target;
  if (queue === undefined) {
    return [
      `target ${target.id} has no queue: a Lambda invoked asynchronously retries twice, then drops the event`,
    ];
  }
  if (!target.deadLetter)
    problems.push(`target ${target.id} has no dead-letter queue: what fails would be lost`);
  if (!inRange(queue.maxReceiveCount, 1, 1_000)) {
    problems.push(`target ${target.id}: maxReceiveCount ${queue.maxReceiveCount} is outside 1–1000`);
  }
  if (!inRange(queue.visibilityTimeoutSeconds, 0, 43_200)) {
    problems.push(
      `target ${target.id}: visibilityTimeoutSeconds ${queue.visibilityTimeoutSeconds} is outside 0–43200`,
    );
  }
  if (!inRange(queue.retentionSeconds, 60, 1_209_600)) {
    problems.push(`target ${target.id}: retentionSeconds ${queue.retentionSeconds} is outside 60–1209600`);
  }
  const window = queue.maxBatchingWindowSeconds ?? 0;
  if (!inRange(window, 0, 300)) {
    problems.push(`target ${target.id}: maxBatchingWindowSeconds ${window} is outside 0–300`);
  }
  if (!inRange(queue.batchSize, 1, window > 0 ? 10_000 : 10)) {
    problems.push(
      `target ${target.id}: batchSize ${queue.batchSize} is outside 1–${window > 0 ? '10000' : '10 (more needs a batching window)'}`,
    );
  }
  if (queue.maxConcurrency !== undefined && !inRange(queue.maxConcurrency, 2, 1_000)) {
    problems.push(`target ${target.id}: maxConcurrency ${queue.maxConcurrency} is outside 2–1000`);
  }
  if (queue.retentionSeconds <= queue.maxReceiveCount * queue.visibilityTimeoutSeconds) {
    problems.push(
      `target ${target.id}: a message kept ${queue.retentionSeconds} s can expire before its ${queue.maxReceiveCount} receives of ${queue.visibilityTimeoutSeconds} s reach the dead-letter queue`,
    );
  }
  return problems;
};
