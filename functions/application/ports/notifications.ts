import * as z from 'zod';
import { Role } from '../../../events/envelope.js';
import { Id, RegionCode } from '../../../events/reference.js';
import type { Audience, NotificationTopic } from '../notifications/plan.js';

// The notifications' ports (docs/adr/0103-notifications.md, 0104-notification-recipients.md): the
// ledger that makes a notification happen once per recipient and keeps each person's inbox, and
// the directory of who holds which role. Their DynamoDB adapters live in functions/adapters/dynamodb.

const STAFF_ROLES = Role.options.filter((role) => role !== 'system') as [
  Exclude<Role, 'system'>,
  ...Exclude<Role, 'system'>[],
];

/** One notification as the person's workspace lists it. */
export const InboxEntry = z.strictObject({
  notificationId: z.string(),
  recipientId: z.string(),
  topic: z.string() as z.ZodType<NotificationTopic>,
  language: z.enum(['ar', 'fr']),
  subject: z.string(),
  body: z.string(),
  eventId: z.string(),
  eventType: z.string(),
  occurredAt: z.string(),
  /** `sent`: e-mailed; `no-address`: the workspace only (no e-mail known, or erased); `rejected`: the mail service refused it. */
  email: z.enum(['sent', 'no-address', 'rejected']),
});
export type InboxEntry = z.infer<typeof InboxEntry>;

/** What a claim found. */
export type NotificationClaim =
  | { readonly kind: 'acquired' }
  | { readonly kind: 'done' }
  | { readonly kind: 'in-progress'; readonly lockedUntil: number };

/** What was notified to whom, and each person's inbox. */
export interface NotificationLedger {
  claim(eventId: string, recipientId: string, nowMs: number, leaseMs: number): Promise<NotificationClaim>;
  complete(eventId: string, recipientId: string, outcome: InboxEntry['email'], at: string): Promise<void>;
  release(eventId: string, recipientId: string): Promise<void>;
  addToInbox(entry: InboxEntry): Promise<void>;
  inbox(recipientId: string, limit: number): Promise<InboxEntry[]>;
}

export const Recipient = z.strictObject({
  recipientId: z.string().min(1).max(200),
  language: z.enum(['ar', 'fr']),
  roles: z.array(z.enum(STAFF_ROLES)).max(10),
  /** The regions a coordinator acts for. */
  regions: z.array(RegionCode).max(12),
  /** The association the person speaks for (its contact), if any. */
  associationId: Id.nullable(),
});
export type Recipient = z.infer<typeof Recipient>;

/** The directory the notifications consumer reads; the local runtime seeds it, an administrator fills it on AWS. */
export interface RecipientDirectory {
  /** Records or corrects a recipient; memberships it no longer has are removed. */
  record(recipient: Recipient): Promise<void>;
  get(recipientId: string): Promise<Recipient | undefined>;
  /** Everyone an audience names, each once, in recipient id order. */
  resolve(audience: Audience): Promise<readonly Recipient[]>;
}
