import * as z from 'zod';
import type { DocumentAttachment, DocumentContentType } from '../../../events/documents/parts.js';
import { Instant } from '../../../events/envelope.js';
import {
  AttachedEvidence,
  EvidenceKind,
  RefundKind,
  ReleaseCondition,
} from '../../../events/grants/parts.js';
import { Day, Id } from '../../../events/reference.js';
import type { CommandOf } from '../shared/decider.js';
import { AmountCentimes, FundingShareInput } from '../shared/money.js';
import { BilingualInput, BilingualReasonInput, personText } from '../shared/text.js';

/** A co-funder commits budget (a first commitment or a top-up) to the grants of a rollout. */
export const CommitCoFunderBudgetInput = z.strictObject({
  rolloutId: Id,
  coFunderId: Id,
  name: BilingualInput,
  amount: AmountCentimes,
  /** When the co-funder committed it (absent: now); a past commitment is a late entry (ADR 0153). */
  committedAt: Instant.optional(),
  lateEntryReason: BilingualReasonInput.optional(),
});
export type CommitCoFunderBudget = CommandOf<'CommitCoFunderBudget', typeof CommitCoFunderBudgetInput>;

/** One tranche as the ministry plans it; tranches are numbered in the order given. */
export const TranchePlanInput = z.strictObject({
  amount: AmountCentimes,
  releaseConditions: z.array(ReleaseCondition.extend({ label: BilingualInput })).max(10),
});

/** What the grant must produce: a slug unique within the grant, its label, the day it is due. */
export const DeliverableInput = z.strictObject({
  deliverable: EvidenceKind,
  label: BilingualInput,
  dueBy: Day,
});

/** The ministry awards a grant to a beneficiary association, funded by one or more co-funders. */
export const AwardGrantInput = z.strictObject({
  rolloutId: Id,
  associationId: Id,
  amount: AmountCentimes,
  /** What the grant is for. */
  purpose: BilingualInput,
  /** What the association must produce with it (at least one). */
  deliverables: z.array(DeliverableInput).min(1).max(20),
  /** Each co-funder's share of the grant; the shares sum to `amount`. */
  funding: z.array(FundingShareInput).min(1).max(10),
  /** The release plan, in order; the tranche amounts sum to `amount`. */
  tranches: z.array(TranchePlanInput).min(1).max(12),
  /** The partnership convention (an agreement's id); required above the threshold, refused otherwise. */
  conventionAgreementId: Id.optional(),
  /** When the ministry awarded it (absent: now); a past award is a late entry (ADR 0137). */
  awardedAt: Instant.optional(),
  lateEntryReason: BilingualReasonInput.optional(),
});
/** Facts from other aggregates that an award depends on, filled by the application layer. */
export interface AwardGrantFacts {
  /**
   * The association completed axis 1 training in this rollout (its `AxisOneCompleted` is
   * recorded): read from the training aggregate with the training module's pure query, never
   * from the request body.
   */
  readonly associationCompletedTraining: boolean;
  /**
   * The day it completed axis 1 when its completions are dated (`axisOneCompletedOn` of the
   * training module): an award is not dated before it (ADR 0151). Null: not dated, or not completed.
   */
  readonly axisOneCompletedOn: string | null;
}
export type AwardGrant = CommandOf<'AwardGrant', typeof AwardGrantInput, AwardGrantFacts>;

/** The fields that name a tranche in the commands of the finance officers. */
const trancheOfGrant = { rolloutId: Id, grantId: Id, trancheNumber: z.number().int().min(1) };

/** A finance preparer requests a tranche's release, attaching evidence for each of its conditions. */
export const RequestTrancheInput = z.strictObject({
  ...trancheOfGrant,
  evidence: z.array(AttachedEvidence).max(20),
  /** When it was requested (absent: now); a past request is a late entry (ADR 0153). */
  requestedAt: Instant.optional(),
  lateEntryReason: BilingualReasonInput.optional(),
});
export type RequestTranche = CommandOf<'RequestTranche', typeof RequestTrancheInput>;

/** A finance approver approves a requested tranche. */
export const ApproveTrancheInput = z.strictObject({
  ...trancheOfGrant,
  /** When it was approved (absent: now); a past approval is a late entry (ADR 0153). */
  approvedAt: Instant.optional(),
  lateEntryReason: BilingualReasonInput.optional(),
});
export type ApproveTranche = CommandOf<'ApproveTranche', typeof ApproveTrancheInput>;

/** A finance approver rejects a requested tranche, with a reason; it may be requested again. */
export const RejectTrancheInput = z.strictObject({
  ...trancheOfGrant,
  reason: BilingualReasonInput,
  /** When it was rejected (absent: now); a past rejection is a late entry (ADR 0161). */
  rejectedAt: Instant.optional(),
  lateEntryReason: BilingualReasonInput.optional(),
});
export type RejectTranche = CommandOf<'RejectTranche', typeof RejectTrancheInput>;

