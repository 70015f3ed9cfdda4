import { decodeEvent, encodeEvent } from '../../events/catalog.js';
import type { Actor } from '../../events/envelope.js';
import type { CommandContext, Decider } from '../domain/shared/decider.js';
import { deepFreeze } from '../domain/shared/deep-freeze.js';
import { foldCacheOf, type LoadedStream } from './fold-cache.js';
import type { EventStore, EventToAppend, ExpectedVersion, StoredEvent } from './ports/event-store.js';
import { isConcurrencyError } from './ports/event-store-errors.js';

/**
 * The application service every entry point shares (HTTP routes, workflow tasks, webhooks):
 * load a stream, fold it, decide, append with the expected version, and on a concurrency conflict
 * load and decide again (a bounded number of times) unless the caller pinned the version.
 */

/** What a command needs from the world: the store, a clock and a source of ids. */
export interface CommandServices {
  readonly store: EventStore;
  readonly clock: () => string;
  readonly newId: () => string;
}

/** How events are written and read: the catalog's (validated on write, upcast on read) by default. */
export interface EventCodec<Event> {
  readonly encode: (event: Event) => EventToAppend;
  readonly decode: (stored: StoredEvent) => Event;
}

const CATALOG_CODEC: EventCodec<unknown> = {
  encode: (event) => encodeEvent(event as { type: string; data: unknown }),
  decode: (stored) => decodeEvent(stored),
};

/** The catalog's codec (one instance: folded states are kept per decoder, see `loadStream`). */
export const catalogCodec = <Event>(): EventCodec<Event> => CATALOG_CODEC as EventCodec<Event>;

export type { LoadedStream } from './fold-cache.js';

type Folder<State, Event> = { initialState: () => State; evolve: (state: State, event: Event) => State };

/**
 * Reads a stream through the catalog (so old versions arrive upcast) and folds it. A store wrapped
 * with `withFoldCache` (./fold-cache.ts, composed where a runtime is built) keeps the folded state,
 * so that the next load of the stream decodes and folds only the events after it: history is
 * immutable, and commands re-read the same streams all the time (every attendance report folds
 * its rollout's enrolment stream, thousands of events at scale). Folded states are frozen, and
 * `evolve` builds new states rather than changing the one it is given (an `evolve` that mutated
 * would throw here, in every test that loads its stream twice).
 */
export const loadStream = async <State, Event>(
  store: EventStore,
  streamId: string,
  folder: Folder<State, Event>,
  decode: (stored: StoredEvent) => Event = catalogCodec<Event>().decode,
): Promise<LoadedStream<State>> => {
  const folds = foldCacheOf(store);
  // Kept per `evolve`: an aggregate's decider and its fold alone (`grantsDecider`, `grantsFold`)
  // are two objects with the same evolve, and share the states they fold.
  const start = (folds?.get(streamId, folder.evolve, decode) as LoadedStream<State> | undefined) ?? {
    state: folder.initialState(),
    version: 0,
  };
  let { state, version } = start;
  for await (const stored of store.readStream(streamId, { fromVersion: version + 1 })) {
    state = folder.evolve(state, decode(stored));
    version = stored.version;
  }
  const loaded: LoadedStream<State> = { state: deepFreeze(state), version };
  folds?.keep(streamId, { folder: folder.evolve, decode, loaded });
  return loaded;
};

export interface ExecuteCommand<Command, State> {
  readonly streamId: string;
  /** The command, or how to build it from the loaded state (to gather facts once per attempt). */
  readonly command: Command | ((loaded: LoadedStream<State>) => Command | Promise<Command>);
  /** Who acts; a function when the acting role depends on the resource (a scope read from its state). */
  readonly actor: Actor | ((loaded: LoadedStream<State>) => Actor);
  readonly correlationId: string;
  readonly causationId?: string | null;
  /** Makes the append idempotent for good (see the store's contract). */
  readonly commandId?: string;
  /** Pins the version the caller saw (`If-Match`): a conflict is then reported, never retried. */
  readonly expectedVersion?: number;
  /** Runs on the loaded state before deciding (scope checks that need the resource). */
  readonly check?: (loaded: LoadedStream<State>) => void;
  /** Attempts on a concurrency conflict when no version is pinned (default 3). */
  readonly maxAttempts?: number;
}

export interface ExecuteOptions<Event> {
  /** For events outside the catalog (tests); the catalog's codec by default. */
  readonly codec?: EventCodec<Event>;
}

export interface CommandOutcome<State> {
  readonly streamId: string;
  /** The stream's version after the command (unchanged when nothing was decided). */
  readonly version: number;
  readonly events: readonly StoredEvent[];
  /** True when the command id had been seen and the first result was returned. */
  readonly duplicate: boolean;
  /** True when the append created the stream. */
  readonly created: boolean;
  /** The state the decision was taken on. */
  readonly state: State;
}

export const DEFAULT_COMMAND_ATTEMPTS = 3;

const expected = (version: number): ExpectedVersion => (version === 0 ? 'no-stream' : version);

/** Load, decide, append; see the module comment. Domain and store errors propagate unchanged. */
export const executeCommand = async <Command extends { type: string }, State, Event extends { type: string }>(
  services: CommandServices,
  decider: Decider<Command, State, Event>,
  request: ExecuteCommand<Command, State>,
  options: ExecuteOptions<Event> = {},
): Promise<CommandOutcome<State>> => {
  const codec = options.codec ?? catalogCodec<Event>();
  const maxAttempts =
    request.expectedVersion === undefined ? (request.maxAttempts ?? DEFAULT_COMMAND_ATTEMPTS) : 1;
  for (let attempt = 1; ; attempt += 1) {
    const loaded = await loadStream(services.store, request.streamId, decider, codec.decode);
    request.check?.(loaded);
    const command =
      typeof request.command === 'function'
        ? await (request.command as (loaded: LoadedStream<State>) => Command | Promise<Command>)(loaded)
        : request.command;
    const actor = typeof request.actor === 'function' ? request.actor(loaded) : request.actor;
    const context: CommandContext = { now: services.clock(), newId: services.newId, actor };
    const events = decider.decide(command, loaded.state, context);
    if (events.length === 0) {
      return {
        streamId: request.streamId,
        version: loaded.version,
        events: [],
        duplicate: false,
        created: false,
        state: loaded.state,
      };
    }
    try {
      const result = await services.store.append({
        streamId: request.streamId,
        expectedVersion: expected(request.expectedVersion ?? loaded.version),
        events: events.map(codec.encode),
        ...(request.commandId === undefined ? {} : { commandId: request.commandId }),
        metadata: {
          actor,
          correlationId: request.correlationId,
          causationId: request.causationId ?? null,
        },
      });
      return {
        streamId: result.streamId,
        version: result.lastVersion,
        events: result.events,
        duplicate: result.duplicate,
        created: result.firstVersion === 1,
        state: loaded.state,
      };
    } catch (error) {
      if (!isConcurrencyError(error) || attempt >= maxAttempts) throw error;
    }
  }
};
