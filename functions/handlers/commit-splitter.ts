import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { commitFromItem, storedEventsOf } from '../store/item-layout.js';
import type { StoredEvent } from '../store/port.js';

// The enrichment of the event store Pipe: the stream delivers commits (one item holds every event
// of one decision); the bus must carry domain events, one per entry, as the local change feed
// publishes them. The pipe sends each element of the returned array as its own bus event, with
// detail-type `$.type` and time `$.recordedAt` (infra/constructs/event-store-pipe.ts).

/** A DynamoDB stream record as the Pipe hands it to its enrichment (after its filter). */
export interface CommitStreamRecord {
  readonly eventName?: string;
  readonly dynamodb?: { readonly NewImage?: Record<string, AttributeValue> };
}

/** Splits a batch of commit records into the envelopes of their events, in order. */
export const splitCommits = (records: readonly CommitStreamRecord[]): StoredEvent[] =>
  records.flatMap((record) => {
    const image = record.dynamodb?.NewImage;
    if (record.eventName !== 'INSERT' || image === undefined) return [];
    return storedEventsOf(commitFromItem(image));
  });

/** The Lambda entry of the Pipe's enrichment (CDK bundles this module). */
export const handler = async (records: readonly CommitStreamRecord[]): Promise<StoredEvent[]> =>
  splitCommits(records);
