import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { type AttributeValue, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { RegionCode } from '../events/reference.js';
import { RESERVED_PREFIXES } from '../functions/adapters/dynamodb/item-layout.js';
import type { StoredEvent } from '../functions/application/ports/event-store.js';
import { ProjectionConsumer } from '../functions/application/read-models/consumer.js';
import { runDemo } from '../local/demo/run.js';
import { minterOf } from '../local/demo/tokens.js';
import { startRuntime } from '../local/runtime.js';
import { savesByWindow } from './view-saves.js';

// What the local runtime asks of DynamoDB per event, by stage: one region's rollout played by the
// demo (as bench/scale.ts does) on a fresh runtime in memory, every request the runtime's clients
// send counted by operation and by the kind of item it names (a stream's commits, a view, the
// feed's checkpoint, an idempotency record, …), with the bytes of its body as sent over HTTP.
// Counts, not times: they do not depend on the machine's load, except the feed's page boundaries
// (a page is what its 200 ms poll finds), which move the view saves and checkpoint writes a little
// from run to run. Also counted: the view saves by projection, those that left the view itself
// unchanged, and the pages the projector received.
//
//   tsx bench/requests.ts                    one region (FM × 10)
//   tsx bench/requests.ts --associations 30  one region at the program's size

/** One line of the table: a stage, an operation, the requests and the bytes they sent. */
interface Counted {
  requests: number;
  sentBytes: number;
}

/** The stage a request serves, from the key or index it names. */
const stageOf = (operation: string, input: Record<string, unknown>): string => {
  if (input.IndexName === 'byGlobalOrder') return 'feed: global-order index';
  if (input.IndexName !== undefined) return `index ${String(input.IndexName)}`;
  const key =
    (input.Item as Record<string, AttributeValue> | undefined)?.pk?.S ??
    (input.Key as Record<string, AttributeValue> | undefined)?.pk?.S ??
    Object.values((input.ExpressionAttributeValues as Record<string, AttributeValue> | undefined) ?? {})[0]
      ?.S;
  if (key === undefined) return operation === 'QueryCommand' ? 'other query' : 'table';
  if (key === 'global#days') return 'feed: registered days';
  const reserved = RESERVED_PREFIXES.find((prefix) => key.startsWith(prefix));
  if (reserved === 'view#') return 'projector: views';
  if (reserved === 'checkpoint#') return 'feed: checkpoint';
  if (reserved !== undefined) return reserved.slice(0, -1);
  return 'store: streams';
};

/** Counts what every DynamoDB client of this process sends (each attempt, retries included). */
const countRequests = () => {
  const counted = new Map<string, Counted>();
  const views = new Map<string, { saves: number; unchanged: number }>();
  const lastView = new Map<string, string>();
  const instrumented = new WeakSet<DynamoDBClient>();
  const send = DynamoDBClient.prototype.send;
  DynamoDBClient.prototype.send = function (
    this: DynamoDBClient,
    ...args: Parameters<DynamoDBClient['send']>
  ) {
    if (!instrumented.has(this)) {
      instrumented.add(this);
      this.middlewareStack.add(
        (next, context) => async (request) => {
          const input = request.input as Record<string, unknown>;
          const line = `${stageOf(context.commandName ?? '', input)}\t${context.commandName}`;
          const body = (request.request as { body?: unknown }).body;
          const entry = counted.get(line) ?? { requests: 0, sentBytes: 0 };
          entry.requests += 1;
          // The SDK's JSON body is a string, or a string adapter (its String() is the JSON).
          entry.sentBytes +=
            body instanceof Uint8Array ? body.byteLength : body == null ? 0 : Buffer.byteLength(String(body));
          counted.set(line, entry);
          const item = input.Item as Record<string, AttributeValue> | undefined;
          const pk = item?.pk?.S;
          if (context.commandName === 'PutItemCommand' && pk?.startsWith('view#') && item?.viewBody?.B) {
            const projection = pk.split('#')[1] ?? '';
            const view = JSON.stringify(JSON.parse(gunzipSync(item.viewBody.B).toString('utf8')).view);
            const seen = views.get(projection) ?? { saves: 0, unchanged: 0 };
            seen.saves += 1;
            if (lastView.get(pk) === view) seen.unchanged += 1;
            lastView.set(pk, view);
            views.set(projection, seen);
          }
          return next(request);
        },
        { step: 'finalizeRequest', name: 'benchCountRequests' },
      );
    }
    return (send as (...rest: unknown[]) => ReturnType<DynamoDBClient['send']>).apply(this, args);
  } as DynamoDBClient['send'];
  return { counted, views, restore: () => (DynamoDBClient.prototype.send = send) };
};

/** Counts the pages the projector is given. */
const countPages = () => {
  const pages: number[] = [];
  const consumeBatch = ProjectionConsumer.prototype.consumeBatch;
  ProjectionConsumer.prototype.consumeBatch = function (this: ProjectionConsumer, events) {
    pages.push(events.length);
    return consumeBatch.call(this, events);
  };
  return { pages, restore: () => (ProjectionConsumer.prototype.consumeBatch = consumeBatch) };
};

const main = async (): Promise<void> => {
  const { values } = parseArgs({
    options: { region: { type: 'string' }, associations: { type: 'string' } },
  });
  const region = RegionCode.parse(values.region ?? 'FM');
  const associations = Number(values.associations ?? '10');
  const requests = countRequests();
  const pages = countPages();
  const seen = new Map<string, StoredEvent>();
  const runtime = await startRuntime({
    inMemory: true,
    port: 0,
    quiet: true,
    onProjectionLag: (_lag, event: StoredEvent) => seen.set(event.eventId, event),
  });
  let matches = false;
  try {
    const outcome = await runDemo({
      url: runtime.url,
      mint: minterOf(runtime.auth),
      regions: [region],
      associations,
      parallelRegions: 1,
    });
    matches = outcome.matches;
    // The feed delivers a commit once it has settled (5 s here): wait, then drain what is left.
    await new Promise((resolve) => setTimeout(resolve, 5_500));
    await runtime.drainFeed();
  } finally {
    await runtime.stop();
    requests.restore();
    pages.restore();
  }
  const events = seen.size;
  const perEvent = (value: number) => (value / events).toFixed(3);
  const lines = [...requests.counted].sort(([a], [b]) => a.localeCompare(b));
  const total = lines.reduce((sum, [, entry]) => sum + entry.requests, 0);
  const totalBytes = lines.reduce((sum, [, entry]) => sum + entry.sentBytes, 0);
  const out = [
    `Naseej: DynamoDB requests per event by stage (${region} × ${associations}; every figure matched: ${matches})`,
    `${events} events; the projector received ${pages.pages.length} pages (${perEvent(pages.pages.length)} per event)`,
    '',
    '| stage | operation | requests | per event | KB sent | bytes sent per event |',
    '| --- | --- | ---: | ---: | ---: | ---: |',
    ...lines.map(([line, entry]) => {
      const [stage, operation] = line.split('\t');
      return `| ${stage} | ${operation?.replace(/Command$/, '')} | ${entry.requests} | ${perEvent(entry.requests)} | ${(entry.sentBytes / 1024).toFixed(0)} | ${(entry.sentBytes / events).toFixed(0)} |`;
    }),
    `| all | | ${total} | ${perEvent(total)} | ${(totalBytes / 1024).toFixed(0)} | ${(totalBytes / events).toFixed(0)} |`,
    '',
    '| projection | view saves | per event | of which the view unchanged |',
    '| --- | ---: | ---: | ---: |',
    ...[...requests.views]
      .sort(([, a], [, b]) => b.saves - a.saves)
      .map(
        ([projection, entry]) =>
          `| ${projection} | ${entry.saves} | ${perEvent(entry.saves)} | ${entry.unchanged} |`,
      ),
    '',
    'The same events, replayed through the projections in pages gathered by recordedAt (one save per',
    'document a page touches), against one page per event:',
    '',
    '| pages gathered over | view saves | per event | × one page per event |',
    '| --- | ---: | ---: | ---: |',
    ...[0, 200, 500, 1_000, 2_000, 5_000].map((windowMs) => {
      const saves = savesByWindow([...seen.values()], windowMs);
      const perPage = savesByWindow([...seen.values()], 0);
      return `| ${windowMs === 0 ? 'one event' : `${windowMs} ms`} | ${saves} | ${perEvent(saves)} | ${(saves / perPage).toFixed(2)} |`;
    }),
  ];
  process.stdout.write(`${out.join('\n')}\n`);
};

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) await main();
