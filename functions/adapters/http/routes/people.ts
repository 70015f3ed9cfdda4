import * as z from 'zod';
import { Instant } from '../../../../events/envelope.js';
import { Bilingual, Id } from '../../../../events/reference.js';
import {
  eraseName,
  memberInHistory,
  type NamedPerson,
  readName,
  recordName,
  sitsOnCommittee,
} from '../../../application/people/names.js';
import {
  Erasure,
  type PersonalDataVault,
  PersonContact,
  type PersonLookup,
  Processing,
} from '../../../application/ports/personal-data.js';
import type { NameCaller } from '../../../domain/people/names.js';
import { assertNever } from '../../../domain/shared/decider.js';
import { type Access, actingRole } from '../access.js';
import type { HttpRole, Principal } from '../claims.js';
import {
  checkRouteDeclaration,
  type HttpRoute,
  type RouteDependencies,
  type RouteRequest,
  type RouteResponse,
} from '../route.js';
import { ErasureBody, NameBody } from './people-bodies.js';

// People's names through the API (issue 20 item 8; docs/adr/0126-names-with-purpose-and-consent.md,
// docs/adr/0127-who-reads-and-erases-a-name.md): a member's name (for their certificates) and a
// committee member's (for the minutes), recorded with purpose and consent into the personal-data
// vault, read by role, and erased on request. No route here appends an event: names never enter
// the history, so erasing one leaves every hash and digest as it was.

/** These routes need the vault (they run in the `selection` function, which has it). */
export type PeopleRouteDependencies = RouteDependencies & { readonly personalData: PersonalDataVault };

const MemberParams = z.strictObject({ rolloutId: Id, memberId: Id });
const CommitteeMemberParams = z.strictObject({ callId: Id, memberId: Id });

/** A person's name as the vault holds it, or the fact that it was erased. */
export const PersonName = z
  .strictObject({
    personId: z.string(),
    status: z.enum(['recorded', 'erased']),
    /** Null once erased. */
    displayName: Bilingual.nullable(),
    contact: PersonContact.nullable(),
    /** Purpose, consent, who recorded it and when; null once erased (or for a name kept before). */
    processing: Processing.nullable(),
    erasedAt: Instant.nullable(),
    erasure: Erasure.nullable(),
  })
  .meta({ id: 'PersonName' });

const viewOf = (lookup: PersonLookup): z.input<typeof PersonName> =>
  lookup.status === 'known'
    ? {
        personId: lookup.person.personId,
        status: 'recorded',
        displayName: lookup.person.displayName,
        contact: lookup.person.contact,
        processing: lookup.person.processing ?? null,
        erasedAt: null,
        erasure: null,
      }
    : {
        personId: lookup.personId,
        status: 'erased',
        displayName: null,
        contact: null,
        processing: null,
        erasedAt: lookup.status === 'erased' ? lookup.erasedAt : null,
        erasure: lookup.status === 'erased' ? (lookup.erasure ?? null) : null,
      };

const answer = (status: number, lookup: PersonLookup): RouteResponse => ({
  status,
  body: PersonName.parse(viewOf(lookup)),
  headers: { 'cache-control': 'no-store' },
});

const MEMBER_RECORDERS: Access = { roles: ['ministry', 'coordinator', 'association'] };
const MEMBER_READERS: Access = { roles: ['ministry', 'coordinator', 'association'] };
const MEMBER_ERASERS: Access = { roles: ['ministry', 'association'] };
const COMMITTEE_RECORDERS: Access = { roles: ['ministry'] };
const COMMITTEE_MEMBER_OR_MINISTRY: Access = { roles: ['ministry', 'committee-member'] };

/** The caller as the rules see them, in the role they act in here. */
const callerOf = (role: HttpRole | undefined, principal: Principal, personId: string): NameCaller => {
  switch (role) {
    case 'ministry':
    case 'coordinator':
    case 'association':
      return { as: role };
    case 'committee-member':
      return { as: 'committee-member', self: principal.subject === personId };
    default:
      // A role the route does not list never gets here (requireRole answered 403 before).
      throw new Error(`role ${String(role)} has no part in names`);
  }
};

