import { type ModuleCode, REGIONS, type RegionCode } from '../../events/reference.js';
import { rolloutId as rolloutIdOf } from '../../functions/domain/ids.js';
import { REGION_PROVINCES } from '../../functions/domain/rollout/region-provinces.js';

// The demo's data: who plays which part in a region's rollout, and what they send. Fès-Meknès
// follows the launch announcement (12 files to the operator call, AMSED selected, 30 associations
// × 4 members, up to 15 trainers); everything else (names of the other applicants, dates, scores,
// amounts) is illustrative. Members are ids only: people's names never enter the history.

/** The eight modules of axis 1 and the three of the training of trainers. */
export const AXIS_ONE_MODULES: readonly ModuleCode[] = ['M1', 'M2', 'M3', 'M4', 'M5', 'M6', 'M7', 'M8'];
export const TRAINER_MODULES = ['T1', 'T2', 'T3'] as const;

/** A text in French and Arabic. */
type Bilingual = { readonly fr: string; readonly ar: string };

/** The French and Arabic name of a region (events/reference.ts). */
const regionNameOf = (regionCode: RegionCode): Bilingual => {
  const region = REGIONS.find((candidate) => candidate.code === regionCode);
  return { fr: region?.fr ?? regionCode, ar: region?.ar ?? regionCode };
};

/** One applicant to the operator call: eligible or not, on time or late. */
export interface DemoApplicant {
  readonly associationId: string;
  readonly name: Bilingual;
  readonly province: string;
  readonly accountsFiled: boolean;
  readonly late: boolean;
  /** The score every committee member gives it on every criterion (out of 20). */
  readonly score: number;
}

/** One beneficiary association and its members (ids), each nominated for a training topic. */
export interface DemoBeneficiary {
  readonly associationId: string;
  readonly name: Bilingual;
  readonly province: string;
  readonly members: readonly { readonly memberId: string; readonly trainingTopic: ModuleCode }[];
}

/** A grant: its amount and tranches (integer centimes), split between the two co-funders. */
export interface DemoGrant {
  readonly associationId: string;
  readonly amount: number;
  readonly funding: readonly { readonly coFunderId: string; readonly amount: number }[];
  readonly tranches: readonly number[];
}

/** Everything the demo plays for one region. */
export interface DemoRegionPlan {
  readonly regionCode: RegionCode;
  readonly regionName: Bilingual;
  readonly edition: string;
  readonly rolloutId: string;
  readonly operatorCallId: string;
  readonly targets: {
    readonly associations: number;
    readonly membersPerAssociation: number;
    readonly trainers: number;
    readonly horizon: number;
  };
  readonly cast: DemoCast;
  readonly operator: { readonly associationId: string; readonly name: Bilingual };
  readonly partnerId: string;
  readonly applicants: readonly DemoApplicant[];
  readonly conflict: { readonly memberId: string; readonly associationId: string };
  readonly beneficiaries: readonly DemoBeneficiary[];
  /** The call that chooses the beneficiaries (`<region>-<edition>-beneficiaries`): they and the reserve apply. */
  readonly beneficiaryCallId: string;
  /** Applicants ranked after the beneficiaries: the reserve that replaces one that leaves. */
  readonly reserve: readonly Omit<DemoBeneficiary, 'members'>[];
  readonly cascadeSessions: readonly {
    readonly sessionId: string;
    readonly province: string;
    readonly topic: ModuleCode;
    readonly participantCount: number;
    readonly associationIds: readonly string[];
  }[];
  readonly coFunders: readonly {
    readonly coFunderId: string;
    readonly name: Bilingual;
    readonly amount: number;
  }[];
  readonly grants: readonly DemoGrant[];
  /**
   * The changes of course a turbulent rollout goes through (local/demo/turbulence.ts); null on the
   * straight path.
   */
  readonly turbulence: DemoTurbulence | null;
}

/** The scenarios the demo plays: the straight path, or the rollout as it really runs (issue 20). */
export const DEMO_SCENARIOS = ['straight', 'turbulent'] as const;
export type DemoScenario = (typeof DEMO_SCENARIOS)[number];

