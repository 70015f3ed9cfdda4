import { decodeEvent, type NaseejEvent } from '../../../events/catalog.js';
import type { EventEnvelope, Recorded } from '../../../events/envelope.js';

// The pure core every read model shares: a projection names the view documents an event changes
// and folds events into them; a document remembers the last version it applied per stream, so
// applying an event twice changes nothing and a missing version is detected (a gap).

/** A recorded event as projections receive it: the envelope and the data of the latest schema. */
export type ProjectedEvent = Recorded<NaseejEvent>;

/** A stored event (any schema version) as a projection receives it: upcast to the latest version. */
export const toProjectedEvent = (stored: Readonly<EventEnvelope>): ProjectedEvent =>
  decodeEvent(stored) as unknown as ProjectedEvent;

/**
 * A read model: which documents an event changes (`keysOf`) and how (`evolve`). `evolve` must be
 * pure and must not depend on how events of *different* streams interleave (counters, sets, and
 * per-stream sub-states only): then any delivery order that keeps each stream's order, which the
 * consumer guarantees, yields the same view as the global order (the rebuild).
 */
export interface Projection<View> {
  /** Names the documents (`view#<name>#<key>`); lower-case words and hyphens. */
  readonly name: string;
  /** Bumped when `evolve` changes meaning: documents of another revision must be rebuilt. */
  readonly revision: number;
  /**
   * The keys of the documents the event changes. `head` is the first event of the event's stream
   * (its opening: `CallOpened`, `CommitteeAppointed`, …), for events that do not name their rollout.
   */
  readonly keysOf: (event: ProjectedEvent, head: ProjectedEvent | undefined) => readonly string[];
  readonly initialView: (key: string) => View;
  readonly evolve: (view: View, event: ProjectedEvent, head: ProjectedEvent | undefined) => View;
}

/** A view as stored: the view, the last version applied per stream, and the newest event's time. */
export interface ViewDocument<View> {
  readonly projection: string;
  readonly revision: number;
  readonly key: string;
  readonly view: View;
  /** Per stream, the last version this document has taken into account (applied or skipped). */
  readonly applied: Readonly<Record<string, number>>;
  /** The greatest recordedAt of the events applied: the view is the state as of this instant. */
  readonly asOf: string | null;
}

/** A fresh document of a projection. */
export const emptyDocument = <View>(projection: Projection<View>, key: string): ViewDocument<View> => ({
  projection: projection.name,
  revision: projection.revision,
  key,
  view: projection.initialView(key),
  applied: {},
  asOf: null,
});

/** What applying one delivered event to one document gives. */
export type ApplyOutcome<View> =
  | { readonly kind: 'applied'; readonly document: ViewDocument<View> }
  /** The document has already taken this version into account: nothing to do. */
  | { readonly kind: 'duplicate' }
  /** Versions `from`..`to` of the stream were never seen: read them from the store first. */
  | { readonly kind: 'gap'; readonly streamId: string; readonly from: number; readonly to: number };

/** The version a document has taken into account for a stream (0: none). */
export const appliedVersion = (document: ViewDocument<unknown>, streamId: string): number =>
  Object.hasOwn(document.applied, streamId) ? (document.applied[streamId] ?? 0) : 0;

const laterOf = (current: string | null, candidate: string): string =>
  current === null || candidate > current ? candidate : current;

/**
 * Takes one event into account: evolves the view when the event is routed to this document
 * (`routed`), and in every case records its version, so later versions of the stream are not
 * mistaken for a gap. The caller has checked that the version is the next one (or is folding
 * settled history in global order).
 */
export const advance = <View>(
  projection: Projection<View>,
  document: ViewDocument<View>,
  event: ProjectedEvent,
  head: ProjectedEvent | undefined,
  routed: boolean,
): ViewDocument<View> => ({
  ...document,
  view: routed ? projection.evolve(document.view, event, head) : document.view,
  applied: { ...document.applied, [event.streamId]: event.version },
  asOf: routed ? laterOf(document.asOf, event.recordedAt) : document.asOf,
});

