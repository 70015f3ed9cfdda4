import { randomUUID } from 'node:crypto';
import {
  checkPutEventsRequest,
  chunkEntries,
  type PutEventsEntry,
  type PutEventsResult,
  toPutEventsEntry,
} from '../functions/adapters/eventbridge/put-events.js';
import {
  type BackoffPolicy,
  backoffDelay,
  describeFailure,
  sleep as realSleep,
} from '../functions/application/bus/backoff.js';
import { deadLetterNotFoundError } from '../functions/application/bus/errors.js';
import {
  type BusEvent,
  type BusLocation,
  LOCAL_BUS_LOCATION,
  type NASEEJ_SOURCE,
} from '../functions/application/bus/event-shape.js';
import { compilePattern } from '../functions/application/bus/pattern.js';
import {
  type BusRule,
  type RuleTarget,
  rules as sharedRules,
  validateRules,
} from '../functions/application/bus/rules.js';
import {
  type DeadLetter,
  type DeadLetterReason,
  type DeadLetterStore,
  deadLetterId,
  InMemoryDeadLetterStore,
} from './bus/dead-letters.js';

// The local bus: the same rules as the EventBridge bus (functions/application/bus/rules.ts), matched with the
// project's matcher, each target called through the handler registered under its id, with the
// target's retry policy, and what still fails parked as a dead letter that can be replayed.
//
// Unlike EventBridge, `publish` waits for every target (retries included) before it returns, so
// the change feed moves its checkpoint only after delivery or parking: at-least-once.
//
// Events reach the bus as EventBridge takes them (docs/adr/0051-publishing-with-put-events.md):
// `putEvents` refuses a request of more than 10 entries or 256 KB, as PutEvents does, and gives
// each entry a new id, as EventBridge does (consumers de-duplicate by the envelope's eventId);
// `publish` and `publishBatch` cut their events into such requests with the same code as the AWS
// commit splitter, so a page that would not pass on AWS does not pass here either.
//
// `publishBatch` takes a page of the change feed: each target gets the events it matches, in
// order, every target at once (one slow target no longer holds the others event by event). A
// target registered with a batch handler takes them in one call, as a Lambda behind an SQS queue
// takes a batch; if that call fails, each event is delivered alone, with the target's retries and
// dead letters, so that only the event that fails is parked.

/** A target's code: resolves when the event is taken, throws to ask for a retry. */
export type TargetHandler = (event: BusEvent) => Promise<void>;

/** A target's code for several events in their order: resolves when all are taken, throws otherwise. */
export type BatchTargetHandler = (events: readonly BusEvent[]) => Promise<void>;

/** What happened to one event at one target. */
export interface DeliveryReport {
  readonly ruleName: string;
  readonly targetId: string;
  /** `dropped`: it failed and the target keeps no dead letters (as EventBridge without a DLQ). */
  readonly outcome: 'delivered' | 'parked' | 'skipped' | 'dropped';
  readonly attempts: number;
  readonly reason?: DeadLetterReason;
}

export interface LocalBusOptions {
  /** Defaults to the shared rule set. */
  readonly rules?: readonly BusRule[];
  readonly deadLetters?: DeadLetterStore;
  /** Waits between attempts; defaults to 50 ms doubling up to 1 s (local runs stay responsive). */
  readonly backoff?: BackoffPolicy;
  readonly clock?: () => Date;
  readonly sleep?: (milliseconds: number) => Promise<void>;
  /** A matched target with no handler: park the event (default, nothing is lost) or skip it. */
  readonly onMissingHandler?: 'park' | 'skip';
  /** The account and region of the events the bus delivers; defaults to the local ones. */
  readonly location?: BusLocation;
  /** The id EventBridge gives each entry it accepts; defaults to a random UUID. */
  readonly newEventId?: () => string;
}

export const PUT_EVENTS_VALIDATION = 'ValidationException';

/** A PutEvents request EventBridge would refuse whole (too many entries, too many bytes). */
export interface PutEventsValidationError extends Error {
  readonly name: 'ValidationException';
}

interface CompiledRule {
  readonly rule: BusRule;
  readonly matches: (event: unknown) => boolean;
}

/** The local stand-in for the EventBridge bus. */
export class LocalBus {
  readonly #rules: readonly CompiledRule[];
  readonly #targets = new Map<string, { rule: BusRule; target: RuleTarget }>();
  readonly #handlers = new Map<string, TargetHandler>();
  readonly #batchHandlers = new Map<string, BatchTargetHandler>();
  readonly #deadLetters: DeadLetterStore;
  readonly #backoff: BackoffPolicy;
  readonly #clock: () => Date;
  readonly #sleep: (milliseconds: number) => Promise<void>;
  readonly #onMissingHandler: 'park' | 'skip';
  readonly #location: BusLocation;
  readonly #newEventId: () => string;

