import type { z } from 'zod';

/**
 * One version of one event type: its name (past tense, also its EventBridge `detail-type`), its
 * schema version, a one-line summary for the generated catalog, and the zod schema of its data.
 */
export interface EventSchema<
  TType extends string = string,
  TVersion extends number = number,
  TData extends z.ZodType = z.ZodType,
> {
  readonly type: TType;
  readonly version: TVersion;
  readonly summary: string;
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

export const defineEvent = <
  const TType extends string,
  const TVersion extends number,
  TData extends z.ZodType,
>(
  schema: EventSchema<TType, TVersion, TData>,
): EventSchema<TType, TVersion, TData> => schema;

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
