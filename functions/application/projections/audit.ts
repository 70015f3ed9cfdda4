import type { Actor } from '../../../events/envelope.js';
import { regionOfRolloutId } from '../../domain/ids.js';
import { type ProjectedEvent, type Projection, rolloutIdOf, withInOrder } from './projection.js';

/**
 * The audit trail of an entity: who did what, when, why, under which correlation id. An entity is
 * named `<kind>:<id>`: `stream:<streamId>` for any stream, and the subjects events name in their
 * data (associations, applications, calls, grants, agreements, appeals, hubs, co-funders, and
 * rollouts for their rollout-level decisions). Members are people: no trail is kept per member.
 */

/** The kinds of entity an audit trail can be asked for. */
export const AUDIT_ENTITY_KINDS = [
  'stream',
  'rollout',
  'association',
  'application',
  'call',
  'grant',
  'agreement',
  'appeal',
  'hub',
  'co-funder',
] as const;
export type AuditEntityKind = (typeof AUDIT_ENTITY_KINDS)[number];

/** The data fields that name an entity, and its kind. */
const ENTITY_FIELDS: readonly (readonly [string, AuditEntityKind])[] = [
  ['associationId', 'association'],
  ['applicationId', 'application'],
  ['callId', 'call'],
  ['grantId', 'grant'],
  ['agreementId', 'agreement'],
  ['appealId', 'appeal'],
  ['hubId', 'hub'],
  ['coFunderId', 'co-funder'],
];

/** The data fields that list entities of a kind (a cascade session's associations, a selection). */
const ENTITY_LIST_FIELDS: readonly (readonly [string, AuditEntityKind])[] = [
  ['associationIds', 'association'],
  ['beneficiaryAssociationIds', 'association'],
  ['selectedAssociationIds', 'association'],
];

/**
 * Events too numerous to belong to a whole rollout's trail (one per member, session or score):
 * they stay in the trails of their association, call or stream.
 */
const NOT_ROLLOUT_LEVEL: ReadonlySet<string> = new Set([
  'AttendanceRecorded',
  'ModuleCompleted',
  'MemberNominated',
  'MemberReplaced',
  'TrainerModuleCompleted',
  'CascadeSessionReported',
  'SessionHeld',
  'ApplicationSubmitted',
  'ApplicationRefused',
  'ApplicationScored',
  'ConflictDeclared',
  'TrancheRequested',
  'TrancheApproved',
  'TrancheRejected',
  'TranchePaid',
]);

/**
 * The grounds of a decision its event records in figures rather than words (a rank, a threshold,
 * counts): `code` names them, `values` holds them, for the reader to phrase in their language.
 */
export interface AuditGrounds {
  readonly code: string;
  readonly values: Readonly<Record<string, number | string>>;
}

/**
 * Why an action was taken, as the event says it: a reason (bilingual text, or a code such as
 * `late`), a condition (`regionalAgreementInForce`), a trigger (`first-wave`), or its grounds.
 */
export type AuditWhy = string | { readonly fr: string; readonly ar: string } | AuditGrounds | null;

/** One action in a trail. */
export interface AuditEntry {
  readonly streamId: string;
  readonly version: number;
  readonly eventId: string;
  readonly type: string;
  readonly occurredAt: string;
  readonly recordedAt: string;
  readonly actor: Actor;
  readonly correlationId: string;
  readonly causationId: string | null;
  readonly why: AuditWhy;
}

/** An entity's trail, oldest first, and the regions its events belong to (for coordinators' scope). */
export interface AuditView {
  readonly entity: string;
  /** Sorted; one region for a regional entity, several (or none) for a national one. */
  readonly regions: readonly string[];
  readonly entries: readonly AuditEntry[];
}

/** The region of an entity whose events all belong to one region; undefined for a national one. */
export const auditRegion = (view: AuditView): string | undefined =>
  view.regions.length === 1 ? view.regions[0] : undefined;

/** The key of an entity's trail (of its first page, for a stream: see `auditStreamPageKey`). */
export const auditKey = (kind: AuditEntityKind, id: string): string => `${kind}:${id}`;

