import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import * as z from 'zod';
import { Actor, Instant, Role } from '../../../events/envelope.js';
import type { AppendRequest, AppendResult, StoredEvent } from '../../application/ports/event-store.js';
import { commitTooLargeError, invalidAppendError } from '../../application/ports/event-store-errors.js';
import type { Upcast } from '../../application/ports/event-store-options.js';
import { lazily } from '../../domain/shared/lazily.js';
import { commitHashOf, GENESIS_HASH, type HashedCommitContent } from './commit-chain.js';

// The layout of the event store's items (docs/adr/0001-event-store-item-layout.md). Both adapters
// build commits here, so they refuse the same commits and return the same envelopes.

/** DynamoDB's item size limit (400 KB), as it counts bytes. */
export const DYNAMODB_ITEM_LIMIT_BYTES = 400 * 1024;

/**
 * The largest commit item the store writes. Below DynamoDB's limit by about 9.6 KB, a margin for
 * the estimate of number sizes and for attributes added later; the global index copies the whole
 * item, so the same limit holds there.
 */
export const COMMIT_LIMIT_BYTES = 400_000;

/**
 * The largest bus entry an event may need: EventBridge's PutEvents limit (256 KB, counted as
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-putevent-size.html says). Every event
 * the store accepts can be published as one entry (docs/adr/0051-publishing-with-put-events.md).
 */
export const BUS_ENTRY_LIMIT_BYTES = 256 * 1024;

/** Partition key prefixes that belong to the store itself; no stream id may start with them. */
export const RESERVED_PREFIXES = [
  // Snapshots were removed (docs/adr/0111-one-caching-story.md); a table may still hold some.
  'snapshot#',
  'checkpoint#',
  'global#',
  'digest#',
  'person#',
  // Records other modules keep in the same table: no stream id may collide with them.
  'subscription#',
  'delivery#',
  'idempotency#',
  'webhook#',
  'partner-secret#',
  'tasktoken#',
  'workflow#',
  'view#',
  'feed-cursor#',
  // Notifications (docs/adr/0103-notifications.md, 0104-notification-recipients.md).
  'notification#',
  'inbox#',
  'recipient#',
  'recipients#',
] as const;

/** Partition key of the registry of days that hold commits (see ADR 0002). */
export const GLOBAL_DAYS_PK = 'global#days';

/** Partition key of the daily digests, sorted by day number (see ADR 0040). */
export const DIGEST_DAYS_PK = 'digest#days';

/** Partition key of the list of commits a day's digest covers, in chunks sorted from 0. */
export const digestManifestKeyOf = (day: string): string => `digest#manifest#${day}`;

/** Attributes only commit items have: an item with any of them is a commit, or what is left of one. */
export const COMMIT_ONLY_ATTRIBUTES = ['lastVersion', 'events', 'hash', 'globalKey'] as const;

/** Whether an item of the table is a commit (possibly damaged), not a snapshot, digest or other record. */
export const looksLikeCommitItem = (item: Record<string, AttributeValue>): boolean =>
  COMMIT_ONLY_ATTRIBUTES.some((name) => item[name] !== undefined);

const MAX_STREAM_ID_LENGTH = 512;
const VERSION_DIGITS = 12;
const MS_PER_DAY = 86_400_000;
/** `YYYY-MM-DDTHH:mm:ss.sssZ` */
const ISO_INSTANT_LENGTH = 24;

/** The schemas a commit item is read back with, built on its first read (not at import). */
const schemas = lazily({
  /** One event inside a commit item; its version is the commit's first version plus its index. */
  get committedEvent() {
    return z.strictObject({
      eventId: z.string().min(1),
      type: z.string().min(1),
      schemaVersion: z.number().int().min(1),
      occurredAt: Instant,
      data: z.unknown(),
    });
  },
  get committedEvents() {
    return z.array(this.committedEvent);
  },
  get commitItem() {
    const Sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);
    return z.object({
      pk: z.string().min(1),
      sk: z.number().int().min(1),
      lastVersion: z.number().int().min(1),
      events: z.string(),
      recordedAt: Instant,
      actor: Actor,
      correlationId: z.string().min(1),
      causationId: z.string().min(1).nullable(),
      commandId: z.string().min(1).optional(),
      prevHash: Sha256Hex,
      hash: Sha256Hex,
    });
  },
});
type CommittedEvent = z.infer<typeof schemas.committedEvent>;

