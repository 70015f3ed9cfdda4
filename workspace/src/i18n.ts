// The workspace's two languages, French and Arabic (right to left): its messages and number and date
// formats. A few lines over the platform's Intl rather than a library (docs/adr/0070-workspace-ui.md):
// the messages are typed, so the Arabic pack cannot miss a key the French one has.

export type Language = 'fr' | 'ar';
export const LANGUAGES: readonly Language[] = ['fr', 'ar'];

const fr = {
  'app.title': 'Espace de travail Naseej',
  'app.loading': 'Chargement…',
  'app.otherLanguage': 'العربية',
  'app.otherLanguageLabel': 'Lire en arabe',
  'app.signIn': 'Se connecter',
  'app.signOut': 'Se déconnecter',
  'app.signedInAs': 'Connecté : {subject} ({role})',
  'app.signedOut': 'Connectez-vous pour voir ce qui vous attend.',
  'app.sessionEnded': 'Votre session a pris fin : connectez-vous de nouveau.',
  'app.noScreens': 'Les écrans de ce rôle ne sont pas encore ouverts dans l’espace de travail.',
  'role.ministry': 'Ministère',
  'role.coordinator': 'Coordination régionale',
  'role.committee-member': 'Membre du comité de sélection',
  'role.partner': 'Partenaire de mise en œuvre',
  'role.finance-preparer': 'Finances : préparation',
  'role.finance-approver': 'Finances : approbation',
  'role.finance-payer': 'Finances : paiement',
  'role.reader': 'Lecture',
  'queue.title': 'Ce qui vous attend',
  'queue.empty': 'Rien ne vous attend pour l’instant.',
  'queue.failed': 'La liste n’a pas pu être lue ; réessayez dans un instant.',
  'committee.call': 'Appel {callId}',
  'committee.filesWaiting': '{count} dossier(s) à traiter',
  'committee.allDone': 'Vous avez traité tous les dossiers de cet appel.',
  'committee.file': 'Dossier {applicationId}',
  'committee.province': 'Province : {province}',
  'committee.declareConflict': 'Déclarer un conflit d’intérêts',
  'committee.conflictDeclared': 'Conflit d’intérêts déclaré : vous ne notez pas ce dossier.',
  'committee.scored': 'Noté.',
  'committee.criterion': '{label} (sur {max})',
  'committee.submitScores': 'Envoyer les notes',
  'committee.ranking': 'Classement',
  'committee.rank': '{rank}. {associationId}',
  'form.sending': 'Envoi…',
  'form.accepted': 'Enregistré.',
  'form.stale':
    'Quelqu’un a modifié ce dossier depuis que vous l’avez ouvert. L’écran est à jour : vérifiez, puis envoyez de nouveau.',
  'form.fixFields': 'Corrigez les champs signalés.',
  'form.failed': 'L’envoi a échoué ; réessayez dans un instant.',
  'field.required': 'Ce champ est obligatoire.',
  'field.integer': 'Un nombre entier est attendu.',
  'field.tooSmall': 'La valeur doit être au moins {minimum}.',
  'field.tooBig': 'La valeur doit être au plus {maximum}.',
  'field.invalid': 'Valeur refusée.',
  'problem.SCORE_OUT_OF_RANGE': 'La note doit être entre 0 et {maxScore}.',
  'problem.CRITERION_NOT_SCORED': 'Ce critère n’a pas de note.',
  'problem.FILE_ALREADY_SCORED': 'Vous avez déjà noté ce dossier.',
  'problem.MEMBER_CONFLICTED': 'Vous avez déclaré un conflit d’intérêts sur ce dossier.',
  'problem.ROLE_NOT_ALLOWED': 'Votre rôle ne permet pas cette action.',
  'problem.OUT_OF_SCOPE': 'Cette ressource est hors de votre périmètre.',
  'problem.generic': 'Refusé : {detail}',
} as const;

export type MessageKey = keyof typeof fr;

