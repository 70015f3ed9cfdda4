import fc from 'fast-check';
import { expect } from 'vitest';
import type { CommitMetadata } from '../../events/envelope.js';
import { loadStream } from '../../functions/application/execute-command.js';
import { withFoldCache } from '../../functions/application/fold-cache.js';
import type {
  AppendResult,
  EventStore,
  ExpectedVersion,
  GlobalCheckpoint,
  StoredEvent,
} from '../../functions/application/ports/event-store.js';
import { isConcurrencyError } from '../../functions/application/ports/event-store-errors.js';
import type { BeforePutInfo } from '../../functions/application/ports/event-store-options.js';

// Model-based tests of the event store: fast-check generates sequences of commands (appends of
// every kind, reads, retries, loads through a fold cache, global reads, clock jumps, and races of concurrent
// writers whose interleaving a `fc.scheduler` decides); each runs on the real store and on a
// model that is a plain list of events per stream; they must agree after every command. At the
// end, the global order must have delivered every event exactly once.

/** A store under test: writer instances over one set of data, a clock the test moves, a hook. */
export interface StoreUnderTest {
  /** Instances over the same data, as separate Lambdas would have (one is fine in memory). */
  readonly writers: readonly EventStore[];
  /** The settle bound of the store's global order (0 when a commit is visible at once). */
  readonly settleMs: number;
  cleanup(): Promise<void>;
}

/** What a factory gets: the clock and ids every instance must use, and the test's pause hook. */
export interface StoreUnderTestOptions {
  readonly clock: () => Date;
  readonly newId: () => string;
  readonly beforePut: (info: BeforePutInfo) => Promise<void>;
}

export type MakeStoreUnderTest = (options: StoreUnderTestOptions) => Promise<StoreUnderTest>;

const STREAMS = ['association-1', 'association-2', 'cohort-fm'] as const;
const REVISIONS = ['tally@1', 'tally@2'] as const;
const START = Date.parse('2026-03-01T09:00:00.000Z');

const metadata: CommitMetadata = {
  actor: { id: 'user-coordinator-1', role: 'coordinator' },
  correlationId: 'model-run',
  causationId: null,
};

interface ModelEvent {
  readonly eventId: string;
  readonly version: number;
  readonly type: string;
  readonly data: { readonly n: number };
}

interface ModelCommit {
  readonly firstVersion: number;
  readonly lastVersion: number;
  readonly eventIds: readonly string[];
  readonly data: readonly { readonly n: number }[];
}

/** What a replay folds: how many events, and the sum of their payloads (order-sensitive enough). */
interface Tally {
  readonly count: number;
  readonly checksum: number;
}

const emptyTally: Tally = { count: 0, checksum: 0 };

const evolveTally = (tally: Tally, event: { version: number; data: unknown }): Tally => ({
  count: tally.count + 1,
  checksum: (tally.checksum * 31 + event.version * 7 + (event.data as { n: number }).n) % 1_000_000_007,
});

/** The model: each stream's events and commits, the commands seen. */
export class EventStoreModel {
  readonly events = new Map<string, ModelEvent[]>();
  readonly commands = new Map<string, ModelCommit>();
  readonly commandIdsByStream = new Map<string, string[]>();

  head(streamId: string): number {
    return this.events.get(streamId)?.length ?? 0;
  }

  commandOf(streamId: string, commandId: string | undefined): ModelCommit | undefined {
    return commandId === undefined ? undefined : this.commands.get(`${streamId}\u0000${commandId}`);
  }

  record(streamId: string, result: AppendResult, commandId: string | undefined): void {
    const events = this.events.get(streamId) ?? [];
    expect(result.firstVersion).toBe(events.length + 1);
    for (const stored of result.events) {
      events.push({
        eventId: stored.eventId,
        version: stored.version,
        type: stored.type,
        data: stored.data as { n: number },
      });
    }
    this.events.set(streamId, events);
    if (commandId !== undefined) {
      this.commands.set(`${streamId}\u0000${commandId}`, commitOf(result));
      this.commandIdsByStream.set(streamId, [...(this.commandIdsByStream.get(streamId) ?? []), commandId]);
    }
  }