/**
 * A commit as the store keeps it: all the events of one decision, written as one item; what its
 * hash covers (commit-chain.ts: `prevHash` is the hash of the stream's previous commit,
 * `GENESIS_HASH` for the first), and that hash.
 */
export interface Commit extends HashedCommitContent {
  readonly events: readonly CommittedEvent[];
  /** SHA-256 over this commit's canonical content, `prevHash` included (see commit-chain.ts). */
  readonly hash: string;
}

/** Refuses what no adapter can store: no events, a reserved or oversized stream id, a bad version. */
export const validateAppend = (request: AppendRequest): void => {
  const { streamId, expectedVersion, events } = request;
  if (streamId.length === 0 || streamId.length > MAX_STREAM_ID_LENGTH) {
    throw invalidAppendError(streamId, `A stream id has 1 to ${MAX_STREAM_ID_LENGTH} characters`);
  }
  if (RESERVED_PREFIXES.some((prefix) => streamId.startsWith(prefix))) {
    throw invalidAppendError(streamId, `Stream id "${streamId}" starts with a prefix the store reserves`);
  }
  // Every other record of the table is keyed `<kind>#…`: IAM tells commits apart by it (ADR 0061).
  if (streamId.includes('#')) {
    throw invalidAppendError(
      streamId,
      `Stream id "${streamId}" has a '#', which only the table's other records have`,
    );
  }
  if (events.length === 0) {
    throw invalidAppendError(streamId, `An append to ${streamId} has no events; there is nothing to commit`);
  }
  if (typeof expectedVersion === 'number' && (!Number.isInteger(expectedVersion) || expectedVersion < 0)) {
    throw invalidAppendError(streamId, `Expected version ${expectedVersion} is not a whole number ≥ 0`);
  }
  if (request.commandId !== undefined && request.commandId.length === 0) {
    throw invalidAppendError(streamId, 'A command id, when given, is not empty');
  }
};

/**
 * The commit an append would write at `firstVersion`, stamped `recordedAt`, chained to the
 * stream's previous commit by `prevHash`. Event data is taken as the store will give it back
 * (after a JSON round trip), so that the hash is over exactly what is stored.
 */
export const buildCommit = (
  request: AppendRequest,
  firstVersion: number,
  recordedAt: string,
  eventIds: readonly string[],
  prevHash: string = GENESIS_HASH,
): Commit => {
  const events = JSON.parse(
    JSON.stringify(
      request.events.map((event, index) => ({
        eventId: eventIds[index] ?? '',
        type: event.type,
        schemaVersion: event.schemaVersion,
        occurredAt: event.occurredAt ?? recordedAt,
        data: event.data,
      })),
    ),
  ) as CommittedEvent[];
  const content = {
    streamId: request.streamId,
    firstVersion,
    lastVersion: firstVersion + request.events.length - 1,
    events,
    recordedAt,
    actor: request.metadata.actor,
    correlationId: request.metadata.correlationId,
    causationId: request.metadata.causationId,
    ...(request.commandId === undefined ? {} : { commandId: request.commandId }),
    prevHash,
  };
  return { ...content, hash: commitHashOf(content) };
};

/** The partition of the global-order index that holds the commits recorded on that UTC day. */
export const globalBucketOf = (recordedAt: string): string => `g#${recordedAt.slice(0, 10)}`;

/**
 * The day number (days since 1970-01-01 UTC) of an instant, the sort key of the day registry. Also
 * takes a global key, which starts with its instant.
 */
export const dayNumberOf = (instantOrKey: string): number =>
  Math.floor(Date.parse(instantOrKey.slice(0, ISO_INSTANT_LENGTH)) / MS_PER_DAY);