/** A member of a beneficiary association (an id only) and the topic it is nominated for. */
export type DemoMember = DemoBeneficiary['members'][number];

/** A grant's change by the ministry: the new amount, each co-funder's share, the tranches still to pay. */
export interface DemoGrantAmendment {
  readonly amount: number;
  readonly funding: readonly { readonly coFunderId: string; readonly amount: number }[];
  readonly tranches: readonly number[];
  readonly reason: Bilingual;
}

/**
 * What happens to a turbulent rollout, each through the API as its people would record it: a paper
 * file keyed in after the deadline with the date it reached the ministry, an upheld appeal that
 * admits a ranked association, an association that withdraws and one the ministry excludes, each
 * replaced from the reserve, a member replaced, an attendance corrected, the operator call ended
 * without result and relaunched, a score corrected before publication, a grant amended, a tranche
 * partly returned, a payment record corrected, and a grant partly recovered and cancelled.
 */
export interface DemoTurbulence {
  /** A beneficiary whose file reached the registry on paper before the deadline and is keyed in after the call closed. */
  readonly paperFile: { readonly associationId: string };
  /** An association of the reserve that appeals the published selection: upheld, it re-opens the selection and is admitted. */
  readonly appeal: {
    readonly appellant: DemoBeneficiary;
    readonly groundsDocumentId: string;
    readonly reason: Bilingual;
  };
  /** An enrolled association that withdraws during axis 1, and the next of the reserve that replaces it. */
  readonly withdrawal: {
    readonly associationId: string;
    readonly reason: Bilingual;
    readonly replacement: DemoBeneficiary;
  };
  /** An enrolled association the ministry excludes during axis 1, and the next of the reserve that replaces it. */
  readonly exclusion: {
    readonly associationId: string;
    readonly reason: Bilingual;
    readonly replacement: DemoBeneficiary;
  };
  /** The operator call, ended without result once closed and relaunched with its files (ADR 0091). */
  readonly operatorCallRelaunch: { readonly endReason: Bilingual; readonly relaunchReason: Bilingual };
  /**
   * A committee member's score of a beneficiary's file keyed wrong (`miskeyed` for `score`), which
   * ranks it out of the seats; corrected before the publication, the chair ranks and selects again.
   */
  readonly scoreCorrection: {
    readonly associationId: string;
    readonly memberId: string;
    readonly miskeyed: number;
    readonly score: number;
    readonly reason: Bilingual;
  };
  /** A tranche paid with a wrong reference keyed in (`miskeyedReference`), corrected by the payer. */
  readonly paymentCorrection: {
    readonly associationId: string;
    readonly trancheNumber: number;
    readonly miskeyedReference: string;
    readonly reason: Bilingual;
  };
  /**
   * A grant whose first tranche is partly recovered (a misuse), then cancelled: its other tranches
   * dropped, the grant weighing what the association holds (ADR 0090).
   */
  readonly grantCancellation: {
    readonly associationId: string;
    readonly trancheNumber: number;
    readonly recovered: number;
    readonly recoveryReason: Bilingual;
    readonly reason: Bilingual;
  };
  /** A member who leaves during axis 1, replaced for the same topic. */
  readonly memberReplaced: {
    readonly associationId: string;
    readonly leavingMemberId: string;
    readonly replacementMemberId: string;
    readonly reason: Bilingual;
  };
  /** A member the operator's sheet marks absent from a module's session, corrected from the signed sheet. */
  readonly attendanceCorrection: {
    readonly associationId: string;
    readonly memberId: string;
    readonly module: ModuleCode;
    readonly reason: Bilingual;
  };
  /** A grant amended before its first tranche: a lower amount over a new schedule. */
  readonly grantAmendment: { readonly associationId: string } & DemoGrantAmendment;
  /** Part of a paid tranche returned, then the grant amended to what the association keeps. */
  readonly trancheReturn: {
    readonly associationId: string;
    readonly trancheNumber: number;
    readonly amount: number;
    readonly reason: Bilingual;
    readonly amendment: DemoGrantAmendment;
  };
}

/**
 * The associations enrolled at the enrolment's closure: the selected beneficiaries, and on a
 * turbulent rollout the appellant the upheld appeal admitted.
 */
