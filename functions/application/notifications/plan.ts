import type { Role } from '../../../events/envelope.js';
import type { RegionCode } from '../../../events/reference.js';
import type { StoredEvent } from '../ports/event-store.js';

type HttpRole = Exclude<Role, 'system'>;

// What awaits whom: a pure reading of one recorded event as the notifications it calls for
// (docs/adr/0103-notifications.md). An audience names people by id, role (and region) or
// association, never by name or address: those stay in the recipient directory (ADR 0104).

/** Who is told. */
export type Audience =
  /** One person by the id they sign in with (a committee member's id is their token's `sub`). */
  | { readonly kind: 'person'; readonly personId: string }
  /** Everyone holding a role; a coordinator only for the region, when one is named. */
  | { readonly kind: 'role'; readonly role: HttpRole; readonly region: RegionCode | null }
  /** The people who speak for an association (its contact). */
  | { readonly kind: 'association'; readonly associationId: string };

/** What awaits the person; each topic has its text in Arabic and French (messages.ts). */
export type NotificationTopic =
  | 'files-to-score'
  | 'tranche-to-approve'
  | 'application-selected'
  | 'application-refused'
  | 'appeal-decided'
  | 'appeal-window-closing';

/** The facts a message shows: ids, amounts and instants only. */
export type TopicParameters = Readonly<Record<string, string | number>>;

/** One notification to send to everyone of an audience. */
export interface PlannedNotification {
  readonly topic: NotificationTopic;
  readonly audience: Audience;
  readonly parameters: TopicParameters;
}

/** The event types that notify someone: the notifications rule's pattern (functions/application/bus/rules.ts). */
export const NOTIFYING_EVENT_TYPES = [
  'CommitteeAppointed',
  'TrancheRequested',
  'AssociationSelected',
  'ApplicationRefused',
  'AppealDecided',
  'AppealWindowClosingReminded',
] as const;

type Data = Readonly<Record<string, unknown>>;
const text = (data: Data, key: string): string => String(data[key] ?? '');

/**
 * The notifications an event calls for; none for an event that notifies nobody. Reads the event's
 * data as recorded (the catalog's latest version: the store upcasts on read).
 */
export const planNotifications = (event: Pick<StoredEvent, 'type' | 'data'>): PlannedNotification[] => {
  const data = (event.data ?? {}) as Data;
  switch (event.type) {
    case 'CommitteeAppointed': {
      const memberIds = (data.memberIds as readonly string[] | undefined) ?? [];
      return memberIds.map((personId) => ({
        topic: 'files-to-score',
        audience: { kind: 'person', personId },
        parameters: { callId: text(data, 'callId') },
      }));
    }
    case 'TrancheRequested':
      return [
        {
          topic: 'tranche-to-approve',
          audience: { kind: 'role', role: 'finance-approver', region: null },
          parameters: {
            grantId: text(data, 'grantId'),
            trancheNumber: Number(data.trancheNumber),
            amountCentimes: Number(data.amount),
            associationId: text(data, 'associationId'),
          },
        },
      ];
    case 'AssociationSelected':
      return [
        {
          topic: 'application-selected',
          audience: { kind: 'association', associationId: text(data, 'associationId') },
          parameters: { callId: text(data, 'callId'), rank: Number(data.rank) },
        },
      ];
    case 'ApplicationRefused':
      return [
        {
          topic: 'application-refused',
          audience: { kind: 'association', associationId: text(data, 'associationId') },
          parameters: { callId: text(data, 'callId'), reason: text(data, 'reason') },
        },
      ];
    case 'AppealDecided':
      return [
        {
          topic: 'appeal-decided',
          audience: { kind: 'association', associationId: text(data, 'associationId') },
          parameters: { callId: text(data, 'callId'), outcome: text(data, 'outcome') },
        },
      ];
    case 'AppealWindowClosingReminded': {
      const associationIds = (data.associationIds as readonly string[] | undefined) ?? [];
      return associationIds.map((associationId) => ({
        topic: 'appeal-window-closing',
        audience: { kind: 'association', associationId },
        parameters: { callId: text(data, 'callId'), appealWindowEndsAt: text(data, 'appealWindowEndsAt') },
      }));
    }
    default:
      return [];
  }
};