  tally(streamId: string, upTo = this.head(streamId)): Tally {
    return (this.events.get(streamId) ?? []).slice(0, upTo).reduce(evolveTally, emptyTally);
  }

  allEventIds(): string[] {
    return [...this.events.values()].flat().map((event) => event.eventId);
  }
}

const commitOf = (result: AppendResult): ModelCommit => ({
  firstVersion: result.firstVersion,
  lastVersion: result.lastVersion,
  eventIds: result.events.map((event) => event.eventId),
  data: result.events.map((event) => event.data as { n: number }),
});

/** The real side: the store, the test's clock and pause hook, and a global reader's progress. */
export class RealStore {
  now = START;
  private payload = 0;
  private commandIds = 0;
  checkpoint: GlobalCheckpoint = null;
  /** Event id → how many times the global reader delivered it (must end at exactly 1 each). */
  readonly delivered = new Map<string, number>();
  pause: (info: BeforePutInfo) => Promise<void> = async () => {};
  sut!: StoreUnderTest;

  writer(index: number): EventStore {
    const writers = this.sut.writers;
    return writers[index % writers.length] as EventStore;
  }

  nextPayload(): number {
    this.payload += 1;
    return this.payload;
  }

  newCommandId(): string {
    this.commandIds += 1;
    return `command-${this.commandIds}`;
  }

  deliver(events: readonly StoredEvent[]): void {
    for (const event of events) {
      const times = (this.delivered.get(event.eventId) ?? 0) + 1;
      this.delivered.set(event.eventId, times);
      expect(times, `event ${event.streamId}@${event.version} delivered twice by the global order`).toBe(1);
    }
  }

  /** Reads one page of the global order from the reader's checkpoint, with any writer instance. */
  async readGlobalPage(writer: number, limit: number): Promise<void> {
    const page = await this.writer(writer).readGlobal(this.checkpoint, { limit });
    expect(page.events.length).toBeLessThanOrEqual(limit);
    this.deliver(page.events);
    this.checkpoint = page.checkpoint;
  }
}

const collect = async <T>(iterable: AsyncIterable<T>): Promise<T[]> => {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
};

const eventsToAppend = (real: RealStore, count: number) =>
  Array.from({ length: count }, (_, index) => ({
    type: `Happened${index}`,
    schemaVersion: 1,
    data: { n: real.nextPayload() },
  }));

/** How an append states its expectation, resolved against the model's head when it runs. */
type Expectation = 'any' | 'no-stream' | 'current' | 'stale' | 'ahead';

const expectedVersionOf = (expectation: Expectation, head: number): ExpectedVersion => {
  switch (expectation) {
    case 'any':
      return 'any';
    case 'no-stream':
      return 'no-stream';
    case 'current':
      return head === 0 ? 'no-stream' : head;
    case 'stale':
      return head >= 2 ? head - 1 : head + 2;
    case 'ahead':
      return head + 1;
  }
};

const isMet = (expected: ExpectedVersion, head: number): boolean =>
  expected === 'any' || (expected === 'no-stream' ? head === 0 : expected === head);

/** Which command id an append carries: none, a new one, or one already used on the stream (a retry). */
type CommandChoice = { kind: 'none' } | { kind: 'new' } | { kind: 'retry'; pick: number };

const commandIdFor = (choice: CommandChoice, model: EventStoreModel, real: RealStore, streamId: string) => {
  if (choice.kind === 'none') return undefined;
  const used = model.commandIdsByStream.get(streamId) ?? [];
  if (choice.kind === 'retry' && used.length > 0) return used[choice.pick % used.length];
  return real.newCommandId();
};

const expectDuplicateOf = (result: AppendResult, first: ModelCommit) => {
  expect(result.duplicate).toBe(true);
  expect(commitOf(result)).toEqual(first);
};

type Command = fc.AsyncCommand<EventStoreModel, RealStore>;

