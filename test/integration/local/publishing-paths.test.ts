import { randomUUID } from 'node:crypto';
import { EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEventStoreTable } from '../../../functions/adapters/dynamodb/create-table.js';
import { DynamoDbEventStore } from '../../../functions/adapters/dynamodb/event-store.js';
import {
  checkPutEventsRequest,
  type PutEventsEntry,
} from '../../../functions/adapters/eventbridge/put-events.js';
import type { BusEvent } from '../../../functions/application/bus/event-shape.js';
import { matchesPattern } from '../../../functions/application/bus/pattern.js';
import { rules } from '../../../functions/application/bus/rules.js';
import type { AppendRequest } from '../../../functions/application/ports/event-store.js';
import {
  type CommitStreamRecord,
  handler as commitSplitter,
} from '../../../functions/handlers/commit-splitter.js';
import { InMemoryCheckpointStore } from '../../../local/bus/checkpoints.js';
import { LocalBus } from '../../../local/bus.js';
import { ChangeFeed } from '../../../local/change-feed.js';
import { enableStream, readStreamRecords } from '../../support/dynamodb-local-streams.js';
import {
  type DynamoDbLocal,
  dynamoDbLocalUnavailableReason,
  startDynamoDbLocal,
} from '../../support/reliability-dynamodb-local.js';

// A commit of 25 events and one of about 200 KB, from the store to every consumer, on both paths:
// on AWS (the table's stream, read from AWS's DynamoDB Local, through the commit splitter to a
// PutEvents that refuses what EventBridge refuses, then the shared rules) and locally (the change
// feed and the local bus). Every event reaches every consumer whose rule matches it, once.

const unavailable = dynamoDbLocalUnavailableReason();

const metadata = {
  actor: { id: 'ministry-1', role: 'ministry' as const },
  correlationId: 'c-1',
  causationId: null,
};

/** ModuleCompleted matches every rule: the dispatcher's, the projections', the workflow callbacks'. */
const commit = (streamId: string, count: number, text: string): AppendRequest => ({
  streamId,
  expectedVersion: 'no-stream',
  events: Array.from({ length: count }, (_, index) => ({
    type: 'ModuleCompleted',
    schemaVersion: 1,
    data: { moduleNumber: index + 1, text },
  })),
  metadata,
});

// Every target whose rule takes the written events (ModuleCompleted): the notifications rule takes only
// the event types that tell someone something awaits them, and ModuleCompleted is not one of them.
const targetIds = rules
  .filter((rule) => rule.name !== 'naseej-events-to-notifications')
  .flatMap((rule) => rule.targets.map((target) => target.id))
  .sort();

if (unavailable !== undefined) {
  describe('publishing a large commit on both paths', () => {
    it('does not run here', () => {
      console.warn(`DynamoDB Local tests not run: ${unavailable}`);
      expect(unavailable).toBeTruthy();
    });
  });
} else {
  describe('publishing a large commit on both paths', () => {
    let local: DynamoDbLocal;
    let store: DynamoDbEventStore;
    let streamArn: string;
    let written: string[];

    beforeAll(async () => {
      // Prepare: a table with its stream on, as the CDK table has; the two commits.
      local = await startDynamoDbLocal();
      const tableName = `events-${randomUUID()}`;
      await createEventStoreTable(local.client, tableName);
      streamArn = await enableStream(local, tableName);
      store = new DynamoDbEventStore({ client: local.client, tableName, settleMs: 10_000 });
      const many = await store.append(commit('association-many', 25, ''));
      const large = await store.append(commit('association-large', 4, 'x'.repeat(50_000)));
      written = [...many.events, ...large.events].map((event) => event.eventId);
    }, 120_000);

    afterAll(async () => {
      await local?.stop();
    });

    it('on AWS: the stream records, through the splitter and PutEvents, reach every target once', async () => {
      // Prepare: EventBridge as documented: 1–10 entries, 256 KB, else the request is refused.
      const eventBridge = mockClient(EventBridgeClient);
      const accepted: PutEventsRequestEntry[] = [];
      const requests: number[] = [];
      eventBridge.on(PutEventsCommand).callsFake((input: { Entries: PutEventsEntry[] }) => {
        const problem = checkPutEventsRequest(input.Entries);
        if (problem !== undefined) throw Object.assign(new Error(problem), { name: 'ValidationException' });
        requests.push(input.Entries.length);
        accepted.push(...input.Entries);
        return { FailedEntryCount: 0, Entries: input.Entries.map(() => ({ EventId: randomUUID() })) };
      });
      process.env.NASEEJ_EVENT_BUS_NAME = 'naseej-test';
      const records = (await readStreamRecords(local, streamArn)) as unknown as CommitStreamRecord[];

      // Act: the pipe hands the records to the splitter in batches of 10.
      try {
        for (let start = 0; start < records.length; start += 10) {
          await commitSplitter(records.slice(start, start + 10));
        }
      } finally {
        eventBridge.restore();
        delete process.env.NASEEJ_EVENT_BUS_NAME;
      }

      // Assess: the rules route each accepted entry; every target gets each event once.
      expect(requests.every((size) => size <= 10)).toBe(true);
      const received = new Map<string, string[]>(targetIds.map((id) => [id, []]));
      for (const entry of accepted) {
        const detail = JSON.parse(entry.Detail ?? '{}') as { eventId: string };
        const event = { source: entry.Source, 'detail-type': entry.DetailType, detail };
        for (const rule of rules) {
          if (!matchesPattern(rule.eventPattern, event)) continue;
          for (const target of rule.targets) received.get(target.id)?.push(detail.eventId);
        }
      }
      for (const id of targetIds) expect(received.get(id)?.sort(), id).toEqual([...written].sort());
    }, 60_000);

    it('locally: the change feed and the local bus give every target each event once', async () => {
      // Prepare
      const bus = new LocalBus();
      const received = new Map<string, string[]>(targetIds.map((id) => [id, []]));
      for (const id of targetIds) {
        bus.register(id, async (event: BusEvent) => {
          received.get(id)?.push(event.detail.eventId);
        });
      }
      const feed = new ChangeFeed({
        store,
        checkpoints: new InMemoryCheckpointStore(),
        publish: { batch: (events) => bus.publishBatch(events) },
      });

      // Act
      await feed.drain();

      // Assess
      for (const id of targetIds) expect(received.get(id)?.sort(), id).toEqual([...written].sort());
      expect(await bus.listDeadLetters()).toEqual([]);
    }, 60_000);
  });
}
