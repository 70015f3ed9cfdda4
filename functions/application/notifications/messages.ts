import type { NotificationTopic, TopicParameters } from './plan.js';

// The words of each notification in the recipient's language: Arabic (the default) or French.
// Pure: the same inputs give the same text, in the workspace and in the e-mail.

/** The languages people are written to in. */
export type NotificationLanguage = 'ar' | 'fr';

/** A notification's words in one language. */
export interface RenderedMessage {
  readonly language: NotificationLanguage;
  readonly subject: string;
  readonly body: string;
}

/** Centimes as dirhams, two decimals, the way each language writes them. */
const dirhams = (centimes: number, language: NotificationLanguage): string => {
  const amount = (centimes / 100).toFixed(2);
  return language === 'fr' ? `${amount.replace('.', ',')} MAD` : `${amount} درهم`;
};

/** An instant as a day and time in UTC, written the same way in both languages (ISO, minutes). */
const when = (instant: string | number): string => `${String(instant).slice(0, 16).replace('T', ' ')} UTC`;

type Texts = Readonly<
  Record<NotificationTopic, (p: TopicParameters) => Readonly<Record<NotificationLanguage, [string, string]>>>
>;

const TEXTS: Texts = {
  'files-to-score': (p) => ({
    fr: [
      `Dossiers à évaluer : appel ${p.callId}`,
      `Vous êtes membre du comité de sélection de l'appel ${p.callId}. Les dossiers éligibles vous attendent pour évaluation dans l'espace de travail ; déclarez tout conflit d'intérêts avant d'évaluer.`,
    ],
    ar: [
      `ملفات للتقييم: الدعوة ${p.callId}`,
      `أنتم أعضاء في لجنة الانتقاء الخاصة بالدعوة ${p.callId}. الملفات المؤهلة في انتظار تقييمكم في فضاء العمل؛ صرّحوا بأي تضارب للمصالح قبل التقييم.`,
    ],
  }),
  'tranche-to-approve': (p) => ({
    fr: [
      `Tranche à approuver : subvention ${p.grantId}, tranche ${p.trancheNumber}`,
      `La tranche ${p.trancheNumber} de la subvention ${p.grantId} (association ${p.associationId}), d'un montant de ${dirhams(Number(p.amountCentimes), 'fr')}, attend votre approbation.`,
    ],
    ar: [
      `شطر للمصادقة: المنحة ${p.grantId}، الشطر ${p.trancheNumber}`,
      `الشطر ${p.trancheNumber} من المنحة ${p.grantId} (الجمعية ${p.associationId})، بمبلغ ${dirhams(Number(p.amountCentimes), 'ar')}، في انتظار مصادقتكم.`,
    ],
  }),
  'application-selected': (p) => ({
    fr: [
      `Votre candidature est retenue : appel ${p.callId}`,
      `Le comité a retenu votre candidature à l'appel ${p.callId} (rang ${p.rank}). La suite vous sera communiquée dans votre espace.`,
    ],
    ar: [
      `تم انتقاء ترشيحكم: الدعوة ${p.callId}`,
      `انتقت اللجنة ترشيحكم في الدعوة ${p.callId} (الرتبة ${p.rank}). ستُبلَّغون بالخطوات الموالية في فضائكم.`,
    ],
  }),
  'application-refused': (p) => ({
    fr: [
      `Votre candidature n'est pas retenue : appel ${p.callId}`,
      p.reason === 'late'
        ? `Votre candidature à l'appel ${p.callId} est arrivée après la date limite.`
        : `Votre candidature à l'appel ${p.callId} ne remplit pas les conditions d'éligibilité ; le détail est dans votre espace.`,
    ],
    ar: [
      `لم يُقبل ترشيحكم: الدعوة ${p.callId}`,
      p.reason === 'late'
        ? `وصل ترشيحكم في الدعوة ${p.callId} بعد الأجل المحدد.`
        : `ترشيحكم في الدعوة ${p.callId} لا يستوفي شروط الأهلية؛ التفاصيل في فضائكم.`,
    ],
  }),
  'appeal-decided': (p) => ({
    fr: [
      `Décision sur votre recours : appel ${p.callId}`,
      p.outcome === 'upheld'
        ? `Votre recours contre la sélection de l'appel ${p.callId} est accueilli.`
        : `Votre recours contre la sélection de l'appel ${p.callId} est rejeté ; les motifs sont dans votre espace.`,
    ],
    ar: [
      `قرار بشأن طعنكم: الدعوة ${p.callId}`,
      p.outcome === 'upheld'
        ? `تم قبول طعنكم في انتقاء الدعوة ${p.callId}.`
        : `تم رفض طعنكم في انتقاء الدعوة ${p.callId}؛ الأسباب في فضائكم.`,
    ],
  }),
  'appeal-window-closing': (p) => ({
    fr: [
      `Le délai de recours se termine bientôt : appel ${p.callId}`,
      `Le délai pour former un recours contre la sélection de l'appel ${p.callId} se termine le ${when(p.appealWindowEndsAt ?? '')}.`,
    ],
    ar: [
      `أجل الطعن يقترب من نهايته: الدعوة ${p.callId}`,
      `ينتهي أجل الطعن في انتقاء الدعوة ${p.callId} يوم ${when(p.appealWindowEndsAt ?? '')}.`,
    ],
  }),
};

/** A notification's subject and body in the recipient's language. */
export const renderNotification = (
  topic: NotificationTopic,
  parameters: TopicParameters,
  language: NotificationLanguage,
): RenderedMessage => {
  const [subject, body] = TEXTS[topic](parameters)[language];
  return { language, subject, body };
};