/** One append, of any expectation, possibly a retry of an earlier command. */
class Append implements Command {
  constructor(
    private readonly stream: string,
    private readonly writer: number,
    private readonly expectation: Expectation,
    private readonly count: number,
    private readonly command: CommandChoice,
  ) {}

  check = () => true;

  async run(model: EventStoreModel, real: RealStore): Promise<void> {
    const head = model.head(this.stream);
    const expectedVersion = expectedVersionOf(this.expectation, head);
    const commandId = commandIdFor(this.command, model, real, this.stream);
    const first = model.commandOf(this.stream, commandId);
    const appending = real.writer(this.writer).append({
      streamId: this.stream,
      expectedVersion,
      events: eventsToAppend(real, this.count),
      metadata,
      ...(commandId === undefined ? {} : { commandId }),
    });
    if (first) {
      expectDuplicateOf(await appending, first);
    } else if (isMet(expectedVersion, head)) {
      const result = await appending;
      expect(result).toMatchObject({
        duplicate: false,
        firstVersion: head + 1,
        lastVersion: head + this.count,
      });
      model.record(this.stream, result, commandId);
    } else {
      const error = await appending.then(
        () => undefined,
        (reason: unknown) => reason,
      );
      expect(
        isConcurrencyError(error) && error.actual === head,
        `conflict at ${head}: ${String(error)}`,
      ).toBe(true);
    }
  }

  toString = () =>
    `append(${this.stream}, writer ${this.writer}, ${this.expectation}, ${this.count} events, command ${JSON.stringify(this.command)})`;
}

/** Reads a stream from some version with any instance: exactly the model's events. */
class ReadStream implements Command {
  constructor(
    private readonly stream: string,
    private readonly writer: number,
    private readonly from: number,
  ) {}

  check = () => true;

  async run(model: EventStoreModel, real: RealStore): Promise<void> {
    const events = model.events.get(this.stream) ?? [];
    const fromVersion = 1 + Math.floor(this.from * (events.length + 1));
    const stored = await collect(real.writer(this.writer).readStream(this.stream, { fromVersion }));
    expect(stored.map(({ eventId, version, type, data }) => ({ eventId, version, type, data }))).toEqual(
      events.slice(fromVersion - 1),
    );
    expect(await real.writer(this.writer).streamVersion(this.stream)).toBe(events.length);
  }

  toString = () => `readStream(${this.stream}, writer ${this.writer}, from ${this.from.toFixed(2)})`;
}

/**
 * Reads a stream from its start and stops early, as a `limit` or a page does: what it gets is the
 * model's first events, and what it leaves kept must not pass for the whole stream later.
 */
class ReadStreamPart implements Command {
  constructor(
    private readonly stream: string,
    private readonly writer: number,
    private readonly limit: number,
  ) {}

  check = () => true;

  async run(model: EventStoreModel, real: RealStore): Promise<void> {
    const events = model.events.get(this.stream) ?? [];
    const stored: StoredEvent[] = [];
    for await (const event of real.writer(this.writer).readStream(this.stream)) {
      stored.push(event);
      if (stored.length >= this.limit) break;
    }
    expect(stored.map(({ eventId, version, type, data }) => ({ eventId, version, type, data }))).toEqual(
      events.slice(0, this.limit),
    );
  }

  toString = () => `readStreamPart(${this.stream}, writer ${this.writer}, limit ${this.limit})`;
}

/** Two folders of the same streams: a fold kept for one is never the other's starting point. */
const FOLDERS = {
  [REVISIONS[0]]: { initialState: () => emptyTally, evolve: evolveTally },
  // Counts only: its states differ from the first folder's as soon as a stream has an event.
  [REVISIONS[1]]: {
    initialState: () => emptyTally,
    evolve: (tally: Tally): Tally => ({ count: tally.count + 1, checksum: 0 }),
  },
} as const;
const asStored = (stored: StoredEvent) => stored;
/** Each writer's fold cache, as its runtime composes it (one per writer, for the whole run). */
const foldCaching = new WeakMap<EventStore, EventStore>();

