import { createHash } from 'node:crypto';
import type { Actor } from '../../../events/envelope.js';
import { canonicalJson } from './canonical-json.js';

// The hash chain of a stream (docs/adr/0040-tamper-evident-history.md): each commit's hash is
// SHA-256 over its canonical content, the previous commit's hash of the same stream included.

/** The `prevHash` of a stream's first commit: 64 zeros. */
export const GENESIS_HASH = '0'.repeat(64);

/** Names the hashed layout; a new layout would hash under a new name, never silently. */
export const COMMIT_HASH_FORMAT = 'naseej-commit-v1';

/** What a commit's hash covers: everything it records, and the hash of the commit before it. */
export interface HashedCommitContent {
  readonly streamId: string;
  readonly firstVersion: number;
  readonly lastVersion: number;
  readonly events: readonly {
    readonly eventId: string;
    readonly type: string;
    readonly schemaVersion: number;
    readonly occurredAt: string;
    readonly data?: unknown;
  }[];
  readonly recordedAt: string;
  readonly actor: Actor;
  readonly correlationId: string;
  readonly causationId: string | null;
  readonly commandId?: string;
  readonly prevHash: string;
}

/** Lower-case hex SHA-256 of a UTF-8 text. */
export const sha256Hex = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/**
 * The canonical text a commit's hash is taken over: RFC 8785 JSON of
 * `{format, streamId, firstVersion, lastVersion, events, recordedAt, actor, correlationId,
 * causationId, commandId?, prevHash}`, event data as stored (after a JSON round trip).
 */
export const canonicalCommitText = (content: HashedCommitContent): string =>
  canonicalJson({
    format: COMMIT_HASH_FORMAT,
    streamId: content.streamId,
    firstVersion: content.firstVersion,
    lastVersion: content.lastVersion,
    events: content.events.map((event) => ({
      eventId: event.eventId,
      type: event.type,
      schemaVersion: event.schemaVersion,
      occurredAt: event.occurredAt,
      ...(event.data === undefined ? {} : { data: event.data }),
    })),
    recordedAt: content.recordedAt,
    actor: { id: content.actor.id, role: content.actor.role },
    correlationId: content.correlationId,
    causationId: content.causationId,
    ...(content.commandId === undefined ? {} : { commandId: content.commandId }),
    prevHash: content.prevHash,
  });

/** The hash of a commit: SHA-256 (hex) of its canonical text. */
export const commitHashOf = (content: HashedCommitContent): string => sha256Hex(canonicalCommitText(content));
