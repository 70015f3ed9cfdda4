import type { BusEvent } from '../../functions/application/bus/event-shape.js';
import type { EventStore } from '../../functions/application/ports/event-store.js';
import type { CheckpointStore } from '../../local/bus/checkpoints.js';

/** Appends one commit of `count` events to a stream; returns their event ids. */
export const appendEvents = async (store: EventStore, streamId: string, count: number): Promise<string[]> => {
  const result = await store.append({
    streamId,
    expectedVersion: 'any',
    events: Array.from({ length: count }, (_, index) => ({
      type: index % 2 === 0 ? 'SessionHeld' : 'AttendanceRecorded',
      schemaVersion: 1,
      data: { index },
    })),
    metadata: {
      actor: { id: 'partner-amsed', role: 'partner' },
      correlationId: 'correlation-1',
      causationId: null,
    },
  });
  return result.events.map((event) => event.eventId);
};

/** A publisher that records what it is given. */
export const recordingPublisher = () => {
  const received: BusEvent[] = [];
  return {
    received,
    publish: async (event: BusEvent) => {
      received.push(event);
    },
  };
};

/** Wraps a checkpoint store so that saves fail, as if the process died before the write landed. */
export const crashingOnSave = (inner: CheckpointStore): CheckpointStore => ({
  load: (consumer) => inner.load(consumer),
  save: async () => {
    throw new Error('process killed before the checkpoint write');
  },
});
