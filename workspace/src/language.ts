import type { Language } from './i18n.js';

// The language a person chose, remembered in the browser (i18n.ts stays free of browser globals,
// so that the unit tests read the messages in Node).

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
