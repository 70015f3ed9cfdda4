import type { Role } from '../../../events/envelope.js';
import { REGIONS } from '../../../events/reference.js';
import { PROVINCE_ARABIC_NAMES } from '../../domain/rollout/region-provinces.js';
import type { AnnualReport } from '../open-data/annual-report.js';
import type { BilingualText, Certificate } from './certificates.js';
import type { SelectionMinutes } from './minutes.js';

// HTML templates of the documents, in code: every value goes through `escapeHtml`. One template per
// document, taking the language; Arabic pages are `dir="rtl"`. The Arabic font comes in through
// `fontCss` (the PDF renderer embeds Amiri); a browser without it falls back to its own.

/** The two languages every document is written in. */
export type DocumentLanguage = 'ar' | 'fr';

/** What the vault says of a person, as documents show them. */
export type PersonName =
  | { readonly status: 'known'; readonly name: BilingualText }
  | { readonly status: 'erased' }
  | { readonly status: 'unknown' };

/** Looks a person's display name up (the personal-data vault); ids alone when there is none. */
export type NameOf = (personId: string) => PersonName;

/** Options shared by every template. */
export interface PageOptions {
  /** `@font-face` rules to put in the page (the PDF renderer gives the embedded Amiri). */
  readonly fontCss?: string;
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for HTML content and attribute values. */
export const escapeHtml = (value: unknown): string =>
  String(value).replace(/[&<>"']/g, (character) => ESCAPES[character] ?? character);

/** A bilingual label in the page's language. */
const say = (text: BilingualText, lang: DocumentLanguage): string => escapeHtml(text[lang]);

const MINISTRY: BilingualText = {
  fr: 'Ministère délégué auprès du Chef du gouvernement chargé des Relations avec le Parlement',
  ar: 'الوزارة المنتدبة لدى رئيس الحكومة المكلفة بالعلاقات مع البرلمان',
};
const PROGRAM: BilingualText = {
  fr: 'Programme national de renforcement des capacités des associations (Naseej)',
  ar: 'البرنامج الوطني لتقوية قدرات جمعيات المجتمع المدني (نسيج)',
};

const L = {
  minutesTitle: { fr: 'Procès-verbal du comité de sélection', ar: 'محضر لجنة الانتقاء' },
  noticeTitle: { fr: 'Avis de publication des résultats de la sélection', ar: 'إعلان عن نتائج الانتقاء' },
  call: { fr: 'Appel à manifestation d’intérêt', ar: 'طلب إبداء الاهتمام' },
  region: { fr: 'Région', ar: 'الجهة' },
  opened: { fr: 'Ouvert le', ar: 'تاريخ الإعلان' },
  deadline: { fr: 'Date limite', ar: 'آخر أجل' },
  closed: { fr: 'Clos le', ar: 'تاريخ الإغلاق' },
  members: { fr: 'Membres du comité', ar: 'أعضاء اللجنة' },
  chair: { fr: 'président', ar: 'رئيس اللجنة' },
  quorum: { fr: 'Quorum', ar: 'النصاب' },
  // Erased at the person's request or by the ministry once the purpose is fulfilled (ADR 0126): the
  // document says the law, not who asked.
  erased: { fr: '[nom effacé (loi 09-08)]', ar: '[اسم محذوف (القانون 09-08)]' },
  unknown: { fr: '[nom non enregistré]', ar: '[اسم غير مسجل]' },
  files: { fr: 'Dossiers reçus', ar: 'الملفات المتوصل بها' },
  association: { fr: 'Association', ar: 'الجمعية' },
  province: { fr: 'Province / préfecture', ar: 'الإقليم / العمالة' },
  submitted: { fr: 'Déposé le', ar: 'تاريخ الإيداع' },
  outcome: { fr: 'Recevabilité', ar: 'القبول' },
  eligible: { fr: 'recevable', ar: 'مقبول' },
  late: { fr: 'hors délai', ar: 'خارج الأجل' },
  ineligible: { fr: 'non éligible', ar: 'غير مستوف للشروط' },
  conflicts: {
    fr: 'Conflits d’intérêts déclarés et récusations',
    ar: 'حالات تضارب المصالح المصرح بها والتجريح',
  },
  noConflict: { fr: 'Aucun conflit d’intérêts déclaré.', ar: 'لم يصرح بأي تضارب للمصالح.' },
  member: { fr: 'Membre', ar: 'العضو' },
  file: { fr: 'Dossier', ar: 'الملف' },
  recusal: { fr: 'Récusé : ne voit ni ne note ce dossier', ar: 'مجرح: لا يطلع على الملف ولا ينقطه' },
  voided: { fr: 'note déjà donnée annulée', ar: 'إلغاء التنقيط السابق' },
  grid: { fr: 'Grille de notation', ar: 'شبكة التنقيط' },
  criterion: { fr: 'Critère', ar: 'المعيار' },
  weight: { fr: 'Pondération', ar: 'الوزن' },
  max: { fr: 'Note maximale', ar: 'النقطة القصوى' },
  scores: { fr: 'Notes de chaque dossier', ar: 'نقط كل ملف' },
  counted: { fr: 'Prise en compte', ar: 'محتسبة' },
  yes: { fr: 'oui', ar: 'نعم' },
  no: { fr: 'non (conflit)', ar: 'لا (تضارب)' },
  ranking: { fr: 'Classement', ar: 'الترتيب' },
  rank: { fr: 'Rang', ar: 'الرتبة' },
  average: { fr: 'Moyenne pondérée', ar: 'المعدل المرجح' },
  decision: { fr: 'Décision', ar: 'القرار' },
  selectedText: {
    fr: 'Le comité retient l’association suivante :',
    ar: 'قررت اللجنة انتقاء الجمعية التالية:',
  },
  published: { fr: 'Publié le', ar: 'تاريخ النشر' },
  appeal: {
    fr: 'Les candidats peuvent former un recours jusqu’au',
    ar: 'يمكن للمترشحين تقديم طعن إلى غاية',
  },
  sources: { fr: 'Établi à partir des événements', ar: 'أعد انطلاقا من الأحداث' },
  trainingCertificate: { fr: 'Attestation de formation', ar: 'شهادة تكوين' },
  trainerCertificate: { fr: 'Certificat de formateur', ar: 'شهادة مكون' },
  certifies: {
    fr: 'atteste que le membre ci-dessous a suivi avec succès les modules suivants :',
    ar: 'تشهد بأن العضو المذكور أسفله قد استكمل بنجاح الوحدات التالية:',
  },
  holder: { fr: 'Titulaire', ar: 'صاحب الشهادة' },
  memberId: { fr: 'Identifiant', ar: 'المعرف' },
  module: { fr: 'Module', ar: 'الوحدة' },
  completed: { fr: 'Achevé le', ar: 'تاريخ الاستكمال' },
  issuedAt: { fr: 'Délivré le', ar: 'تاريخ التسليم' },
  issuedBy: { fr: 'Délivré par', ar: 'سلمت من طرف' },
  operator: { fr: 'Partenaire de mise en œuvre', ar: 'الشريك المنفذ' },
  recordedBy: { fr: 'Enregistré par', ar: 'سجل من طرف' },
  code: { fr: 'Code de vérification', ar: 'رمز التحقق' },
  verifyAt: { fr: 'Vérifier l’authenticité :', ar: 'للتحقق من صحة الشهادة:' },
  verificationTitle: { fr: 'Vérification d’un certificat', ar: 'التحقق من شهادة' },
  genuine: {
    fr: 'Ce certificat est authentique. Voici son contenu tel que l’enregistre l’historique du programme ; un document qui en diffère n’est pas authentique.',
    ar: 'هذه الشهادة صحيحة. هذا مضمونها كما يسجله سجل البرنامج؛ كل وثيقة تخالفه غير صحيحة.',
  },
  revoked: {
    fr: 'Ce certificat a été RÉVOQUÉ : un module qu’il certifiait a été retiré par une correction de l’historique. Il ne vaut plus.',
    ar: 'تم إلغاء هذه الشهادة: سُحبت وحدة كانت تشهد بها بتصحيح في سجل البرنامج. لم تعد صالحة.',
  },
  revokedOn: { fr: 'Révoqué le', ar: 'تاريخ الإلغاء' },
  revokedRecorded: { fr: 'enregistré le', ar: 'سُجل بتاريخ' },
  reason: { fr: 'Motif', ar: 'السبب' },
  reportTitle: { fr: 'Rapport annuel de partenariat', ar: 'التقرير السنوي للشراكة' },
  asOf: { fr: 'Chiffres arrêtés au', ar: 'أرقام موقوفة بتاريخ' },
  national: { fr: 'Total national', ar: 'المجموع الوطني' },
  committed: { fr: 'Engagé (MAD)', ar: 'ملتزم به (درهم)' },
  awarded: { fr: 'Attribué (MAD)', ar: 'ممنوح (درهم)' },
  paid: { fr: 'Versé (MAD)', ar: 'مؤدى (درهم)' },
  enrolled: { fr: 'Associations bénéficiaires', ar: 'الجمعيات المستفيدة' },
  membersTrained: { fr: 'Membres formés (8 modules)', ar: 'الأعضاء المكونون (8 وحدات)' },
  trainers: { fr: 'Formateurs certifiés', ar: 'المكونون المعتمدون' },
  cascade: { fr: 'Associations atteintes (cascade)', ar: 'الجمعيات المستفيدة (التكوين المتسلسل)' },
} as const satisfies Record<string, BilingualText>;

/** The roles as documents name them: an Arabic page says who recorded a fact in Arabic, not by id. */
const ROLES = {
  ministry: { fr: 'Ministère', ar: 'الوزارة' },
  coordinator: { fr: 'Coordination régionale', ar: 'التنسيق الجهوي' },
  'committee-member': { fr: 'Membre du comité', ar: 'عضو اللجنة' },
  partner: { fr: 'Association partenaire', ar: 'الجمعية الشريكة' },
  'finance-preparer': { fr: 'Finances (préparation)', ar: 'المالية (الإعداد)' },
  'finance-approver': { fr: 'Finances (approbation)', ar: 'المالية (المصادقة)' },
  'finance-payer': { fr: 'Finances (paiement)', ar: 'المالية (الأداء)' },
  signatory: { fr: 'Signataire (wali, conseil régional)', ar: 'موقّع (الوالي، المجلس الجهوي)' },
  reader: { fr: 'Lecteur', ar: 'قارئ' },
  association: { fr: 'Association', ar: 'الجمعية' },
  system: { fr: 'Système', ar: 'النظام' },
} as const satisfies Record<Role, BilingualText>;

/**
 * A day as `YYYY-MM-DD` and, with `time`, the UTC time (digits as written in Morocco), isolated
 * left to right: after Arabic words the bidi algorithm would otherwise show 2026-01-12 as
 * 12-01-2026 and move the time before the day.
 */
const date = (instant: string, time = false): string =>
  `<span dir="ltr">${time ? `${instant.slice(0, 10)} ${instant.slice(11, 16)} UTC` : instant.slice(0, 10)}</span>`;

const regionName = (code: string | null, lang: DocumentLanguage): string => {
  const region = REGIONS.find((candidate) => candidate.code === code);
  return region === undefined ? escapeHtml(code ?? '—') : escapeHtml(region[lang]);
};

/**
 * A prefecture or province in the page's language: events record the French name (the reference
 * data's, `REGION_PROVINCES`); an Arabic page shows its Arabic name, else the recorded one.
 */
const provinceName = (province: string, lang: DocumentLanguage): string =>
  escapeHtml(lang === 'ar' ? (PROVINCE_ARABIC_NAMES[province] ?? province) : province);

/** A person as a document shows them: name (or that it was erased) and id. */
export const personLabel = (nameOf: NameOf, personId: string, lang: DocumentLanguage): string => {
  const found = nameOf(personId);
  const name =
    found.status === 'known'
      ? escapeHtml(found.name[lang])
      : `<em>${say(found.status === 'erased' ? L.erased : L.unknown, lang)}</em>`;
  return `${name} <span class="id" dir="ltr">(${escapeHtml(personId)})</span>`;
};

/** A table whose column heads are labels, said in the page's language. */
const table = (
  lang: DocumentLanguage,
  head: readonly BilingualText[],
  rows: readonly (readonly string[])[],
): string =>
  `<table><thead><tr>${head.map((label) => `<th>${say(label, lang)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((row) => `<tr>${row.map((cell) => `<td>${cell}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;

/** A section of a document: its `h2` heading in the page's language, then its content. */
const section = (heading: BilingualText, lang: DocumentLanguage, content: string): string =>
  `<h2>${say(heading, lang)}</h2>\n${content}`;

/** A section holding one table (see `section` and `table`). */
const tableSection = (
  heading: BilingualText,
  lang: DocumentLanguage,
  head: readonly BilingualText[],
  rows: readonly (readonly string[])[],
): string => section(heading, lang, table(lang, head, rows));

const sources = (eventIds: readonly string[], lang: DocumentLanguage): string =>
  `<section class="sources"><h2>${say(L.sources, lang)}</h2><p dir="ltr">${eventIds
    .map((id) => `<code>${escapeHtml(id)}</code>`)
    .join(' ')}</p></section>`;

const STYLE = `
@page { size: A4; margin: 16mm 14mm; }
body { font-family: 'Amiri', 'Noto Naskh Arabic', 'DejaVu Serif', serif; font-size: 12pt; line-height: 1.5; margin: 0 auto; max-width: 190mm; color: #111; }
header { text-align: center; border-bottom: 2px solid #1c4e80; margin-bottom: 1em; }
header .ministry { font-weight: 700; }
h1 { font-size: 18pt; color: #1c4e80; margin: .4em 0; }
h2 { font-size: 13pt; color: #1c4e80; margin: 1em 0 .3em; }
table { border-collapse: collapse; width: 100%; margin: .3em 0; font-size: 10.5pt; }
th, td { border: 1px solid #999; padding: 2px 5px; text-align: start; vertical-align: top; }
th { background: #eef3f8; }
.id, code { font-family: 'DejaVu Sans Mono', monospace; font-size: 8.5pt; color: #444; }
.sources p { word-break: break-all; line-height: 1.2; }
.certificate { border: 3px double #1c4e80; padding: 10mm; }
.code { font-size: 16pt; letter-spacing: .1em; font-family: 'DejaVu Sans Mono', monospace; }
.qr { width: 32mm; height: 32mm; float: inline-end; margin-inline-start: 6mm; }
/* A module's title on one line: a certificate's module list reads (and extracts) line by line. */
.certificate td:first-child { white-space: nowrap; }
.genuine { background: #e6f4ea; border: 1px solid #2e7d32; padding: .5em; }
.revoked { background: #fdecea; border: 2px solid #b71c1c; padding: .5em; font-weight: bold; }
/* On a screen (the verification page on a phone) the text keeps off the edges; print has @page. */
@media screen { body { padding: 0 1rem 1rem; } }
`;

const page = (lang: DocumentLanguage, title: string, body: string, options: PageOptions): string =>
  `<!doctype html><html lang="${lang}" dir="${lang === 'ar' ? 'rtl' : 'ltr'}"><head><meta charset="utf-8">` +
  `<meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title>` +
  `<style>${options.fontCss ?? ''}${STYLE}</style></head><body>` +
  `<header><div class="ministry">${say(MINISTRY, lang)}</div><div>${say(PROGRAM, lang)}</div></header>` +
  `${body}</body></html>`;

const fileName = (minutes: SelectionMinutes, applicationId: string, lang: DocumentLanguage): string => {
  const file = minutes.files.find((candidate) => candidate.applicationId === applicationId);
  return file === undefined ? escapeHtml(applicationId) : say(file.associationName, lang);
};

/** The association(s) the committee selected, with their weighted average in the minutes. */
const selection = (minutes: SelectionMinutes, lang: DocumentLanguage, withAverage: boolean): string =>
  `<p>${say(L.selectedText, lang)}</p><ul>${minutes.selected
    .map(
      (selected) =>
        `<li><strong>${say(selected.associationName, lang)}</strong>${withAverage ? ` (${selected.weightedAverage.toFixed(2)})` : ''}</li>`,
    )
    .join('')}</ul>`;

/** When the selection was published, and until when the candidates may appeal. */
const publication = (minutes: SelectionMinutes, lang: DocumentLanguage): string =>
  `<p>${say(L.published, lang)} ${date(minutes.publishedAt, true)}. ${say(L.appeal, lang)} ${date(minutes.appealWindowEndsAt, true)}.</p>`;

/** The committee's minutes (procès-verbal, محضر) of a call. */
export const minutesHtml = (
  minutes: SelectionMinutes,
  nameOf: NameOf,
  lang: DocumentLanguage,
  options: PageOptions = {},
): string => {
  const criterionIds = minutes.grid.map((criterion) => criterion.criterionId);
  const body = [
    `<h1>${say(L.minutesTitle, lang)}</h1>`,
    `<p>${say(L.call, lang)} : <strong>${say(minutes.title, lang)}</strong> <span class="id">(${escapeHtml(minutes.callId)})</span></p>`,
    `<p>${say(L.region, lang)} : ${regionName(minutes.regionCode, lang)} · ${say(L.opened, lang)} ${date(minutes.openedAt)} · ${say(L.deadline, lang)} ${date(minutes.deadline, true)}${minutes.closedAt === null ? '' : ` · ${say(L.closed, lang)} ${date(minutes.closedAt, true)}`}</p>`,
    `<h2>${say(L.members, lang)}</h2><ol>${minutes.memberIds
      .map(
        (id) =>
          `<li>${personLabel(nameOf, id, lang)}${id === minutes.chairId ? ` — ${say(L.chair, lang)}` : ''}</li>`,
      )
      .join('')}</ol><p>${say(L.quorum, lang)} : ${minutes.quorum}</p>`,
    tableSection(
      L.files,
      lang,
      [L.file, L.association, L.province, L.submitted, L.outcome],
      minutes.files.map((file) => [
        `<span class="id">${escapeHtml(file.applicationId)}</span>`,
        say(file.associationName, lang),
        provinceName(file.province, lang),
        date(file.submittedAt, true),
        `${say(L[file.outcome], lang)}${file.failedRules.map((rule) => ` — ${say(rule, lang)}`).join('')}`,
      ]),
    ),
    section(
      L.conflicts,
      lang,
      minutes.conflicts.length === 0
        ? `<p>${say(L.noConflict, lang)}</p>`
        : table(
            lang,
            [L.member, L.file, L.decision],
            minutes.conflicts.map((conflict) => [
              personLabel(nameOf, conflict.memberId, lang),
              fileName(minutes, conflict.applicationId, lang),
              `${say(L.recusal, lang)}${conflict.voidsScore ? ` (${say(L.voided, lang)})` : ''}`,
            ]),
          ),
    ),
    tableSection(
      L.grid,
      lang,
      [L.criterion, L.weight, L.max],
      minutes.grid.map((criterion) => [
        say(criterion.label, lang),
        String(criterion.weight),
        String(criterion.maxScore),
      ]),
    ),
    tableSection(
      L.scores,
      lang,
      [L.file, L.member, ...minutes.grid.map((criterion) => criterion.label), L.counted],
      minutes.sheets.map((sheet) => [
        fileName(minutes, sheet.applicationId, lang),
        personLabel(nameOf, sheet.memberId, lang),
        ...criterionIds.map((id) =>
          String(sheet.scores.find((score) => score.criterionId === id)?.score ?? '—'),
        ),
        say(sheet.counted ? L.yes : L.no, lang),
      ]),
    ),
    tableSection(
      L.ranking,
      lang,
      [L.rank, L.association, L.average],
      minutes.ranking.map((ranked) => [
        String(ranked.rank),
        say(ranked.associationName, lang),
        ranked.weightedAverage.toFixed(2),
      ]),
    ),
    `<h2>${say(L.decision, lang)}</h2>${selection(minutes, lang, true)}`,
    publication(minutes, lang),
    sources(minutes.sourceEventIds, lang),
  ].join('\n');
  return page(lang, `${say(L.minutesTitle, lang)} — ${escapeHtml(minutes.callId)}`, body, options);
};

/** The public notice of a selection: the call, the association selected, the appeal window. */
export const noticeHtml = (
  minutes: SelectionMinutes,
  lang: DocumentLanguage,
  options: PageOptions = {},
): string => {
  const body = [
    `<h1>${say(L.noticeTitle, lang)}</h1>`,
    `<p>${say(L.call, lang)} : <strong>${say(minutes.title, lang)}</strong> — ${say(L.region, lang)} : ${regionName(minutes.regionCode, lang)}</p>`,
    `<p>${say(L.files, lang)} : ${minutes.files.length}</p>`,
    selection(minutes, lang, false),
    publication(minutes, lang),
    sources(minutes.sourceEventIds, lang),
  ].join('\n');
  return page(lang, say(L.noticeTitle, lang), body, options);
};

const certificateTitle = (certificate: Certificate): BilingualText =>
  certificate.kind === 'training' ? L.trainingCertificate : L.trainerCertificate;

const certificateContent = (certificate: Certificate, nameOf: NameOf, lang: DocumentLanguage): string =>
  [
    `<p>${say(MINISTRY, lang)} ${say(L.certifies, lang)}</p>`,
    `<p>${say(L.holder, lang)} : <strong>${personLabel(nameOf, certificate.memberId, lang)}</strong></p>`,
    `<p>${say(L.association, lang)} : <strong>${certificate.association.name === null ? escapeHtml(certificate.association.associationId) : say(certificate.association.name, lang)}</strong></p>`,
    table(
      lang,
      [L.module, L.completed],
      certificate.modules.map((module) => [
        `${escapeHtml(module.code)} — ${say(module.title, lang)}`,
        date(module.completedAt),
      ]),
    ),
    `<p>${say(L.issuedAt, lang)} ${date(certificate.issuedAt)} · ${say(L.issuedBy, lang)} : ${say(MINISTRY, lang)}${certificate.operator === null ? '' : ` · ${say(L.operator, lang)} : ${say(certificate.operator, lang)}`}</p>`,
    `<p>${say(L.recordedBy, lang)} : ${say(ROLES[certificate.recordedBy.role], lang)}</p>`,
  ].join('\n');

/** What a revoked certificate says first: revoked, when (the correction's date and its recording), why. */
const revocationNotice = (certificate: Certificate, lang: DocumentLanguage): string => {
  const { revocation } = certificate;
  if (revocation === null) return '';
  return (
    `<div class="revoked" data-testid="revoked"><p>${say(L.revoked, lang)}</p>` +
    `<p>${say(L.revokedOn, lang)} ${date(revocation.revokedAt)} (${say(L.revokedRecorded, lang)} ${date(revocation.recordedAt)}) · ${escapeHtml(revocation.module)}</p>` +
    `<p>${say(L.reason, lang)} : ${say(revocation.reason, lang)}</p></div>`
  );
};

/** A training or trainer certificate, with its QR code (an SVG) and short code. */
export const certificateHtml = (
  certificate: Certificate,
  nameOf: NameOf,
  lang: DocumentLanguage,
  verification: { readonly url: string; readonly qrSvg: string },
  options: PageOptions = {},
): string => {
  const title = certificateTitle(certificate);
  const body = [
    revocationNotice(certificate, lang),
    `<div class="certificate"><div class="qr">${verification.qrSvg}</div>`,
    `<h1>${say(title, lang)}</h1>`,
    certificateContent(certificate, nameOf, lang),
    `<p>${say(L.code, lang)} : <span class="code" dir="ltr">${escapeHtml(certificate.code)}</span></p>`,
    `<p>${say(L.verifyAt, lang)} <span dir="ltr">${escapeHtml(verification.url)}</span></p></div>`,
    sources(certificate.sourceEventIds, lang),
  ].join('\n');
  return page(lang, `${say(title, lang)} ${escapeHtml(certificate.code)}`, body, options);
};

/** The public verification page of a certificate: its whole content, from the history. */
export const verificationHtml = (
  certificate: Certificate,
  nameOf: NameOf,
  lang: DocumentLanguage,
  options: PageOptions = {},
): string => {
  const title = certificateTitle(certificate);
  const other = lang === 'ar' ? 'fr' : 'ar';
  const body = [
    `<h1>${say(L.verificationTitle, lang)} <span class="code" dir="ltr">${escapeHtml(certificate.code)}</span></h1>`,
    certificate.revocation === null
      ? `<p class="genuine" data-testid="genuine">${say(L.genuine, lang)}</p>`
      : revocationNotice(certificate, lang),
    `<h2>${say(title, lang)}</h2>`,
    certificateContent(certificate, nameOf, lang),
    `<p><a href="?lang=${other}">${other === 'fr' ? 'Français' : 'العربية'}</a></p>`,
    sources(certificate.sourceEventIds, lang),
  ].join('\n');
  return page(lang, `${say(L.verificationTitle, lang)} ${escapeHtml(certificate.code)}`, body, options);
};

const mad = (centimes: number): string => (centimes / 100).toFixed(2);

/** One line of the annual report: a region (or the nation), its figures and its year's money. */
const reportRow = (label: string, { figures, year }: AnnualReport['national']): string[] => [
  label,
  String(figures.associationsEnrolled),
  String(figures.membersCompletedAxisOne),
  String(figures.trainersCertified),
  String(figures.cascadeAssociationsReached),
  mad(year.committed),
  mad(year.awarded),
  mad(year.paid),
];

/** The annual partnership report (circular 7/2003), per region and nationally. */
export const annualReportHtml = (
  report: AnnualReport,
  lang: DocumentLanguage,
  options: PageOptions = {},
): string => {
  const head = [
    L.region,
    L.enrolled,
    L.membersTrained,
    L.trainers,
    L.cascade,
    L.committed,
    L.awarded,
    L.paid,
  ];
  const national = `<strong>${say(L.national, lang)}</strong>`;
  const rows = [
    ...report.regions.map((region) => reportRow(regionName(region.regionCode, lang), region)),
    reportRow(national, report.national),
  ];
  const body = [
    `<h1>${say(L.reportTitle, lang)} ${report.year}</h1>`,
    `<p>${say(L.asOf, lang)} ${date(report.asOf, true)}</p>`,
    table(lang, head, rows),
  ].join('\n');
  return page(lang, `${say(L.reportTitle, lang)} ${report.year}`, body, options);
};
