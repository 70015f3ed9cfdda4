import { beforeAll, describe, expect, it } from 'vitest';
import { isSignature } from '../../../../../../functions/adapters/http/access.js';
import type { HttpRole } from '../../../../../../functions/adapters/http/claims.js';
import { HTTP_ROLES } from '../../../../../../functions/adapters/http/claims.js';
import type { AnyHttpRoute } from '../../../../../../functions/adapters/http/route.js';
import { routes } from '../../../../../../functions/adapters/http/routes/index.js';
import { SAMPLE_BODIES, samplePath } from '../../../../../support/api-samples.js';
import { apiTestServerForTheFile } from '../../../../../support/api-server.js';

// The role × route matrix and the bad-input matrix, both generated from the REAL route table and
// sent over real HTTP to the local server on dynalite.

const api = apiTestServerForTheFile();
const tokenOf = {} as Record<HttpRole, string>;
let coordinatorOfCS: string;
let partnerOfCS: string;
let otherAssociation: string;

const tokenRoutes = routes.filter((route) => !isSignature(route.access));
/**
 * Routes of a region's own resources (public reads are everyone's, so no region scope applies;
 * `/me/…` answers the caller's own records, named by the token alone, so no other region's exist).
 */
const scopedRoutes = tokenRoutes.filter(
  (route) => !('public' in route.access) && !route.path.startsWith('/me/'),
);
const allowedRoles = (route: AnyHttpRoute): readonly HttpRole[] =>
  'public' in route.access ? HTTP_ROLES : route.access.roles;
const bodyOf = (route: AnyHttpRoute) =>
  route.request.body === undefined ? undefined : (SAMPLE_BODIES[route.operationId] ?? {});

beforeAll(async () => {
  for (const role of HTTP_ROLES) {
    tokenOf[role] = await api.token({
      subject: `sample-${role}`,
      roles: [role],
      ...(role === 'coordinator' || role === 'signatory' ? { regions: ['FM'] } : {}),
      ...(role === 'partner'
        ? { partner: { associationId: 'assoc-amsed', rolloutId: 'rollout-FM-2026' } }
        : {}),
      // An association's token acts for the association the sample paths name.
      ...(role === 'association' ? { association: 'assoc-sample' } : {}),
    });
  }
  otherAssociation = await api.token({
    subject: 'assoc-other',
    roles: ['association'],
    association: 'assoc-other',
  });
  coordinatorOfCS = await api.token({ subject: 'coord-cs', roles: ['coordinator'], regions: ['CS'] });
  partnerOfCS = await api.token({
    subject: 'partner-cs',
    roles: ['partner'],
    partner: { associationId: 'assoc-cs', rolloutId: 'rollout-CS-2026' },
  });
  // Both regions' resources exist: the rollouts, their operator calls and regional agreements.
  const ministry = tokenOf.ministry;
  for (const region of ['FM', 'CS'] as const) {
    await api.call('POST', '/rollouts', { token: ministry, body: { regionCode: region, edition: '2026' } });
    await api.call('POST', `/rollouts/rollout-${region}-2026/calls`, {
      token: ministry,
      body: { ...(SAMPLE_BODIES.openRolloutCall as object), purpose: 'regional-operator', seats: undefined },
    });
    await api.call('POST', `/rollouts/rollout-${region}-2026/agreements`, {
      token: ministry,
      body: {
        kind: 'regional-partnership',
        title: { fr: 'Convention', ar: 'اتفاقية' },
        parties: [
          { partyId: 'minister-1', role: 'ministry' },
          { partyId: 'wali', role: 'wali' },
          { partyId: 'council', role: 'regional-council' },
        ],
      },
    });
  }
}, 60_000);

