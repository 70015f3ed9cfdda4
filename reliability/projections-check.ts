import { isDeepStrictEqual } from 'node:util';
import { type AttributeValue, type DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDbViewStore } from '../functions/adapters/dynamodb/view-store.js';
import type { StoredEvent } from '../functions/application/ports/event-store.js';
import { viewKey } from '../functions/application/ports/view-store.js';
import { allProjections } from '../functions/application/projections/index.js';
import {
  ProjectionFold,
  toProjectedEvent,
  type ViewDocument,
} from '../functions/application/projections/projection.js';
import { DynamoDbCheckpointStore } from '../local/bus/checkpoints.js';
import { readGlobalFrom, settledStoreOf } from '../local/child-runtime.js';
import { LOCAL_TABLE_NAME } from '../local/runtime.js';

// "Projections equal to a rebuild", checked on a stopped runtime's data folder: every stored view
// document against the fold of the whole global order (what a rebuild would write), for every
// projection and every document, not only the few an HTTP client reads. Only the view, its as-of
// instant and its revision are compared: the per-stream `applied` versions legitimately differ
// (the consumer also records the versions of a stream it read to repair a gap, a fold only those
// it applied). Comparing only makes sense once the change feed has published every event, so
// that is checked and reported first.

/** The consumer name of the local runtime's change feed (local/change-feed.ts). */
const CHANGE_FEED_CONSUMER = 'local-bus';

/** What the check found. */
export interface ProjectionsCheck {
  /** Events committed after the change feed's stored checkpoint: 0 when it has published everything. */
  readonly unpublishedEvents: number;
  /** View documents compared. */
  readonly documents: number;
  /** `<projection>#<key>: <first difference>` for every document that differs from its rebuild. */
  readonly differing: readonly string[];
}

/** The comparable part of a document, as it would be stored (JSON drops `undefined` fields). */
const comparable = (document: ViewDocument<unknown> | undefined) =>
  document === undefined
    ? undefined
    : JSON.parse(JSON.stringify({ revision: document.revision, asOf: document.asOf, view: document.view }));

/** The path of the first difference between two JSON values ('' when equal). */
const firstDifference = (left: unknown, right: unknown, path = '$'): string => {
  if (isDeepStrictEqual(left, right)) return '';
  if (typeof left !== 'object' || typeof right !== 'object' || left === null || right === null) {
    return `${path}: ${JSON.stringify(left)?.slice(0, 80)} ≠ ${JSON.stringify(right)?.slice(0, 80)}`;
  }
  const keys = new Set([...Object.keys(left), ...Object.keys(right)]);
  for (const key of keys) {
    const found = firstDifference(
      (left as Record<string, unknown>)[key],
      (right as Record<string, unknown>)[key],
      `${path}.${key}`,
    );
    if (found !== '') return found;
  }
  return `${path}: differs`;
};

/** The keys of the stored documents of each projection (pk `view#<projection>#<key>`). */
const storedViewKeys = async (client: DynamoDBClient): Promise<Map<string, Set<string>>> => {
  const keys = new Map<string, Set<string>>();
  let startKey: Record<string, AttributeValue> | undefined;
  do {
    const page = await client.send(
      new ScanCommand({
        TableName: LOCAL_TABLE_NAME,
        FilterExpression: 'begins_with(pk, :view)',
        ExpressionAttributeValues: { ':view': { S: 'view#' } },
        ProjectionExpression: 'pk',
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of page.Items ?? []) {
      const pk = item.pk?.S ?? '';
      const rest = pk.slice('view#'.length);
      const separator = rest.indexOf('#');
      const projection = rest.slice(0, separator);
      const known = keys.get(projection) ?? new Set<string>();
      known.add(rest.slice(separator + 1));
      keys.set(projection, known);
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey !== undefined);
  return keys;
};

/** Compares every stored view with its rebuild, on a table nothing writes to any more. */
export const checkProjections = async (client: DynamoDBClient): Promise<ProjectionsCheck> => {
  const store = settledStoreOf(client);
  const feed = await new DynamoDbCheckpointStore({ client, tableName: LOCAL_TABLE_NAME }).load(
    CHANGE_FEED_CONSUMER,
  );
  const unpublishedEvents = (await readGlobalFrom(store, feed.checkpoint)).length;
  const events: readonly StoredEvent[] = await readGlobalFrom(store, null);
  const views = new DynamoDbViewStore({ client, tableName: LOCAL_TABLE_NAME });
  const stored = await storedViewKeys(client);
  const differing: string[] = [];
  let documents = 0;
  for (const projection of allProjections) {
    const fold = new ProjectionFold(projection);
    for (const event of events) fold.apply(toProjectedEvent(event));
    const keys = new Set([...fold.documents().keys(), ...(stored.get(projection.name) ?? [])]);
    for (const key of keys) {
      documents += 1;
      const rebuilt = comparable(fold.document(key));
      const current = comparable((await views.load(projection.name, key))?.document);
      const difference = firstDifference(current, rebuilt);
      if (difference !== '') differing.push(`${viewKey(projection.name, key)}: ${difference}`);
    }
  }
  return { unpublishedEvents, documents, differing };
};