export const enrolledAtClosure = (plan: DemoRegionPlan): readonly DemoBeneficiary[] =>
  plan.turbulence === null ? plan.beneficiaries : [...plan.beneficiaries, plan.turbulence.appeal.appellant];

/**
 * The associations taking part from axis 1 to the close, with their members: those enrolled at the
 * closure, less the one that withdrew and the one excluded, plus their replacements; the member
 * who left replaced.
 */
export const participantsOf = (plan: DemoRegionPlan): readonly DemoBeneficiary[] => {
  const turbulence = plan.turbulence;
  if (turbulence === null) return plan.beneficiaries;
  const { withdrawal, exclusion, memberReplaced } = turbulence;
  const left = new Set([withdrawal.associationId, exclusion.associationId]);
  return [
    ...enrolledAtClosure(plan)
      .filter((beneficiary) => !left.has(beneficiary.associationId))
      .map((beneficiary) =>
        beneficiary.associationId !== memberReplaced.associationId
          ? beneficiary
          : {
              ...beneficiary,
              members: beneficiary.members.map((member) =>
                member.memberId === memberReplaced.leavingMemberId
                  ? { ...member, memberId: memberReplaced.replacementMemberId }
                  : member,
              ),
            },
      ),
    withdrawal.replacement,
    exclusion.replacement,
  ];
};

/** Who acts in a region's rollout: token subjects, so parties and signers match. */
export interface DemoCast {
  readonly ministry: string;
  readonly coordinator: string;
  readonly wali: string;
  readonly council: string;
  readonly partner: string;
  readonly committee: readonly string[];
  readonly preparer: string;
  readonly approver: string;
  readonly payer: string;
}

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

/** The grant per beneficiary (40,000 MAD: below the convention threshold, so a decision) and its tranches. */
export const GRANT_CENTIMES = 4_000_000;
/** The two tranches of a grant, and the ministry's share of it (the region's council funds the rest). */
export const TRANCHES = [2_500_000, 1_500_000] as const;
export const MINISTRY_SHARE = 2_400_000;

/** The file of the reserve's `rank`th association (from 1) of a region with `associations` beneficiaries. */
export const reserveFileOf = (
  regionCode: RegionCode,
  associations: number,
  rank: number,
): Omit<DemoBeneficiary, 'members'> => {
  const provinces = REGION_PROVINCES[regionCode];
  const province = provinces[(associations + rank) % provinces.length] as string;
  return {
    associationId: `assoc-${regionCode.toLowerCase()}-reserve-${pad(rank)}`,
    name: { fr: `Association de la réserve ${pad(rank)} (${province})`, ar: `جمعية الاحتياط ${pad(rank)}` },
    province,
  };
};

