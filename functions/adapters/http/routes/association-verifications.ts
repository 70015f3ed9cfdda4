import * as z from 'zod';
import { RegistrationNumber, Seat } from '../../../../events/associations/parts.js';
import { Instant } from '../../../../events/envelope.js';
import { Bilingual, RegionCode } from '../../../../events/reference.js';
import {
  associationVerificationsProjection,
  verificationQueueOf,
} from '../../../application/projections/association-verifications.js';
import { type ReadModelDependencies, readModelsOf } from '../../../application/read-models/overview.js';
import { routesNeeding } from '../command.js';
import type { HttpRoute, RouteDependencies } from '../route.js';
import { MINISTRY } from './common.js';

// The ministry's verification queue (docs/adr/0123-verification-queue.md): the identities
// associations declared in the portal that await its verification, and its latest decisions, from
// the `association-verifications` read model. The ministry alone reads it: the declarations name
// associations that other associations, and the regions' staff, have no business listing yet.

const Entry = z.strictObject({
  associationId: z.string(),
  registrationNumber: RegistrationNumber,
  name: Bilingual,
  seat: Seat,
  registeredAt: Instant,
  status: z.enum(['pending', 'verified', 'refused']),
  decidedAt: Instant.nullable(),
  refusal: Bilingual.nullable(),
  /** The association's stream version: the If-Match of the decision taken on it. */
  version: z.number().int(),
});

export const VerificationQueue = z
  .strictObject({
    asOf: z.string().nullable(),
    /** Oldest first. */
    pending: z.array(Entry),
    /** The latest decisions, newest first (at most 20). */
    decided: z.array(Entry),
  })
  .meta({ id: 'VerificationQueue' });

export type AssociationVerificationRouteDependencies = RouteDependencies & ReadModelDependencies;

const { queryRoute } = routesNeeding<AssociationVerificationRouteDependencies>();

const latest = (instants: readonly (string | null)[]): string | null =>
  instants.reduce<string | null>(
    (found, candidate) => (candidate !== null && (found === null || candidate > found) ? candidate : found),
    null,
  );

export const associationVerificationRoutes: readonly HttpRoute<AssociationVerificationRouteDependencies>[] = [
  queryRoute({
    method: 'GET',
    path: '/views/association-verifications',
    operationId: 'readVerificationQueue',
    summary:
      'The associations’ declared identities awaiting the ministry’s verification, and its latest decisions',
    description: 'Every region, or the one `region` names (the region of the association’s seat).',
    tags: ['read-models', 'associations'],
    access: MINISTRY,
    request: { query: z.strictObject({ region: RegionCode.optional() }) },
    load: async ({ query }, deps) => {
      const regions = query.region === undefined ? RegionCode.options : [query.region];
      const documents = await readModelsOf(deps).views(associationVerificationsProjection, regions);
      return documents.filter((document) => document !== undefined);
    },
    respond: ({ resource }) => {
      const { pending, decided } = verificationQueueOf(resource.map((document) => document.view));
      return {
        asOf: latest(resource.map((document) => document.asOf)),
        pending,
        decided,
      };
    },
    response: VerificationQueue,
  }),
];