interface Located {
  readonly person: NamedPerson;
  /** The role the caller acts in on this person (scope checked). */
  readonly role: HttpRole | undefined;
}

/**
 * A member of a rollout, located in the history, then the caller's scope checked on it: the
 * coordinator of the rollout's region, the member's own association. A member no association
 * nominated answers 404 to every caller, before any scope is judged.
 */
const locateMember = async (
  access: Access,
  request: RouteRequest,
  deps: PeopleRouteDependencies,
): Promise<Located> => {
  const { rolloutId, memberId } = request.params as z.output<typeof MemberParams>;
  const found = await memberInHistory(deps.store, rolloutId, memberId);
  const person: NamedPerson = {
    personId: memberId,
    subject: 'member',
    inHistory: found.associationId !== null,
  };
  if (!person.inHistory) return { person, role: undefined };
  const role = actingRole(access, request.principal, {
    region: found.regionCode,
    associationId: found.associationId ?? undefined,
    rolloutId,
  });
  return { person, role };
};

/** A member of a call's committee, located in the history (the ministry's and committee members' roles are national). */
const locateCommitteeMember = async (
  access: Access,
  request: RouteRequest,
  deps: PeopleRouteDependencies,
): Promise<Located> => {
  const { callId, memberId } = request.params as z.output<typeof CommitteeMemberParams>;
  const person: NamedPerson = {
    personId: memberId,
    subject: 'committee-member',
    inHistory: await sitsOnCommittee(deps.store, callId, memberId),
  };
  return { person, role: actingRole(access, request.principal, {}) };
};

type Locate = typeof locateMember;

const declared = (route: HttpRoute<PeopleRouteDependencies>): HttpRoute<PeopleRouteDependencies> => {
  checkRouteDeclaration(route, true);
  return route;
};

const NAME_RESPONSES = {
  200: { description: 'The name as the vault now holds it', schema: PersonName },
} as const;

/** What a person's name routes say of that person: where, which operation, who may call, how to find them. */
interface NameRouteOptions {
  /** The path of the name (`…/name`); the erasure is at `…/name/erasure`. */
  readonly path: string;
  readonly operationId: string;
  readonly summary: string;
  readonly access: Access;
  readonly params: z.ZodType;
  readonly locate: Locate;
}

/** The three things a route does to a name. */
type NameAction = 'record' | 'read' | 'erase';

/** The caller as the rules see them, once the person is located (any caller, for a person not in the history: the rules answer 404 first). */
const nameCaller = (located: Located, principal: Principal): NameCaller =>
  located.person.inHistory ? callerOf(located.role, principal, located.person.personId) : { as: 'ministry' };

