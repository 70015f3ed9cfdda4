import type { Actor } from '../../../events/envelope.js';
import type { CallEvent, CommitteeEvent, SelectionEvent } from '../../../events/selection/index.js';
import type { EligibilityRule, ScoringCriterion } from '../../../events/selection/parts.js';
import { type CallState, callDecider, callFacts, callStreamId } from '../call/call.js';
import type { CallCommand } from '../call/commands.js';
import { type CommandContext, fold } from '../shared/decider.js';
import type { CommitteeCommand } from './commands.js';
import { type CommitteeState, committeeDecider, committeeStreamId } from './committee.js';

/**
 * The Fès-Meknès seed: the call that chose the region's implementing partner. Known from the
 * launch announcement (docs/program.md): 12 files were received and the
 * committee selected AMSED. Everything else here is ILLUSTRATIVE (dates, rules, grid, scores,
 * committee ids) and the other eleven applicants are anonymised placeholders, not real associations.
 * The events are produced by running the deciders, so the seed always obeys the rules.
 */

/** One decision of the seed: the stream it goes to, who made it and when, and its events. */
export interface SeedCommit {
  readonly streamId: string;
  readonly actor: Actor;
  readonly at: string;
  readonly events: readonly SelectionEvent[];
}

export const FES_MEKNES_OPERATOR_CALL_ID = 'FM-2026-operator';
export const AMSED_ASSOCIATION_ID = 'assoc-amsed';
export const AMSED_NAME = {
  fr: 'Association Marocaine de Solidarité et de Développement (AMSED)',
  ar: 'الجمعية المغربية للتضامن والتنمية',
} as const;

const ministry: Actor = { id: 'user-ministry-program-office', role: 'ministry' };
const memberIds = ['committee-fm-1', 'committee-fm-2', 'committee-fm-3', 'committee-fm-4', 'committee-fm-5'];
const member = (id: string): Actor => ({ id, role: 'committee-member' });

/** The eligibility rules of an operator call: two declared facts, then the years of existence. */
export const OPERATOR_CALL_ELIGIBILITY_RULES: readonly EligibilityRule[] = [
  {
    ruleId: 'final-receipt',
    label: { fr: 'Récépissé définitif de dépôt détenu', ar: 'التوفر على الوصل النهائي للإيداع' },
    requirement: { kind: 'declared' },
  },
  {
    ruleId: 'accounts-filed',
    label: { fr: 'Comptes du dernier exercice déposés', ar: 'إيداع حسابات السنة المالية الأخيرة' },
    requirement: { kind: 'declared' },
  },
  {
    ruleId: 'years-of-existence',
    label: { fr: "Au moins trois ans d'existence", ar: 'أقدمية لا تقل عن ثلاث سنوات' },
    requirement: { kind: 'at-least', minimum: 3 },
  },
];

/** The scoring grid of an operator call; the last criterion names the region the call is for. */
export const operatorCallScoringGrid = (regionName: ScoringCriterion['label']): ScoringCriterion[] => [
  {
    criterionId: 'experience',
    label: {
      fr: 'Expérience en renforcement des capacités associatives',
      ar: 'التجربة في مجال تقوية قدرات الجمعيات',
    },
    weight: 30,
    maxScore: 20,
  },
  {
    criterionId: 'methodology',
    label: { fr: "Qualité de l'offre méthodologique", ar: 'جودة العرض المنهجي' },
    weight: 30,
    maxScore: 20,
  },
  {
    criterionId: 'trainers',
    label: { fr: "Qualification de l'équipe de formateurs", ar: 'كفاءة فريق المكونين' },
    weight: 20,
    maxScore: 20,
  },
  {
    criterionId: 'regional-presence',
    label: { fr: `Ancrage dans la région ${regionName.fr}`, ar: `الحضور الميداني بجهة ${regionName.ar}` },
    weight: 20,
    maxScore: 20,
  },
];

const scoringGrid = operatorCallScoringGrid({ fr: 'Fès-Meknès', ar: 'فاس-مكناس' });

/** The twelve applicants: AMSED, then eleven anonymised placeholders (base score, facts). */
const applicants = [
  // AMSED's seat is in Rabat (to confirm); the operator call is open to associations of any region.
  { associationId: AMSED_ASSOCIATION_ID, name: AMSED_NAME, province: 'Rabat', base: 18, accountsFiled: true },
  ...[
    'Fès',
    'Meknès',
    'Sefrou',
    'Taza',
    'Ifrane',
    'El Hajeb',
    'Moulay Yacoub',
    'Taounate',
    'Boulemane',
    'Fès',
    'Meknès',
  ].map((province, index) => {
    const number = String(index + 2).padStart(2, '0');
    return {
      associationId: `assoc-fm-candidate-${number}`,
      name: {
        fr: `Association candidate n° ${number} (nom non publié)`,
        ar: `الجمعية المترشحة رقم ${number} (اسم غير منشور)`,
      },
      province,
      base: 16 - (index % 6),
      // The seventh applicant had not filed its accounts: refused as ineligible.
      accountsFiled: number !== '07',
    };
  }),
];