/** The UTC day (`YYYY-MM-DD`) of a day number. */
export const dayOfNumber = (dayNumber: number): string =>
  new Date(dayNumber * MS_PER_DAY).toISOString().slice(0, 10);

/**
 * A commit's key in the global order: `<recordedAt>#<streamId>#<first version, 12 digits>`. Unique
 * (the fixed-width version ends it, so it decodes from the right) and sorted by time first.
 */
export const globalKeyOf = (recordedAt: string, streamId: string, firstVersion: number): string =>
  `${recordedAt}#${streamId}#${String(firstVersion).padStart(VERSION_DIGITS, '0')}`;

/** The parts of a global key (the inverse of `globalKeyOf`). */
export const parseGlobalKey = (
  key: string,
): { recordedAt: string; streamId: string; firstVersion: number } => ({
  recordedAt: key.slice(0, ISO_INSTANT_LENGTH),
  streamId: key.slice(ISO_INSTANT_LENGTH + 1, -(VERSION_DIGITS + 1)),
  firstVersion: Number(key.slice(-VERSION_DIGITS)),
});

/**
 * The item of a commit, as `marshall` would give it (built directly: it is on every append's path).
 * `causationId` stays `NULL` when absent; `commandId` only when given.
 */
export const commitItem = (commit: Commit): Record<string, AttributeValue> => ({
  pk: { S: commit.streamId },
  sk: { N: String(commit.firstVersion) },
  lastVersion: { N: String(commit.lastVersion) },
  // One string, not a list of maps: its size is exact, and any JSON data round-trips unchanged.
  events: { S: JSON.stringify(commit.events) },
  recordedAt: { S: commit.recordedAt },
  actor: { M: { id: { S: commit.actor.id }, role: { S: commit.actor.role } } },
  correlationId: { S: commit.correlationId },
  causationId: commit.causationId === null ? { NULL: true } : { S: commit.causationId },
  ...(commit.commandId === undefined ? {} : { commandId: { S: commit.commandId } }),
  prevHash: { S: commit.prevHash },
  hash: { S: commit.hash },
  globalBucket: { S: globalBucketOf(commit.recordedAt) },
  globalKey: { S: globalKeyOf(commit.recordedAt, commit.streamId, commit.firstVersion) },
});

/** Reads a commit item back; throws when the item is not a commit this store wrote. */
export const commitFromItem = (item: Record<string, AttributeValue>): Commit =>
  wellFormedCommitOf(item) ?? commitFromItemBySchema(item);

/**
 * The commit an item holds when every attribute is exactly as this store writes it, read straight
 * from the attribute values; `undefined` for anything else, which the schemas then judge (and
 * refuse with their error). Every item it accepts, the schemas accept with the same result, so it
 * only saves their cost on the path every read and append takes (issue 24: zod was most of the
 * store's own time when reading a stream).
 */
const wellFormedCommitOf = (item: Record<string, AttributeValue>): Commit | undefined => {
  const { pk, sk, lastVersion, events, recordedAt, actor, correlationId, causationId, commandId } = item;
  const firstVersion = positiveInteger(sk?.N);
  const last = positiveInteger(lastVersion?.N);
  const actorMap = actor?.M;
  const actorId = actorMap?.id?.S;
  const actorRole = actorMap?.role?.S;
  const prevHash = item.prevHash?.S;
  const hash = item.hash?.S;
  if (
    pk?.S === undefined ||
    pk.S.length === 0 ||
    firstVersion === undefined ||
    last === undefined ||
    events?.S === undefined ||
    !isInstant(recordedAt?.S) ||
    actorMap === undefined ||
    Object.keys(actorMap).length !== 2 ||
    actorId === undefined ||
    actorId.length === 0 ||
    actorId.length > 200 ||
    actorRole === undefined ||
    !isRole(actorRole) ||
    correlationId?.S === undefined ||
    correlationId.S.length === 0 ||
    !(causationId?.NULL === true || (causationId?.S !== undefined && causationId.S.length > 0)) ||
    !(commandId === undefined || (commandId.S !== undefined && commandId.S.length > 0)) ||
    !isSha256Hex(prevHash) ||
    !isSha256Hex(hash)
  ) {
    return undefined;
  }
  const committed = wellFormedEventsOf(events.S);
  if (committed === undefined) return undefined;
  return {
    streamId: pk.S,
    firstVersion,
    lastVersion: last,
    events: committed,
    recordedAt: recordedAt?.S as string,
    actor: { id: actorId, role: actorRole as Actor['role'] },
    correlationId: correlationId.S,
    causationId: causationId?.S ?? null,
    ...(commandId?.S === undefined ? {} : { commandId: commandId.S }),
    prevHash: prevHash as string,
    hash: hash as string,
  };
};