/**
 * A list kept in a canonical order, with one more item. Items nearly always arrive in order: the
 * item is then appended, without sorting again a list of thousands on every event (a rollout's
 * audit trail or payments at 600 associations). Otherwise the list is sorted; the sort is stable,
 * so the order is the same either way.
 */
export const withInOrder = <T>(items: readonly T[], item: T, order: (a: T, b: T) => number): readonly T[] => {
  const last = items.at(-1);
  return last === undefined || order(last, item) <= 0 ? [...items, item] : [...items, item].sort(order);
};

/**
 * Records that versions up to `version` of a stream were none of this document's (the caller
 * knows none of them was routed to it): the view is unchanged, later versions are not a gap.
 */
export const skipUnrouted = <View>(
  document: ViewDocument<View>,
  streamId: string,
  version: number,
): ViewDocument<View> => ({ ...document, applied: { ...document.applied, [streamId]: version } });

/**
 * Applies a delivered event to a document, idempotently by stream version: an event already taken
 * into account is a duplicate; an event beyond the next version reveals a gap to repair from the
 * store (the bus is only a notification; the store is the truth).
 */
export const applyDelivered = <View>(
  projection: Projection<View>,
  document: ViewDocument<View>,
  event: ProjectedEvent,
  head: ProjectedEvent | undefined,
): ApplyOutcome<View> => {
  const last = appliedVersion(document, event.streamId);
  if (event.version <= last) return { kind: 'duplicate' };
  if (event.version > last + 1) {
    return { kind: 'gap', streamId: event.streamId, from: last + 1, to: event.version - 1 };
  }
  return { kind: 'applied', document: advance(projection, document, event, head, true) };
};

/** Whether an event's own data names its rollout (else its stream's head does). */
const namesItsRollout = (event: { readonly data: unknown }): boolean =>
  typeof (event.data as { rolloutId?: unknown }).rolloutId === 'string';

/** Whether routing this event needs its stream's first event (version 1 is its own head). */
export const needsHead = (event: { readonly version: number; readonly data: unknown }): boolean =>
  event.version > 1 && !namesItsRollout(event);

/** The rollout an event belongs to: its own `rolloutId`, else its stream head's; null when none. */
export const rolloutIdOf = (
  event: { readonly data: unknown },
  head: { readonly data: unknown } | undefined,
): string | null => {
  const own = (event.data as { rolloutId?: unknown }).rolloutId;
  if (typeof own === 'string') return own;
  if (own === null) return null;
  const fromHead = (head?.data as { rolloutId?: unknown } | undefined)?.rolloutId;
  return typeof fromHead === 'string' ? fromHead : null;
};

/**
 * Folds events, given in global order, into every document of a projection: the rebuild and the
 * "as of" computation. An event of a version already taken into account is ignored, so a global
 * order that delivers an event twice (it never should) changes nothing either.
 */
export class ProjectionFold<View> {
  readonly #projection: Projection<View>;
  readonly #documents = new Map<string, ViewDocument<View>>();
  readonly #heads = new Map<string, ProjectedEvent>();

  constructor(projection: Projection<View>) {
    this.#projection = projection;
  }

  /** Takes one event of the global order into account. */
  apply(event: ProjectedEvent): void {
    if (event.version === 1) this.#heads.set(event.streamId, event);
    const head = this.#heads.get(event.streamId);
    for (const key of this.#projection.keysOf(event, head)) {
      const document = this.#documents.get(key) ?? emptyDocument(this.#projection, key);
      if (event.version <= appliedVersion(document, event.streamId)) continue;
      this.#documents.set(key, advance(this.#projection, document, event, head, true));
    }
  }

  /** One document as folded so far, or undefined when no event reached it. */
  document(key: string): ViewDocument<View> | undefined {
    return this.#documents.get(key);
  }

  /** Every document folded so far, by key. */
  documents(): ReadonlyMap<string, ViewDocument<View>> {
    return this.#documents;
  }
}

/** Folds a list of events (already in global order) into the documents of a projection. */
export const foldAll = <View>(
  projection: Projection<View>,
  events: Iterable<ProjectedEvent>,
): ReadonlyMap<string, ViewDocument<View>> => {
  const fold = new ProjectionFold(projection);
  for (const event of events) fold.apply(event);
  return fold.documents();
};
