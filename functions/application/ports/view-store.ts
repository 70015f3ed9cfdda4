import type { ViewDocument } from '../projections/projection.js';
import { viewConflictError } from '../read-models/errors.js';

/** A stored view document and the storage revision that guards its next save. */
export interface StoredView<View> {
  readonly document: ViewDocument<View>;
  /** 1 after the first save; each save adds 1. */
  readonly storeRevision: number;
}

/**
 * Where read models are kept. A save names the storage revision it read (0 for a new document):
 * of two consumers updating one document, the late one gets `ViewConflictError` and nothing of
 * its write is stored, so no update is lost. Every adapter passes one contract suite.
 */
export interface ViewStore {
  load<View>(projection: string, key: string): Promise<StoredView<View> | undefined>;
  /** Saves if the document is still at `expectedRevision`; resolves with its new revision. */
  save<View>(document: ViewDocument<View>, expectedRevision: number): Promise<number>;
}

/** The partition key of a view document in the event store table (sort key 0). */
export const viewKey = (projection: string, key: string): string => `view#${projection}#${key}`;

/** View documents in memory (unit tests, throwaway local runs); copies in and out, as a database would. */
export class InMemoryViewStore implements ViewStore {
  readonly #items = new Map<string, { json: string; storeRevision: number }>();

  async load<View>(projection: string, key: string): Promise<StoredView<View> | undefined> {
    const item = this.#items.get(viewKey(projection, key));
    if (item === undefined) return undefined;
    return { document: JSON.parse(item.json) as ViewDocument<View>, storeRevision: item.storeRevision };
  }

  async save<View>(document: ViewDocument<View>, expectedRevision: number): Promise<number> {
    const id = viewKey(document.projection, document.key);
    const current = this.#items.get(id)?.storeRevision ?? 0;
    if (current !== expectedRevision) {
      throw viewConflictError({ projection: document.projection, key: document.key, expectedRevision });
    }
    const storeRevision = expectedRevision + 1;
    this.#items.set(id, { json: JSON.stringify(document), storeRevision });
    return storeRevision;
  }

  /** The keys of a projection's documents (tests and the local runtime's listing). */
  keys(projection: string): readonly string[] {
    const prefix = viewKey(projection, '');
    return [...this.#items.keys()].filter((id) => id.startsWith(prefix)).map((id) => id.slice(prefix.length));
  }
}