/** The events of a commit item's `events` text when each is exactly as the store writes it. */
const wellFormedEventsOf = (text: string): CommittedEvent[] | undefined => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!Array.isArray(parsed)) return undefined;
  const events: CommittedEvent[] = [];
  for (const event of parsed as unknown[]) {
    if (typeof event !== 'object' || event === null || Array.isArray(event)) return undefined;
    const { eventId, type, schemaVersion, occurredAt, data, ...rest } = event as Record<string, unknown>;
    if (
      typeof eventId !== 'string' ||
      eventId.length === 0 ||
      typeof type !== 'string' ||
      type.length === 0 ||
      typeof schemaVersion !== 'number' ||
      !Number.isInteger(schemaVersion) ||
      schemaVersion < 1 ||
      typeof occurredAt !== 'string' ||
      !isInstant(occurredAt) ||
      !('data' in event) ||
      Object.keys(rest).length > 0
    ) {
      return undefined;
    }
    events.push({ eventId, type, schemaVersion, occurredAt, data });
  }
  return events;
};

const POSITIVE_INTEGER = /^[1-9][0-9]{0,14}$/;
const positiveInteger = (text: string | undefined): number | undefined =>
  text !== undefined && POSITIVE_INTEGER.test(text) ? Number(text) : undefined;

const INSTANT_SHAPE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
/** `YYYY-MM-DDTHH:mm:ss.sssZ` naming a real instant (it reads back to itself): a subset of `Instant`. */
const isInstant = (text: string | undefined): text is string => {
  if (text === undefined || !INSTANT_SHAPE.test(text)) return false;
  const time = Date.parse(text);
  return Number.isFinite(time) && new Date(time).toISOString() === text;
};

const SHA256_HEX = /^[0-9a-f]{64}$/;
const isSha256Hex = (text: string | undefined): text is string => text !== undefined && SHA256_HEX.test(text);

let roles: ReadonlySet<string> | undefined;
const isRole = (text: string): boolean => {
  roles ??= new Set(Role.options);
  return roles.has(text);
};

/**
 * Reads a commit item through the schemas: the judge of any item the direct read does not take,
 * and the reference that read is tested against (test/unit/functions/adapters/dynamodb/item-layout.test.ts).
 */
export const commitFromItemBySchema = (item: Record<string, AttributeValue>): Commit => {
  const shape = schemas.commitItem.parse(unmarshall(item));
  const events = schemas.committedEvents.parse(JSON.parse(shape.events));
  return {
    streamId: shape.pk,
    firstVersion: shape.sk,
    lastVersion: shape.lastVersion,
    events,
    recordedAt: shape.recordedAt,
    actor: shape.actor,
    correlationId: shape.correlationId,
    causationId: shape.causationId,
    ...(shape.commandId === undefined ? {} : { commandId: shape.commandId }),
    prevHash: shape.prevHash,
    hash: shape.hash,
  };
};

