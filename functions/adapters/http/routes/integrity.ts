import * as z from 'zod';
import { Id } from '../../../../events/reference.js';
import type { CommitLog } from '../../../application/ports/commit-log.js';
import { publishedDigests, sealSettledDays } from '../../dynamodb/integrity-digest.js';
import { verify } from '../../dynamodb/integrity-verify.js';
import { checkRouteDeclaration, type HttpRoute, type RouteDependencies } from '../route.js';
import { MINISTRY } from './common.js';

// The tamper-evident history over HTTP (docs/adr/0040-tamper-evident-history.md): the ministry
// verifies a stream or the whole store and seals settled days; anyone reads the sealed digests,
// the list to keep outside the table (and to pass back to `verify` as `published`).

/** Route dependencies of the integrity routes: raw access below the store's port. */
export interface IntegrityDependencies {
  readonly commitLog: CommitLog;
}

/** What the integrity routes need: the store and its commit log. */
export type IntegrityRouteDependencies = RouteDependencies & IntegrityDependencies;

const commitLogOf = (deps: IntegrityRouteDependencies): CommitLog => deps.commitLog;

const Problem = z.strictObject({
  kind: z.enum(['altered', 'missing', 'reordered', 'inserted', 'digest-mismatch']),
  streamId: z.string().optional(),
  version: z.number().int().optional(),
  day: z.string().optional(),
  detail: z.string(),
});

/** A verification report: `firstProblem` names the first commit (or day) that does not match. */
export const VerificationReport = z
  .strictObject({
    ok: z.boolean(),
    scope: z.union([
      z.strictObject({ kind: z.literal('stream'), streamId: z.string() }),
      z.strictObject({ kind: z.literal('store') }),
    ]),
    commitsChecked: z.number().int(),
    daysChecked: z.number().int(),
    firstProblem: Problem.optional(),
    problems: z.array(Problem),
  })
  .meta({ id: 'VerificationReport' });

/** The published list of sealed daily digests. */
export const PublishedDigestList = z
  .strictObject({
    format: z.literal('naseej-day-digest-v1'),
    digests: z.array(
      z.strictObject({ day: z.string(), digest: z.string(), commitCount: z.number().int().nonnegative() }),
    ),
  })
  .meta({ id: 'PublishedDigestList' });

const SealReport = z
  .strictObject({
    sealed: z.array(z.strictObject({ day: z.string(), digest: z.string(), commitCount: z.number() })),
  })
  .meta({ id: 'SealReport' });

const VerificationQuery = z.strictObject({
  /** One stream (an entity is its stream, e.g. `committee-call-FM-2026-operator`); absent: the whole store. */
  stream: Id.optional(),
});

const declared = (route: HttpRoute<IntegrityRouteDependencies>): HttpRoute<IntegrityRouteDependencies> => {
  checkRouteDeclaration(route, false);
  return route;
};

/** The integrity routes: verification (ministry), sealing (ministry), the published digests (public). */
export const integrityRoutes: readonly HttpRoute<IntegrityRouteDependencies>[] = [
  declared({
    kind: 'query',
    method: 'GET',
    path: '/integrity/verification',
    operationId: 'verifyHistory',
    summary: 'Verify one stream, or the whole store, against the hash chains and the sealed digests',
    description:
      'Names the first commit that does not match (altered, missing, reordered, inserted, or a day whose digest no longer matches). The whole store is a full read: run it on demand, not per request.',
    tags: ['integrity'],
    access: MINISTRY,
    request: { query: VerificationQuery },
    responses: {
      200: { description: 'The report (ok: false when a problem was found)', schema: VerificationReport },
    },
    handle: async (request, deps) => {
      const { stream } = request.query as z.output<typeof VerificationQuery>;
      const report = await verify(
        commitLogOf(deps),
        stream === undefined ? { kind: 'store' } : { kind: 'stream', streamId: stream },
      );
      return { status: 200, body: VerificationReport.parse(report) };
    },
  }),
  declared({
    kind: 'query',
    method: 'GET',
    path: '/integrity/digests',
    operationId: 'readPublishedDigests',
    summary: 'The sealed daily digests: the list to publish and keep outside the store',
    tags: ['integrity', 'open-data'],
    access: { public: true },
    request: {},
    responses: { 200: { description: 'The digests by day', schema: PublishedDigestList } },
    handle: async (_request, deps) => ({
      status: 200,
      body: PublishedDigestList.parse({
        format: 'naseej-day-digest-v1',
        digests: await publishedDigests(commitLogOf(deps)),
      }),
    }),
  }),
  declared({
    kind: 'command',
    method: 'POST',
    path: '/integrity/seals',
    operationId: 'sealSettledDays',
    summary: 'Seal every settled day not sealed yet (idempotent; the runtime also does it daily)',
    tags: ['integrity'],
    access: MINISTRY,
    request: {},
    responses: { 200: { description: 'The days sealed by this call', schema: SealReport } },
    handle: async (_request, deps) => {
      const sealed = await sealSettledDays(commitLogOf(deps), new Date(deps.clock()));
      return {
        status: 200,
        body: SealReport.parse({
          sealed: sealed.map(({ day, digest, commitCount }) => ({ day, digest, commitCount })),
        }),
      };
    },
  }),
];
