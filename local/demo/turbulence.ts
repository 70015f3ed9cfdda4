import {
  AXIS_ONE_MODULES,
  type DemoBeneficiary,
  type DemoGrant,
  type DemoMember,
  type DemoRegionPlan,
  type DemoTurbulence,
  GRANT_CENTIMES,
  MINISTRY_SHARE,
  participantsOf,
  reserveFileOf,
  TRANCHES,
} from './scenario.js';

// `npm run demo -- --scenario turbulent`: the same rollout, played by the same player, as a real
// region lives it (issue 20): each change of course is a command its people send through the API,
// with its reason. The plan says which association, member, module and grant each one touches;
// local/demo/play-rollout.ts sends them where they belong; local/demo/figures.ts recomputes the
// targets from them.

/** The fewest beneficiaries a turbulent rollout needs: six associations, each touched by its changes. */
export const TURBULENT_MINIMUM_ASSOCIATIONS = 6;

/** The ministry's share of a grant, as a fraction of the amount (the council funds the rest). */
const ministryShareOf = (amount: number) => Math.round((amount * MINISTRY_SHARE) / GRANT_CENTIMES);

/** Splits an amount between the ministry and the region's council as every grant of the plan is split. */
const fundingOf = (plan: DemoRegionPlan, amount: number) => [
  { coFunderId: 'ministry', amount: ministryShareOf(amount) },
  { coFunderId: `council-${plan.regionCode.toLowerCase()}`, amount: amount - ministryShareOf(amount) },
];

