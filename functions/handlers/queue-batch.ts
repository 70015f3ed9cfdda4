import { logger } from '../adapters/observability/observability.js';
import type { BusEvent } from '../application/bus/event-shape.js';

// Every bus target reads its own SQS queue on AWS (docs/adr/0051-publishing-with-put-events.md):
// the rule puts each event, as EventBridge delivers it, as one message's body. A consumer takes a
// batch and answers which messages failed (ReportBatchItemFailures): only those return to the
// queue, and after the queue's maxReceiveCount receives they move to its dead-letter queue.

/** The SQS event a queue-fed function receives (the fields used here). */
export interface SqsDeliveryEvent {
  readonly Records: readonly { readonly messageId: string; readonly body: string }[];
}

/** Which records failed, so only those return to the queue (ReportBatchItemFailures). */
export interface SqsBatchResponse {
  readonly batchItemFailures: { readonly itemIdentifier: string }[];
}

export interface QueueConsumer {
  /** Takes one event; throws to have it delivered again. */
  readonly one: (event: BusEvent) => Promise<void>;
  /** Takes the whole batch at once (one save per document, say); when it throws, each event is taken alone. */
  readonly batch?: (events: readonly BusEvent[]) => Promise<void>;
}

/**
 * Runs a consumer over a batch of queue messages: the whole batch at once when it can, else each
 * message alone, reporting the ones that failed (a body that is not JSON fails too: it goes to
 * the dead-letter queue after its receives, where it can be read).
 */
export const consumeQueueBatch = async (
  event: SqsDeliveryEvent,
  consumer: QueueConsumer,
): Promise<SqsBatchResponse> => {
  const parsed = event.Records.map((record) => {
    try {
      return { record, busEvent: JSON.parse(record.body) as BusEvent };
    } catch {
      return { record, busEvent: undefined };
    }
  });
  const events = parsed.flatMap((item) => (item.busEvent === undefined ? [] : [item.busEvent]));
  if (consumer.batch !== undefined && events.length === parsed.length && events.length > 1) {
    try {
      await consumer.batch(events);
      return { batchItemFailures: [] };
    } catch (error) {
      logger.warn('A batch failed; each message is taken alone', { error: error as Error });
    }
  }
  const batchItemFailures: { itemIdentifier: string }[] = [];
  for (const { record, busEvent } of parsed) {
    try {
      if (busEvent === undefined) throw new Error(`Message ${record.messageId} is not a JSON bus event`);
      await consumer.one(busEvent);
    } catch (error) {
      logger.error('A message failed; it returns to the queue', {
        messageId: record.messageId,
        error: error as Error,
      });
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
};
