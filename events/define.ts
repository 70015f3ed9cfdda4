import type { z } from 'zod';

/**
 * One version of one event type: its name (past tense, also its EventBridge `detail-type`), its
 * schema version and the zod schema of its data. Its one-line summary for the generated catalog
 * is in `events/summaries.ts`, apart, so that the Lambda bundles do not carry it.
 */
export interface EventSchema<
  TType extends string = string,
  TVersion extends number = number,
  TData extends z.ZodType = z.ZodType,
> {
  readonly type: TType;
  readonly version: TVersion;
  readonly data: TData;
  /**
   * When the fact happened in the world, read from the data (a file received, a session held, a
   * payment made), for events whose data carries that date. The store writes it as the envelope's
   * `occurredAt`, beside the `recordedAt` it stamps itself; without it (or when it returns
   * undefined) the two are the same instant. ISO-8601 UTC with milliseconds.
   */
  // A method, so that a schema of specific data still counts as an `EventSchema` of any data.
  occurredAt?(data: z.infer<TData>): string | undefined;
}

let schemasBuilt = 0;

/** How many events' data schemas have been built in this process (each once, on first use). */
export const eventSchemasBuilt = (): number => schemasBuilt;

/**
 * Declares one version of an event. Declare `data` as a getter (`get data() { return
 * z.strictObject({...}); }`): the schema is then built the first time it is read (an encode,
 * a decode, the catalog's documents) and kept, instead of when the module is imported. A Lambda
 * function imports the whole catalog and reads a few events of it per request; building the
 * catalog's hundreds of zod schemas at import cost about 5 % of its initialisation
 * (docs/adr/0063-import-time.md). A plain `data:` value still works; it is built at import.
 */
export const defineEvent = <
  const TType extends string,
  const TVersion extends number,
  TData extends z.ZodType,
>(
  schema: EventSchema<TType, TVersion, TData>,
): EventSchema<TType, TVersion, TData> => {
  const build = Object.getOwnPropertyDescriptor(schema, 'data')?.get;
  if (build === undefined) return schema;
  let data: TData | undefined;
  return Object.freeze({
    type: schema.type,
    version: schema.version,
    ...(schema.occurredAt === undefined ? {} : { occurredAt: schema.occurredAt }),
    get data(): TData {
      if (data === undefined) {
        data = build.call(schema) as TData;
        schemasBuilt += 1;
      }
      return data;
    },
  });
};

/** Turns the data of version `from` into the data of version `from + 1`. Pure. */
export interface Upcaster {
  readonly from: number;
  readonly upcast: (data: unknown) => unknown;
}

/**
 * Every version of one event type. Readers always receive `latest`; older versions stay here
 * (with their fixtures) for as long as any stored event may carry them.
 */
export interface EventFamily<TLatest extends EventSchema = EventSchema> {
  readonly type: TLatest['type'];
  readonly latest: TLatest;
  readonly previous: readonly EventSchema[];
  readonly upcasters: readonly Upcaster[];
}

export const eventFamily = <TLatest extends EventSchema>(
  latest: TLatest,
  history: { previous: readonly EventSchema[]; upcasters: readonly Upcaster[] } = {
    previous: [],
    upcasters: [],
  },
): EventFamily<TLatest> => ({ type: latest.type, latest, ...history });

/** The event a decider returns: its type and the data of the latest version of its schema. */
export type DomainEventOf<S extends EventSchema> =
  S extends EventSchema<infer T, number, infer D> ? { type: T; data: z.infer<D> } : never;
