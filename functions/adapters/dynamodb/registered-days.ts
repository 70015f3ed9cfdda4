import type { AttributeValue, QueryCommandInput, QueryCommandOutput } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { dayNumberOf, GLOBAL_DAYS_PK } from './item-layout.js';

// The day registry of the global order (docs/adr/0002-global-order.md): `global#days`, one item per
// UTC day that holds commits, written by a writer before its first commit of that day. A reader
// lists the days from its horizon's day with a consistent query before it reads the index.
//
// `RegisteredDays` is the same list kept in memory for a table whose writers all run in this
// process and note each day here before they register it (the local runtime: one store, the
// table's sole writer, ADR 0044). Its reader then queries the registry once, and learns every
// later day from the writer: the local change feed asked for the days on every 200 ms poll
// (0.18–0.29 queries per event, docs/benchmarks.md). docs/adr/0146-days-learnt-from-the-writer.md
// argues that nothing is missed, whatever the writer's and the reader's clocks.

/** A query of the table (its name and request timeout given by the caller). */
export type TableQuery = (input: Omit<QueryCommandInput, 'TableName'>) => Promise<QueryCommandOutput>;

/** The registered days at or above the day of `horizon` (every day from null), in order. */
export const queryRegisteredDays = async (query: TableQuery, horizon: string | null): Promise<number[]> => {
  const days: number[] = [];
  let exclusiveStartKey: Record<string, AttributeValue> | undefined;
  do {
    const page = await query({
      KeyConditionExpression: horizon === null ? 'pk = :pk' : 'pk = :pk AND sk >= :day',
      ExpressionAttributeValues: marshall({
        ':pk': GLOBAL_DAYS_PK,
        ...(horizon === null ? {} : { ':day': dayNumberOf(horizon) }),
      }),
      ProjectionExpression: 'sk',
      ConsistentRead: true,
      ...(exclusiveStartKey === undefined ? {} : { ExclusiveStartKey: exclusiveStartKey }),
    });
    for (const item of page.Items ?? []) days.push(Number(unmarshall(item).sk));
    exclusiveStartKey = page.LastEvaluatedKey;
  } while (exclusiveStartKey !== undefined);
  return days;
};

/**
 * The registered days of a table whose every writer is in this process and calls `registering`
 * (shared by the local store and the local feed's reader). Never for a table other processes or
 * instances write (every table on AWS): a day they register would not be known.
 */
export class RegisteredDays {
  readonly #days = new Set<number>();
  #loaded: Promise<void> | undefined;

  /**
   * The writer: `dayNumber` is about to be registered. Called before the registry's put, hence
   * before any commit of that day is sent.
   */
  registering(dayNumber: number): void {
    this.#days.add(dayNumber);
  }

  /**
   * The reader: the registered days at or above the day of `horizon`, in order. The registry is
   * read once (what earlier processes registered), consistently; a failed read is tried again by
   * the next call.
   */
  async from(horizon: string | null, query: TableQuery): Promise<number[]> {
    this.#loaded ??= queryRegisteredDays(query, null).then(
      (days) => {
        for (const day of days) this.#days.add(day);
      },
      (error: unknown) => {
        this.#loaded = undefined;
        throw error;
      },
    );
    await this.#loaded;
    const fromDay = horizon === null ? Number.NEGATIVE_INFINITY : dayNumberOf(horizon);
    return [...this.#days].filter((day) => day >= fromDay).sort((a, b) => a - b);
  }
}
