import type { NaseejEvent } from '../../events/catalog.js';
import type { Actor } from '../../events/envelope.js';
import { type CommandContext, type Decider, fold } from '../../functions/domain/shared/decider.js';

/**
 * A small in-memory driver for scenarios played through the deciders alone: a map of streams to
 * their events, and `run`, which folds a stream, decides a command and appends the decision, as
 * the application layer does (without a store, envelopes, retries or AWS). Ids are deterministic
 * (`scn-0001`, …) and time only moves forward, so a scenario replays identically.
 */

/** One decision appended to one stream: who made it, when, and its events. */
export interface ScenarioCommit {
  readonly streamId: string;
  readonly actor: Actor;
  readonly at: string;
  readonly events: readonly NaseejEvent[];
}

/** What folds a stream: a decider, or only its `initialState` and `evolve`. */
interface Folder<State, Event> {
  readonly initialState: () => State;
  readonly evolve: (state: State, event: Event) => State;
}

export const SCENARIO_TIME_WENT_BACK = 'SCENARIO_TIME_WENT_BACK';

/** A scenario step dated before the one played last: a mistake in the scenario, not in the program. */
export interface ScenarioTimeError extends Error {
  readonly code: typeof SCENARIO_TIME_WENT_BACK;
}

export const isScenarioTimeError = (error: unknown): error is ScenarioTimeError =>
  error instanceof Error && (error as { code?: unknown }).code === SCENARIO_TIME_WENT_BACK;

/** The streams of one scenario and the commits that filled them, in the order played. */
export interface ScenarioDriver {
  /** Folds the stream, decides `command` as `actor` at `now`, appends the events and returns them. */
  readonly run: <Command extends { type: string }, State, Event extends NaseejEvent>(
    decider: Decider<Command, State, Event>,
    streamId: string,
    command: Command,
    actor: Actor,
    now: string,
  ) => Event[];
  /** Appends a decision made elsewhere by the same deciders (e.g. a seed's commits). */
  readonly record: (commit: ScenarioCommit) => void;
  /** A stream's events, typed by the decider that owns the stream. */
  readonly stream: <Command extends { type: string }, State, Event extends NaseejEvent>(
    decider: Decider<Command, State, Event>,
    streamId: string,
  ) => readonly Event[];
  /** A stream folded into its state. */
  readonly state: <State, Event extends NaseejEvent>(folder: Folder<State, Event>, streamId: string) => State;
  /** Every commit, in the order played. */
  readonly commits: () => readonly ScenarioCommit[];
  /** Every event of every stream, in the order played. */
  readonly allEvents: () => readonly NaseejEvent[];
}

/** A fresh driver with no streams. */
export const createScenarioDriver = (): ScenarioDriver => {
  const streams = new Map<string, NaseejEvent[]>();
  const commits: ScenarioCommit[] = [];
  let lastAt: string | null = null;
  let lastId = 0;

  const eventsOf = (streamId: string): NaseejEvent[] => {
    const existing = streams.get(streamId);
    if (existing) return existing;
    const created: NaseejEvent[] = [];
    streams.set(streamId, created);
    return created;
  };

  const requireForward = (at: string): void => {
    if (lastAt !== null && Date.parse(at) < Date.parse(lastAt)) {
      throw Object.assign(new Error(`Scenario step at ${at} comes before the last one, at ${lastAt}`), {
        name: 'ScenarioTimeError',
        code: SCENARIO_TIME_WENT_BACK,
      }) as ScenarioTimeError;
    }
  };

  const record = (commit: ScenarioCommit): void => {
    requireForward(commit.at);
    lastAt = commit.at;
    eventsOf(commit.streamId).push(...commit.events);
    commits.push(commit);
  };

  // Each stream holds only the events its own decider appended, so narrowing them back is sound.
  const typed = <Event extends NaseejEvent>(streamId: string): readonly Event[] =>
    (streams.get(streamId) ?? []) as readonly NaseejEvent[] as readonly Event[];

  // Folded states, per folder and stream, with how many events they include: `evolve` is pure and
  // states are immutable, so folding only the events appended since gives the same state, faster.
  const folded = new WeakMap<object, Map<string, { state: unknown; length: number }>>();
  const state = <State, Event extends NaseejEvent>(folder: Folder<State, Event>, streamId: string): State => {
    const events = typed<Event>(streamId);
    const byStream = folded.get(folder.evolve) ?? new Map<string, { state: unknown; length: number }>();
    folded.set(folder.evolve, byStream);
    const cached = byStream.get(streamId);
    const base = cached ? (cached.state as State) : folder.initialState();
    const current = fold(
      { initialState: () => base, evolve: folder.evolve },
      events.slice(cached?.length ?? 0),
    );
    byStream.set(streamId, { state: current, length: events.length });
    return current;
  };

  const run = <Command extends { type: string }, State, Event extends NaseejEvent>(
    decider: Decider<Command, State, Event>,
    streamId: string,
    command: Command,
    actor: Actor,
    now: string,
  ): Event[] => {
    requireForward(now);
    const context: CommandContext = {
      now,
      actor,
      newId: () => {
        lastId += 1;
        return `scn-${String(lastId).padStart(4, '0')}`;
      },
    };
    const events = decider.decide(command, state(decider, streamId), context);
    record({ streamId, actor, at: now, events });
    return events;
  };

  const stream = <Command extends { type: string }, State, Event extends NaseejEvent>(
    _decider: Decider<Command, State, Event>,
    streamId: string,
  ): readonly Event[] => typed<Event>(streamId);

  return {
    run,
    record,
    stream,
    state,
    commits: () => commits,
    allEvents: () => commits.flatMap((commit) => commit.events),
  };
};
