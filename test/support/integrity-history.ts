import type { CommitMetadata } from '../../events/envelope.js';
import type { EventStore } from '../../functions/application/ports/event-store.js';

// A small history over three days, shared by the unit (in-memory) and integration (dynalite)
// tests of tamper evidence. Members are referenced by id only: their names live in the vault.

/** A clock the tests move by hand. */
export class ManualClock {
  private now: number;

  constructor(start: string) {
    this.now = Date.parse(start);
  }

  readonly read = (): Date => new Date(this.now);

  advance(ms: number): void {
    this.now += ms;
  }

  set(iso: string): void {
    this.now = Date.parse(iso);
  }
}

/** Event ids `event-1`, `event-2`, …: two stores given the same history hold the same commits. */
export const sequentialIds = (): (() => string) => {
  let next = 0;
  return () => {
    next += 1;
    return `event-${next}`;
  };
};

export const HISTORY_START = '2026-03-01T09:00:00.000Z';
const HOUR = 3_600_000;

const metadata: CommitMetadata = {
  actor: { id: 'user-coordinator-1', role: 'coordinator' },
  correlationId: 'correlation-1',
  causationId: null,
};

const commit = (
  store: EventStore,
  streamId: string,
  expectedVersion: 'no-stream' | number,
  type: string,
  data: unknown,
) => store.append({ streamId, expectedVersion, events: [{ type, schemaVersion: 1, data }], metadata });

/**
 * Appends, from 2026-03-01 to 2026-03-03:
 * - `association-1`: versions 1, 2, 3 on day 1, 4 on day 2 (4 is its last commit);
 * - `call-1`: 1 (two events: versions 1–2) on day 1, 3 on day 2;
 * - `association-2`: 1 on day 2, 2 on day 3.
 */
export const appendHistory = async (store: EventStore, clock: ManualClock): Promise<void> => {
  clock.set(HISTORY_START);
  await commit(store, 'association-1', 'no-stream', 'AssociationRegistered', { region: 'FES' });
  clock.advance(HOUR);
  await store.append({
    streamId: 'call-1',
    expectedVersion: 'no-stream',
    events: [
      { type: 'CallOpened', schemaVersion: 1, data: { region: 'FES' } },
      { type: 'CommitteeAppointed', schemaVersion: 1, data: { memberIds: ['person-1', 'person-2'] } },
    ],
    metadata,
  });
  clock.advance(HOUR);
  await commit(store, 'association-1', 1, 'MemberNominated', { memberId: 'person-3' });
  clock.advance(HOUR);
  await commit(store, 'association-1', 2, 'MemberNominated', { memberId: 'person-4' });
  clock.set('2026-03-02T10:00:00.000Z');
  await commit(store, 'association-2', 'no-stream', 'AssociationRegistered', { region: 'FES' });
  clock.advance(HOUR);
  await commit(store, 'call-1', 2, 'ApplicationScored', { applicationId: 'application-1', score: 82 });
  clock.advance(HOUR);
  await commit(store, 'association-1', 3, 'ModuleCompleted', { memberId: 'person-3', module: 'M1' });
  clock.set('2026-03-03T11:00:00.000Z');
  await commit(store, 'association-2', 1, 'MemberNominated', { memberId: 'person-5' });
};

/** A moment when 2026-03-01 to 2026-03-03 are settled for a settle bound up to a minute. */
export const AFTER_HISTORY = '2026-03-04T00:05:00.000Z';
