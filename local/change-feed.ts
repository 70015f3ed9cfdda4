import { isCheckpointConflictError } from '../functions/application/bus/errors.js';
import {
  type BusEvent,
  type BusLocation,
  LOCAL_BUS_LOCATION,
  toBusEvent,
} from '../functions/application/bus/event-shape.js';
import type { EventStore } from '../functions/application/ports/event-store.js';
import type { CheckpointStore, ConsumerCheckpoint } from './bus/checkpoints.js';

// The local change feed: the embedded stand-in for DynamoDB Streams → EventBridge Pipe. It polls
// the store's global order from its stored checkpoint, hands each event to the bus, and only then
// saves the checkpoint. A crash between delivery and the checkpoint write redelivers those events
// on restart (at-least-once; consumers are idempotent); an event is never skipped.

export interface ChangeFeedOptions {
  readonly store: Pick<EventStore, 'readGlobal'>;
  readonly checkpoints: CheckpointStore;
  /**
   * Delivers a page of events, in order; resolves once each is delivered or parked
   * (LocalBus.publishBatch). A function of one event is called for each in turn (LocalBus.publish).
   */
  readonly publish:
    | { readonly batch: (events: readonly BusEvent[]) => Promise<unknown> }
    | ((event: BusEvent) => Promise<unknown>);
  /** Names the checkpoint; defaults to `local-bus`. */
  readonly consumer?: string;
  /** Wait between polls when caught up; defaults to 200 ms. */
  readonly pollIntervalMs?: number;
  /**
   * Events read per page (one checkpoint write per page, and one save per view document a page
   * touches); defaults to 500. Pages are small when the feed is caught up; when it is behind, a
   * larger page saves each large view (a rollout's training, at 600 associations) fewer times.
   */
  readonly batchSize?: number;
  readonly location?: BusLocation;
  /** Called with a failed poll's error; the feed tries again after the poll interval. */
  readonly onError?: (error: unknown) => void;
}

/** Polls the global order and publishes to the local bus, with its checkpoint in the store. */
export class ChangeFeed {
  readonly #options: ChangeFeedOptions;
  readonly #consumer: string;
  readonly #pollIntervalMs: number;
  readonly #batchSize: number;
  #position: ConsumerCheckpoint | undefined;
  #queue: Promise<unknown> = Promise.resolve();
  #running = false;
  #timer: NodeJS.Timeout | undefined;
  #loop: Promise<void> | undefined;
  #wake: (() => void) | undefined;

  constructor(options: ChangeFeedOptions) {
    this.#options = options;
    this.#consumer = options.consumer ?? 'local-bus';
    this.#pollIntervalMs = options.pollIntervalMs ?? 200;
    this.#batchSize = options.batchSize ?? 500;
  }

  /** Starts polling in the background until `stop()`. */
  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#loop = this.#run();
  }

  /** Stops polling; resolves after the poll in progress (if any) has finished. */
  async stop(): Promise<void> {
    this.#running = false;
    if (this.#timer) clearTimeout(this.#timer);
    this.#wake?.();
    await this.#loop;
    await this.#queue.catch(() => undefined);
  }

  /** Reads and publishes one page; resolves with the number of events it published. */
  pollOnce(): Promise<number> {
    const poll = this.#queue.then(
      () => this.#pollPage(),
      () => this.#pollPage(),
    );
    this.#queue = poll.catch(() => undefined);
    return poll;
  }

  /** Polls until a page comes back empty: everything committed before the call is published. */
  async drain(): Promise<void> {
    while ((await this.pollOnce()) > 0) {
      // keep reading until caught up
    }
  }

  async #pollPage(): Promise<number> {
    const position = this.#position ?? (await this.#options.checkpoints.load(this.#consumer));
    this.#position = position;
    const page = await this.#options.store.readGlobal(position.checkpoint, { limit: this.#batchSize });
    const location = this.#options.location ?? LOCAL_BUS_LOCATION;
    const events = page.events.map((event) => toBusEvent(event, location));
    const { publish } = this.#options;
    if (typeof publish !== 'function') {
      if (events.length > 0) await publish.batch(events);
    } else {
      for (const event of events) await publish(event);
    }
    if (page.events.length === 0) {
      // Nothing delivered: the position moved only because time did (a later horizon, a floor
      // that dropped keys out of the late window). It is kept in memory, not written: the stored
      // checkpoint already holds every key delivered since its floor, so resuming from it
      // delivers nothing twice and skips nothing, and an idle feed writes nothing (it wrote its
      // whole checkpoint, ≈ 8 KB at one region's pace, on every 200 ms poll).
      this.#position = { checkpoint: page.checkpoint, revision: position.revision };
      return 0;
    }
    try {
      this.#position = await this.#options.checkpoints.save(
        this.#consumer,
        page.checkpoint,
        position.revision,
      );
    } catch (error) {
      // Another poller moved on meanwhile: take its position (what this one published twice is
      // a duplicate, which consumers tolerate).
      this.#position = undefined;
      if (!isCheckpointConflictError(error)) throw error;
    }
    return page.events.length;
  }

  async #run(): Promise<void> {
    while (this.#running) {
      let published = 0;
      try {
        published = await this.pollOnce();
      } catch (error) {
        this.#options.onError?.(error);
      }
      if (!this.#running) break;
      if (published > 0) continue;
      await new Promise<void>((resolve) => {
        this.#wake = resolve;
        this.#timer = setTimeout(resolve, this.#pollIntervalMs);
      });
    }
  }
}
