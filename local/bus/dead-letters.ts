import type { BusEvent } from '../../functions/application/bus/event-shape.js';

/** Why an event was parked instead of delivered. */
export type DeadLetterReason = 'failed' | 'expired' | 'no-handler';

/** An event a target could not take, kept where someone can list and replay it. */
export interface DeadLetter {
  /** `<targetId>/<eventId>`: parking the same event for the same target again replaces it. */
  readonly id: string;
  readonly ruleName: string;
  readonly targetId: string;
  readonly event: BusEvent;
  readonly reason: DeadLetterReason;
  /** Attempts made, over every round (first delivery and replays). */
  readonly attempts: number;
  readonly lastError: string;
  readonly parkedAt: string;
}

/** Where the bus parks dead letters (an SQS dead-letter queue per target on AWS). */
export interface DeadLetterStore {
  park(letter: DeadLetter): Promise<void>;
  list(): Promise<readonly DeadLetter[]>;
  get(id: string): Promise<DeadLetter | undefined>;
  remove(id: string): Promise<void>;
}

/** The dead-letter id of an event for one target. */
export const deadLetterId = (targetId: string, eventId: string): string => `${targetId}/${eventId}`;

/** Dead letters in memory, in parking order (the local runtime and tests). */
export class InMemoryDeadLetterStore implements DeadLetterStore {
  readonly #letters = new Map<string, DeadLetter>();

  async park(letter: DeadLetter): Promise<void> {
    this.#letters.delete(letter.id);
    this.#letters.set(letter.id, letter);
  }

  async list(): Promise<readonly DeadLetter[]> {
    return [...this.#letters.values()];
  }

  async get(id: string): Promise<DeadLetter | undefined> {
    return this.#letters.get(id);
  }

  async remove(id: string): Promise<void> {
    this.#letters.delete(id);
  }
}
