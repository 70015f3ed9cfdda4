import { describe, expect, it } from 'vitest';
import { toBusEvent } from '../../../../../functions/application/bus/event-shape.js';
import { matchesPattern } from '../../../../../functions/application/bus/pattern.js';
import {
  type BusRule,
  PROJECTIONS_TARGET,
  type RuleTarget,
  rules,
  validateRules,
  WEBHOOK_DISPATCHER_TARGET,
  WORKFLOW_CALLBACK_EVENT_TYPES,
  WORKFLOW_CALLBACK_TARGET,
} from '../../../../../functions/application/bus/rules.js';
import { busEvent, storedEvent } from '../../../../support/bus-events.js';

describe('the bus event shape', () => {
  it('is the EventBridge event: source naseej, detail-type the type, the envelope in detail', () => {
    // Prepare
    const stored = storedEvent({
      eventId: 'e-42',
      type: 'AgreementSigned',
      recordedAt: '2026-04-01T10:00:00.000Z',
    });
    // Act
    const event = toBusEvent(stored, { account: '123456789012', region: 'eu-west-3' });
    // Assess
    expect(event).toEqual({
      version: '0',
      id: 'e-42',
      'detail-type': 'AgreementSigned',
      source: 'naseej',
      account: '123456789012',
      time: '2026-04-01T10:00:00.000Z',
      region: 'eu-west-3',
      resources: [],
      detail: stored,
    });
  });
});

describe('the shared rule set', () => {
  it('is valid for EventBridge and for the local bus', () => {
    expect(validateRules(rules)).toEqual([]);
  });

  it('sends every Naseej event to the webhook dispatcher and to the projections', () => {
    const targets = rules
      .filter((rule) => matchesPattern(rule.eventPattern, busEvent()))
      .flatMap((rule) => rule.targets);
    expect(targets.map((target) => target.id)).toEqual(
      expect.arrayContaining([PROJECTIONS_TARGET, WEBHOOK_DISPATCHER_TARGET]),
    );
  });

  it('wakes parked workflows only with the events that complete a phase', () => {
    const targetsOf = (type: string) =>
      rules
        .filter((rule) => matchesPattern(rule.eventPattern, { ...busEvent(), 'detail-type': type }))
        .flatMap((rule) => rule.targets.map((target) => target.id));
    for (const type of WORKFLOW_CALLBACK_EVENT_TYPES)
      expect(targetsOf(type)).toContain(WORKFLOW_CALLBACK_TARGET);
    expect(targetsOf('AttendanceRecorded')).not.toContain(WORKFLOW_CALLBACK_TARGET);
  });

  it('gives every target an explicit retry policy, a queue and a dead-letter queue', () => {
    for (const target of rules.flatMap((rule) => rule.targets)) {
      expect(target.retry.maxAttempts).toBeGreaterThan(1);
      expect(target.deadLetter).toBe(true);
      expect(target.queue.maxReceiveCount).toBeGreaterThan(1);
    }
  });

  it('refuses a target a Lambda would take asynchronously (no queue), or with no dead-letter queue', () => {
    // Prepare: as the projections target was: EventBridge → Lambda, whose async queue retries
    // twice and then drops the event.
    const asynchronous = {
      id: 'async',
      kind: 'lambda' as const,
      description: '',
      retry: { maxAttempts: 20, maxEventAgeSeconds: 86_400 },
      deadLetter: true,
    } as unknown as RuleTarget;
    const queued: RuleTarget = {
      ...asynchronous,
      id: 'queued',
      deadLetter: false,
      queue: { maxReceiveCount: 10, visibilityTimeoutSeconds: 600, retentionSeconds: 3_600, batchSize: 20 },
    };
    const rule = (targets: RuleTarget[]): BusRule => ({
      name: 'r',
      description: '',
      eventPattern: { source: ['naseej'] },
      targets,
    });

    // Act
    const problems = validateRules([rule([asynchronous, queued])]);

    // Assess
    expect(problems).toEqual([
      'target async has no queue: a Lambda invoked asynchronously retries twice, then drops the event',
      'target queued has no dead-letter queue: what fails would be lost',
      'target queued: batchSize 20 is outside 1–10 (more needs a batching window)',
      'target queued: a message kept 3600 s can expire before its 10 receives of 600 s reach the dead-letter queue',
    ]);
  });

  it('refuses what EventBridge would refuse', () => {
    // Prepare
    const target = {
      id: 'x',
      kind: 'lambda' as const,
      description: '',
      retry: { maxAttempts: 1, maxEventAgeSeconds: 60 },
      deadLetter: false,
      queue: { maxReceiveCount: 3, visibilityTimeoutSeconds: 30, retentionSeconds: 3_600, batchSize: 10 },
    };
    const broken: BusRule[] = [
      {
        name: 'bad name!',
        description: '',
        eventPattern: { source: [{ cidr: '10.0.0.0/8' }] },
        targets: [target],
      },
      {
        name: 'ok',
        description: '',
        eventPattern: { source: ['naseej'] },
        targets: [{ ...target, retry: { maxAttempts: 0, maxEventAgeSeconds: 10 } }],
      },
    ];
    // Act
    const problems = validateRules(broken);
    // Assess
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining('not a valid EventBridge name'),
        expect.stringContaining('cidr'),
        expect.stringContaining('target id x is used twice'),
        expect.stringContaining('maxAttempts 0'),
        expect.stringContaining('maxEventAgeSeconds 10'),
      ]),
    );
  });
});
