import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { commitFromItem, looksLikeCommitItem, storedEventsOf } from '../store/item-layout.js';
import type { StoredEvent } from '../store/port.js';

// The enrichment of the event store Pipe: the stream delivers commits (one item holds every event
// of one decision); the bus must carry domain events, one per entry, as the local change feed
// publishes them (data as stored: an old schema version crosses as it is, and readers upcast it,
// as they do locally). The pipe sends each element of the returned array as its own bus event,
// with detail-type `$.type` and time `$.recordedAt` (infra/constructs/event-store-pipe.ts).

/** A DynamoDB stream record as the Pipe hands it to its enrichment (after its filter). */
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

/** The Lambda entry of the Pipe's enrichment (CDK bundles this module). */
export const handler = async (records: readonly CommitStreamRecord[]): Promise<StoredEvent[]> =>
  splitCommits(records);