/**
 * Versions per document of a stream's trail. A stream's trail is kept in pages of its versions
 * (1–500, 501–1,000, …), so that no document grows with its stream: a rollout's grants stream
 * reaches 4,200 events at 600 associations, and a single document of it was parsed, serialised
 * and compressed whole on every save, near the item size limit. The other trails gather the events
 * of many streams and stay one document each (the largest, a rollout's, ≈ 1,900 entries there).
 */
export const AUDIT_STREAM_PAGE_SIZE = 500;

/** The page of a stream's trail that holds a version (0 for versions 1–500). */
export const auditStreamPageOf = (version: number, pageSize: number = AUDIT_STREAM_PAGE_SIZE): number =>
  Math.floor((version - 1) / pageSize);

/**
 * The key of a page of a stream's trail: page 0 is the stream's own key, then `stream@<page>:<id>`
 * (an entity kind holds no `:`, so the key names its stream whatever the stream id holds).
 */
export const auditStreamPageKey = (streamId: string, page: number): string =>
  page === 0 ? auditKey('stream', streamId) : `stream@${page}:${streamId}`;

/** The entity of a trail document's key: a page of a stream's trail belongs to the stream's. */
const entityOfKey = (key: string): string => key.replace(/^stream@\d+:/, 'stream:');

/**
 * The grounds of the decisions whose events record no reason field: what the data says made them
 * (a selection's rank and average, a grant's instrument and its threshold, a closing's counts).
 */
const groundsOf = (event: ProjectedEvent): AuditGrounds | null => {
  switch (event.type) {
    case 'AssociationSelected':
      return {
        code: 'ranked',
        values: { rank: event.data.rank, weightedAverage: event.data.weightedAverage },
      };
    case 'ApplicationsRanked':
      return { code: 'ranking', values: { applications: event.data.ranking.length } };
    case 'CallClosed':
      return {
        code: 'call-closed',
        values: {
          received: event.data.received,
          refused: event.data.refusedLate + event.data.refusedIneligible,
          eligible: event.data.eligibleApplicationIds.length,
        },
      };
    case 'SelectionPublished':
      return { code: 'appeal-window', values: { until: event.data.appealWindowEndsAt } };
    case 'EnrolmentClosed':
      return {
        code: 'enrolment-complete',
        values: { associations: event.data.associationCount, members: event.data.memberCount },
      };
    case 'AxisOneCompleted':
      return { code: 'all-modules-completed', values: { members: event.data.memberIds.length } };
    case 'TraineesSelected':
      return {
        code: 'trainees-ranked',
        values: { selected: event.data.selected.length, candidates: event.data.candidates },
      };
    case 'CompetenceHubEstablished':
      return { code: 'hub-trainers', values: { trainers: event.data.trainerIds.length } };
    case 'GrantAwarded':
      return {
        code: `instrument-${event.data.instrument.kind}`,
        values: { threshold: event.data.conventionThreshold },
      };
    default:
      return null;
  }
};

const whyOf = (event: ProjectedEvent): AuditWhy => {
  const data = event.data as Record<string, unknown>;
  // A fact recorded late says why (ADR 0080); its dates are the entry's occurredAt and recordedAt.
  const lateEntry = data.lateEntry as { reason?: unknown } | null | undefined;
  const sources: Record<string, unknown> = { ...data, reason: lateEntry?.reason ?? data.reason };
  for (const field of ['reason', 'condition', 'trigger', 'outcome']) {
    const value = sources[field];
    if (typeof value === 'string') return value;
    if (typeof value === 'object' && value !== null && 'fr' in value && 'ar' in value) {
      const { fr, ar } = value as { fr: unknown; ar: unknown };
      if (typeof fr === 'string' && typeof ar === 'string') return { fr, ar };
    }
  }
  return groundsOf(event);
};

