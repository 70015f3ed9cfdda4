import type { CommitMetadata } from '../../events/envelope.js';
import type {
  AppendResult,
  EventStore,
  GlobalCheckpoint,
  StoredEvent,
} from '../../functions/application/ports/event-store.js';
import { isConcurrencyError } from '../../functions/application/ports/event-store-errors.js';

/** What a duplicate storm did: every duplicate's result, and what the store holds afterwards. */
export interface StormOutcome {
  readonly results: readonly AppendResult[];
  readonly stream: readonly StoredEvent[];
  readonly global: readonly StoredEvent[];
}

export interface StormOptions {
  /** How many times the same command is sent. */
  readonly duplicates: number;
  /** How many of them are in flight at once (a wave). */
  readonly concurrency: number;
  /** Appends of other commands to the same stream, spread over the waves, to make real contention. */
  readonly others: number;
}

/** The command every duplicate carries: paying a grant tranche, which must happen once. */
export const STORM_COMMAND_ID = 'pay-tranche-42-1';
export const STORM_STREAM = 'grant-42';
export const STORM_EVENT_TYPE = 'TranchePaid';

const metadata: CommitMetadata = {
  actor: { id: 'finance-officer-7', role: 'finance-payer' },
  correlationId: 'storm',
  causationId: null,
};

const MAX_ATTEMPTS = 200;

/**
 * A client that sends the command as the application service does: it loads the stream's version
 * and appends with that expected version and the command id; after a conflict it loads and tries
 * again. Every duplicate of the storm is one such client.
 */
const sendCommand = async (store: EventStore): Promise<AppendResult> => {
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) {
    const version = await store.streamVersion(STORM_STREAM);
    try {
      return await store.append({
        streamId: STORM_STREAM,
        expectedVersion: version === 0 ? 'no-stream' : version,
        events: [{ type: STORM_EVENT_TYPE, schemaVersion: 1, data: { grantId: 'grant-42', tranche: 1 } }],
        commandId: STORM_COMMAND_ID,
        metadata,
      });
    } catch (error) {
      if (!isConcurrencyError(error)) throw error;
    }
  }
  throw new Error(`The command was refused ${MAX_ATTEMPTS} times in a row`);
};

const readGlobalToEnd = async (store: EventStore): Promise<StoredEvent[]> => {
  const events: StoredEvent[] = [];
  let checkpoint: GlobalCheckpoint = null;
  for (;;) {
    const page = await store.readGlobal(checkpoint, { limit: 500 });
    checkpoint = page.checkpoint;
    if (page.events.length === 0) return events;
    events.push(...page.events);
  }
};

/**
 * Sends the same command `duplicates` times, in waves of `concurrency` at once, through the given
 * store instances in turn, while other writers append to the same stream; then reads the stream and
 * the global order. `readGlobalAfter` prepares the global read (for example moves the clock).
 */
export const runDuplicateStorm = async (
  writers: readonly EventStore[],
  options: StormOptions,
  readGlobalAfter: () => void = () => {},
): Promise<StormOutcome> => {
  const writerAt = (index: number) => writers[index % writers.length] as EventStore;
  await writerAt(0).append({
    streamId: STORM_STREAM,
    expectedVersion: 'no-stream',
    events: [{ type: 'GrantAwarded', schemaVersion: 1, data: { grantId: 'grant-42' } }],
    metadata,
  });
  const results: AppendResult[] = [];
  const waves = Math.ceil(options.duplicates / options.concurrency);
  const othersPerWave = Math.ceil(options.others / waves);
  let sent = 0;
  let othersSent = 0;
  for (let wave = 0; wave < waves; wave += 1) {
    const inWave = Math.min(options.concurrency, options.duplicates - sent);
    const otherCount = Math.min(othersPerWave, options.others - othersSent);
    const duplicates = Array.from({ length: inWave }, (_, index) => sendCommand(writerAt(sent + index)));
    const others = Array.from({ length: otherCount }, (_, index) =>
      writerAt(wave + index).append({
        streamId: STORM_STREAM,
        expectedVersion: 'any',
        events: [{ type: 'TrancheEvidenceAdded', schemaVersion: 1, data: { n: othersSent + index } }],
        metadata,
      }),
    );
    sent += inWave;
    othersSent += otherCount;
    const [waveResults] = await Promise.all([Promise.all(duplicates), Promise.all(others)]);
    results.push(...waveResults);
  }
  const stream: StoredEvent[] = [];
  for await (const event of writerAt(0).readStream(STORM_STREAM)) stream.push(event);
  readGlobalAfter();
  return { results, stream, global: await readGlobalToEnd(writerAt(0)) };
};