  constructor(options: LocalBusOptions = {}) {
    const ruleSet = options.rules ?? sharedRules;
    const problems = validateRules(ruleSet);
    if (problems.length > 0) throw new Error(`Invalid rule set: ${problems.join('; ')}`);
    this.#rules = ruleSet.map((rule) => ({ rule, matches: compilePattern(rule.eventPattern) }));
    for (const rule of ruleSet) {
      for (const target of rule.targets) this.#targets.set(target.id, { rule, target });
    }
    this.#deadLetters = options.deadLetters ?? new InMemoryDeadLetterStore();
    this.#backoff = options.backoff ?? { baseDelayMs: 50, maxDelayMs: 1_000 };
    this.#clock = options.clock ?? (() => new Date());
    this.#sleep = options.sleep ?? realSleep;
    this.#onMissingHandler = options.onMissingHandler ?? 'park';
    this.#location = options.location ?? LOCAL_BUS_LOCATION;
    this.#newEventId = options.newEventId ?? randomUUID;
  }

  /**
   * EventBridge's PutEvents: refuses the whole request (a `ValidationException`) when it has no
   * entry or more than 10, or when its entries total more than 256 KB; otherwise routes each
   * entry as the event EventBridge would deliver, and resolves once each is delivered or parked.
   */
  async putEvents(entries: readonly PutEventsEntry[]): Promise<PutEventsResult> {
    const events = this.#accept(entries);
    await this.#deliverPage(events);
    return { FailedEntryCount: 0, Entries: events.map((event) => ({ EventId: event.id })) };
  }

  /** What EventBridge does with a request before any rule sees it: check it, then shape each event. */
  #accept(entries: readonly PutEventsEntry[]): BusEvent[] {
    const problem = checkPutEventsRequest(entries);
    if (problem !== undefined) {
      throw Object.assign(new Error(problem), { name: PUT_EVENTS_VALIDATION }) as PutEventsValidationError;
    }
    return entries.map((entry) => ({
      version: '0',
      id: this.#newEventId(),
      'detail-type': entry.DetailType,
      source: entry.Source as typeof NASEEJ_SOURCE,
      account: this.#location.account,
      // EventBridge gives `time` to the second.
      time: (entry.Time ?? this.#clock()).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      region: this.#location.region,
      resources: [],
      detail: JSON.parse(entry.Detail) as BusEvent['detail'],
    }));
  }