/**
 * Loads a stream as commands do (`loadStream` through the writer's fold cache): the same state and
 * version as a full replay, whatever was appended, by whom, since the writer last folded it.
 */
class LoadFolded implements Command {
  constructor(
    private readonly stream: string,
    private readonly writer: number,
    private readonly revision: (typeof REVISIONS)[number],
  ) {}

  check = () => true;

  async run(model: EventStoreModel, real: RealStore): Promise<void> {
    const writer = real.writer(this.writer);
    const store = foldCaching.get(writer) ?? withFoldCache(writer);
    foldCaching.set(writer, store);
    const loaded = await loadStream(store, this.stream, FOLDERS[this.revision], asStored);
    const tally = model.tally(this.stream);
    expect(loaded).toEqual({
      state: this.revision === REVISIONS[0] ? tally : { count: tally.count, checksum: 0 },
      version: model.head(this.stream),
    });
  }

  toString = () => `loadFolded(${this.stream}, writer ${this.writer}, ${this.revision})`;
}

/** Reads one page of the global order from the reader's checkpoint. */
class ReadGlobal implements Command {
  constructor(
    private readonly writer: number,
    private readonly limit: number,
  ) {}

  check = () => true;

  async run(_model: EventStoreModel, real: RealStore): Promise<void> {
    await real.readGlobalPage(this.writer, this.limit);
  }

  toString = () => `readGlobal(writer ${this.writer}, limit ${this.limit})`;
}

/** Moves the clock: a little, or past the settle bound. */
class AdvanceClock implements Command {
  constructor(private readonly step: 'tick' | 'seconds' | 'past-settle') {}

  check = () => true;

  async run(_model: EventStoreModel, real: RealStore): Promise<void> {
    real.now += { tick: 1, seconds: 2_500, 'past-settle': real.sut.settleMs + 1 }[this.step];
  }

  toString = () => `advanceClock(${this.step})`;
}

interface Contender {
  readonly writer: number;
  readonly expectation: 'any' | 'current' | 'stale';
  /** `shared`: the race's one command id; `own`: a new id; `old`: an id already committed. */
  readonly command: 'none' | 'own' | 'shared' | 'old';
}

/**
 * Writers racing on one stream. Each pauses between taking its stamp and writing (the store's
 * `beforePut` hook); the scheduler decides who goes on when, and may slip in a global read or a
 * jump of the clock past the settle bound while they are paused.
 */
class Race implements Command {
  constructor(
    private readonly stream: string,
    private readonly contenders: readonly Contender[],
    private readonly scheduler: fc.Scheduler,
    private readonly readWhilePaused: boolean,
    private readonly jumpWhilePaused: boolean,
  ) {}

  check = () => true;

  async run(model: EventStoreModel, real: RealStore): Promise<void> {
    const s = this.scheduler;
    const head = model.head(this.stream);
    const sharedId = real.newCommandId();
    const oldIds = model.commandIdsByStream.get(this.stream) ?? [];
    const requests = this.contenders.map((contender) => {
      const commandId =
        contender.command === 'shared'
          ? sharedId
          : contender.command === 'own' || (contender.command === 'old' && oldIds.length === 0)
            ? real.newCommandId()
            : contender.command === 'old'
              ? oldIds[contender.writer % oldIds.length]
              : undefined;
      return {
        contender,
        commandId,
        expectedVersion: expectedVersionOf(contender.expectation, head),
        events: eventsToAppend(real, 1 + (contender.writer % 2)),
      };
    });
    real.pause = () => s.schedule(Promise.resolve(), 'beforePut');
    const extras: Promise<void>[] = [];
    if (this.readWhilePaused) {
      extras.push(s.schedule(Promise.resolve(), 'read').then(() => real.readGlobalPage(0, 50)));
    }
    if (this.jumpWhilePaused) {
      extras.push(
        s.schedule(Promise.resolve(), 'jump').then(() => {
          real.now += real.sut.settleMs + 1;
        }),
      );
    }
    let outcomes: PromiseSettledResult<AppendResult>[];
    try {
      outcomes = await s.waitFor(
        Promise.allSettled(
          requests.map((request) =>
            real.writer(request.contender.writer).append({
              streamId: this.stream,
              expectedVersion: request.expectedVersion,
              events: request.events,
              metadata,
              ...(request.commandId === undefined ? {} : { commandId: request.commandId }),
            }),
          ),
        ),
      );
      await s.waitFor(Promise.all(extras));
    } finally {
      real.pause = async () => {};
    }
    this.assess(model, real, head, requests, outcomes);
    await this.assessStream(model, real, head, requests, outcomes);
  }

