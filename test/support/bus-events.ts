import { type BusEvent, toBusEvent } from '../../functions/application/bus/event-shape.js';
import type { StoredEvent } from '../../functions/application/ports/event-store.js';

/** A stored event for bus tests; override what the test is about. */
export const storedEvent = (overrides: Partial<StoredEvent> = {}): StoredEvent => ({
  eventId: 'event-1',
  streamId: 'rollout-FM',
  version: 1,
  type: 'RolloutLaunched',
  schemaVersion: 1,
  occurredAt: '2026-03-01T09:00:00.000Z',
  recordedAt: '2026-03-01T09:00:00.000Z',
  actor: { id: 'user-ministry-1', role: 'ministry' },
  correlationId: 'correlation-1',
  causationId: null,
  data: { regionCode: 'FM' },
  ...overrides,
});

/** The bus event of `storedEvent(overrides)`. */
export const busEvent = (overrides: Partial<StoredEvent> = {}): BusEvent =>
  toBusEvent(storedEvent(overrides));
