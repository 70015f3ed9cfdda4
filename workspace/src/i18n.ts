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
  'coordinator.rollout': 'Déploiement {rolloutId}',
  'coordinator.phase': 'Phase : {phase}',
  'coordinator.nothing': 'Rien ne vous attend dans cette phase.',
  'coordinator.enrolment': 'Inscription des bénéficiaires',
  'coordinator.enrolled': '{count} association(s) inscrite(s) sur {target}',
  'coordinator.enrol': 'Inscrire une association',
  'coordinator.associationId': 'Identifiant de l’association',
  'coordinator.nameFr': 'Nom en français',
  'coordinator.nameAr': 'Nom en arabe',
  'coordinator.province': 'Province',
  'coordinator.members': 'Membres désignés : {count} sur {target}',
  'coordinator.nominate': 'Désigner un membre',
  'coordinator.memberId': 'Identifiant du membre',
  'coordinator.topic': 'Module de formation',
  'coordinator.complete': 'Tous les membres sont désignés.',
  'phase.launch': 'Lancement',
  'phase.regional-agreement': 'Convention régionale de partenariat',
  'phase.call-for-interest': "Appel à manifestation d'intérêt",
  'phase.committee-selection': 'Sélection par le comité',
  'phase.partner-agreement': "Convention avec l'association partenaire",
  'phase.enrolment': 'Inscription des bénéficiaires',
  'phase.axis-1-training': 'Axe 1 – formation',
  'phase.axis-2-trainers-and-hub': 'Axe 2 – formation de formateurs et pôle régional',
  'phase.axis-3-grants': 'Axe 3 – accompagnement financier',
  'phase.closed': 'Clôture',
  'finance.grants': 'Subventions du déploiement {rolloutId}',
  'finance.tranche': 'Tranche {number} de la subvention {grantId} ({associationId}) : {amount} MAD',
  'finance.preparedBy': 'Préparée par {who}',
  'finance.approvedBy': 'Approuvée par {who}',
  'finance.paidBy': 'Payée par {who}',
  'finance.yours': 'Vous l’avez préparée ou approuvée : une autre personne doit agir.',
  'finance.evidenceKind': 'Nature de la pièce (facultatif)',
  'finance.documentId': 'Référence du document',
  'finance.request': 'Demander le déblocage',
  'finance.approve': 'Approuver',
  'finance.paymentReference': 'Référence du paiement',
  'finance.pay': 'Payer',
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
  'problem.PROVINCE_OUTSIDE_REGION': 'Cette province n’est pas dans la région.',
  'problem.ASSOCIATION_ALREADY_ENROLLED': 'Cette association est déjà inscrite.',
  'problem.MEMBER_ALREADY_NOMINATED': 'Ce membre est déjà désigné.',
  'problem.MEMBER_IN_ANOTHER_ASSOCIATION': 'Ce membre est déjà désigné par une autre association.',
  'problem.ASSOCIATION_MEMBERS_COMPLETE': 'Cette association a déjà tous ses membres.',
  'problem.ASSOCIATION_TARGET_REACHED': 'Le nombre cible d’associations est atteint.',
  'problem.ENROLMENT_CLOSED': 'L’inscription de ce déploiement est close.',
  'problem.FINANCE_STEPS_BY_SAME_PERSON':
    'Une même personne ne prépare, n’approuve et ne paie pas la même tranche.',
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
  'coordinator.rollout': 'البرنامج {rolloutId}',
  'coordinator.phase': 'المرحلة: {phase}',
  'coordinator.nothing': 'لا شيء ينتظرك في هذه المرحلة.',
  'coordinator.enrolment': 'تسجيل الجمعيات المستفيدة',
  'coordinator.enrolled': 'الجمعيات المسجلة: {count} من {target}',
  'coordinator.enrol': 'تسجيل جمعية',
  'coordinator.associationId': 'معرّف الجمعية',
  'coordinator.nameFr': 'الاسم بالفرنسية',
  'coordinator.nameAr': 'الاسم بالعربية',
  'coordinator.province': 'الإقليم',
  'coordinator.members': 'الأعضاء المعيّنون: {count} من {target}',
  'coordinator.nominate': 'تعيين عضو',
  'coordinator.memberId': 'معرّف العضو',
  'coordinator.topic': 'وحدة التكوين',
  'coordinator.complete': 'تم تعيين جميع الأعضاء.',
  'phase.launch': 'الإطلاق',
  'phase.regional-agreement': 'اتفاقية الشراكة الجهوية',
  'phase.call-for-interest': 'طلب إبداء الاهتمام',
  'phase.committee-selection': 'الانتقاء من طرف اللجنة',
  'phase.partner-agreement': 'اتفاقية الشراكة مع الجمعية الشريكة',
  'phase.enrolment': 'تسجيل الجمعيات المستفيدة',
  'phase.axis-1-training': 'المحور الأول – التكوين',
  'phase.axis-2-trainers-and-hub': 'المحور الثاني – تكوين المكونين والقطب الجهوي',
  'phase.axis-3-grants': 'المحور الثالث – المواكبة والدعم المالي',
  'phase.closed': 'الاختتام',
  'finance.grants': 'منح البرنامج {rolloutId}',
  'finance.tranche': 'الشطر {number} من المنحة {grantId} ({associationId}): {amount} درهم',
  'finance.preparedBy': 'أعدّه {who}',
  'finance.approvedBy': 'صادق عليه {who}',
  'finance.paidBy': 'أدّاه {who}',
  'finance.yours': 'أعددته أو صادقت عليه: يجب أن يتصرف شخص آخر.',
  'finance.evidenceKind': 'نوع الوثيقة (اختياري)',
  'finance.documentId': 'مرجع الوثيقة',
  'finance.request': 'طلب الصرف',
  'finance.approve': 'المصادقة',
  'finance.paymentReference': 'مرجع الأداء',
  'finance.pay': 'الأداء',
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
  'problem.PROVINCE_OUTSIDE_REGION': 'هذا الإقليم ليس من أقاليم الجهة.',
  'problem.ASSOCIATION_ALREADY_ENROLLED': 'هذه الجمعية مسجلة من قبل.',
  'problem.MEMBER_ALREADY_NOMINATED': 'هذا العضو معيّن من قبل.',
  'problem.MEMBER_IN_ANOTHER_ASSOCIATION': 'هذا العضو معيّن من طرف جمعية أخرى.',
  'problem.ASSOCIATION_MEMBERS_COMPLETE': 'لهذه الجمعية جميع أعضائها.',
  'problem.ASSOCIATION_TARGET_REACHED': 'تم بلوغ العدد المستهدف من الجمعيات.',
  'problem.ENROLMENT_CLOSED': 'أُغلق التسجيل في هذا البرنامج.',
  'problem.FINANCE_STEPS_BY_SAME_PERSON': 'لا يُعدّ الشخص نفسه الشطر ولا يصادق عليه ولا يؤديه معا.',
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

/**
 * A rollout phase's name, as the public dashboard says it: the same words as dashboard/i18n (a unit
 * test keeps them equal), copied rather than imported, as its files would add 32 KB to the bundle.
 */
export const phaseName = (language: Language, phase: string): string => {
  const key = `phase.${phase}`;
  return isMessageKey(key) ? MESSAGES[language][key] : phase;
};

/** Whether a string is a message key (problem codes are looked up this way). */
export const isMessageKey = (key: string): key is MessageKey => key in fr;