  private assess(
    model: EventStoreModel,
    _real: RealStore,
    head: number,
    requests: readonly {
      contender: Contender;
      commandId: string | undefined;
      expectedVersion: ExpectedVersion;
    }[],
    outcomes: readonly PromiseSettledResult<AppendResult>[],
  ): void {
    const byCommand = new Map<string, AppendResult[]>();
    outcomes.forEach((outcome, index) => {
      const request = requests[index];
      if (!request) return;
      const first = model.commandOf(this.stream, request.commandId);
      if (outcome.status === 'rejected') {
        // Only a writer with an exact expected version may lose, and only to a conflict.
        expect(request.contender.expectation, String(outcome.reason)).not.toBe('any');
        expect(isConcurrencyError(outcome.reason), String(outcome.reason)).toBe(true);
        expect(first, 'a retry of a committed command returns its first result').toBeUndefined();
        return;
      }
      if (first) {
        expectDuplicateOf(outcome.value, first);
        return;
      }
      if (!outcome.value.duplicate && request.contender.expectation !== 'any') {
        expect(outcome.value.firstVersion).toBe(
          request.expectedVersion === 'no-stream' ? 1 : Number(request.expectedVersion) + 1,
        );
      }
      if (request.commandId !== undefined) {
        byCommand.set(request.commandId, [...(byCommand.get(request.commandId) ?? []), outcome.value]);
      }
    });
    expect(head).toBe(model.head(this.stream));
    for (const [commandId, results] of byCommand) {
      const stored = results.filter((result) => !result.duplicate);
      expect(stored.length, `command ${commandId} stored ${stored.length} times`).toBeLessThanOrEqual(1);
      const firstResult = stored[0] ?? results[0];
      for (const result of results) {
        if (firstResult) expect(commitOf(result)).toEqual(commitOf(firstResult));
      }
    }
  }

  private async assessStream(
    model: EventStoreModel,
    real: RealStore,
    head: number,
    requests: readonly { commandId: string | undefined }[],
    outcomes: readonly PromiseSettledResult<AppendResult>[],
  ): Promise<void> {
    const newCommits = outcomes
      .map((outcome, index) => ({ outcome, commandId: requests[index]?.commandId }))
      .flatMap(({ outcome, commandId }) =>
        outcome.status === 'fulfilled' && !outcome.value.duplicate
          ? [{ result: outcome.value, commandId }]
          : [],
      )
      .sort((a, b) => a.result.firstVersion - b.result.firstVersion);
    for (const { result, commandId } of newCommits) model.record(this.stream, result, commandId);
    // The stream holds exactly the model's events: dense, each winner's commit once, no loser's.
    const stored = await collect(real.writer(0).readStream(this.stream));
    expect(stored.map(({ eventId, version, type, data }) => ({ eventId, version, type, data }))).toEqual(
      model.events.get(this.stream) ?? [],
    );
    expect(stored.length).toBeGreaterThanOrEqual(head);
  }

  toString = () =>
    `race(${this.stream}, ${JSON.stringify(this.contenders)}, read ${this.readWhilePaused}, jump ${this.jumpWhilePaused}, ${this.scheduler})`;
}

const writerArb = fc.nat({ max: 2 });
const streamArb = fc.constantFrom(...STREAMS);

