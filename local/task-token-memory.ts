import { type ParkedTask, type TaskTokenStore, taskTokenKey } from '../workflows/callbacks/token-store.js';

// The parked task tokens of the local runtime, remembered as its only writer wrote or read them.
//
// The workflow callback consumer (workflows/callbacks/consumer.ts) looks for the token parked at a
// subject's phase for every subject a page of the feed concerns, and the parking task looks once
// more after parking: a consistent GetItem each time (0.10–0.14 per event, docs/benchmarks.md),
// nearly all answering what the last write or read already said. Locally the tokens are written
// only by this process (the parking task runs in the local executor, the releases in the
// consumer), so the answer of the table is known without asking it, as for the store's streams
// (docs/adr/0118-sole-writer-empty-streams.md); docs/adr/0147-local-subscriptions-and-tokens.md.
//
// Every write still goes to the table first (the token must outlive the process: an execution
// resumed after a restart finds it there). A key's answer is kept only when nothing else was
// written meanwhile; a write whose outcome is not known (it threw) or that raced another leaves
// the key unknown, to be read again. On AWS the tokens are read from the table every time
// (workflows/handlers/workflow-services.ts): the park and the resume run in different functions.

/** Keys remembered at most; the least recently noted is dropped first. */
const MAX_REMEMBERED = 10_000;

export class RememberedTaskTokens implements TaskTokenStore {
  readonly #table: TaskTokenStore;
  /** The token parked at a key, or null when none is. */
  readonly #known = new Map<string, ParkedTask | null>();
  /** Moves at the start and at the end of every write. */
  #writes = 0;

  /** `table` must have no other writer than this instance (the local runtime's tokens). */
  constructor(table: TaskTokenStore) {
    this.#table = table;
  }

  async park(task: ParkedTask): Promise<void> {
    await this.#write(
      task,
      () => this.#table.park(task),
      () => ({ ...task }),
    );
  }

  async find(subjectId: string, phase: string): Promise<ParkedTask | undefined> {
    const key = taskTokenKey(subjectId, phase);
    const known = this.#known.get(key);
    if (known !== undefined) return known === null ? undefined : { ...known };
    const mark = this.#writes;
    const found = await this.#table.find(subjectId, phase);
    if (mark === this.#writes) this.#note(key, found === undefined ? null : { ...found });
    return found;
  }

  async release(task: Pick<ParkedTask, 'subjectId' | 'phase' | 'token'>): Promise<boolean> {
    let released = false;
    await this.#write(
      task,
      async () => {
        released = await this.#table.release(task);
      },
      // Refused: another token is parked there, or none; the table says which when next asked.
      () => (released ? null : undefined),
    );
    return released;
  }

  /** Writes to the table; then keeps `after()` (undefined: unknown) if no other write ran meanwhile. */
  async #write(
    task: Pick<ParkedTask, 'subjectId' | 'phase'>,
    write: () => Promise<void>,
    after: () => ParkedTask | null | undefined,
  ): Promise<void> {
    const key = taskTokenKey(task.subjectId, task.phase);
    this.#known.delete(key);
    this.#writes += 1;
    const started = this.#writes;
    try {
      await write();
    } catch (error) {
      this.#known.delete(key);
      throw error;
    } finally {
      this.#writes += 1;
    }
    const outcome = after();
    if (outcome !== undefined && this.#writes === started + 1) this.#note(key, outcome);
    else this.#known.delete(key);
  }

  #note(key: string, answer: ParkedTask | null): void {
    this.#known.delete(key);
    this.#known.set(key, answer);
    if (this.#known.size > MAX_REMEMBERED) {
      const oldest = this.#known.keys().next();
      if (!oldest.done) this.#known.delete(oldest.value);
    }
  }
}