/** A finance payer pays an approved tranche. */
/**
 * Pays an approved tranche. `paidAt` is when the transfer was made (the payment system's value
 * date); absent, it is the moment of recording. A payment recorded more than the rules' days after it
 * was made is a late entry and needs `lateEntryReason` (functions/domain/shared/fact-date.ts).
 */
export const PayTrancheInput = z.strictObject({
  ...trancheOfGrant,
  paymentReference: Id,
  paidAt: Instant.optional(),
  lateEntryReason: BilingualReasonInput.optional(),
});
/** Facts from other aggregates that a payment depends on, filled by the application layer. */
export interface PayTrancheFacts {
  /**
   * The grant's partnership convention (`conventionAgreementOf(state, grantId)`) is in force,
   * i.e. every party signed it: `isInForce` of functions/domain/agreements on that agreement's
   * stream. Not consulted for a grant awarded by decision.
   */
  readonly conventionInForce: boolean;
}
export type PayTranche = CommandOf<'PayTranche', typeof PayTrancheInput, PayTrancheFacts>;

/**
 * Corrects a paid tranche's payment record keyed in wrongly (the transfer's reference, its date),
 * with the reason: a finance payer (ADR 0082). The amount is not corrected this way.
 */
export const CorrectTranchePaymentInput = z.strictObject({
  ...trancheOfGrant,
  paymentReference: Id.optional(),
  paidAt: Instant.optional(),
  reason: BilingualReasonInput,
});
export type CorrectTranchePayment = CommandOf<'CorrectTranchePayment', typeof CorrectTranchePaymentInput>;

/**
 * The ministry amends a grant: its amount, each co-funder's share and the schedule of the tranches
 * not yet paid (which replaces every unpaid tranche), with a reason.
 */
export const AmendGrantInput = z.strictObject({
  rolloutId: Id,
  grantId: Id,
  amount: AmountCentimes,
  /** Each co-funder's share of the amended amount; the shares sum to `amount`. */
  funding: z.array(FundingShareInput).min(1).max(10),
  /** The tranches still to pay, in order; they sum to `amount` less what the association holds. */
  tranches: z.array(TranchePlanInput).max(12),
  /** Needed only when the amendment takes a grant by decision above the threshold. */
  conventionAgreementId: Id.optional(),
  reason: BilingualReasonInput,
});
export type AmendGrant = CommandOf<'AmendGrant', typeof AmendGrantInput>;

/** A finance payer records money of a paid tranche coming back (returned or recovered). */
export const RecordTrancheRefundInput = z.strictObject({
  ...trancheOfGrant,
  kind: RefundKind,
  amount: AmountCentimes,
  refundReference: Id,
  reason: BilingualReasonInput,
});
export type RecordTrancheRefund = CommandOf<'RecordTrancheRefund', typeof RecordTrancheRefundInput>;

/** The ministry cancels a grant, with a reason; what was paid stays accounted for. */
export const CancelGrantInput = z.strictObject({
  rolloutId: Id,
  grantId: Id,
  reason: BilingualReasonInput,
});
export type CancelGrant = CommandOf<'CancelGrant', typeof CancelGrantInput>;

/**
 * A beneficiary association reports on a paid tranche of its grant (its portal): what it did, in
 * the language it writes, towards a deliverable of the grant or the tranche's use in general, with
 * one or more files it uploaded as that tranche's evidence (docs/adr/0121-grant-reports.md).
 */
export const SubmitGrantReportInput = z.strictObject({
  rolloutId: Id,
  associationId: Id,
  trancheNumber: z.number().int().min(1),
  deliverable: EvidenceKind.optional(),
  summary: z.strictObject({
    language: z.enum(['fr', 'ar']),
    text: personText({ max: 4000, multiline: true }),
  }),
  evidence: z
    .array(z.strictObject({ documentId: Id }))
    .min(1)
    .max(10),
});
/** One evidence file as the document's history knows it (null: no accepted document of that id). */
export interface ReportEvidenceFact {
  readonly documentId: string;
  readonly accepted: {
    readonly ownerAssociationId: string | null;
    readonly attachedTo: DocumentAttachment;
    readonly sha256: string;
    readonly sizeBytes: number;
    readonly contentType: DocumentContentType;
  } | null;
}
/** Facts from the documents a report names, filled by the application layer, in the order named. */
export interface SubmitGrantReportFacts {
  readonly evidence: readonly ReportEvidenceFact[];
}
export type SubmitGrantReport = CommandOf<
  'SubmitGrantReport',
  typeof SubmitGrantReportInput,
  SubmitGrantReportFacts
>;

/** Every command of the grants aggregate (axis 3, accompaniment). */
export type GrantsCommand =
  | CommitCoFunderBudget
  | AwardGrant
  | RequestTranche
  | ApproveTranche
  | RejectTranche
  | PayTranche
  | CorrectTranchePayment
  | AmendGrant
  | RecordTrancheRefund
  | CancelGrant
  | SubmitGrantReport;
