/**
 * Turns stored event data of any schema version into what readers should see (for example the
 * catalog's `upcastEvent`). Without it the store returns data as stored.
 */
export type Upcast = (
  type: string,
  schemaVersion: number,
  data: unknown,
) => { readonly schemaVersion: number; readonly data: unknown };

/** What a writer is about to put: its stamp is taken, the item is not sent yet. */
export interface BeforePutInfo {
  readonly streamId: string;
  readonly firstVersion: number;
  readonly recordedAt: string;
  /** 1 for the first attempt of this append, then 2, 3, … after a re-stamp or an `'any'` retry. */
  readonly attempt: number;
}

/** Test hooks: `beforePut` lets a test pause a writer between taking its timestamp and writing. */
export interface StoreHooks {
  readonly beforePut?: (info: BeforePutInfo) => Promise<void>;
}

/** Options every adapter takes, so the contract suite can build any of them the same way. */
export interface CommonStoreOptions {
  /** The store's clock; defaults to the system clock. */
  readonly clock?: () => Date;
  /** A new unique event id each call; defaults to `crypto.randomUUID`. */
  readonly newId?: () => string;
  readonly upcast?: Upcast;
  readonly hooks?: StoreHooks;
  /** Commits per page when reading a stream; defaults to the backend's own pages (1 MB on DynamoDB). */
  readonly pageSize?: number;
}