/** The turbulent version of a straight plan (the same region, size and edition). */
export const turbulentPlan = (plan: DemoRegionPlan): DemoRegionPlan => {
  const count = plan.beneficiaries.length;
  if (count < TURBULENT_MINIMUM_ASSOCIATIONS) {
    throw new RangeError(
      `a turbulent rollout needs at least ${TURBULENT_MINIMUM_ASSOCIATIONS} associations (${count} asked)`,
    );
  }
  const code = plan.regionCode.toLowerCase();
  // A third association in the reserve replaces the one the ministry excludes.
  const reserve = [...plan.reserve, reserveFileOf(plan.regionCode, count, plan.reserve.length + 1)];
  const [appellantFile, replacementFile, exclusionReplacementFile] = reserve;
  if (
    appellantFile === undefined ||
    replacementFile === undefined ||
    exclusionReplacementFile === undefined
  ) {
    throw new RangeError('a turbulent rollout needs three associations in the reserve');
  }
  const withMembers = (file: (typeof plan.reserve)[number], index: number): DemoBeneficiary => ({
    ...file,
    members: [0, 1, 2, 3].map((rank) => ({
      memberId: `mem-${code}-${file.associationId.replace(`assoc-${code}-`, '')}-${rank + 1}`,
      trainingTopic: AXIS_ONE_MODULES[(index + rank * 2) % 8] as DemoMember['trainingTopic'],
    })),
  });
  const at = (index: number) => plan.beneficiaries[index] as DemoBeneficiary;
  /** The `index`th beneficiary leaves for `reason`; the reserve's `file` replaces it (`rank` picks its members' topics). */
  const departure = (
    index: number,
    file: (typeof reserve)[number],
    rank: number,
    reason: DemoTurbulence['withdrawal']['reason'],
  ) => ({ associationId: at(index).associationId, reason, replacement: withMembers(file, count + rank) });
  const memberOf = (index: number, rank: number) => at(index).members[rank]?.memberId as string;
  const returned = 300_000;
  const trancheTwo = TRANCHES[1];
  const ministryReturned = Math.round((returned * ministryShareOf(trancheTwo)) / trancheTwo);
  const paid = at(0).associationId;
  const turbulence: DemoTurbulence = {
    paperFile: { associationId: at(count - 1).associationId },
    appeal: {
      appellant: withMembers(appellantFile, count),
      groundsDocumentId: `doc-appeal-${appellantFile.associationId}`,
      reason: {
        fr: 'Le procès-verbal omettait le partenariat communal attesté dans le dossier : le classement le place parmi les retenues.',
        ar: 'أغفل المحضر الشراكة الجماعية المثبتة في الملف: ترتيب الجمعية يضعها ضمن المنتقاة.',
      },
    },
    withdrawal: departure(3, replacementFile, 1, {
      fr: "Le bureau de l'association s'est dissous ; elle se retire du programme.",
      ar: 'حُلّ مكتب الجمعية؛ فانسحبت من البرنامج.',
    }),
    exclusion: departure(4, exclusionReplacementFile, 2, {
      fr: "L'association a présenté de faux justificatifs de présence : le ministère l'exclut du programme.",
      ar: 'قدّمت الجمعية مبررات حضور غير صحيحة: قرّرت الوزارة إقصاءها من البرنامج.',
    }),
    operatorCallRelaunch: {
      endReason: {
        fr: "L'avis d'appel n'a pas été affiché dans deux provinces de la région : l'appel est déclaré sans suite.",
        ar: 'لم يُعلَّق إعلان طلب إبداء الاهتمام في إقليمين من الجهة: أُعلن الطلب بدون نتيجة.',
      },
      relaunchReason: {
        fr: "Relance après l'affichage de l'avis dans toutes les provinces ; les dossiers reçus sont conservés.",
        ar: 'إعادة الإطلاق بعد تعليق الإعلان في جميع الأقاليم؛ تُحفظ الملفات المتوصل بها.',
      },
    },
    scoreCorrection: {
      associationId: at(2).associationId,
      memberId: plan.cast.committee[1] as string,
      // "16" keyed without its "6": the file falls behind the reserve until the score is corrected.
      miskeyed: 1,
      score: 16,
      reason: {
        fr: 'La note 16 de la grille signée a été saisie 1 : erreur de saisie corrigée avant la publication.',
        ar: 'أُدخلت النقطة 16 من الشبكة الموقعة على أنها 1: صُحّح خطأ الإدخال قبل النشر.',
      },
    },
    paymentCorrection: {
      associationId: paid,
      trancheNumber: 1,
      miskeyedReference: `order-${paid}-1`,
      reason: {
        fr: "Le numéro de l'ordre de paiement a été saisi à la place de la référence du virement.",
        ar: 'أُدخل رقم الأمر بالأداء مكان مرجع التحويل.',
      },
    },
    grantCancellation: {
      associationId: at(count - 1).associationId,
      trancheNumber: 1,
      recovered: 500_000,
      recoveryReason: {
        fr: "Dépenses hors de l'objet de la subvention relevées par le contrôle : la somme est recouvrée.",
        ar: 'نفقات خارج غرض المنحة رصدتها المراقبة: استُرجع المبلغ.',
      },
      reason: {
        fr: "L'association a cessé son activité : la subvention est annulée, la tranche restante n'est pas versée.",
        ar: 'توقفت الجمعية عن نشاطها: أُلغيت المنحة ولن يُصرف الشطر المتبقي.',
      },
    },
    memberReplaced: {
      associationId: at(1).associationId,
      leavingMemberId: memberOf(1, 3),
      replacementMemberId: `mem-${code}-${at(1).associationId.replace(`assoc-${code}-`, '')}-5`,
      reason: {
        fr: 'Le membre a quitté la province ; le bureau désigne un autre membre pour la même thématique.',
        ar: 'غادر العضو الإقليم؛ عيّن المكتب عضوا آخر للمحور نفسه.',
      },
    },
    attendanceCorrection: {
      associationId: at(2).associationId,
      memberId: memberOf(2, 0),
      module: 'M3',
      reason: {
        fr: 'La feuille de présence signée montre le membre présent : erreur de saisie de l’opérateur.',
        ar: 'تُثبت ورقة الحضور الموقعة حضور العضو: خطأ في الإدخال لدى الجمعية الشريكة.',
      },
    },
    grantAmendment: {
      associationId: at(0).associationId,
      amount: 3_600_000,
      funding: fundingOf(plan, 3_600_000),
      tranches: [2_000_000, 1_600_000],
      reason: {
        fr: "Le plan d'action révisé après le diagnostic réduit le budget et le rééchelonne.",
        ar: 'خفّض مخطط العمل المراجع بعد التشخيص الميزانية وأعاد جدولتها.',
      },
    },
    trancheReturn: {
      associationId: at(1).associationId,
      trancheNumber: 2,
      amount: returned,
      reason: {
        fr: "Solde non utilisé de la deuxième tranche, reversé par l'association.",
        ar: 'رصيد غير مستعمل من الشطر الثاني أرجعته الجمعية.',
      },
      amendment: {
        amount: GRANT_CENTIMES - returned,
        // What each co-funder keeps paid: the returned money comes back split like its tranche.
        funding: [
          { coFunderId: 'ministry', amount: MINISTRY_SHARE - ministryReturned },
          {
            coFunderId: `council-${code}`,
            amount: GRANT_CENTIMES - MINISTRY_SHARE - (returned - ministryReturned),
          },
        ],
        tranches: [],
        reason: {
          fr: "Subvention ramenée à ce que l'association a utilisé, après le reversement du solde.",
          ar: 'أُعيدت المنحة إلى ما استعملته الجمعية بعد إرجاع الرصيد.',
        },
      },
    },
  };
  const turbulent: DemoRegionPlan = { ...plan, reserve, turbulence };
  // Every association taking part is granted (those that left are not); the co-funders commit for
  // all of them.
  const participants = participantsOf(turbulent);
  const template = plan.grants[0] as DemoGrant;
  const grants = participants.map(({ associationId }) => ({ ...template, associationId }));
  return {
    ...turbulent,
    grants,
    coFunders: plan.coFunders.map((coFunder) => ({
      ...coFunder,
      amount: (coFunder.amount / count) * participants.length,
    })),
  };
};