/** The entities an event belongs to, a stream's trail paged by `streamPageSize` versions. */
export const auditKeysOf = (
  event: ProjectedEvent,
  head: ProjectedEvent | undefined,
  streamPageSize: number = AUDIT_STREAM_PAGE_SIZE,
): readonly string[] => {
  const data = event.data as Record<string, unknown>;
  const keys = new Set<string>([
    auditStreamPageKey(event.streamId, auditStreamPageOf(event.version, streamPageSize)),
  ]);
  for (const [field, kind] of ENTITY_FIELDS) {
    const value = data[field];
    if (typeof value === 'string') keys.add(auditKey(kind, value));
  }
  for (const [field, kind] of ENTITY_LIST_FIELDS) {
    const values = data[field];
    if (Array.isArray(values)) {
      for (const value of values) if (typeof value === 'string') keys.add(auditKey(kind, value));
    }
  }
  const rolloutId = rolloutIdOf(event, head);
  if (rolloutId !== null && !NOT_ROLLOUT_LEVEL.has(event.type)) keys.add(auditKey('rollout', rolloutId));
  return [...keys];
};

const inTrailOrder = (a: AuditEntry, b: AuditEntry): number =>
  a.recordedAt.localeCompare(b.recordedAt) || a.streamId.localeCompare(b.streamId) || a.version - b.version;

/**
 * Pages of a stream's trail, in version order, as one trail: the union of their regions, their
 * entries in trail order, and the latest of their instants.
 */
export const joinAuditPages = (
  pages: readonly { readonly view: AuditView; readonly asOf: string | null }[],
): { readonly view: AuditView; readonly asOf: string | null } | undefined => {
  const [first] = pages;
  if (first === undefined) return undefined;
  const regions = [...new Set(pages.flatMap((page) => page.view.regions))].sort();
  // Pages hold consecutive versions: concatenated, their entries are nearly always in order already.
  const entries = pages.flatMap((page) => page.view.entries).sort(inTrailOrder);
  const asOf = pages.reduce<string | null>(
    (latest, page) => (page.asOf !== null && (latest === null || page.asOf > latest) ? page.asOf : latest),
    null,
  );
  return { view: { entity: first.view.entity, regions, entries }, asOf };
};

/** The audit read model, with the number of versions per page of a stream's trail. */
export interface AuditProjection extends Projection<AuditView> {
  readonly streamPageSize: number;
}

/**
 * The audit trail of any entity: one document per entity key, and per page of `streamPageSize`
 * versions of a stream (the runtime's: `AUDIT_STREAM_PAGE_SIZE`; a test pages a short stream).
 */
export const auditProjectionWith = (streamPageSize: number): AuditProjection => ({
  name: 'audit',
  // 2: a stream's trail is kept in pages of its versions; 3: `why` gives a decision's grounds.
  revision: 3,
  streamPageSize,
  keysOf: (event, head) => auditKeysOf(event, head, streamPageSize),
  initialView: (key) => ({ entity: entityOfKey(key), regions: [], entries: [] }),
  evolve: (view, event, head) => {
    const rolloutId = rolloutIdOf(event, head);
    const data = event.data as Record<string, unknown>;
    const region =
      (typeof data.regionCode === 'string' ? data.regionCode : null) ??
      (rolloutId === null ? null : (regionOfRolloutId(rolloutId) ?? null));
    const entry: AuditEntry = {
      streamId: event.streamId,
      version: event.version,
      eventId: event.eventId,
      type: event.type,
      occurredAt: event.occurredAt,
      recordedAt: event.recordedAt,
      actor: event.actor,
      correlationId: event.correlationId,
      causationId: event.causationId,
      why: whyOf(event),
    };
    return {
      ...view,
      regions:
        region === null || view.regions.includes(region) ? view.regions : [...view.regions, region].sort(),
      entries: withInOrder(view.entries, entry, inTrailOrder),
    };
  },
});

/** The audit read model the runtime keeps: pages of `AUDIT_STREAM_PAGE_SIZE` versions. */
export const auditProjection: AuditProjection = auditProjectionWith(AUDIT_STREAM_PAGE_SIZE);