/** An instant of 2026 by its day counted from 1 January (day 37 is 6 February), in UTC. */
const at = (dayOf2026: number, hour: number, minute = 0): string =>
  new Date(Date.UTC(2026, 0, dayOf2026, hour, minute)).toISOString();

/** Runs the Fès-Meknès operator call and its committee through the deciders. */
export const fesMeknesOperatorSelectionSeed = (): SeedCommit[] => {
  const callId = FES_MEKNES_OPERATOR_CALL_ID;
  const commits: SeedCommit[] = [];
  const callEvents: CallEvent[] = [];
  const committeeEvents: CommitteeEvent[] = [];
  let nextId = 0;
  const context = (actor: Actor, now: string): CommandContext => ({
    now,
    actor,
    newId: () => {
      nextId += 1;
      return `${callId}-file-${String(nextId).padStart(2, '0')}`;
    },
  });
  const callState = (): CallState => fold(callDecider, callEvents);
  const committeeState = (): CommitteeState => fold(committeeDecider, committeeEvents);
  const onCall = (command: CallCommand, actor: Actor, now: string) => {
    const events = callDecider.decide(command, callState(), context(actor, now));
    callEvents.push(...events);
    commits.push({ streamId: callStreamId(callId), actor, at: now, events });
  };
  const onCommittee = (command: CommitteeCommand, actor: Actor, now: string) => {
    const events = committeeDecider.decide(command, committeeState(), context(actor, now));
    committeeEvents.push(...events);
    commits.push({ streamId: committeeStreamId(callId), actor, at: now, events });
  };

  onCall(
    {
      type: 'OpenCall',
      data: {
        callId,
        purpose: 'regional-operator',
        rolloutId: 'rollout-FM-2026',
        regionCode: 'FM',
        title: {
          fr: "Appel à manifestation d'intérêt : association partenaire chargée de la mise en œuvre du programme à Fès-Meknès",
          ar: 'طلب إبداء الاهتمام لاختيار الجمعية الشريكة المكلفة بتنفيذ البرنامج بجهة فاس-مكناس',
        },
        deadline: at(37, 16),
        eligibilityRules: [...OPERATOR_CALL_ELIGIBILITY_RULES],
      },
    },
    ministry,
    at(12, 9),
  );
  applicants.forEach((applicant, index) => {
    onCall(
      {
        type: 'SubmitApplication',
        data: {
          callId,
          associationId: applicant.associationId,
          associationName: applicant.name,
          province: applicant.province,
          declaredFacts: {
            'final-receipt': true,
            'accounts-filed': applicant.accountsFiled,
            'years-of-existence': 5 + index,
          },
        },
      },
      ministry,
      at(20 + index, 10),
    );
  });
  onCall({ type: 'CloseCall', data: { callId } }, ministry, at(37, 16));

  const facts = () => ({ call: callFacts(callState()) });
  onCommittee(
    {
      type: 'AppointCommittee',
      data: { callId, memberIds, chairId: 'committee-fm-1', quorum: 3, scoringGrid },
      facts: facts(),
    },
    ministry,
    at(40, 9),
  );
  const eligible = (callFacts(callState())?.applications ?? []).filter((application) => application.eligible);
  // One member is conflicted on one file (an illustration of the rule): that member neither sees nor scores it.
  const conflictedFile = eligible[2]?.applicationId ?? '';
  onCommittee(
    { type: 'DeclareConflict', data: { callId, applicationId: conflictedFile }, facts: facts() },
    member('committee-fm-4'),
    at(41, 9),
  );
  memberIds.forEach((memberId, memberIndex) => {
    eligible.forEach((application, fileIndex) => {
      if (memberId === 'committee-fm-4' && application.applicationId === conflictedFile) return;
      const base =
        applicants.find((applicant) => applicant.associationId === application.associationId)?.base ?? 10;
      onCommittee(
        {
          type: 'SubmitScores',
          data: {
            callId,
            applicationId: application.applicationId,
            scores: scoringGrid.map((criterion, criterionIndex) => ({
              criterionId: criterion.criterionId,
              score: base + ((memberIndex + criterionIndex + fileIndex) % 3) - 1,
            })),
          },
          facts: facts(),
        },
        member(memberId),
        at(42 + memberIndex, 9, fileIndex * 5),
      );
    });
  });
  onCommittee(
    { type: 'RankApplications', data: { callId }, facts: facts() },
    member('committee-fm-1'),
    at(47, 10),
  );
  onCommittee({ type: 'SelectAssociations', data: { callId } }, member('committee-fm-1'), at(47, 10, 5));
  onCommittee(
    {
      type: 'PublishSelection',
      data: {
        callId,
        appealWindowEndsAt: at(62, 16),
        minutes: { fr: 'doc-FM-2026-operator-pv-fr', ar: 'doc-FM-2026-operator-pv-ar' },
      },
    },
    ministry,
    at(48, 9),
  );
  return commits;
};
