// The clock of the local workflow executor: Wait states and task timeouts are timers on it. The
// system clock runs in real time; the manual clock only moves when a test advances it, so a
// deadline months away takes no time at all in a test.

/** Cancels a scheduled timer (does nothing once it fired). */
export type CancelTimer = () => void;

/** What the executor needs of a clock. */
export interface WorkflowClock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Calls `fire` once the clock reaches `at` (at once, asynchronously, when `at` has passed). */
  schedule(at: number, fire: () => void): CancelTimer;
}

/** Longest delay Node's setTimeout takes (about 24.8 days); longer waits are chained. */
const MAX_TIMEOUT_MS = 2_147_483_647;

/** Real time. */
export class SystemWorkflowClock implements WorkflowClock {
  now(): number {
    return Date.now();
  }

  schedule(at: number, fire: () => void): CancelTimer {
    let handle: NodeJS.Timeout | undefined;
    let cancelled = false;
    const arm = () => {
      if (cancelled) return;
      const delay = at - Date.now();
      if (delay <= 0) {
        handle = setTimeout(fire, 0);
        return;
      }
      handle = setTimeout(arm, Math.min(delay, MAX_TIMEOUT_MS));
    };
    arm();
    return () => {
      cancelled = true;
      if (handle) clearTimeout(handle);
    };
  }
}

interface ManualTimer {
  readonly at: number;
  readonly order: number;
  readonly fire: () => void;
}

/** A clock that moves only when told to: tests advance it past deadlines and timeouts. */
export class ManualWorkflowClock implements WorkflowClock {
  #now: number;
  #timers: ManualTimer[] = [];
  #order = 0;

  constructor(start: string | number) {
    this.#now = typeof start === 'number' ? start : Date.parse(start);
  }

  now(): number {
    return this.#now;
  }

  /** The current instant as an ISO string (the `clock` of command services). */
  iso(): string {
    return new Date(this.#now).toISOString();
  }

  schedule(at: number, fire: () => void): CancelTimer {
    this.#order += 1;
    const timer = { at, order: this.#order, fire };
    if (at <= this.#now) {
      queueMicrotask(fire);
      return () => undefined;
    }
    this.#timers.push(timer);
    this.#timers.sort((left, right) => left.at - right.at || left.order - right.order);
    return () => {
      this.#timers = this.#timers.filter((candidate) => candidate !== timer);
    };
  }

  /** When the earliest timer fires, if any is scheduled. */
  nextTimerAt(): number | undefined {
    return this.#timers[0]?.at;
  }

  /**
   * Moves to the next timer due at or before `limit` and fires it; false when none is due. The
   * executor calls this in a loop, letting the workflows settle between two timers.
   */
  fireNextDue(limit: number): boolean {
    const next = this.#timers[0];
    if (!next || next.at > limit) return false;
    this.#timers.shift();
    this.#now = Math.max(this.#now, next.at);
    next.fire();
    return true;
  }

  /** Sets the time without firing anything (the executor fires what is due). */
  setTime(at: number): void {
    this.#now = Math.max(this.#now, at);
  }
}