/** The envelopes of a commit's events, upcast when an `upcast` function is given. */
export const storedEventsOf = (commit: Commit, upcast?: Upcast): StoredEvent[] =>
  commit.events.map((event, index) => {
    const current = upcast ? upcast(event.type, event.schemaVersion, event.data) : event;
    return {
      eventId: event.eventId,
      streamId: commit.streamId,
      version: commit.firstVersion + index,
      type: event.type,
      schemaVersion: current.schemaVersion,
      occurredAt: event.occurredAt,
      recordedAt: commit.recordedAt,
      actor: commit.actor,
      correlationId: commit.correlationId,
      causationId: commit.causationId,
      data: current.data,
    };
  });

/**
 * The largest PutEvents entry one of a commit's events needs: 14 bytes of time, the source
 * `naseej`, the type (the detail-type) and the envelope as JSON (the detail), as
 * functions/adapters/eventbridge/put-events.ts builds it.
 */
export const largestBusEntryBytes = (commit: Commit): number =>
  storedEventsOf(commit).reduce(
    (largest, event) =>
      Math.max(largest, 14 + utf8Bytes('naseej') + utf8Bytes(event.type) + utf8Bytes(JSON.stringify(event))),
    0,
  );

/** Refuses a commit that does not fit in one item, or one of whose events would not fit in a bus entry. */
export const assertCommitFits = (commit: Commit, item: Record<string, AttributeValue>): void => {
  const sizeBytes = itemSizeBytes(item);
  if (sizeBytes > COMMIT_LIMIT_BYTES) {
    throw commitTooLargeError({ streamId: commit.streamId, sizeBytes, limitBytes: COMMIT_LIMIT_BYTES });
  }
  const entryBytes = largestBusEntryBytes(commit);
  if (entryBytes > BUS_ENTRY_LIMIT_BYTES) {
    throw commitTooLargeError({
      streamId: commit.streamId,
      sizeBytes: entryBytes,
      limitBytes: BUS_ENTRY_LIMIT_BYTES,
      limit: 'bus-entry',
    });
  }
};

/** What `append` returns for a commit: `duplicate` when it was stored by an earlier attempt. */
export const appendResultOf = (commit: Commit, duplicate: boolean, upcast?: Upcast): AppendResult => ({
  streamId: commit.streamId,
  firstVersion: commit.firstVersion,
  lastVersion: commit.lastVersion,
  events: storedEventsOf(commit, upcast),
  duplicate,
});

const utf8Bytes = (text: string): number => Buffer.byteLength(text, 'utf8');

/** A number's size as DynamoDB counts it: about one byte per two significant digits, plus one. */
const numberBytes = (text: string): number => {
  const digits = text.replace(/^-/, '').replace(/e.*$/i, '').replace('.', '').replace(/^0+/, '');
  return Math.ceil(Math.max(digits.length, 1) / 2) + 1;
};

const valueBytes = (value: AttributeValue): number => {
  if (value.S !== undefined) return utf8Bytes(value.S);
  if (value.N !== undefined) return numberBytes(value.N);
  if (value.B !== undefined) return value.B.byteLength;
  if (value.BOOL !== undefined || value.NULL !== undefined) return 1;
  if (value.M !== undefined) {
    // A map costs 3 bytes, plus each entry's name, value and 1 byte.
    return Object.entries(value.M).reduce(
      (sum, [name, nested]) => sum + utf8Bytes(name) + valueBytes(nested) + 1,
      3,
    );
  }
  if (value.L !== undefined) return value.L.reduce((sum, nested) => sum + valueBytes(nested) + 1, 3);
  if (value.SS !== undefined) return value.SS.reduce((sum, text) => sum + utf8Bytes(text), 0);
  if (value.NS !== undefined) return value.NS.reduce((sum, text) => sum + numberBytes(text), 0);
  if (value.BS !== undefined) return value.BS.reduce((sum, bytes) => sum + bytes.byteLength, 0);
  return 0;
};

/** The size of an item as DynamoDB counts it against the 400 KB limit (attribute names included). */
export const itemSizeBytes = (item: Record<string, AttributeValue>): number =>
  Object.entries(item).reduce((sum, [name, value]) => sum + utf8Bytes(name) + valueBytes(value), 0);
