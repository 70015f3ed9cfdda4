// dynalite ships no types; this is the part of its API the store uses.
declare module 'dynalite' {
  import type { Server } from 'node:http';

  interface DynaliteOptions {
    /** LevelDB folder; in memory when absent. */
    path?: string;
    createTableMs?: number;
    deleteTableMs?: number;
    updateTableMs?: number;
    maxItemSizeKb?: number;
    verbose?: boolean;
    debug?: boolean;
  }

  /** Returns an HTTP server speaking the DynamoDB API; call `listen` to start it. */
  function dynalite(options?: DynaliteOptions): Server;
  export default dynalite;
}
