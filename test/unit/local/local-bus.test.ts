import { describe, expect, it } from 'vitest';
import { type PutEventsEntry, toPutEventsEntry } from '../../../functions/adapters/eventbridge/put-events.js';
import { isDeadLetterNotFoundError } from '../../../functions/application/bus/errors.js';
import type { BusEvent } from '../../../functions/application/bus/event-shape.js';
import type { BusRule, RuleTarget } from '../../../functions/application/bus/rules.js';
import { LocalBus, type LocalBusOptions } from '../../../local/bus.js';
import { busEvent, storedEvent } from '../../support/bus-events.js';

const target = (id: string, overrides: Partial<RuleTarget> = {}): RuleTarget => ({
  id,
  kind: 'lambda',
  description: `target ${id}`,
  // EventBridge's retries of the put onto the queue: not the consumer's tries, which are the
  // queue's receives (3 here).
  retry: { maxAttempts: 10, maxEventAgeSeconds: 3_600 },
  deadLetter: true,
  queue: { maxReceiveCount: 3, visibilityTimeoutSeconds: 30, retentionSeconds: 3_600, batchSize: 10 },
  ...overrides,
});

const testRules: readonly BusRule[] = [
  {
    name: 'grants',
    description: 'grant events',
    eventPattern: { 'detail-type': [{ prefix: 'Tranche' }] },
    targets: [target('ledger')],
  },
  {
    name: 'everything',
    description: 'all events',
    eventPattern: { source: ['naseej'] },
    targets: [target('audit')],
  },
];

/** A bus on a fixed clock that records its waits instead of sleeping. */
const testBus = (options: Partial<LocalBusOptions> = {}) => {
  const waits: number[] = [];
  const bus = new LocalBus({
    rules: testRules,
    clock: () => new Date('2026-03-01T09:00:05.000Z'),
    sleep: async (milliseconds) => {
      waits.push(milliseconds);
    },
    backoff: { baseDelayMs: 10, maxDelayMs: 15 },
    ...options,
  });
  return { bus, waits };
};

/** A handler that fails `failures` times, then succeeds; records every call. */
const flaky = (failures: number) => {
  const calls: BusEvent[] = [];
  const handler = async (event: BusEvent) => {
    calls.push(event);
    if (calls.length <= failures) throw new Error(`failure ${calls.length}`);
  };
  return { calls, handler };
};