const appendArb = fc
  .record({
    stream: streamArb,
    writer: writerArb,
    expectation: fc.constantFrom<Expectation>('any', 'no-stream', 'current', 'current', 'stale', 'ahead'),
    count: fc.integer({ min: 1, max: 3 }),
    command: fc.oneof(
      fc.constant<CommandChoice>({ kind: 'none' }),
      fc.constant<CommandChoice>({ kind: 'new' }),
      fc.nat().map<CommandChoice>((pick) => ({ kind: 'retry', pick })),
    ),
  })
  .map((a) => new Append(a.stream, a.writer, a.expectation, a.count, a.command));

const revisionArb = fc.constantFrom(REVISIONS[0], REVISIONS[0], REVISIONS[1]);

// Appends are weighted three to one, so that streams grow long enough for folds and pages.
const commandArbs = [
  appendArb,
  appendArb,
  appendArb,
  fc
    .tuple(streamArb, writerArb, fc.double({ min: 0, max: 1, noNaN: true }))
    .map(([stream, writer, from]) => new ReadStream(stream, writer, from)),
  fc
    .tuple(streamArb, writerArb, fc.integer({ min: 1, max: 3 }))
    .map(([stream, writer, limit]) => new ReadStreamPart(stream, writer, limit)),
  fc
    .tuple(streamArb, writerArb, revisionArb)
    .map(([stream, writer, revision]) => new LoadFolded(stream, writer, revision)),
  fc.tuple(writerArb, fc.integer({ min: 1, max: 7 })).map(([writer, limit]) => new ReadGlobal(writer, limit)),
  fc.constantFrom('tick', 'seconds', 'past-settle' as const).map((step) => new AdvanceClock(step)),
  fc
    .record({
      stream: streamArb,
      contenders: fc.array(
        fc.record({
          writer: writerArb,
          expectation: fc.constantFrom<Contender['expectation']>('any', 'current', 'current', 'stale'),
          command: fc.constantFrom<Contender['command']>('none', 'own', 'shared', 'shared', 'old'),
        }),
        { minLength: 2, maxLength: 4 },
      ),
      scheduler: fc.scheduler(),
      readWhilePaused: fc.boolean(),
      jumpWhilePaused: fc.boolean(),
    })
    .map((r) => new Race(r.stream, r.contenders, r.scheduler, r.readWhilePaused, r.jumpWhilePaused)),
];

/** The property: any sequence of commands keeps the store equal to the model, and the global order complete. */
export const eventStoreModelProperty = (makeStore: MakeStoreUnderTest, options: { maxCommands: number }) =>
  fc.asyncProperty(
    fc.commands(commandArbs, { maxCommands: options.maxCommands, size: 'max' }),
    async (commands) => {
      const model = new EventStoreModel();
      const real = new RealStore();
      let nextEventId = 0;
      real.sut = await makeStore({
        clock: () => new Date(real.now),
        newId: () => {
          nextEventId += 1;
          return `event-${String(nextEventId).padStart(6, '0')}`;
        },
        beforePut: (info) => real.pause(info),
      });
      try {
        await fc.asyncModelRun(() => ({ model, real }), commands);
        // Every event ever committed, delivered exactly once by the reader that followed along…
        real.now += real.sut.settleMs + 1;
        for (;;) {
          const before = real.delivered.size;
          await real.readGlobalPage(0, 100);
          if (real.delivered.size === before) break;
        }
        expect(new Set(real.delivered.keys())).toEqual(new Set(model.allEventIds()));
        // …and by a reader that starts from scratch now, with each stream in version order.
        const fresh: StoredEvent[] = [];
        let checkpoint: GlobalCheckpoint = null;
        for (;;) {
          const page = await real.writer(1).readGlobal(checkpoint, { limit: 100 });
          checkpoint = page.checkpoint;
          if (page.events.length === 0) break;
          fresh.push(...page.events);
        }
        expect(fresh.map((event) => event.eventId).sort()).toEqual(model.allEventIds().sort());
        for (const stream of STREAMS) {
          const versions = fresh.filter((event) => event.streamId === stream).map((event) => event.version);
          expect(versions).toEqual(Array.from({ length: model.head(stream) }, (_, index) => index + 1));
        }
      } finally {
        await real.sut.cleanup();
      }
    },
  );
