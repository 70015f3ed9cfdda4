// Languages of the dashboard: French and Arabic (right to left), their messages, the reference data
// (regions, modules, phases) and number, money and date formats per locale.

/** The languages offered, in the order of the switch. */
export const LANGUAGES = ['fr', 'ar'];

const LANGUAGE_KEY = 'naseej.dashboard.language';

/** Dates and times are shown in Morocco's time, whatever the reader's machine says. */
const TIME_ZONE = 'Africa/Casablanca';

const fetchJson = async (url) => {
  const response = await fetch(url, { cache: 'no-cache' });
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  return response.json();
};

/** Loads the messages of both languages and the reference data (served beside this file). */
export const loadTranslations = async () => {
  const [fr, ar, reference] = await Promise.all([
    fetchJson('i18n/fr.json'),
    fetchJson('i18n/ar.json'),
    fetchJson('i18n/reference.json'),
  ]);
  return { messages: { fr, ar }, reference };
};

/** The language chosen before (remembered), else the browser's when it is Arabic, else French. */
export const initialLanguage = () => {
  let remembered = null;
  try {
    remembered = localStorage.getItem(LANGUAGE_KEY);
  } catch {
    // Storage can be disabled (private mode, policies): the choice then lasts for the page only.
  }
  if (LANGUAGES.includes(remembered)) return remembered;
  return (navigator.language ?? '').toLowerCase().startsWith('ar') ? 'ar' : 'fr';
};

/** Remembers the language for the next visit. */
export const rememberLanguage = (language) => {
  try {
    localStorage.setItem(LANGUAGE_KEY, language);
  } catch {
    // See initialLanguage.
  }
};

/** A translator for one language: messages, reference names and locale formats. */
export const translator = ({ messages, reference }, language) => {
  const pack = messages[language];
  const locale = pack.locale;
  const integer = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });
  const decimal = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
  const money = new Intl.NumberFormat(locale, {
    style: 'currency',
    currency: 'MAD',
    minimumFractionDigits: 0,
    maximumFractionDigits: 2,
  });
  const day = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: TIME_ZONE });
  const moment = new Intl.DateTimeFormat(locale, {
    dateStyle: 'short',
    timeStyle: 'medium',
    timeZone: TIME_ZONE,
  });
  const clock = new Intl.DateTimeFormat(locale, { timeStyle: 'medium', timeZone: TIME_ZONE });
  const regions = new Map(reference.regions.map((region) => [region.code, region]));
  const modules = new Map(
    [...reference.trainingModules, ...reference.trainerModules].map((item) => [item.code, item]),
  );

  const fill = (text, values) =>
    text.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));

  return {
    language,
    locale,
    dir: pack.dir,
    /** A message of the interface, with `{name}` placeholders filled. */
    t: (key, values = {}) => fill(pack.ui[key] ?? key, values),
    status: (status) => pack.statuses[status] ?? status,
    phase: (phase) => (phase === null || phase === undefined ? '—' : (pack.phases[phase] ?? phase)),
    stage: (stage) => pack.stages[stage] ?? stage,
    role: (role) => pack.roles[role] ?? role,
    eventType: (type) => pack.events[type] ?? type,
    /** A reason code (condition, trigger, refusal, a decision's grounds) in words, else the code. */
    reason: (code, values = {}) => fill(pack.reasons[code] ?? code, values),
    region: (code) => regions.get(code)?.[language] ?? code ?? '—',
    module: (code) => modules.get(code)?.[language] ?? code,
    /** A prefecture or province: events record its French name; Arabic shows its Arabic name. */
    province: (name) => (language === 'ar' ? (reference.provinceArabicNames[name] ?? name) : name),
    /** A bilingual text of the data (association names, reasons) in this language. */
    bilingual: (text) =>
      text === null || text === undefined ? '' : typeof text === 'string' ? text : text[language],
    number: (value) => integer.format(value),
    percent: (ratio) => percent.format(ratio),
    decimal: (value) => decimal.format(value),
    /** Centimes of MAD, as dirhams. */
    money: (centimes) => money.format(centimes / 100),
    day: (instant) => day.format(new Date(instant)),
    moment: (instant) => moment.format(new Date(instant)),
    clock: (instant) => clock.format(new Date(instant)),
    regionCodes: reference.regions.map((region) => region.code),
    phases: reference.rolloutPhases,
  };
};
