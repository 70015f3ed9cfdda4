import * as z from 'zod';
import { Bilingual, Id, RegionCode } from '../reference.js';

/**
 * What a call for expression of interest chooses: a region's implementing partner (operator),
 * a region's beneficiary associations, or the national contact-centre operator (seat in Rabat).
 */
export const CallPurpose = z.enum([
  'regional-operator',
  'beneficiary-associations',
  'contact-centre-operator',
]);
export type CallPurpose = z.infer<typeof CallPurpose>;

/**
 * A prefecture or province, by its name as the reference data writes it (e.g. `Fès`, `Sefrou`);
 * the same shape as the training area's province.
 */
export const Province = z.string().min(1).max(100);

/**
 * What an eligibility rule asks of an application's declared fact of the same id:
 * `declared` — the fact is declared `true` (e.g. the final receipt is held);
 * `at-least` — the fact is a number at least `minimum` (e.g. years of existence ≥ 2).
 */
export const EligibilityRequirement = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('declared') }),
  z.strictObject({ kind: z.literal('at-least'), minimum: z.number().int().nonnegative() }),
]);
export type EligibilityRequirement = z.infer<typeof EligibilityRequirement>;

/** One eligibility rule of a call, as data: its id (also the key of the declared fact) and label. */
export const EligibilityRule = z.strictObject({
  ruleId: Id,
  label: Bilingual,
  requirement: EligibilityRequirement,
});
export type EligibilityRule = z.infer<typeof EligibilityRule>;

/** The eligibility facts an association declares in its application, keyed by rule id. */
export const DeclaredFacts = z.record(Id, z.union([z.boolean(), z.number().int().nonnegative()]));
export type DeclaredFacts = z.infer<typeof DeclaredFacts>;

/** Why an application was refused: received after the deadline, or failing eligibility rules. */
export const RefusalReason = z.enum(['late', 'ineligible']);
export type RefusalReason = z.infer<typeof RefusalReason>;

/** A rule an application failed, with its label so that the refusal can be read on its own. */
export const FailedRule = z.strictObject({ ruleId: Id, label: Bilingual });

/** One criterion of a committee's scoring grid: integer scores from 0 to `maxScore`, weighted. */
export const ScoringCriterion = z.strictObject({
  criterionId: Id,
  label: Bilingual,
  weight: z.number().int().min(1).max(100),
  maxScore: z.number().int().min(1).max(1000),
});
export type ScoringCriterion = z.infer<typeof ScoringCriterion>;

/** A member's score on one criterion of the grid. */
export const CriterionScore = z.strictObject({
  criterionId: Id,
  score: z.number().int().min(0).max(1000),
});
export type CriterionScore = z.infer<typeof CriterionScore>;

/**
 * Which rule placed a ranked file below the one before it (see the committee's README):
 * `first` for the top file.
 */
export const RankDecidedBy = z.enum([
  'first',
  'weighted-average',
  'first-weighted-criterion',
  'submission-time',
  'association-id',
]);
export type RankDecidedBy = z.infer<typeof RankDecidedBy>;

/** How an appeal against a published selection was decided. */
export const AppealOutcome = z.enum(['upheld', 'dismissed']);
export type AppealOutcome = z.infer<typeof AppealOutcome>;

/** What an upheld appeal re-opens (issue 20): the ranking (files scored and ranked again) or the selection alone. */
export const ReopenedStage = z.enum(['ranking', 'selection']);
export type ReopenedStage = z.infer<typeof ReopenedStage>;

/** The procès-verbal (minutes) of the committee, one document per language, by document id. */
export const Minutes = z.strictObject({ fr: Id, ar: Id });

/**
 * The waits of the national contact-centre call that escalate to the ministry when they time out
 * or fail: closing the call at its deadline, the committee's decision, the appeals' decisions.
 */
export const CallWaitStep = z.enum(['call-closing', 'committee-decision', 'appeal-decisions']);
export type CallWaitStep = z.infer<typeof CallWaitStep>;

/**
 * The call an event is about, as it opened: first in `CallOpened` and copied into
 * `CommitteeAppointed`, so that the committee's decisions need no other stream. A function, so
 * that each event builds it when its own schema is first read (events/define.ts).
 */
export const callServed = () => ({
  callId: Id,
  purpose: CallPurpose,
  /** The rollout the call serves; null for the national contact-centre call. */
  rolloutId: Id.nullable(),
  /** The region the call serves; null for the national contact-centre call (seat in Rabat). */
  regionCode: RegionCode.nullable(),
  /** How many associations the call selects: 1 for an operator, N for beneficiary associations. */
  seats: z.number().int().min(1).max(1000),
});

/**
 * An application's record as received, and as a correction restates it: the call, the file, the
 * association with its name and seat, and the facts it declared.
 */
export const applicationRecord = () => ({
  callId: Id,
  applicationId: Id,
  associationId: Id,
  /** The association's legal name (a legal entity, not a person), in French and Arabic. */
  associationName: Bilingual,
  /** The prefecture or province of the association's seat. */
  province: Province,
  declaredFacts: DeclaredFacts,
});
