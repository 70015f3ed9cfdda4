import { describe, expect, it } from 'vitest';
import type { BusEvent } from '../../../../functions/application/bus/event-shape.js';
import { consumeQueueBatch, type SqsDeliveryEvent } from '../../../../functions/handlers/queue-batch.js';
import { busEvent } from '../../../support/bus-events.js';

/** The SQS event of a consumer's queue: each bus event as one message's body, as the rule puts it. */
const sqsEvent = (bodies: string[]): SqsDeliveryEvent => ({
  Records: bodies.map((body, index) => ({ messageId: `m-${index + 1}`, body })),
});

const events = [1, 2, 3].map((version) => busEvent({ eventId: `e-${version}`, version }));
const bodies = events.map((event) => JSON.stringify(event));

describe('a consumer fed by its queue (partial batch responses)', () => {
  it('takes a batch at once when it can, and reports no failure', async () => {
    // Prepare
    const batches: string[][] = [];
    const consumer = {
      one: async () => {
        throw new Error('not called');
      },
      batch: async (taken: readonly BusEvent[]) => {
        batches.push(taken.map((event) => event.detail.eventId));
      },
    };

    // Act
    const response = await consumeQueueBatch(sqsEvent(bodies), consumer);

    // Assess
    expect(batches).toEqual([['e-1', 'e-2', 'e-3']]);
    expect(response).toEqual({ batchItemFailures: [] });
  });

  it('takes each message alone when the batch fails, and returns only those that fail to the queue', async () => {
    // Prepare: event e-2 always fails.
    const taken: string[] = [];
    const consumer = {
      one: async (event: BusEvent) => {
        if (event.detail.eventId === 'e-2') throw new Error('view conflict');
        taken.push(event.detail.eventId);
      },
      batch: async () => {
        throw new Error('view conflict');
      },
    };

    // Act
    const response = await consumeQueueBatch(sqsEvent(bodies), consumer);

    // Assess
    expect(taken).toEqual(['e-1', 'e-3']);
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-2' }] });
  });

  it('fails a message whose body is not JSON, so it reaches the dead-letter queue after its receives', async () => {
    // Prepare
    const taken: string[] = [];
    const consumer = {
      one: async (event: BusEvent) => {
        taken.push(event.detail.eventId);
      },
    };

    // Act
    const response = await consumeQueueBatch(sqsEvent([bodies[0] ?? '', '{not json']), consumer);

    // Assess
    expect(taken).toEqual(['e-1']);
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-2' }] });
  });
});
