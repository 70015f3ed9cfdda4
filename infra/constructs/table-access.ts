import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import {
  DIGEST_DAYS_PK,
  digestManifestKeyOf,
  GLOBAL_DAYS_PK,
} from '../../functions/adapters/dynamodb/item-layout.js';
import { inboxKey, notificationKey } from '../../functions/adapters/dynamodb/notification-ledger.js';
import {
  associationMembersKey,
  recipientKey,
  roleMembersKey,
} from '../../functions/adapters/dynamodb/recipients.js';
import {
  PARKED_DELIVERIES_PARTITION,
  SUBSCRIPTIONS_PARTITION,
} from '../../functions/adapters/webhooks/dynamodb-store.js';
import { feedCursorRecordKey } from '../../functions/application/feed/cursor.js';
import { idempotencyRecordKey } from '../../functions/application/idempotency-key.js';
import { partnerSecretKey, webhookDeliveryKey } from '../../functions/application/ports/partner-reports.js';
import { personKeyOf } from '../../functions/application/ports/personal-data.js';
import { viewKey } from '../../functions/application/ports/view-store.js';
import { taskTokenKey } from '../../workflows/callbacks/token-store.js';
import { generationKey } from '../../workflows/generations.js';

// Who may write which items of the event store table (docs/adr/0061-table-access-by-key-prefix.md).
// Every write statement names the partition keys it may touch (`dynamodb:LeadingKeys`); commits
// (the bare stream ids) may be put by the code paths that append and by nothing else, and no one
// may update or delete them.

/**
 * The stream families, one per stream id builder of functions/domain (`rollout-FM-2026`,
 * `training-<rollout>-<association>` …). A stream id is made of ids (events/reference.ts `Id`: no
 * `#`), so no commit key contains `#`, and every other record of the table does.
 */
export const STREAM_FAMILIES = [
  'agreement',
  'association',
  'call',
  'committee',
  'document',
  'enrolment',
  'grants',
  'national-waves',
  'rollout',
  'session-schedule',
  'trainers',
  'training',
] as const;

/** `*` in a key builder's place of an id: the pattern of every key that builder makes. */
const ANY = '*';

/** The partition keys of each kind of item the deployed functions write, as IAM `StringLike` patterns. */
export const ITEM_KEYS = {
  /** Commits: the stream id itself. */
  commit: STREAM_FAMILIES.map((family) => `${family}-${ANY}`),
  /** The registry of days that hold commits, written with the day's first commit (ADR 0002). */
  globalDays: [GLOBAL_DAYS_PK],
  /** Daily digests and their manifests (ADR 0040). */
  digest: [DIGEST_DAYS_PK, digestManifestKeyOf(ANY)],
  idempotency: [idempotencyRecordKey(ANY, ANY)],
  feedCursor: [feedCursorRecordKey(ANY)],
  view: [viewKey(ANY, ANY)],
  /** Inbound partner deliveries received (deduplication by webhook id). */
  inboundDelivery: [webhookDeliveryKey(ANY, ANY)],
  /** Partner records (scope; the secrets themselves are in Secrets Manager). */
  partner: [partnerSecretKey(ANY)],
  subscription: [SUBSCRIPTIONS_PARTITION],
  parkedDelivery: [PARKED_DELIVERIES_PARTITION],
  taskToken: [taskTokenKey(ANY, ANY)],
  /** The highest generation started of a workflow's subject (docs/adr/0031-workflow-generations.md). */
  generation: [generationKey(ANY)],
  /** A notification's idempotency record, by event and recipient (docs/adr/0103-notifications.md). */
  notification: [notificationKey(ANY, ANY)],
  /** A person's workspace notifications. */
  inbox: [inboxKey(ANY)],
  /** A recipient of the directory (docs/adr/0104-notification-recipients.md). */
  recipient: [recipientKey(ANY)],
  /** A recipient's copy under each role and association it belongs to. */
  recipientMembership: [roleMembersKey(ANY), associationMembersKey(ANY)],
  /** The personal-data vault: a person's names and contact (docs/adr/0104-notification-recipients.md, docs/adr/0106-association-registration.md). */
  person: [personKeyOf(ANY)],
} as const satisfies Record<string, readonly string[]>;

export type ItemKind = keyof typeof ITEM_KEYS;

/** The write actions a function may be granted, each on the item kinds it names. */
export type WriteAction = 'PutItem' | 'UpdateItem' | 'DeleteItem';

/** What a function writes: per action, the kinds of items. Absent: it only reads. */
export type TableWrites = Readonly<Partial<Record<WriteAction, readonly ItemKind[]>>>;

/** Appending a commit: the commit itself and, for a day's first commit, the day registry. */
export const APPENDS: readonly ItemKind[] = ['commit', 'globalDays'];

/** An idempotency record is claimed (put), completed (updated) and released (deleted). */
export const IDEMPOTENT_COMMANDS: TableWrites = {
  PutItem: ['idempotency'],
  UpdateItem: ['idempotency'],
  DeleteItem: ['idempotency'],
};

/** Merges what several code paths of one function write. */
export const writesOf = (...parts: readonly TableWrites[]): TableWrites => {
  const merged: Partial<Record<WriteAction, ItemKind[]>> = {};
  for (const part of parts) {
    for (const [action, kinds] of Object.entries(part) as [WriteAction, readonly ItemKind[]][]) {
      merged[action] = [...new Set([...(merged[action] ?? []), ...kinds])];
    }
  }
  return merged;
};

/** Any partition key with a `#`: every record of the table but commits. */
const NOT_A_COMMIT = '*#*';

/**
 * The statements that grant `writes` on `table`: one Allow per action, limited to the partition
 * keys of the kinds it names, and one Deny of every write to a commit key the function may not
 * make (update, delete and batch writes for all; put too unless the function appends).
 */
export const tableWriteStatements = (table: ITable, writes: TableWrites): PolicyStatement[] => {
  const statements: PolicyStatement[] = [];
  for (const action of ['PutItem', 'UpdateItem', 'DeleteItem'] as const) {
    const kinds = writes[action] ?? [];
    if (kinds.length === 0) continue;
    statements.push(
      new PolicyStatement({
        actions: [`dynamodb:${action}`],
        resources: [table.tableArn],
        conditions: {
          'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': kinds.flatMap((kind) => ITEM_KEYS[kind]) },
        },
      }),
    );
  }
  const appends = (writes.PutItem ?? []).includes('commit');
  statements.push(
    new PolicyStatement({
      effect: Effect.DENY,
      // A batch write cannot be conditional, so it could overwrite a commit: denied to all.
      actions: [
        ...(appends ? [] : ['dynamodb:PutItem']),
        'dynamodb:UpdateItem',
        'dynamodb:DeleteItem',
        'dynamodb:BatchWriteItem',
      ],
      resources: [table.tableArn],
      conditions: { 'ForAnyValue:StringNotLike': { 'dynamodb:LeadingKeys': [NOT_A_COMMIT] } },
    }),
  );
  return statements;
};
