import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { commitFromItem, looksLikeCommitItem, storedEventsOf } from '../adapters/dynamodb/item-layout.js';
import {
  type PublishEntriesOptions,
  publishEntries,
  type SendPutEvents,
  toPutEventsEntry,
} from '../adapters/eventbridge/put-events.js';
import type { StoredEvent } from '../application/ports/event-store.js';
import { EVENT_BUS_NAME_VARIABLE, requiredVariable } from './environment.js';

// The target of the event store Pipe (docs/adr/0051-publishing-with-put-events.md): the stream
// delivers commits (one item holds every event of one decision); the bus must carry domain events,
// one per entry, as the local change feed publishes them (data as stored: an old schema version
// crosses as it is, and readers upcast it, as they do locally). This function publishes them
// itself with PutEvents, in requests of at most 10 entries and 256 KB, and sends again the entries
// EventBridge refuses; the pipe no longer puts anything on the bus, so no commit is ever too many
// events for a target's batch.

/** A DynamoDB stream record as the Pipe hands it to its target (after its filter). */
export interface CommitStreamRecord {
  readonly eventName?: string;
  readonly dynamodb?: { readonly NewImage?: Record<string, AttributeValue> };
}

/**
 * Splits a batch of commit records into the envelopes of their events, in order. Records that are
 * not new commits (an update, a removal, a snapshot or checkpoint item) give nothing; the pipe's
 * filter already keeps them out. A damaged commit throws, so the batch goes to the dead-letter
 * queue rather than losing it.
 */
export const splitCommits = (records: readonly CommitStreamRecord[]): StoredEvent[] =>
  records.flatMap((record) => {
    const image = record.dynamodb?.NewImage;
    if (record.eventName !== 'INSERT' || image === undefined || !looksLikeCommitItem(image)) return [];
    return storedEventsOf(commitFromItem(image));
  });

/**
 * Publishes the events of a batch of commit records on `eventBusName`, in order. Resolves once
 * EventBridge has accepted every entry; throws otherwise, and the pipe retries the batch (then
 * bisects it, then parks it in its dead-letter queue).
 */
export const publishCommits = async (
  records: readonly CommitStreamRecord[],
  send: SendPutEvents,
  eventBusName: string,
  options: PublishEntriesOptions = {},
): Promise<void> => {
  const entries = splitCommits(records).map((event) => toPutEventsEntry(event, eventBusName));
  await publishEntries(entries, send, options);
};

let eventBridge: EventBridgeClient | undefined;

/** The Lambda entry of the Pipe's target (CDK bundles this module). */
export const handler = async (records: readonly CommitStreamRecord[]): Promise<void> => {
  eventBridge ??= new EventBridgeClient({});
  const client = eventBridge;
  await publishCommits(
    records,
    (entries) => client.send(new PutEventsCommand({ Entries: [...entries] })),
    requiredVariable(EVENT_BUS_NAME_VARIABLE),
  );
};
