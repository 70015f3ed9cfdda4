import { type AttributeValue, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDbEventStore } from '../../functions/adapters/dynamodb/event-store.js';
import { GLOBAL_ORDER_INDEX } from '../../functions/adapters/dynamodb/table-definition.js';
import type { AppendRequest } from '../../functions/application/ports/event-store.js';
import type { DynaliteServer } from '../../local/dynalite/server.js';
import { createFreshEventStoreTable } from './dynalite.js';

/**
 * A client of `endpoint` whose queries of the global-order index do not see the items `hidden`
 * picks, as long as it picks them: the stand-in for a DynamoDB global secondary index that shows a
 * commit late. DynamoDB promises no bound on index propagation
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.ReadConsistency.html:
 * all reads from global secondary indexes are eventually consistent), and
 * dynalite writes the index with the item, so without this no local test could see a late one.
 */
export const lateIndexClient = (
  endpoint: string,
  hidden: (item: Record<string, AttributeValue>) => boolean,
): DynamoDBClient => {
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      const input = args.input as { IndexName?: string };
      if (context.commandName === 'QueryCommand' && input.IndexName === GLOBAL_ORDER_INDEX) {
        const output = result.output as { Items?: Record<string, AttributeValue>[]; Count?: number };
        if (output.Items !== undefined) {
          output.Items = output.Items.filter((item) => !hidden(item));
          output.Count = output.Items.length;
        }
      }
      return result;
    },
    { step: 'initialize', name: 'lateGlobalIndex' },
  );
  return client;
};

/** When the late-commit given starts: its commits are appended at T0 + 0 s, 1 s and 2 s. */
export const LATE_T0 = Date.parse('2026-03-01T09:00:00.000Z');

/** A commit of one RolloutLaunched, the first of `streamId`. */
export const firstCommitOf = (streamId: string): AppendRequest => ({
  streamId,
  expectedVersion: 'no-stream',
  events: [{ type: 'RolloutLaunched', schemaVersion: 1, data: {} }],
  metadata: { actor: { id: 'ministry-1', role: 'ministry' }, correlationId: 'c-1', causationId: null },
});

/**
 * The late-commit given, on a fresh table of `dynamo` with AWS's settle bound (60 s): commits of
 * streams a (at 0 s), late (at 1 s) and b (at 2 s), through a client whose index hides `late`
 * until 100 s. Reports of late commits (`onLateCommit`) go to `late`; `at(ms)` moves the clock to
 * T0 + ms. Destroy `client` at the end.
 */
export const givenALateCommit = async (dynamo: DynaliteServer) => {
  const tableName = await createFreshEventStoreTable(dynamo);
  let now = LATE_T0;
  const clock = () => new Date(now);
  const client = lateIndexClient(dynamo.endpoint, (item) => item.pk?.S === 'late' && now < LATE_T0 + 100_000);
  const late: { key: string; lateByMs: number }[] = [];
  const onLateCommit = (report: { key: string; lateByMs: number }) => late.push(report);
  const store = new DynamoDbEventStore({ client, tableName, clock, settleMs: 60_000, onLateCommit });
  const at = (ms: number) => {
    now = LATE_T0 + ms;
  };
  for (const [streamId, ms] of [
    ['a', 0],
    ['late', 1_000],
    ['b', 2_000],
  ] as const) {
    at(ms);
    await store.append(firstCommitOf(streamId));
  }
  return { tableName, clock, client, store, late, onLateCommit, at };
};