/** A name's route of one action, for one kind of person (docs/adr/0126-names-with-purpose-and-consent.md). */
const nameRoute = (action: NameAction, options: NameRouteOptions): HttpRoute<PeopleRouteDependencies> => {
  const common = {
    operationId: options.operationId,
    summary: options.summary,
    tags: ['people'],
    access: options.access,
  };
  const located = (request: RouteRequest, deps: PeopleRouteDependencies) =>
    options.locate(options.access, request, deps);
  switch (action) {
    case 'record':
      return declared({
        ...common,
        kind: 'command',
        method: 'PUT',
        path: options.path,
        description:
          'Purpose and consent are required (law 09-08); the name goes to the personal-data vault, never to an event. 201 when recorded, 200 when corrected; 409 PERSON_ERASED once the person was erased.',
        request: { params: options.params, body: NameBody },
        responses: {
          ...NAME_RESPONSES,
          201: { description: 'Recorded', schema: PersonName },
        },
        handle: async (request, deps) => {
          const { person, role } = await located(request, deps);
          const body = request.body as z.output<typeof NameBody>;
          const principal = request.principal as Principal;
          const { outcome, lookup } = await recordName(
            deps.personalData,
            person,
            {
              displayName: body.displayName,
              contact: body.contact ?? {},
              purpose: body.purpose,
              consent: body.consent,
            },
            { now: deps.clock(), actor: { role: role ?? 'ministry', subject: principal.subject } },
          );
          return answer(outcome === 'recorded' ? 201 : 200, lookup);
        },
      });
    case 'read':
      return declared({
        ...common,
        kind: 'query',
        method: 'GET',
        path: options.path,
        request: { params: options.params },
        responses: NAME_RESPONSES,
        handle: async (request, deps) => {
          const found = await located(request, deps);
          const caller = nameCaller(found, request.principal as Principal);
          return answer(200, await readName(deps.personalData, found.person, caller));
        },
      });
    case 'erase':
      return declared({
        ...common,
        kind: 'command',
        method: 'POST',
        path: `${options.path}/erasure`,
        description:
          'Forgets the names and contact for good; keeps the id, when, why and by whom. No event is appended or changed: the history verifies as before, and documents print the name as erased.',
        request: { params: options.params, body: ErasureBody },
        responses: NAME_RESPONSES,
        handle: async (request, deps) => {
          const found = await located(request, deps);
          const principal = request.principal as Principal;
          const { reason } = request.body as z.output<typeof ErasureBody>;
          const lookup = await eraseName(deps.personalData, found.person, nameCaller(found, principal), {
            reason,
            erasedBy: { role: found.role ?? 'ministry', subject: principal.subject },
          });
          return answer(200, lookup);
        },
      });
    default:
      return assertNever(action);
  }
};

const MEMBER_NAME = '/rollouts/{rolloutId}/members/{memberId}/name';
const COMMITTEE_MEMBER_NAME = '/calls/{callId}/committee/members/{memberId}/name';

const A_MEMBER = { path: MEMBER_NAME, params: MemberParams, locate: locateMember };
const A_COMMITTEE_MEMBER = {
  path: COMMITTEE_MEMBER_NAME,
  params: CommitteeMemberParams,
  locate: locateCommitteeMember,
};

/** The names' routes (in the `selection` route group, which has the vault). */
export const peopleRoutes: readonly HttpRoute<PeopleRouteDependencies>[] = [
  nameRoute('record', {
    ...A_MEMBER,
    operationId: 'recordMemberName',
    summary:
      "Record a member's name for their certificates, with the member's consent (the ministry, the region's coordinator, or the member's association)",
    access: MEMBER_RECORDERS,
  }),
  nameRoute('read', {
    ...A_MEMBER,
    operationId: 'readMemberName',
    summary:
      "A member's name, contact, purpose and consent (the ministry, the region's coordinator, the member's association)",
    access: MEMBER_READERS,
  }),
  nameRoute('erase', {
    ...A_MEMBER,
    operationId: 'eraseMemberName',
    summary: "Erase a member's name (the ministry, or the member's association on the member's request)",
    access: MEMBER_ERASERS,
  }),
  nameRoute('record', {
    ...A_COMMITTEE_MEMBER,
    operationId: 'recordCommitteeMemberName',
    summary: "Record a committee member's name for the minutes, with their consent (the ministry)",
    access: COMMITTEE_RECORDERS,
  }),
  nameRoute('read', {
    ...A_COMMITTEE_MEMBER,
    operationId: 'readCommitteeMemberName',
    summary: "A committee member's name, contact, purpose and consent (the ministry, or the member themself)",
    access: COMMITTEE_MEMBER_OR_MINISTRY,
  }),
  nameRoute('erase', {
    ...A_COMMITTEE_MEMBER,
    operationId: 'eraseCommitteeMemberName',
    summary: "Erase a committee member's name (the ministry, or the member themself)",
    access: COMMITTEE_MEMBER_OR_MINISTRY,
  }),
];
