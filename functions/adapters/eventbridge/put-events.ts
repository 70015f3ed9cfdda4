import { type BackoffPolicy, backoffDelay, sleep as realSleep } from '../../application/bus/backoff.js';
import { NASEEJ_SOURCE } from '../../application/bus/event-shape.js';
import type { StoredEvent } from '../../application/ports/event-store.js';

// The bus leg of publishing, written once (docs/adr/0051-publishing-with-put-events.md): stored
// events become PutEvents entries, cut into requests EventBridge accepts, and sent until every
// entry is accepted. On AWS `send` is the EventBridge client (functions/handlers/commit-splitter.ts);
// locally it is `LocalBus.putEvents`, which refuses what EventBridge refuses.

/**
 * Entries per PutEvents request.
 * https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutEvents.html (Entries: 1–10 items)
 */
export const PUT_EVENTS_MAX_ENTRIES = 10;

/**
 * The total size of a PutEvents request's entries, as EventBridge counts it (256 KB).
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-putevent-size.html
 */
export const PUT_EVENTS_MAX_BYTES = 256 * 1024;

/** One PutEvents entry, in the field names of the EventBridge API (and of the SDK). */
export interface PutEventsEntry {
  readonly Source: string;
  readonly DetailType: string;
  /** The envelope as JSON. */
  readonly Detail: string;
  readonly Time?: Date;
  readonly EventBusName?: string;
}

/** What PutEvents answers: one result per entry, in order, with an error code when it failed. */
export interface PutEventsResult {
  readonly FailedEntryCount?: number;
  readonly Entries?: readonly {
    readonly EventId?: string;
    readonly ErrorCode?: string;
    readonly ErrorMessage?: string;
  }[];
}

/** One PutEvents request: resolves with the per-entry results, throws when the whole request fails. */
export type SendPutEvents = (entries: readonly PutEventsEntry[]) => Promise<PutEventsResult>;

const utf8Bytes = (text: string): number => Buffer.byteLength(text, 'utf8');

/**
 * An entry's size as EventBridge counts it: 14 bytes for Time, then the UTF-8 bytes of Source,
 * DetailType and Detail (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-putevent-size.html).
 */
export const entrySizeBytes = (entry: PutEventsEntry): number =>
  (entry.Time === undefined ? 0 : 14) +
  utf8Bytes(entry.Source) +
  utf8Bytes(entry.DetailType) +
  utf8Bytes(entry.Detail);

/** A stored event as a PutEvents entry: detail-type its type, time its recordedAt, detail the envelope. */
export const toPutEventsEntry = (event: StoredEvent, eventBusName?: string): PutEventsEntry => ({
  Source: NASEEJ_SOURCE,
  DetailType: event.type,
  Detail: JSON.stringify(event),
  Time: new Date(event.recordedAt),
  ...(eventBusName === undefined ? {} : { EventBusName: eventBusName }),
});

/** Why an entry or a request cannot be sent (EventBridge would refuse it whole). */
export const checkPutEventsRequest = (entries: readonly PutEventsEntry[]): string | undefined => {
  if (entries.length === 0 || entries.length > PUT_EVENTS_MAX_ENTRIES) {
    return `A PutEvents request takes 1 to ${PUT_EVENTS_MAX_ENTRIES} entries, not ${entries.length}`;
  }
  const total = entries.reduce((sum, entry) => sum + entrySizeBytes(entry), 0);
  if (total > PUT_EVENTS_MAX_BYTES) {
    return `The entries of a PutEvents request total ${total} bytes, over the limit of ${PUT_EVENTS_MAX_BYTES}`;
  }
  return undefined;
};

/**
 * Cuts entries, in order, into requests of at most 10 entries and 256 KB. An entry over 256 KB on
 * its own throws: the store refuses such events (functions/adapters/dynamodb/item-layout.ts), so one reaching
 * here is a defect, not something to drop.
 */
export const chunkEntries = (entries: readonly PutEventsEntry[]): PutEventsEntry[][] => {
  const chunks: PutEventsEntry[][] = [];
  let current: PutEventsEntry[] = [];
  let currentBytes = 0;
  for (const entry of entries) {
    const bytes = entrySizeBytes(entry);
    if (bytes > PUT_EVENTS_MAX_BYTES) {
      throw new Error(
        `The bus entry of a ${entry.DetailType} event takes ${bytes} bytes, over EventBridge's ${PUT_EVENTS_MAX_BYTES}`,
      );
    }
    if (current.length === PUT_EVENTS_MAX_ENTRIES || currentBytes + bytes > PUT_EVENTS_MAX_BYTES) {
      chunks.push(current);
      current = [];
      currentBytes = 0;
    }
    current.push(entry);
    currentBytes += bytes;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
};

export interface PublishEntriesOptions {
  /** Tries per entry, the first included; defaults to 5. */
  readonly maxAttempts?: number;
  /** Waits between tries of the failed entries; defaults to 100 ms doubling up to 2 s. */
  readonly backoff?: BackoffPolicy;
  readonly sleep?: (milliseconds: number) => Promise<void>;
}

/**
 * Sends entries in requests EventBridge accepts, in order, and sends again the entries a response
 * marks as failed (`FailedEntryCount`, an `ErrorCode` per entry), until each is accepted. Throws
 * when some entry is still refused after `maxAttempts`, so the caller's batch is retried (the
 * entries already accepted are then published twice: consumers de-duplicate by stream version).
 */
export const publishEntries = async (
  entries: readonly PutEventsEntry[],
  send: SendPutEvents,
  options: PublishEntriesOptions = {},
): Promise<void> => {
  const maxAttempts = options.maxAttempts ?? 5;
  const backoff = options.backoff ?? { baseDelayMs: 100, maxDelayMs: 2_000 };
  const wait = options.sleep ?? realSleep;
  for (const chunk of chunkEntries(entries)) {
    let pending: readonly PutEventsEntry[] = chunk;
    let lastErrors: string[] = [];
    for (let attempt = 1; pending.length > 0; attempt += 1) {
      if (attempt > maxAttempts) {
        throw new Error(
          `EventBridge refused ${pending.length} entries after ${maxAttempts} tries: ${lastErrors.join('; ')}`,
        );
      }
      const delay = backoffDelay(backoff, attempt);
      if (delay > 0) await wait(delay);
      const result = await send(pending);
      if ((result.FailedEntryCount ?? 0) === 0) break;
      const results = result.Entries ?? [];
      const failed = pending.filter((_, index) => results[index]?.ErrorCode !== undefined);
      // A response that says entries failed without saying which: send them all again.
      pending = failed.length === 0 ? pending : failed;
      lastErrors = results
        .filter((item) => item.ErrorCode !== undefined)
        .map((item) => `${item.ErrorCode}: ${item.ErrorMessage ?? ''}`.trim());
    }
  }
};
