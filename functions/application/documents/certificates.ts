import { createHash } from 'node:crypto';
import { decodeEvent, type NaseejEvent } from '../../../events/catalog.js';
import type { Actor } from '../../../events/envelope.js';
import {
  type ModuleCode,
  TRAINER_MODULES,
  TRAINING_MODULES,
  type TrainerModuleCode,
} from '../../../events/reference.js';
import type { GlobalCheckpoint, StoredEvent } from '../ports/event-store.js';

// Certificates are derived from the events alone: a member who completed the eight axis-1
// modules holds a training certificate, a certified trainer a trainer certificate. Each is anchored
// to the event that made it true (the eighth module completed, TrainerCertified), and its short
// code is a hash of that event's id, so the public verification page can be found from the code
// and shows what the history says, whatever a printed copy says.

/** The two kinds of certificate. */
export type CertificateKind = 'training' | 'trainer';

/** Text in both languages. */
export interface BilingualText {
  readonly fr: string;
  readonly ar: string;
}

/** One completed module, with the event that recorded it. */
export interface CertifiedModule {
  readonly code: ModuleCode | TrainerModuleCode;
  readonly title: BilingualText;
  readonly completedAt: string;
  readonly eventId: string;
}

/** A certificate withdrawn because a completion it rests on was withdrawn by a correction. */
export interface CertificateRevocation {
  readonly reason: BilingualText;
  /** When the correction happened (its event's `occurredAt`) and when it was recorded. */
  readonly revokedAt: string;
  readonly recordedAt: string;
  /** The correction that withdrew the completion (`ModuleCompletionWithdrawn`). */
  readonly eventId: string;
  readonly module: ModuleCode;
}

/** Everything a certificate certifies, and the events it was made from. */
export interface Certificate {
  readonly kind: CertificateKind;
  /** `XXXXX-XXXXX` (Crockford base32 of the anchor's hash): what a person types. */
  readonly code: string;
  readonly rolloutId: string;
  readonly memberId: string;
  readonly association: { readonly associationId: string; readonly name: BilingualText | null };
  /** The rollout's implementing partner (operator), when its selection is in the history. */
  readonly operator: BilingualText | null;
  readonly modules: readonly CertifiedModule[];
  /** When the certificate became true: the anchor event's instant. */
  readonly issuedAt: string;
  /** Who recorded the anchor event (the operator's report, the ministry's decision). */
  readonly recordedBy: Actor;
  /** The event the certificate is anchored to (its code derives from this id). */
  readonly anchorEventId: string;
  /** Every event the certificate was made from, in history order (the revocation last). */
  readonly sourceEventIds: readonly string[];
  /** Set once a completion the certificate rests on was withdrawn: the certificate no longer holds. */
  readonly revocation: CertificateRevocation | null;
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** The short code of a certificate: 50 bits of SHA-256 over its kind and anchor event id. */
export const certificateCodeOf = (kind: CertificateKind, anchorEventId: string): string => {
  const digest = createHash('sha256').update(`naseej-certificate-v1\n${kind}\n${anchorEventId}`).digest();
  let bits = 0n;
  for (let index = 0; index < 7; index += 1) bits = (bits << 8n) | BigInt(digest[index] ?? 0);
  bits >>= 6n; // 56 bits read, 50 kept
  let code = '';
  for (let index = 0; index < 10; index += 1) {
    code = (CROCKFORD[Number(bits & 31n)] ?? '0') + code;
    bits >>= 5n;
  }
  return `${code.slice(0, 5)}-${code.slice(5)}`;
};

/** A typed code in canonical form (upper case, the hyphen put back, O→0, I/L→1), or undefined. */
export const normaliseCertificateCode = (typed: string): string | undefined => {
  const plain = typed.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (!/^[0-9A-HJKMNP-TV-Z]{10}$/.test(plain)) return undefined;
  return `${plain.slice(0, 5)}-${plain.slice(5)}`;
};

const moduleTitle = (code: ModuleCode | TrainerModuleCode): BilingualText => {
  const found = [...TRAINING_MODULES, ...TRAINER_MODULES].find((module) => module.code === code);
  return { fr: found?.fr ?? code, ar: found?.ar ?? code };
};

type Recorded = StoredEvent & NaseejEvent;

/** One certificate issued: the event it is anchored to, the modules it certified, its revocation. */
interface Issue {
  readonly kind: CertificateKind;
  readonly anchor: Recorded;
  readonly modules: readonly CertifiedModule[];
  revocation: CertificateRevocation | null;
}

interface MemberRecord {
  rolloutId: string;
  memberId: string;
  associationId: string;
  modules: Map<string, CertifiedModule>;
  trainerModules: Map<string, CertifiedModule>;
  /** Every certificate issued to the member, in history order: a revoked one stays, a new one follows. */
  issues: Issue[];
}

const memberKey = (rolloutId: string, memberId: string): string => `${rolloutId}\n${memberId}`;

/**
 * Records a completed module (axis 1 or trainer track) the first time it is reported; false when
 * the member already had it, so a repeated report changes nothing.
 */
const recordModule = (
  modules: Map<string, CertifiedModule>,
  module: ModuleCode | TrainerModuleCode,
  event: Recorded,
): boolean => {
  if (modules.has(module)) return false;
  modules.set(module, {
    code: module,
    title: moduleTitle(module),
    completedAt: event.occurredAt,
    eventId: event.eventId,
  });
  return true;
};

const byModuleCode = (a: CertifiedModule, b: CertifiedModule): number => a.code.localeCompare(b.code);

/**
 * Every certificate the history holds, folded from the global order (incrementally: `apply`
 * each new event). Holds ids, association names and module titles; never people's names.
 */
export class CertificateRegistry {
  readonly #members = new Map<string, MemberRecord>();
  readonly #associations = new Map<string, { name: BilingualText; eventId: string }>();
  readonly #operators = new Map<string, { name: BilingualText; eventId: string }>();
  readonly #byCode = new Map<string, { key: string; index: number }>();
  /** Where the fold stands in the global order. */
  checkpoint: GlobalCheckpoint = null;

