import type { DomainEventOf, EventFamily } from '../define.js';
import { eventFamily } from '../define.js';
import { AgreementDraftedV1 } from './AgreementDrafted.v1.js';
import { AgreementInForceRecordedV1 } from './AgreementInForceRecorded.v1.js';
import { AgreementSignedV1 } from './AgreementSigned.v1.js';
import { AgreementSignedV2, upcastAgreementSignedV1 } from './AgreementSigned.v2.js';
import { RolloutCancelledV1 } from './RolloutCancelled.v1.js';
import { RolloutCompletedV1 } from './RolloutCompleted.v1.js';
import { RolloutDeadlineExtendedV1 } from './RolloutDeadlineExtended.v1.js';
import { RolloutEscalatedV1 } from './RolloutEscalated.v1.js';
import { RolloutLaunchedV1 } from './RolloutLaunched.v1.js';
import { RolloutLaunchedV2, upcastRolloutLaunchedV1 } from './RolloutLaunched.v2.js';
import { RolloutLaunchedV3, upcastRolloutLaunchedV2 } from './RolloutLaunched.v3.js';
import { RolloutPhaseAdvancedV1 } from './RolloutPhaseAdvanced.v1.js';
import { RolloutTargetsSetV1 } from './RolloutTargetsSet.v1.js';
import { WavePlanConfiguredV1 } from './WavePlanConfigured.v1.js';
import { WaveStartedV1 } from './WaveStarted.v1.js';

/** Every event family of this area, latest version first-class, older versions kept. */
export const rolloutFamilies = [
  eventFamily(RolloutLaunchedV3, {
    previous: [RolloutLaunchedV1, RolloutLaunchedV2],
    upcasters: [
      { from: 1, upcast: upcastRolloutLaunchedV1 },
      { from: 2, upcast: upcastRolloutLaunchedV2 },
    ],
  }),
  eventFamily(RolloutTargetsSetV1),
  eventFamily(RolloutPhaseAdvancedV1),
  eventFamily(RolloutEscalatedV1),
  eventFamily(RolloutDeadlineExtendedV1),
  eventFamily(RolloutCancelledV1),
  eventFamily(RolloutCompletedV1),
  eventFamily(AgreementDraftedV1),
  eventFamily(AgreementSignedV2, {
    previous: [AgreementSignedV1],
    upcasters: [{ from: 1, upcast: upcastAgreementSignedV1 }],
  }),
  eventFamily(AgreementInForceRecordedV1),
  eventFamily(WavePlanConfiguredV1),
  eventFamily(WaveStartedV1),
] as const satisfies readonly EventFamily[];

/** The union of this area's events, as deciders return them (type + latest data). */
export type RolloutEvent = DomainEventOf<(typeof rolloutFamilies)[number]['latest']>;

/** The types of a rollout's own events (its stream `rollout-<region>-<edition>`). */
export const ROLLOUT_LIFECYCLE_TYPES = [
  'RolloutLaunched',
  'RolloutTargetsSet',
  'RolloutPhaseAdvanced',
  'RolloutEscalated',
  'RolloutDeadlineExtended',
  'RolloutCancelled',
  'RolloutCompleted',
] as const;

/** A rollout's own events (its stream `rollout-<region>-<edition>`). */
export type RolloutLifecycleEvent = Extract<RolloutEvent, { type: (typeof ROLLOUT_LIFECYCLE_TYPES)[number] }>;

/** An agreement's events (its stream `agreement-<agreementId>`). */
export type AgreementEvent = Extract<
  RolloutEvent,
  { type: 'AgreementDrafted' | 'AgreementSigned' | 'AgreementInForceRecorded' }
>;

/** The national wave plan's events (its stream `national-waves-<edition>`). */
export type WavePlanEvent = Extract<RolloutEvent, { type: 'WavePlanConfigured' | 'WaveStarted' }>;

export * from './schemas.js';