const ar: Record<MessageKey, string> = {
  'app.title': 'فضاء عمل نسيج',
  'app.loading': 'جار التحميل…',
  'app.otherLanguage': 'Français',
  'app.otherLanguageLabel': 'القراءة بالفرنسية',
  'app.signIn': 'تسجيل الدخول',
  'app.signOut': 'تسجيل الخروج',
  'app.signedInAs': 'متصل: {subject} ({role})',
  'app.signedOut': 'سجّل الدخول لترى ما ينتظرك.',
  'app.sessionEnded': 'انتهت جلستك: سجّل الدخول من جديد.',
  'app.noScreens': 'شاشات هذا الدور غير متاحة بعد في فضاء العمل.',
  'role.ministry': 'الوزارة',
  'role.coordinator': 'التنسيق الجهوي',
  'role.committee-member': 'عضو لجنة الانتقاء',
  'role.partner': 'الشريك المنفذ',
  'role.finance-preparer': 'المالية: الإعداد',
  'role.finance-approver': 'المالية: المصادقة',
  'role.finance-payer': 'المالية: الأداء',
  'role.reader': 'قراءة',
  'queue.title': 'ما ينتظرك',
  'queue.empty': 'لا شيء ينتظرك حاليا.',
  'queue.failed': 'تعذرت قراءة القائمة؛ أعد المحاولة بعد قليل.',
  'committee.call': 'طلب العروض {callId}',
  'committee.filesWaiting': 'ملفات تنتظر المعالجة: {count}',
  'committee.allDone': 'عالجت جميع ملفات هذا الطلب.',
  'committee.file': 'الملف {applicationId}',
  'committee.province': 'الإقليم: {province}',
  'committee.declareConflict': 'التصريح بتضارب المصالح',
  'committee.conflictDeclared': 'تم التصريح بتضارب المصالح: لن تنقّط هذا الملف.',
  'committee.scored': 'تم التنقيط.',
  'committee.criterion': '{label} (من {max})',
  'committee.submitScores': 'إرسال النقط',
  'committee.ranking': 'الترتيب',
  'committee.rank': '{rank}. {associationId}',
  'form.sending': 'جار الإرسال…',
  'form.accepted': 'تم التسجيل.',
  'form.stale': 'عدّل شخص آخر هذا الملف منذ فتحته. الشاشة محدّثة الآن: تحقق ثم أعد الإرسال.',
  'form.fixFields': 'صحّح الحقول المشار إليها.',
  'form.failed': 'فشل الإرسال؛ أعد المحاولة بعد قليل.',
  'field.required': 'هذا الحقل إلزامي.',
  'field.integer': 'يُنتظر عدد صحيح.',
  'field.tooSmall': 'يجب ألا تقل القيمة عن {minimum}.',
  'field.tooBig': 'يجب ألا تتجاوز القيمة {maximum}.',
  'field.invalid': 'قيمة مرفوضة.',
  'problem.SCORE_OUT_OF_RANGE': 'يجب أن تكون النقطة بين 0 و{maxScore}.',
  'problem.CRITERION_NOT_SCORED': 'هذا المعيار بلا نقطة.',
  'problem.FILE_ALREADY_SCORED': 'سبق أن نقّطت هذا الملف.',
  'problem.MEMBER_CONFLICTED': 'صرّحت بتضارب المصالح في هذا الملف.',
  'problem.ROLE_NOT_ALLOWED': 'لا يسمح دورك بهذا الإجراء.',
  'problem.OUT_OF_SCOPE': 'هذا المورد خارج نطاقك.',
  'problem.generic': 'مرفوض: {detail}',
};

export const MESSAGES: Readonly<Record<Language, Readonly<Record<MessageKey, string>>>> = { fr, ar };

/** Which way each language is written. */
export const DIRECTION: Readonly<Record<Language, 'ltr' | 'rtl'>> = { fr: 'ltr', ar: 'rtl' };

export type Params = Readonly<Record<string, string | number>>;

/** A translator for one language: `{name}` placeholders filled in, numbers in the locale's digits. */
export const translator = (language: Language) => {
  const messages = MESSAGES[language];
  const numbers = new Intl.NumberFormat(language === 'ar' ? 'ar-MA' : 'fr-MA');
  return (key: MessageKey, params: Params = {}): string =>
    messages[key].replace(/\{(\w+)\}/g, (whole, name: string) => {
      const value = params[name];
      if (value === undefined) return whole;
      return typeof value === 'number' ? numbers.format(value) : value;
    });
};
export type Translate = ReturnType<typeof translator>;

/** Whether a string is a message key (problem codes are looked up this way). */
export const isMessageKey = (key: string): key is MessageKey => key in fr;

const LANGUAGE_KEY = 'naseej.workspace.language';

/** The language chosen before, else the browser's when it is Arabic, else French. */
export const initialLanguage = (): Language => {
  try {
    const remembered = localStorage.getItem(LANGUAGE_KEY);
    if (remembered === 'fr' || remembered === 'ar') return remembered;
  } catch {
    // Storage may be disabled; the choice then lasts for the page only.
  }
  return navigator.language.toLowerCase().startsWith('ar') ? 'ar' : 'fr';
};

export const rememberLanguage = (language: Language): void => {
  try {
    localStorage.setItem(LANGUAGE_KEY, language);
  } catch {
    // See initialLanguage.
  }
};
