// The messages of the signatory's and the ministry's screens (docs/adr/0074-signatory-screens.md,
// docs/adr/0075-ministry-screens.md), kept apart from i18n.ts so that other screens' messages and
// these merge without touching each other; i18n.ts spreads them into its two tables, so they are
// typed the same way (the Arabic table cannot miss a key the French one has).

export const staffFr = {
  'role.signatory': 'Signataire',
  'signatory.title': 'Conventions de votre région',
  'signatory.kind.regional-partnership': 'Convention régionale de partenariat',
  'signatory.kind.partner': 'Convention avec l’association partenaire',
  'signatory.kind.co-funding': 'Convention de cofinancement',
  'signatory.kind.grant-convention': 'Convention de subvention',
  'signatory.status.awaiting-signatures': 'En attente de signatures',
  'signatory.status.in-force': 'En vigueur',
  'signatory.parties': 'Parties : {list}',
  'list.separator': ', ',
  'signatory.party': '{partyId} ({role})',
  'signatory.yourTurn': 'Votre signature est attendue.',
  'signatory.notParty': 'Vous n’êtes pas partie à cette convention : lecture seule.',
  'party.ministry': 'ministère',
  'party.wali': 'wali',
  'party.regional-council': 'conseil régional',
  'party.operator': 'opérateur',
  'party.co-funder': 'cofinanceur',
  'party.beneficiary-association': 'association bénéficiaire',
} as const;

export type StaffMessageKey = keyof typeof staffFr;

export const staffAr: Record<StaffMessageKey, string> = {
  'role.signatory': 'موقّع',
  'signatory.title': 'اتفاقيات جهتكم',
  'signatory.kind.regional-partnership': 'اتفاقية الشراكة الجهوية',
  'signatory.kind.partner': 'الاتفاقية مع الجمعية الشريكة',
  'signatory.kind.co-funding': 'اتفاقية التمويل المشترك',
  'signatory.kind.grant-convention': 'اتفاقية الدعم',
  'signatory.status.awaiting-signatures': 'في انتظار التوقيعات',
  'signatory.status.in-force': 'سارية المفعول',
  'signatory.parties': 'الأطراف: {list}',
  'list.separator': '، ',
  'signatory.party': '{partyId} ({role})',
  'signatory.yourTurn': 'توقيعكم منتظر.',
  'signatory.notParty': 'لستم طرفا في هذه الاتفاقية: للاطلاع فقط.',
  'party.ministry': 'الوزارة',
  'party.wali': 'الوالي',
  'party.regional-council': 'المجلس الجهوي',
  'party.operator': 'المشغّل',
  'party.co-funder': 'الممول المشارك',
  'party.beneficiary-association': 'الجمعية المستفيدة',
};
