import type { DomainEventOf, EventFamily } from '../define.js';
import { eventFamily } from '../define.js';
import { AssociationRegisteredV1 } from './AssociationRegistered.v1.js';
import { AssociationVerificationRefusedV1 } from './AssociationVerificationRefused.v1.js';
import { AssociationVerifiedV1 } from './AssociationVerified.v1.js';

/** The events of an association's own identity, declared in the portal and verified by the ministry. */
export const associationFamilies = [
  eventFamily(AssociationRegisteredV1),
  eventFamily(AssociationVerifiedV1),
  eventFamily(AssociationVerificationRefusedV1),
] as const satisfies readonly EventFamily[];

/** The events of one association's stream (`association-<associationId>`). */
export type AssociationEvent = DomainEventOf<(typeof associationFamilies)[number]['latest']>;