/** The rollout of `regionCode` with `associations` beneficiaries (30 in Fès-Meknès). */
export const regionPlan = (regionCode: RegionCode, associations = 30, edition = '2026'): DemoRegionPlan => {
  const code = regionCode.toLowerCase();
  const provinces = REGION_PROVINCES[regionCode];
  const regionName = regionNameOf(regionCode);
  const rolloutId = rolloutIdOf(regionCode, edition);
  const isFesMeknes = regionCode === 'FM';
  const operator = isFesMeknes
    ? {
        associationId: 'assoc-amsed',
        name: {
          fr: 'Association Marocaine de Solidarité et de Développement (AMSED)',
          ar: 'الجمعية المغربية للتضامن والتنمية',
        },
      }
    : {
        associationId: `assoc-${code}-operator`,
        name: {
          fr: `Association opératrice de la région ${regionName.fr}`,
          ar: `الجمعية الشريكة بجهة ${regionName.ar}`,
        },
      };
  const partnerId = isFesMeknes ? 'amsed' : `operator-${code}`;
  const cast: DemoCast = {
    ministry: 'ministry-program-office',
    coordinator: `coordinator-${code}`,
    wali: `wali-${code}`,
    council: `regional-council-${code}`,
    partner: `partner-${partnerId}`,
    committee: [1, 2, 3, 4, 5].map((number) => `committee-${code}-${number}`),
    preparer: 'finance-preparer-1',
    approver: 'finance-approver-1',
    payer: 'finance-payer-1',
  };
  // Twelve files: the operator, eight more on time, one without filed accounts, two late.
  const applicants: DemoApplicant[] = [
    { ...operator, province: provinces[0] as string, accountsFiled: true, late: false, score: 18 },
    ...Array.from({ length: 11 }, (_, index) => {
      const number = pad(index + 2);
      return {
        associationId: `assoc-${code}-candidate-${number}`,
        name: {
          fr: `Association candidate n° ${number} (nom non publié)`,
          ar: `الجمعية المترشحة رقم ${number} (اسم غير منشور)`,
        },
        province: provinces[index % provinces.length] as string,
        accountsFiled: number !== '07',
        late: number === '11' || number === '12',
        score: 16 - (index % 6),
      };
    }),
  ];
  const beneficiaries: DemoBeneficiary[] = Array.from({ length: associations }, (_, index) => {
    const number = pad(index + 1, 3);
    const associationId = `assoc-${code}-${number}`;
    const province = provinces[index % provinces.length] as string;
    return {
      associationId,
      name: { fr: `Association bénéficiaire ${number} (${province})`, ar: `الجمعية المستفيدة ${number}` },
      province,
      members: [0, 1, 2, 3].map((rank) => ({
        memberId: `mem-${code}-${number}-${rank + 1}`,
        trainingTopic: AXIS_ONE_MODULES[(index + rank * 2) % 8] as ModuleCode,
      })),
    };
  });
  const reserve = [1, 2].map((rank) => reserveFileOf(regionCode, associations, rank));
  const cascadeSessions = provinces.slice(1, 4).map((province, index) => ({
    sessionId: `cascade-${code}-${pad(index + 1)}`,
    province,
    topic: AXIS_ONE_MODULES[index] as ModuleCode,
    participantCount: 12 + index * 3,
    associationIds: [1, 2, 3].map((member) => `assoc-${code}-cascade-${pad(index * 3 + member)}`),
  }));
  const grants: DemoGrant[] = beneficiaries.map(({ associationId }) => ({
    associationId,
    amount: GRANT_CENTIMES,
    funding: [
      { coFunderId: 'ministry', amount: MINISTRY_SHARE },
      { coFunderId: `council-${code}`, amount: GRANT_CENTIMES - MINISTRY_SHARE },
    ],
    tranches: TRANCHES,
  }));
  return {
    regionCode,
    regionName,
    edition,
    rolloutId,
    operatorCallId: `${regionCode}-${edition}-operator`,
    targets: {
      associations,
      membersPerAssociation: 4,
      trainers: Math.min(15, associations * 3),
      horizon: Math.max(600, associations),
    },
    cast,
    operator,
    partnerId,
    applicants,
    conflict: { memberId: cast.committee[3] as string, associationId: `assoc-${code}-candidate-03` },
    beneficiaries,
    beneficiaryCallId: `${regionCode}-${edition}-beneficiaries`,
    reserve,
    cascadeSessions,
    coFunders: [
      {
        coFunderId: 'ministry',
        name: {
          fr: 'Ministère chargé des Relations avec le Parlement',
          ar: 'الوزارة المكلفة بالعلاقات مع البرلمان',
        },
        amount: associations * MINISTRY_SHARE,
      },
      {
        coFunderId: `council-${code}`,
        name: { fr: `Conseil régional ${regionName.fr}`, ar: `مجلس جهة ${regionName.ar}` },
        amount: associations * (GRANT_CENTIMES - MINISTRY_SHARE),
      },
    ],
    grants,
    turbulence: null,
  };
};

/**
 * The evaluation score the operator reports for a member on a module: the first three members of
 * each association score 80 or more, the fourth below, so the training of trainers is chosen by
 * its criteria from three members in four.
 */
export const evaluationScoreOf = (
  associationIndex: number,
  memberRank: number,
  moduleIndex: number,
): number => (memberRank < 3 ? 80 : 60) + ((associationIndex * 7 + memberRank * 11 + moduleIndex * 3) % 20);
