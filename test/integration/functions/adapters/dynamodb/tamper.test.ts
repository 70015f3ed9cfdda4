import {
  DeleteItemCommand,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { DynamoDbCommitLog } from '../../../../../functions/adapters/dynamodb/commit-log.js';
import { DynamoDbEventStore } from '../../../../../functions/adapters/dynamodb/event-store.js';
import {
  publishedDigests,
  sealSettledDays,
} from '../../../../../functions/adapters/dynamodb/integrity-digest.js';
import {
  verify,
  verifyStore,
  verifyStream,
} from '../../../../../functions/adapters/dynamodb/integrity-verify.js';
import { DynamoDbPersonalDataVault } from '../../../../../functions/adapters/dynamodb/personal-data.js';
import type { RawItem } from '../../../../../functions/application/ports/commit-log.js';
import type { PersonRecord } from '../../../../../functions/application/ports/personal-data.js';
import { createFreshEventStoreTable, dynaliteForTheFile } from '../../../../support/dynalite.js';
import {
  AFTER_HISTORY,
  appendHistory,
  ManualClock,
  sequentialIds,
} from '../../../../support/integrity-history.js';

const SETTLE_MS = 10_000;

const dynamo = dynaliteForTheFile();

describe('tamper evidence on dynalite, with changes made directly to the table', () => {
  let tableName: string;
  let log: DynamoDbCommitLog;
  let clock: ManualClock;

  const keyOf = (streamId: string, version: number) => marshall({ pk: streamId, sk: version });

  const itemAt = async (streamId: string, version: number): Promise<RawItem> => {
    const { Item } = await dynamo.client.send(
      new GetItemCommand({ TableName: tableName, Key: keyOf(streamId, version), ConsistentRead: true }),
    );
    if (!Item) throw new Error(`no item at ${streamId}@${version}`);
    return Item;
  };

  beforeEach(async () => {
    tableName = await createFreshEventStoreTable(dynamo);
    clock = new ManualClock('2026-03-01T09:00:00.000Z');
    const store = new DynamoDbEventStore({
      client: dynamo.client,
      tableName,
      clock: clock.read,
      newId: sequentialIds(),
      settleMs: SETTLE_MS,
      requestTimeoutMs: 2_000,
    });
    log = new DynamoDbCommitLog({ client: dynamo.client, tableName, settleMs: SETTLE_MS });
    await appendHistory(store, clock);
    clock.set(AFTER_HISTORY);
    await sealSettledDays(log, clock.read());
  });

  it('verifies an untouched store, whole and by stream, against the published digests', async () => {
    // Prepare
    const published = await publishedDigests(log);

    // Act
    const whole = await verifyStore(log, { published });
    const stream = await verify(log, { kind: 'stream', streamId: 'call-1' }, { published });

    // Assess
    expect(published.map((digest) => [digest.day, digest.commitCount])).toEqual([
      ['2026-03-01', 4],
      ['2026-03-02', 3],
      ['2026-03-03', 1],
    ]);
    expect(whole).toMatchObject({ ok: true, commitsChecked: 8, daysChecked: 3, problems: [] });
    expect(stream).toMatchObject({ ok: true, commitsChecked: 2, daysChecked: 2 });
  });

  it("catches a commit's data altered with UpdateItem, and names it", async () => {
    // Prepare
    const events = JSON.parse((await itemAt('association-1', 3)).events?.S ?? '[]');
    events[0].data.memberId = 'person-99';

    // Act
    await dynamo.client.send(
      new UpdateItemCommand({
        TableName: tableName,
        Key: keyOf('association-1', 3),
        UpdateExpression: 'SET events = :events',
        ExpressionAttributeValues: marshall({ ':events': JSON.stringify(events) }),
      }),
    );

    // Assess
    expect((await verifyStore(log)).firstProblem).toMatchObject({
      kind: 'altered',
      streamId: 'association-1',
      version: 3,
    });
    expect((await verifyStream(log, 'association-1')).firstProblem).toMatchObject({
      kind: 'altered',
      version: 3,
    });
  });

  it('catches a commit removed with DeleteItem, and names it', async () => {
    // Act
    await dynamo.client.send(new DeleteItemCommand({ TableName: tableName, Key: keyOf('association-1', 2) }));

    // Assess
    expect((await verifyStore(log)).firstProblem).toMatchObject({
      kind: 'missing',
      streamId: 'association-1',
      version: 2,
    });
  });

  it("catches a stream's last commit removed, through its day's digest, and names it", async () => {
    // Act
    await dynamo.client.send(new DeleteItemCommand({ TableName: tableName, Key: keyOf('association-2', 2) }));

    // Assess
    const report = await verifyStore(log, { published: await publishedDigests(log) });
    expect(report.firstProblem).toMatchObject({
      kind: 'missing',
      streamId: 'association-2',
      version: 2,
      day: '2026-03-03',
    });
    expect(report.problems).toContainEqual(
      expect.objectContaining({ kind: 'digest-mismatch', day: '2026-03-03' }),
    );
  });

  it('catches two commits whose versions were swapped, and names the first', async () => {
    // Prepare: each commit is put back under the other's version (keys cannot be updated)
    const second = await itemAt('association-1', 2);
    const third = await itemAt('association-1', 3);

    // Act
    for (const [item, version] of [
      [second, 3],
      [third, 2],
    ] as const) {
      await dynamo.client.send(
        new PutItemCommand({
          TableName: tableName,
          Item: { ...item, sk: { N: String(version) }, lastVersion: { N: String(version) } },
        }),
      );
    }

    // Assess
    const report = await verifyStream(log, 'association-1');
    expect(report.firstProblem).toMatchObject({ kind: 'reordered', streamId: 'association-1', version: 2 });
    expect(report.problems.map((problem) => [problem.kind, problem.version])).toContainEqual([
      'reordered',
      3,
    ]);
  });
});

describe('the personal-data vault on dynalite', () => {
  const person: PersonRecord = {
    personId: 'person-3',
    displayName: { fr: 'Youssef Benali', ar: 'يوسف بنعلي' },
    contact: { phone: '+212 611 111 111' },
  };

  it('keeps names beside the commits and erases them without breaking verification', async () => {
    // Prepare
    const tableName = await createFreshEventStoreTable(dynamo);
    const clock = new ManualClock('2026-03-01T09:00:00.000Z');
    const store = new DynamoDbEventStore({
      client: dynamo.client,
      tableName,
      clock: clock.read,
      settleMs: SETTLE_MS,
      requestTimeoutMs: 2_000,
    });
    const vault = new DynamoDbPersonalDataVault({ client: dynamo.client, tableName, clock: clock.read });
    const log = new DynamoDbCommitLog({ client: dynamo.client, tableName, settleMs: SETTLE_MS });
    await vault.record(person);
    await appendHistory(store, clock);
    clock.set(AFTER_HISTORY);
    await sealSettledDays(log, clock.read());
    const published = await publishedDigests(log);
    expect(await vault.lookup('person-3')).toEqual({ status: 'known', person });

    // Act
    await vault.erase('person-3');

    // Assess
    const { Item } = await dynamo.client.send(
      new GetItemCommand({ TableName: tableName, Key: marshall({ pk: 'person#person-3', sk: 0 }) }),
    );
    expect(JSON.stringify(Item)).not.toContain('Benali');
    expect(await vault.lookup('person-3')).toEqual({
      status: 'erased',
      personId: 'person-3',
      erasedAt: AFTER_HISTORY,
    });
    await expect(vault.record(person)).rejects.toMatchObject({ code: 'PERSON_ERASED' });
    expect(await verifyStore(log, { published })).toMatchObject({ ok: true, commitsChecked: 8 });
  });
});