  /** The events as they come out of PutEvents requests cut as the AWS commit splitter cuts them. */
  #throughPutEvents(events: readonly BusEvent[]): BusEvent[] {
    return chunkEntries(events.map((event) => toPutEventsEntry(event.detail))).flatMap((chunk) =>
      this.#accept(chunk),
    );
  }

  /** Registers the code of a target named in the rules (an unknown id is a mistake: it throws). */
  register(targetId: string, handler: TargetHandler, batchHandler?: BatchTargetHandler): void {
    if (!this.#targets.has(targetId)) {
      throw new Error(
        `No rule has a target ${JSON.stringify(targetId)}; known: ${[...this.#targets.keys()].join(', ')}`,
      );
    }
    this.#handlers.set(targetId, handler);
    if (batchHandler === undefined) this.#batchHandlers.delete(targetId);
    else this.#batchHandlers.set(targetId, batchHandler);
  }

  /** Routes one event to every target of every matching rule; resolves once each is delivered or parked. */
  async publish(published: BusEvent): Promise<readonly DeliveryReport[]> {
    const [event] = this.#throughPutEvents([published]);
    if (event === undefined) return [];
    // As on EventBridge, an event's age counts from when it reached the bus, not from when it was
    // recorded: a feed catching up after downtime delivers old events rather than expiring them.
    const publishedAt = this.#clock().getTime();
    const deliveries = this.#rules
      .filter(({ matches }) => matches(event))
      .flatMap(({ rule }) =>
        rule.targets.map((target) => this.#deliver(rule, target, event, 0, publishedAt)),
      );
    return Promise.all(deliveries);
  }

  /**
   * Routes a page of events: each target gets the ones it matches, in order, all targets at once;
   * resolves once every event is delivered or parked at every target. Reports in no set order.
   */
  async publishBatch(events: readonly BusEvent[]): Promise<readonly DeliveryReport[]> {
    return this.#deliverPage(this.#throughPutEvents(events));
  }

  async #deliverPage(events: readonly BusEvent[]): Promise<readonly DeliveryReport[]> {
    const publishedAt = this.#clock().getTime();
    const perTarget = this.#rules.flatMap(({ rule, matches }) => {
      const matched = events.filter((event) => matches(event));
      return matched.length === 0 ? [] : rule.targets.map((target) => ({ rule, target, matched }));
    });
    const reports = await Promise.all(
      perTarget.map(({ rule, target, matched }) => this.#deliverBatch(rule, target, matched, publishedAt)),
    );
    return reports.flat();
  }

  /** The parked events, oldest first. */
  listDeadLetters(): Promise<readonly DeadLetter[]> {
    return this.#deadLetters.list();
  }

  /**
   * Delivers a parked event again, with a fresh round of retries (its age no longer counts);
   * removes it when delivered, parks it again otherwise. Throws `DeadLetterNotFoundError`.
   */
  async replay(id: string): Promise<DeliveryReport> {
    const letter = await this.#deadLetters.get(id);
    if (!letter) throw deadLetterNotFoundError(id);
    const entry = this.#targets.get(letter.targetId);
    if (!entry) throw new Error(`Target ${letter.targetId} is no longer in the rule set`);
    const report = await this.#deliver(entry.rule, entry.target, letter.event, letter.attempts, undefined);
    if (report.outcome === 'delivered') await this.#deadLetters.remove(id);
    return report;
  }

  /** Replays every parked event, one after the other. */
  async replayAll(): Promise<readonly DeliveryReport[]> {
    const reports: DeliveryReport[] = [];
    for (const letter of await this.#deadLetters.list()) reports.push(await this.replay(letter.id));
    return reports;
  }

  async #deliverBatch(
    rule: BusRule,
    target: RuleTarget,
    events: readonly BusEvent[],
    publishedAt: number,
  ): Promise<DeliveryReport[]> {
    const batchHandler = this.#batchHandlers.get(target.id);
    if (batchHandler !== undefined && events.length > 1) {
      try {
        await batchHandler(events);
        return events.map(() => ({
          ruleName: rule.name,
          targetId: target.id,
          outcome: 'delivered',
          attempts: 1,
        }));
      } catch {
        // One of them failed: each is delivered alone below, with retries and dead letters.
      }
    }
    const reports: DeliveryReport[] = [];
    for (const event of events) reports.push(await this.#deliver(rule, target, event, 0, publishedAt));
    return reports;
  }

  async #deliver(
    rule: BusRule,
    target: RuleTarget,
    event: BusEvent,
    attemptsBefore: number,
    /** When the event reached the bus; a replay (undefined) ignores the age limit. */
    publishedAt: number | undefined,
  ): Promise<DeliveryReport> {
    const handler = this.#handlers.get(target.id);
    const base = { ruleName: rule.name, targetId: target.id };
    if (!handler) {
      if (this.#onMissingHandler === 'skip') return { ...base, outcome: 'skipped', attempts: 0 };
      const parked = await this.#park(
        rule,
        target,
        event,
        'no-handler',
        attemptsBefore,
        'No handler is registered',
      );
      return { ...base, outcome: parked ? 'parked' : 'dropped', attempts: 0, reason: 'no-handler' };
    }
    let lastError = '';
    // The consumer reads a queue (functions/application/bus/rules.ts): it gets the event `maxReceiveCount`
    // times, then the message moves to the queue's dead-letter queue.
    const maxAttempts = target.queue.maxReceiveCount;
    for (let attempt = 1; attempt <= maxAttempts; attempt += 1) {
      const wait = backoffDelay(this.#backoff, attempt);
      if (wait > 0) await this.#sleep(wait);
      const ageMs = publishedAt === undefined ? 0 : this.#clock().getTime() - publishedAt;
      if (ageMs > target.retry.maxEventAgeSeconds * 1_000) {
        const attempts = attempt - 1;
        const parked = await this.#park(
          rule,
          target,
          event,
          'expired',
          attemptsBefore + attempts,
          lastError || 'Too old',
        );
        return { ...base, outcome: parked ? 'parked' : 'dropped', attempts, reason: 'expired' };
      }
      try {
        await handler(event);
        return { ...base, outcome: 'delivered', attempts: attempt };
      } catch (error) {
        lastError = describeFailure(error);
      }
    }
    const attempts = maxAttempts;
    const parked = await this.#park(rule, target, event, 'failed', attemptsBefore + attempts, lastError);
    return { ...base, outcome: parked ? 'parked' : 'dropped', attempts, reason: 'failed' };
  }

  async #park(
    rule: BusRule,
    target: RuleTarget,
    event: BusEvent,
    reason: DeadLetterReason,
    attempts: number,
    lastError: string,
  ): Promise<boolean> {
    if (!target.deadLetter) return false;
    await this.#deadLetters.park({
      id: deadLetterId(target.id, event.detail.eventId),
      ruleName: rule.name,
      targetId: target.id,
      event,
      reason,
      attempts,
      lastError,
      parkedAt: this.#clock().toISOString(),
    });
    return true;
  }
}
