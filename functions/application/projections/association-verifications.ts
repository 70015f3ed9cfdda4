import { RegionCode } from '../../../events/reference.js';
import type { ProjectedEvent, Projection } from './projection.js';

// The ministry's verification queue (docs/adr/0123-verification-queue.md): the associations that
// declared their identity in the portal, one document per region of their seat, each association
// with where its verification stands (pending, verified, refused). One entry per association, so a
// document grows with the region's registered associations, never with time; the route shows every
// pending declaration and the latest decisions.

type Bilingual = { readonly fr: string; readonly ar: string };

/** One association's declaration as the ministry verifies it. */
export interface VerificationEntry {
  readonly associationId: string;
  readonly registrationNumber: string;
  readonly name: Bilingual;
  readonly seat: { readonly street: string; readonly province: string; readonly regionCode: RegionCode };
  readonly registeredAt: string;
  readonly status: 'pending' | 'verified' | 'refused';
  /** When the ministry verified or refused the declaration; null while pending. */
  readonly decidedAt: string | null;
  /** The ministry's reason, when it refused. */
  readonly refusal: Bilingual | null;
  /** The association stream's version after the entry's last event (the If-Match of a decision). */
  readonly version: number;
}

export interface VerificationQueueView {
  readonly regionCode: string;
  /** By association id. */
  readonly associations: Readonly<Record<string, VerificationEntry>>;
}

const ASSOCIATION_TYPES: ReadonlySet<string> = new Set([
  'AssociationRegistered',
  'AssociationVerified',
  'AssociationVerificationRefused',
]);

/** Every region: where a later event of an association's stream may concern it. */
const REGIONS: readonly string[] = RegionCode.options;

const without = (
  associations: Readonly<Record<string, VerificationEntry>>,
  associationId: string,
): Readonly<Record<string, VerificationEntry>> =>
  Object.fromEntries(Object.entries(associations).filter(([id]) => id !== associationId));

const evolveQueue = (view: VerificationQueueView, event: ProjectedEvent): VerificationQueueView => {
  switch (event.type) {
    case 'AssociationRegistered': {
      const { associationId, registrationNumber, name, seat, registeredAt } = event.data;
      // A declaration made again (after a refusal) may name a seat in another region: it leaves the others.
      if (seat.regionCode !== view.regionCode) {
        return Object.hasOwn(view.associations, associationId)
          ? { ...view, associations: without(view.associations, associationId) }
          : view;
      }
      const entry: VerificationEntry = {
        associationId,
        registrationNumber,
        name,
        seat,
        registeredAt,
        status: 'pending',
        decidedAt: null,
        refusal: null,
        version: event.version,
      };
      return { ...view, associations: { ...view.associations, [associationId]: entry } };
    }
    case 'AssociationVerified':
    case 'AssociationVerificationRefused': {
      const { associationId } = event.data;
      const current = Object.hasOwn(view.associations, associationId)
        ? view.associations[associationId]
        : undefined;
      if (current === undefined) return view;
      const decided: VerificationEntry =
        event.type === 'AssociationVerified'
          ? {
              ...current,
              status: 'verified',
              decidedAt: event.data.verifiedAt,
              refusal: null,
              version: event.version,
            }
          : {
              ...current,
              status: 'refused',
              decidedAt: event.data.refusedAt,
              refusal: event.data.reason,
              version: event.version,
            };
      return { ...view, associations: { ...view.associations, [associationId]: decided } };
    }
    default:
      return view;
  }
};

/**
 * The verification queue: one document per region (its code). An association's first declaration
 * goes to its seat's region; its later events (a decision, a declaration made again, perhaps with a
 * seat in another region) go to every region, as their data does not say the region (a rare event,
 * paced by people: twelve small writes), and each region's document keeps what is its own.
 */
export const associationVerificationsProjection: Projection<VerificationQueueView> = {
  name: 'association-verifications',
  revision: 1,
  keysOf: (event) => {
    if (!ASSOCIATION_TYPES.has(event.type)) return [];
    if (event.type === 'AssociationRegistered' && event.version === 1) return [event.data.seat.regionCode];
    return REGIONS;
  },
  initialView: (regionCode) => ({ regionCode, associations: {} }),
  evolve: (view, event) => evolveQueue(view, event),
};

/** How many decisions the queue shows besides the pending declarations. */
export const RECENT_DECISIONS = 20;

/** A region's queue: pending declarations oldest first, then the latest decisions, newest first. */
export const verificationQueueOf = (
  views: readonly VerificationQueueView[],
  recent = RECENT_DECISIONS,
): { readonly pending: VerificationEntry[]; readonly decided: VerificationEntry[] } => {
  const entries = views.flatMap((view) => Object.values(view.associations));
  const byId = (a: VerificationEntry, b: VerificationEntry) => a.associationId.localeCompare(b.associationId);
  const pending = entries
    .filter((entry) => entry.status === 'pending')
    .sort((a, b) => a.registeredAt.localeCompare(b.registeredAt) || byId(a, b));
  const decided = entries
    .filter((entry) => entry.status !== 'pending')
    .sort((a, b) => (b.decidedAt ?? '').localeCompare(a.decidedAt ?? '') || byId(a, b))
    .slice(0, recent);
  return { pending, decided };
};