describe('the role × route matrix of the real table', () => {
  const cases = tokenRoutes.flatMap((route) => HTTP_ROLES.map((role) => ({ route, role })));

  it.each(cases.map((entry) => [`${entry.route.method} ${entry.route.path}`, entry.role, entry] as const))(
    '%s as %s: allowed where the table says, 403 elsewhere',
    async (_key, role, { route }) => {
      // Act
      const answer = await api.call(route.method, samplePath(route, 'FM'), {
        token: tokenOf[role],
        ...(bodyOf(route) === undefined ? {} : { body: bodyOf(route) }),
      });

      // Assess
      if (allowedRoles(route).includes(role)) {
        expect(answer.status).not.toBe(401);
        expect(['ROLE_NOT_ALLOWED', 'OUT_OF_SCOPE']).not.toContain(answer.json?.code);
      } else {
        expect([answer.status, answer.json?.code]).toEqual([403, 'ROLE_NOT_ALLOWED']);
      }
    },
  );

  const coordinatorRoutes = scopedRoutes.filter((route) => allowedRoles(route).includes('coordinator'));
  it.each(coordinatorRoutes.map((route) => [`${route.method} ${route.path}`, route] as const))(
    "a coordinator of CS gets 403 or 404 on Fès-Meknès's %s, and nothing is appended",
    async (_key, route) => {
      const before = await api.countAllEvents();
      const answer = await api.call(route.method, samplePath(route, 'FM'), {
        token: coordinatorOfCS,
        ...(bodyOf(route) === undefined ? {} : { body: bodyOf(route) }),
      });
      expect([403, 404]).toContain(answer.status);
      if (answer.status === 403) expect(answer.json.code).toBe('OUT_OF_SCOPE');
      expect(await api.countAllEvents()).toBe(before);
    },
  );

  const partnerRoutes = scopedRoutes.filter((route) => allowedRoles(route).includes('partner'));
  it.each(partnerRoutes.map((route) => [`${route.method} ${route.path}`, route] as const))(
    "the partner of another rollout gets 403 or 404 on Fès-Meknès's %s",
    async (_key, route) => {
      const before = await api.countAllEvents();
      const answer = await api.call(route.method, samplePath(route, 'FM'), {
        token: partnerOfCS,
        ...(bodyOf(route) === undefined ? {} : { body: bodyOf(route) }),
      });
      expect([403, 404]).toContain(answer.status);
      expect(await api.countAllEvents()).toBe(before);
    },
  );

  // Every route an association reaches, as another association: never in, nothing appended. A
  // route of the portal answers 403 OUT_OF_SCOPE whether the named association exists or not.
  const associationRoutes = scopedRoutes.filter((route) => allowedRoles(route).includes('association'));
  it.each(associationRoutes.map((route) => [`${route.method} ${route.path}`, route] as const))(
    "another association gets 403 or 404 on assoc-sample's %s, and nothing is appended",
    async (_key, route) => {
      const before = await api.countAllEvents();
      const answer = await api.call(route.method, samplePath(route, 'FM'), {
        token: otherAssociation,
        ...(bodyOf(route) === undefined ? {} : { body: bodyOf(route) }),
      });
      expect([403, 404]).toContain(answer.status);
      if (route.path.startsWith('/associations/')) expect(answer.json.code).toBe('OUT_OF_SCOPE');
      expect(await api.countAllEvents()).toBe(before);
    },
  );

  it('has a sample body for every route that takes one (so the scope checks above are reached)', () => {
    const missing = routes.filter(
      (route) => route.request.body !== undefined && !(route.operationId in SAMPLE_BODIES),
    );
    expect(missing.map((route) => route.operationId)).toEqual([]);
  });
});

describe('the bad-input matrix of the real table', () => {
  const commands = tokenRoutes.filter((route) => route.kind === 'command');
  const withBody = commands.filter((route) => route.request.body !== undefined);
  const tokenFor = (route: AnyHttpRoute) => tokenOf[allowedRoles(route)[0] as HttpRole];
  const BAD_INPUTS: readonly {
    name: string;
    status: number;
    code: string;
    request: (route: AnyHttpRoute) => {
      body?: unknown;
      rawBody?: string | Buffer;
      headers?: Record<string, string>;
      token?: string;
    };
  }[] = [
    {
      name: 'malformed JSON',
      status: 400,
      code: 'MALFORMED_JSON',
      request: () => ({ rawBody: '{"regionCode": "FM",' }),
    },
    {
      name: 'wrong types',
      status: 400,
      code: 'VALIDATION_FAILED',
      request: () => ({ body: { regionCode: 42, amount: 'lots', to: [] } }),
    },
    {
      name: 'an unknown field',
      status: 400,
      code: 'VALIDATION_FAILED',
      request: (route) => ({
        body: { ...(SAMPLE_BODIES[route.operationId] as object), regionOfTheCaller: 'CS' },
      }),
    },
    {
      name: 'a huge body',
      status: 413,
      code: 'PAYLOAD_TOO_LARGE',
      request: () => ({ body: { padding: 'x'.repeat(70 * 1024) } }),
    },
    {
      name: 'invalid UTF-8',
      status: 400,
      code: 'INVALID_UNICODE',
      request: () => ({ rawBody: Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]) }),
    },
    {
      name: 'a lone surrogate',
      status: 400,
      code: 'INVALID_UNICODE',
      request: () => ({ rawBody: '{"name":"\\ud800"}' }),
    },
    {
      name: 'a non-JSON media type',
      status: 415,
      code: 'UNSUPPORTED_MEDIA_TYPE',
      request: () => ({ rawBody: 'a=b', headers: { 'content-type': 'application/x-www-form-urlencoded' } }),
    },
  ];

  it.each(
    withBody.flatMap((route) =>
      BAD_INPUTS.map((bad) => [`${route.method} ${route.path}`, bad.name, route, bad] as const),
    ),
  )('%s with %s: 4xx, nothing appended', async (_key, _name, route, bad) => {
    const before = await api.countAllEvents();
    const answer = await api.call(route.method, samplePath(route, 'FM'), {
      token: tokenFor(route),
      ...bad.request(route),
    });
    expect([answer.status, answer.json?.code]).toEqual([bad.status, bad.code]);
    expect(answer.text).not.toMatch(/at .*\.ts:\d+/);
    expect(await api.countAllEvents()).toBe(before);
  });

  it.each(commands.map((route) => [`${route.method} ${route.path}`, route] as const))(
    '%s without a token (or with a forged one): 401, nothing appended',
    async (_key, route) => {
      const before = await api.countAllEvents();
      const body = bodyOf(route);
      const anonymous = await api.call(
        route.method,
        samplePath(route, 'FM'),
        body === undefined ? {} : { body },
      );
      const forged = await api.call(route.method, samplePath(route, 'FM'), {
        token: `${tokenOf.ministry.slice(0, -4)}AAAA`,
        ...(body === undefined ? {} : { body }),
      });
      expect([anonymous.status, forged.status]).toEqual([401, 401]);
      expect(await api.countAllEvents()).toBe(before);
    },
  );
});
