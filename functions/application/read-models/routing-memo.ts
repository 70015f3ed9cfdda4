// What the projections consumer remembers of how it routed each stream's recent versions, so that
// a document that follows only some events of a stream (an association's audit trail in its
// rollout's grants stream) can skip a gap of versions that all went elsewhere without reading
// the store. See ProjectionConsumer.

/** Per stream: the contiguous versions noted, and for each document the versions routed to it. */
interface StreamRouting {
  /** The first and one past the last version noted: every version in between was noted. */
  first: number;
  next: number;
  /** Per document id, the versions routed to it, ascending (none below `first` once trimmed). */
  readonly byDocument: Map<string, number[]>;
}

export interface RoutingMemoLimits {
  /** Streams remembered; the least recently noted is forgotten first. */
  readonly streams: number;
  /** Versions remembered per stream; the oldest are forgotten first. */
  readonly versions: number;
}

/** The index of the first version in `versions` (ascending) that is `from` or more. */
const firstAtLeast = (versions: readonly number[], from: number): number => {
  let low = 0;
  let high = versions.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((versions[middle] ?? 0) < from) low = middle + 1;
    else high = middle;
  }
  return low;
};

/**
 * The routing of recent versions, per stream. Answering whether a gap was routed elsewhere takes a
 * binary search in the versions routed to one document, whatever the gap's length (a walk through
 * the gap's versions took 6 % of the CPU during enrolment at 600 associations).
 */
export class RoutingMemo {
  readonly #streams = new Map<string, StreamRouting>();
  readonly #limits: RoutingMemoLimits;

  constructor(limits: RoutingMemoLimits) {
    this.#limits = limits;
  }

  /** Notes that `version` of a stream was routed to these documents. */
  note(streamId: string, version: number, documentIds: readonly string[]): void {
    let known = this.#streams.get(streamId);
    this.#streams.delete(streamId);
    if (known === undefined || version > known.next) {
      // the first version seen of this stream, or after a jump: what lies before is unknown
      known = { first: version, next: version, byDocument: new Map() };
    }
    if (version === known.next) {
      for (const id of documentIds) {
        const versions = known.byDocument.get(id);
        if (versions === undefined) known.byDocument.set(id, [version]);
        else versions.push(version);
      }
      known.next = version + 1;
      // Trimmed by a quarter at a time, so that the cost of trimming is spread over many notes.
      if (known.next - known.first > this.#limits.versions + (this.#limits.versions >> 2)) {
        this.#forgetBefore(known, known.next - this.#limits.versions);
      }
    }
    // else: a version already noted (a redelivery, routed the same way)
    this.#streams.set(streamId, known);
    if (this.#streams.size > this.#limits.streams) {
      const oldest = this.#streams.keys().next().value;
      if (oldest !== undefined) this.#streams.delete(oldest);
    }
  }

  /** Whether every version `from`..`to` of the stream was noted, none of them routed to `documentId`. */
  routedElsewhere(streamId: string, from: number, to: number, documentId: string): boolean {
    const known = this.#streams.get(streamId);
    if (known === undefined || from < known.first || to >= known.next) return false;
    const versions = known.byDocument.get(documentId);
    if (versions === undefined) return true;
    const index = firstAtLeast(versions, from);
    return index >= versions.length || (versions[index] ?? 0) > to;
  }

  #forgetBefore(known: StreamRouting, first: number): void {
    known.first = first;
    for (const [id, versions] of known.byDocument) {
      const kept = firstAtLeast(versions, first);
      if (kept >= versions.length) known.byDocument.delete(id);
      else if (kept > 0) versions.splice(0, kept);
    }
  }
}
