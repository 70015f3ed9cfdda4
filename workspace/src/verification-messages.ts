// The messages of the ministry's verification queue (docs/adr/0123-verification-queue.md), kept in a
// file of their own that i18n.ts spreads into its two tables (typed the same way: the Arabic pack
// cannot miss a key the French one has).

export const VERIFICATION_FR = {
  'ministry.verifications.title': 'Associations à vérifier',
  'ministry.verifications.none': 'Aucune déclaration n’attend votre vérification.',
  'ministry.verifications.association': '{name} ({associationId})',
  'ministry.verifications.number': 'Récépissé définitif n° {number}',
  'ministry.verifications.seat': 'Siège : {street}, {province} (région {region})',
  'ministry.verifications.declaredAt': 'Déclarée le {date}',
  'ministry.verifications.representative': 'Représentant légal : {name}, {function}',
  'ministry.verifications.representativeErased': 'Représentant légal : nom effacé ({function})',
  'ministry.verifications.verify': 'Vérifier l’association',
  'ministry.verifications.refuse': 'Refuser la vérification',
  'ministry.verifications.reasonFr': 'Motif du refus, lu par l’association (français)',
  'ministry.verifications.reasonAr': 'Motif du refus, lu par l’association (arabe)',
  'ministry.verifications.decided': 'Décisions récentes',
  'ministry.verifications.doneVerified': 'Association vérifiée : elle peut candidater.',
  'ministry.verifications.doneRefused': 'Vérification refusée : l’association lit votre motif.',
  'ministry.verifications.verified': '{name} : vérifiée le {date}',
  'ministry.verifications.refused': '{name} : refusée le {date} ({reason})',
  'problem.ASSOCIATION_ALREADY_VERIFIED': 'Cette association est déjà vérifiée.',
  'problem.ASSOCIATION_NOT_PENDING': 'Cette déclaration n’attend plus de vérification.',
} as const;

export type VerificationMessageKey = keyof typeof VERIFICATION_FR;

export const VERIFICATION_AR: Record<VerificationMessageKey, string> = {
  'ministry.verifications.title': 'جمعيات في انتظار التحقق',
  'ministry.verifications.none': 'لا يوجد أي تصريح في انتظار تحققكم.',
  'ministry.verifications.association': '{name} (المعرّف: {associationId})',
  'ministry.verifications.number': 'الوصل النهائي رقم {number}',
  'ministry.verifications.seat': 'المقر: {street}، {province} (جهة {region})',
  'ministry.verifications.declaredAt': 'صُرّح بها في {date}',
  'ministry.verifications.representative': 'الممثل القانوني: {name}، {function}',
  'ministry.verifications.representativeErased': 'الممثل القانوني: اسم محذوف ({function})',
  'ministry.verifications.verify': 'التحقق من الجمعية',
  'ministry.verifications.refuse': 'رفض التحقق',
  'ministry.verifications.reasonFr': 'سبب الرفض كما تقرؤه الجمعية (بالفرنسية)',
  'ministry.verifications.reasonAr': 'سبب الرفض كما تقرؤه الجمعية (بالعربية)',
  'ministry.verifications.decided': 'آخر القرارات',
  'ministry.verifications.doneVerified': 'تم التحقق من الجمعية: يمكنها الترشح.',
  'ministry.verifications.doneRefused': 'تم رفض التحقق: تقرأ الجمعية السبب الذي أدليتم به.',
  'ministry.verifications.verified': '{name}: تم التحقق منها في {date}',
  'ministry.verifications.refused': '{name}: رُفضت في {date} ({reason})',
  'problem.ASSOCIATION_ALREADY_VERIFIED': 'تم التحقق من هذه الجمعية من قبل.',
  'problem.ASSOCIATION_NOT_PENDING': 'لم يعد هذا التصريح في انتظار التحقق.',
};
