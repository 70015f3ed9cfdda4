import type { StoredEvent } from '../ports/event-store.js';

/** The `source` of every event Naseej publishes. */
export const NASEEJ_SOURCE = 'naseej';

/**
 * An event as it travels on the bus: the EventBridge event shape, with the stored envelope in
 * `detail` and the event type as `detail-type`. Consumers trust `detail` only as a notification:
 * the store stays the truth.
 */
export interface BusEvent {
  readonly version: '0';
  /** The envelope's eventId: stable across redeliveries, so consumers can de-duplicate by it. */
  readonly id: string;
  readonly 'detail-type': string;
  readonly source: typeof NASEEJ_SOURCE;
  readonly account: string;
  /** The commit's recordedAt. */
  readonly time: string;
  readonly region: string;
  readonly resources: readonly string[];
  readonly detail: StoredEvent;
}

/** Where the bus runs; on AWS, EventBridge fills these in. */
export interface BusLocation {
  readonly account: string;
  readonly region: string;
}

/** The account and region the local bus reports (no AWS account is involved locally). */
export const LOCAL_BUS_LOCATION: BusLocation = { account: '000000000000', region: 'local' };

/**
 * Shapes one stored event as the bus event. On AWS the Pipe publishes the same shape, but a
 * DynamoDB stream record is a whole commit (one item holds all events of one decision): the AWS
 * side splits each commit into its events before PutEvents, and gives each this shape.
 */
export const toBusEvent = (event: StoredEvent, location: BusLocation = LOCAL_BUS_LOCATION): BusEvent => ({
  version: '0',
  id: event.eventId,
  'detail-type': event.type,
  source: NASEEJ_SOURCE,
  account: location.account,
  time: event.recordedAt,
  region: location.region,
  resources: [],
  detail: event,
});
