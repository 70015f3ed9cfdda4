import { describe, expect, it } from 'vitest';
import type { CommitMetadata } from '../../../../../events/envelope.js';
import { DynamoDbEventStore } from '../../../../../functions/adapters/dynamodb/event-store.js';
import { COMMAND_ID_INDEX } from '../../../../../functions/adapters/dynamodb/table-definition.js';
import type { AppendRequest, StoredEvent } from '../../../../../functions/application/ports/event-store.js';
import { createFreshEventStoreTable, dynaliteForTheFile } from '../../../../support/dynalite.js';
import { gatedClient } from '../../../../support/reliability-gated-client.js';

const metadata: CommitMetadata = {
  actor: { id: 'finance-officer-7', role: 'finance-payer' },
  correlationId: 'race',
  causationId: null,
};

const dynamo = dynaliteForTheFile();

describe("DynamoDbEventStore: two retries of one command with 'any', one frozen between its reads", () => {
  // Found by this suite (docs/reliability.md, "Idempotent retries"): `append` looked the command id
  // up once, BEFORE it read the head for 'any'. A retry frozen between that look-up and its head
  // read, while the other retry committed, then read the new head and committed the command a
  // second time. The look-up must come after the head is read, on every attempt.
  it('stores the command once', async () => {
    // Prepare: writer B's client holds B just after its command-id look-up came back empty
    const tableName = await createFreshEventStoreTable(dynamo);
    const writerA = new DynamoDbEventStore({ client: dynamo.client, tableName });
    await writerA.append({
      streamId: 'grant-42',
      expectedVersion: 'no-stream',
      events: [{ type: 'GrantAwarded', schemaVersion: 1, data: {} }],
      metadata,
    });
    // The look-up is the command-id index, or (ADR 0110) the read of the commits after the ones
    // it keeps, which for a stream it never read is the whole of this short stream.
    const { client, gate } = gatedClient(
      dynamo.endpoint,
      (commandName, input) =>
        commandName === 'QueryCommand' &&
        (input.IndexName === COMMAND_ID_INDEX || input.KeyConditionExpression === 'pk = :pk AND sk > :sk'),
    );
    const writerB = new DynamoDbEventStore({ client, tableName });
    const payTranche: AppendRequest = {
      streamId: 'grant-42',
      expectedVersion: 'any',
      events: [{ type: 'TranchePaid', schemaVersion: 1, data: { tranche: 1 } }],
      commandId: 'pay-tranche-42-1',
      metadata,
    };

    // Act: B looks up the command (nothing yet) and freezes; A commits the command; B goes on
    const frozen = writerB.append(payTranche);
    await gate.reached;
    await writerA.append(payTranche);
    gate.open();
    await frozen;
    client.destroy();

    // Assess
    const stored: StoredEvent[] = [];
    for await (const event of writerA.readStream('grant-42')) stored.push(event);
    expect(stored.filter((event) => event.type === 'TranchePaid')).toHaveLength(1);
  });
});