describe('the local bus', () => {
  it('delivers an event to the targets of every matching rule, and only those', async () => {
    // Prepare
    const { bus } = testBus();
    const ledger = flaky(0);
    const audit = flaky(0);
    bus.register('ledger', ledger.handler);
    bus.register('audit', audit.handler);
    // Act
    const reports = await bus.publish(busEvent({ type: 'RolloutLaunched' }));
    // Assess
    expect(reports).toEqual([
      { ruleName: 'everything', targetId: 'audit', outcome: 'delivered', attempts: 1 },
    ]);
    expect(audit.calls).toHaveLength(1);
    expect(ledger.calls).toHaveLength(0);
  });

  it('retries with exponential, bounded backoff until the target takes the event', async () => {
    // Prepare
    const { bus, waits } = testBus();
    const ledger = flaky(2);
    bus.register('ledger', ledger.handler);
    bus.register('audit', async () => {});
    // Act
    const reports = await bus.publish(busEvent({ type: 'TranchePaid' }));
    // Assess
    expect(reports).toContainEqual({
      ruleName: 'grants',
      targetId: 'ledger',
      outcome: 'delivered',
      attempts: 3,
    });
    expect(waits).toEqual([10, 15]);
    expect(await bus.listDeadLetters()).toEqual([]);
  });

  it('parks what still fails after the last attempt, with the reason', async () => {
    // Prepare
    const { bus } = testBus();
    const ledger = flaky(99);
    bus.register('ledger', ledger.handler);
    bus.register('audit', async () => {});
    const event = busEvent({ eventId: 'e-7', type: 'TrancheApproved' });
    // Act
    const reports = await bus.publish(event);
    // Assess
    expect(reports).toContainEqual({
      ruleName: 'grants',
      targetId: 'ledger',
      outcome: 'parked',
      attempts: 3,
      reason: 'failed',
    });
    expect(ledger.calls).toHaveLength(3);
    expect(await bus.listDeadLetters()).toEqual([
      expect.objectContaining({
        id: 'ledger/e-7',
        targetId: 'ledger',
        // As EventBridge delivers it: its own id, time to the second, the envelope as published.
        event: expect.objectContaining({
          'detail-type': 'TrancheApproved',
          time: '2026-03-01T09:00:00Z',
          detail: event.detail,
        }),
        attempts: 3,
        lastError: 'Error: failure 3',
      }),
    ]);
  });

  it('replays a parked event once the target is fixed, and unparks it', async () => {
    // Prepare
    const { bus } = testBus();
    let broken = true;
    const received: string[] = [];
    bus.register('ledger', async (event) => {
      if (broken) throw new Error('down');
      received.push(event.detail.eventId);
    });
    bus.register('audit', async () => {});
    await bus.publish(busEvent({ eventId: 'e-8', type: 'TranchePaid' }));
    broken = false;
    // Act
    const report = await bus.replay('ledger/e-8');
    // Assess
    expect(report).toEqual({ ruleName: 'grants', targetId: 'ledger', outcome: 'delivered', attempts: 1 });
    expect(received).toEqual(['e-8']);
    expect(await bus.listDeadLetters()).toEqual([]);
  });

  it('keeps a dead letter parked, with its attempts counted, when a replay fails again', async () => {
    // Prepare
    const { bus } = testBus();
    bus.register('ledger', async () => {
      throw new Error('still down');
    });
    bus.register('audit', async () => {});
    await bus.publish(busEvent({ eventId: 'e-9', type: 'TranchePaid' }));
    // Act
    const reports = await bus.replayAll();
    // Assess
    expect(reports).toEqual([expect.objectContaining({ outcome: 'parked', attempts: 3 })]);
    expect(await bus.listDeadLetters()).toEqual([expect.objectContaining({ id: 'ledger/e-9', attempts: 6 })]);
  });

  it('refuses to replay what is not parked', async () => {
    const { bus } = testBus();
    await expect(bus.replay('ledger/unknown')).rejects.toSatisfy(isDeadLetterNotFoundError);
  });

  it('parks an event whose retries outlast the target’s maximum age, counted from publishing', async () => {
    // Prepare: each reading of the clock is 20 minutes later; the target allows one hour
    let readings = 0;
    const { bus } = testBus({ clock: () => new Date(Date.UTC(2026, 2, 1, 9, 20 * readings++)) });
    const ledger = flaky(99);
    bus.register('ledger', ledger.handler);
    bus.register('audit', async () => {});
    // Act: an event recorded long ago is still delivered when it reaches the bus
    const reports = await bus.publish(
      busEvent({ type: 'TranchePaid', recordedAt: '2025-01-01T00:00:00.000Z' }),
    );
    // Assess
    expect(ledger.calls.length).toBeGreaterThan(0);
    expect(reports).toContainEqual(
      expect.objectContaining({ targetId: 'ledger', outcome: 'parked', reason: 'expired' }),
    );
  });

  it('parks events for a target with no handler, or skips them when told to', async () => {
    // Prepare
    const parking = testBus().bus;
    const skipping = testBus({ onMissingHandler: 'skip' }).bus;
    // Act
    const parked = await parking.publish(busEvent());
    const skipped = await skipping.publish(busEvent());
    // Assess
    expect(parked).toEqual([
      expect.objectContaining({ targetId: 'audit', outcome: 'parked', reason: 'no-handler' }),
    ]);
    expect(skipped).toEqual([expect.objectContaining({ targetId: 'audit', outcome: 'skipped' })]);
    expect(await skipping.listDeadLetters()).toEqual([]);
  });

  it('refuses a target that keeps no dead letters: nothing a consumer fails on may be lost', () => {
    // Prepare
    const rules: BusRule[] = [
      {
        name: 'r',
        description: '',
        eventPattern: { source: ['naseej'] },
        targets: [target('t', { deadLetter: false })],
      },
    ];
    // Act
    const starting = () => testBus({ rules });
    // Assess
    expect(starting).toThrow('target t has no dead-letter queue: what fails would be lost');
  });

  it('hands a page to each target as the events it matches, in order, in one batch', async () => {
    // Prepare
    const { bus } = testBus();
    const batches: Record<string, string[][]> = { ledger: [], audit: [] };
    for (const id of ['ledger', 'audit'] as const) {
      bus.register(
        id,
        async () => {
          throw new Error('the batch handler is used');
        },
        async (events) => {
          batches[id]?.push(events.map((event) => event['detail-type']));
        },
      );
    }
    const page = ['RolloutLaunched', 'TrancheRequested', 'TranchePaid'].map((type) => busEvent({ type }));
    // Act
    const reports = await bus.publishBatch(page);
    // Assess
    expect(batches).toEqual({
      ledger: [['TrancheRequested', 'TranchePaid']],
      audit: [['RolloutLaunched', 'TrancheRequested', 'TranchePaid']],
    });
    expect(reports.filter((report) => report.outcome === 'delivered')).toHaveLength(5);
  });

  it('delivers each event of a failed batch alone, parking only the one that keeps failing', async () => {
    // Prepare: the ledger's batch fails; alone, the paid tranche fails every time
    const { bus } = testBus();
    const taken: string[] = [];
    bus.register(
      'ledger',
      async (event) => {
        if (event['detail-type'] === 'TranchePaid') throw new Error('ledger refused');
        taken.push(event['detail-type']);
      },
      async () => {
        throw new Error('batch refused');
      },
    );
    bus.register('audit', async () => {});
    const page = ['TrancheRequested', 'TranchePaid', 'TrancheApproved'].map((type) => busEvent({ type }));
    // Act
    const reports = await bus.publishBatch(page);
    // Assess
    expect(taken).toEqual(['TrancheRequested', 'TrancheApproved']);
    expect(reports.filter((report) => report.targetId === 'ledger').map((report) => report.outcome)).toEqual([
      'delivered',
      'parked',
      'delivered',
    ]);
    const parked = await bus.listDeadLetters();
    expect(parked.map((letter) => letter.event['detail-type'])).toEqual(['TranchePaid']);
  });

  it('refuses a handler for a target no rule names', () => {
    const { bus } = testBus();
    expect(() => bus.register('ledgr', async () => {})).toThrow(/No rule has a target "ledgr"/);
  });

  describe('as EventBridge takes events (PutEvents)', () => {
    const entries = (count: number, dataBytes = 10): PutEventsEntry[] =>
      Array.from({ length: count }, (_, index) =>
        toPutEventsEntry(
          storedEvent({
            eventId: `e-${index + 1}`,
            version: index + 1,
            data: { text: 'x'.repeat(dataBytes) },
          }),
        ),
      );

    it('refuses a request of 11 entries whole, as PutEvents does, and delivers nothing', async () => {
      // Prepare
      const { bus } = testBus();
      const audit = flaky(0);
      bus.register('audit', audit.handler);

      // Act
      const putting = bus.putEvents(entries(11));

      // Assess
      await expect(putting).rejects.toMatchObject({
        name: 'ValidationException',
        message: 'A PutEvents request takes 1 to 10 entries, not 11',
      });
      expect(audit.calls).toEqual([]);
    });

    it('refuses a request whose entries total more than 256 KB, and takes one of 256 KB', async () => {
      // Prepare: the entry of an event with no text, then texts that bring two entries to
      // 262,145 and 262,144 bytes.
      const { bus } = testBus();
      bus.register('audit', async () => {});
      const [empty] = entries(1, 0);
      const base = (empty?.Detail.length ?? 0) + 'naseej'.length + 'RolloutLaunched'.length + 14;
      const over = entries(2, Math.ceil((262_145 - 2 * base) / 2));
      const exact = entries(2, (262_144 - 2 * base) / 2);

      // Act
      const refused = bus.putEvents(over);
      const taken = await bus.putEvents(exact);

      // Assess
      await expect(refused).rejects.toMatchObject({ name: 'ValidationException' });
      expect(taken.FailedEntryCount).toBe(0);
    });

    it('gives each accepted entry its own id, as EventBridge does, not the envelope eventId', async () => {
      // Prepare
      let next = 0;
      const { bus } = testBus({ newEventId: () => `eb-${++next}` });
      const audit = flaky(0);
      bus.register('audit', audit.handler);

      // Act
      const result = await bus.putEvents(entries(2));

      // Assess
      expect(result.Entries).toEqual([{ EventId: 'eb-1' }, { EventId: 'eb-2' }]);
      expect(audit.calls.map((event) => [event.id, event.detail.eventId])).toEqual([
        ['eb-1', 'e-1'],
        ['eb-2', 'e-2'],
      ]);
    });

    it('publishes a page of 25 events, and one of about 300 KB, each event once to each target', async () => {
      // Prepare: a 25-event commit and a 6-event commit of about 50 KB an event.
      const { bus } = testBus();
      const audit = flaky(0);
      bus.register('audit', audit.handler);
      const many = Array.from({ length: 25 }, (_, index) =>
        busEvent({ eventId: `m-${index + 1}`, version: index + 1 }),
      );
      const large = Array.from({ length: 6 }, (_, index) =>
        busEvent({
          eventId: `l-${index + 1}`,
          streamId: 's-large',
          version: index + 1,
          data: { text: 'y'.repeat(50_000) },
        }),
      );

      // Act
      await bus.publishBatch(many);
      await bus.publishBatch(large);

      // Assess
      expect(audit.calls.map((event) => event.detail.eventId)).toEqual([
        ...Array.from({ length: 25 }, (_, index) => `m-${index + 1}`),
        ...Array.from({ length: 6 }, (_, index) => `l-${index + 1}`),
      ]);
    });
  });
});