  /** Folds one stored event (events of other types are ignored). */
  apply(stored: StoredEvent): void {
    if (!RELEVANT_TYPES.has(stored.type)) return;
    const event = decodeEvent(stored) as Recorded;
    switch (event.type) {
      case 'AssociationSelected':
        if (event.data.purpose === 'regional-operator' && event.data.rolloutId !== null) {
          this.#operators.set(event.data.rolloutId, {
            name: event.data.associationName,
            eventId: event.eventId,
          });
        }
        return;
      case 'BeneficiaryEnrolled':
        this.#associations.set(`${event.data.rolloutId}\n${event.data.associationId}`, {
          name: event.data.name,
          eventId: event.eventId,
        });
        return;
      case 'ModuleCompleted': {
        const member = this.#member(event.data);
        if (!recordModule(member.modules, event.data.module, event)) return;
        if (member.modules.size === TRAINING_MODULES.length) this.#anchor(member, 'training', event);
        return;
      }
      case 'ModuleCompletionWithdrawn': {
        // A correction withdrew a completion: the module no longer counts, and a training
        // certificate that rested on it is revoked (a trainer's certification is its own decision).
        const member = this.#member(event.data);
        if (!member.modules.delete(event.data.module)) return;
        const standing = this.#standing(member, 'training');
        if (standing !== undefined) {
          standing.revocation = {
            reason: event.data.reason,
            revokedAt: event.occurredAt,
            recordedAt: event.recordedAt,
            eventId: event.eventId,
            module: event.data.module,
          };
        }
        return;
      }
      case 'TrainerModuleCompleted':
        recordModule(this.#member(event.data).trainerModules, event.data.module, event);
        return;
      case 'TrainerCertified':
        this.#anchor(this.#member(event.data), 'trainer', event);
        return;
      default:
        return;
    }
  }

  /**
   * The certificate of a member (the last issued of that kind, revoked or not), or undefined when
   * the history does not support one.
   */
  ofMember(rolloutId: string, memberId: string, kind: CertificateKind): Certificate | undefined {
    const member = this.#members.get(memberKey(rolloutId, memberId));
    const issue = member?.issues.filter((candidate) => candidate.kind === kind).at(-1);
    return member === undefined || issue === undefined ? undefined : this.#certificate(member, issue);
  }

  /** The certificate a short code names, in any typed form, or undefined; a revoked one says so. */
  byCode(typed: string): Certificate | undefined {
    const code = normaliseCertificateCode(typed);
    const found = code === undefined ? undefined : this.#byCode.get(code);
    const member = found === undefined ? undefined : this.#members.get(found.key);
    const issue = found === undefined ? undefined : member?.issues[found.index];
    return member === undefined || issue === undefined ? undefined : this.#certificate(member, issue);
  }

  /**
   * An association's members who completed a module, in every rollout, with the modules they
   * completed and their training certificate (the last issued, revoked or not), by rollout then
   * member: what the association's portal shows (docs/adr/0108-association-certificates.md).
   */
  ofAssociation(associationId: string): {
    readonly rolloutId: string;
    readonly memberId: string;
    readonly modules: readonly string[];
    readonly certificate: Certificate | undefined;
  }[] {
    return [...this.#members.values()]
      .filter((member) => member.associationId === associationId)
      .sort((a, b) =>
        a.rolloutId === b.rolloutId
          ? a.memberId.localeCompare(b.memberId)
          : a.rolloutId.localeCompare(b.rolloutId),
      )
      .map((member) => ({
        rolloutId: member.rolloutId,
        memberId: member.memberId,
        modules: [...member.modules.keys()].sort(),
        certificate: this.ofMember(member.rolloutId, member.memberId, 'training'),
      }));
  }

  /** Every certificate of a rollout (training ones first), by association then member. */
  ofRollout(rolloutId: string): Certificate[] {
    const members = [...this.#members.values()]
      .filter((member) => member.rolloutId === rolloutId)
      .sort((a, b) =>
        a.associationId === b.associationId
          ? a.memberId.localeCompare(b.memberId)
          : a.associationId.localeCompare(b.associationId),
      );
    return (['training', 'trainer'] as const).flatMap((kind) =>
      members.flatMap((member) =>
        member.issues.filter((issue) => issue.kind === kind).map((issue) => this.#certificate(member, issue)),
      ),
    );
  }

  /** The member an event is about, created on its first event. */
  #member({
    rolloutId,
    memberId,
    associationId,
  }: {
    readonly rolloutId: string;
    readonly memberId: string;
    readonly associationId: string;
  }): MemberRecord {
    const key = memberKey(rolloutId, memberId);
    const existing = this.#members.get(key);
    if (existing !== undefined) return existing;
    const created: MemberRecord = {
      rolloutId,
      memberId,
      associationId,
      modules: new Map(),
      trainerModules: new Map(),
      issues: [],
    };
    this.#members.set(key, created);
    return created;
  }

  /** The member's certificate of a kind that stands (issued, not revoked), if any. */
  #standing(member: MemberRecord, kind: CertificateKind): Issue | undefined {
    return member.issues.find((issue) => issue.kind === kind && issue.revocation === null);
  }

  /**
   * Anchors a member's certificate of a kind to the event that made it true, unless one stands
   * already (a repeated report): after a revocation, completing again issues a new certificate.
   */
  #anchor(member: MemberRecord, kind: CertificateKind, event: Recorded): void {
    if (this.#standing(member, kind) !== undefined) return;
    const axisOne = [...member.modules.values()].sort(byModuleCode);
    const trainerModules = [...member.trainerModules.values()].sort(byModuleCode);
    member.issues.push({
      kind,
      anchor: event,
      modules: kind === 'training' ? axisOne : [...axisOne, ...trainerModules],
      revocation: null,
    });
    this.#byCode.set(certificateCodeOf(kind, event.eventId), {
      key: memberKey(member.rolloutId, member.memberId),
      index: member.issues.length - 1,
    });
  }

  #certificate(member: MemberRecord, issue: Issue): Certificate {
    const { kind, anchor, modules, revocation } = issue;
    const association = this.#associations.get(`${member.rolloutId}\n${member.associationId}`);
    const operator = this.#operators.get(member.rolloutId);
    const sourceEventIds = [
      operator?.eventId,
      association?.eventId,
      ...modules.map((module) => module.eventId),
      anchor.eventId,
      revocation?.eventId,
    ].filter((id, index, all): id is string => id !== undefined && all.indexOf(id) === index);
    return {
      kind,
      code: certificateCodeOf(kind, anchor.eventId),
      rolloutId: member.rolloutId,
      memberId: member.memberId,
      association: { associationId: member.associationId, name: association?.name ?? null },
      operator: operator?.name ?? null,
      modules,
      issuedAt: anchor.occurredAt,
      recordedBy: anchor.actor,
      anchorEventId: anchor.eventId,
      sourceEventIds,
      revocation,
    };
  }
}

const RELEVANT_TYPES = new Set([
  'AssociationSelected',
  'BeneficiaryEnrolled',
  'ModuleCompleted',
  'ModuleCompletionWithdrawn',
  'TrainerModuleCompleted',
  'TrainerCertified',
]);
