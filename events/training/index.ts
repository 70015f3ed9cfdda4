import type { DomainEventOf, EventFamily } from '../define.js';
import { eventFamily } from '../define.js';
import { AttendanceCorrectedV1 } from './AttendanceCorrected.v1.js';
import { AttendanceRecordedV1 } from './AttendanceRecorded.v1.js';
import { AxisOneCompletedV1 } from './AxisOneCompleted.v1.js';
import { AxisOneCompletedV2, upcastAxisOneCompletedV1 } from './AxisOneCompleted.v2.js';
import { BeneficiaryEnrolledV1 } from './BeneficiaryEnrolled.v1.js';
import { BeneficiaryEnrolledV2, upcastBeneficiaryEnrolledV1 } from './BeneficiaryEnrolled.v2.js';
import { BeneficiaryReplacedV1 } from './BeneficiaryReplaced.v1.js';
import { BeneficiaryWithdrawnV1 } from './BeneficiaryWithdrawn.v1.js';
import { CascadeSessionReportedV1 } from './CascadeSessionReported.v1.js';
import { CompetenceHubEstablishedV1 } from './CompetenceHubEstablished.v1.js';
import {
  CompetenceHubEstablishedV2,
  upcastCompetenceHubEstablishedV1,
} from './CompetenceHubEstablished.v2.js';
import { EnrolmentClosedV1 } from './EnrolmentClosed.v1.js';
import { EnrolmentClosedV2, upcastEnrolmentClosedV1 } from './EnrolmentClosed.v2.js';
import { HubTrainerAddedV1 } from './HubTrainerAdded.v1.js';
import { HubTrainerAddedV2, upcastHubTrainerAddedV1 } from './HubTrainerAdded.v2.js';
import { MemberNominatedV1 } from './MemberNominated.v1.js';
import { MemberNominatedV2, upcastMemberNominatedV1 } from './MemberNominated.v2.js';
import { MemberReplacedV1 } from './MemberReplaced.v1.js';
import { ModuleCompletedV1 } from './ModuleCompleted.v1.js';
import { ModuleCompletedV2, upcastModuleCompletedV1 } from './ModuleCompleted.v2.js';
import { ModuleCompletionWithdrawnV1 } from './ModuleCompletionWithdrawn.v1.js';
import { SessionHeldV1 } from './SessionHeld.v1.js';
import { SessionHeldV2, upcastSessionHeldV1 } from './SessionHeld.v2.js';
import { TraineesSelectedV1 } from './TraineesSelected.v1.js';
import { TraineesSelectedV2, upcastTraineesSelectedV1 } from './TraineesSelected.v2.js';
import { TraineesSelectedV3, upcastTraineesSelectedV2 } from './TraineesSelected.v3.js';
import { TrainerCertifiedV1 } from './TrainerCertified.v1.js';
import { TrainerCertifiedV2, upcastTrainerCertifiedV1 } from './TrainerCertified.v2.js';
import { TrainerModuleCompletedV1 } from './TrainerModuleCompleted.v1.js';
import { TrainerModuleCompletedV2, upcastTrainerModuleCompletedV1 } from './TrainerModuleCompleted.v2.js';
import { TrainingPlanSetV1 } from './TrainingPlanSet.v1.js';

/** Every event family of this area, latest version first-class, older versions kept. */
export const trainingFamilies = [
  // enrolment of the beneficiaries
  eventFamily(BeneficiaryEnrolledV2, {
    previous: [BeneficiaryEnrolledV1],
    upcasters: [{ from: 1, upcast: upcastBeneficiaryEnrolledV1 }],
  }),
  eventFamily(MemberNominatedV2, {
    previous: [MemberNominatedV1],
    upcasters: [{ from: 1, upcast: upcastMemberNominatedV1 }],
  }),
  eventFamily(EnrolmentClosedV2, {
    previous: [EnrolmentClosedV1],
    upcasters: [{ from: 1, upcast: upcastEnrolmentClosedV1 }],
  }),
  // changes of the beneficiaries (docs/adr/0085-beneficiaries-change.md)
  eventFamily(BeneficiaryWithdrawnV1),
  eventFamily(BeneficiaryReplacedV1),
  eventFamily(MemberReplacedV1),
  // axis 1: training
  eventFamily(TrainingPlanSetV1),
  eventFamily(SessionHeldV2, {
    previous: [SessionHeldV1],
    upcasters: [{ from: 1, upcast: upcastSessionHeldV1 }],
  }),
  eventFamily(AttendanceRecordedV1),
  eventFamily(ModuleCompletedV2, {
    previous: [ModuleCompletedV1],
    upcasters: [{ from: 1, upcast: upcastModuleCompletedV1 }],
  }),
  eventFamily(AxisOneCompletedV2, {
    previous: [AxisOneCompletedV1],
    upcasters: [{ from: 1, upcast: upcastAxisOneCompletedV1 }],
  }),
  // axis 1: corrections (new events with a reason, never rewrites)
  eventFamily(AttendanceCorrectedV1),
  eventFamily(ModuleCompletionWithdrawnV1),
  // axis 2: training of trainers, the competence hub and its cascade
  eventFamily(TraineesSelectedV3, {
    previous: [TraineesSelectedV1, TraineesSelectedV2],
    upcasters: [
      { from: 1, upcast: upcastTraineesSelectedV1 },
      { from: 2, upcast: upcastTraineesSelectedV2 },
    ],
  }),
  eventFamily(TrainerModuleCompletedV2, {
    previous: [TrainerModuleCompletedV1],
    upcasters: [{ from: 1, upcast: upcastTrainerModuleCompletedV1 }],
  }),
  eventFamily(TrainerCertifiedV2, {
    previous: [TrainerCertifiedV1],
    upcasters: [{ from: 1, upcast: upcastTrainerCertifiedV1 }],
  }),
  eventFamily(CompetenceHubEstablishedV2, {
    previous: [CompetenceHubEstablishedV1],
    upcasters: [{ from: 1, upcast: upcastCompetenceHubEstablishedV1 }],
  }),
  eventFamily(HubTrainerAddedV2, {
    previous: [HubTrainerAddedV1],
    upcasters: [{ from: 1, upcast: upcastHubTrainerAddedV1 }],
  }),
  eventFamily(CascadeSessionReportedV1),
] as const satisfies readonly EventFamily[];

/** The union of this area's events, as deciders return them (type + latest data). */
export type TrainingEvent = DomainEventOf<(typeof trainingFamilies)[number]['latest']>;

/** One event of this area, by its type. */
export type TrainingEventOf<T extends TrainingEvent['type']> = Extract<TrainingEvent, { type: T }>;
