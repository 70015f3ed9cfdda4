import { associationDocumentsProjection } from './association-documents.js';
import { associationVerificationsProjection } from './association-verifications.js';
import { auditProjection } from './audit.js';
import { callProjection } from './call.js';
import { funnelProjection } from './funnel.js';
import { grantLedgerProjection } from './grant-ledger.js';
import { nationalProjection } from './national.js';
import type { Projection } from './projection.js';
import { trainersProjection } from './trainers.js';
import { trainingProjection } from './training.js';

/** Every read model the projections consumer maintains, by name. */
export const projections = {
  national: nationalProjection,
  funnel: funnelProjection,
  call: callProjection,
  training: trainingProjection,
  trainers: trainersProjection,
  'grant-ledger': grantLedgerProjection,
  audit: auditProjection,
  'association-verifications': associationVerificationsProjection,
  'association-documents': associationDocumentsProjection,
} as const;

/** The name of a read model. */
export type ProjectionName = keyof typeof projections;

/** Every projection, as the consumer iterates them. */
export const allProjections: readonly Projection<unknown>[] = Object.values(
  projections,
) as readonly Projection<unknown>[];
