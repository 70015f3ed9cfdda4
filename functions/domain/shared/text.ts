import * as z from 'zod';

/**
 * Text that people write and read: the names of associations, co-funders and hubs, titles,
 * labels, reasons. Every command that takes such text takes it through this module, so that one
 * rule holds everywhere:
 *
 * - it is normalised: Unicode NFC (a name typed with a combining accent and the same name typed
 *   with a precomposed one are one name) and trimmed of surrounding blanks;
 * - it holds at least one letter or digit, of any script (Arabic, Tifinagh, Latin with accents):
 *   a name of blanks or zero-width characters names nothing;
 * - it holds nothing invisible that no real name contains: control characters (C0, DEL, C1; a
 *   line feed only where the text may span lines), line and paragraph separators, private-use
 *   and lone surrogate code points, and format characters (the bidirectional controls U+202A–
 *   U+202E, U+2066–U+2069, U+200E, U+200F, U+061C, which make a name print other than it reads,
 *   zero-width spaces, word joiners, byte-order marks). The zero-width non-joiner and joiner
 *   (U+200C, U+200D) stay: Arabic-script spelling and emoji sequences use them.
 *
 * Stored events are never re-checked: these rules hold where text enters (command input), not in
 * the event schemas, which keep reading what they always read.
 */

/** Format characters a real name may hold: the zero-width non-joiner and joiner. */
const ALLOWED_FORMAT = new Set(['\u200C', '\u200D']);

const FORBIDDEN = /[\p{Cc}\p{Cf}\p{Co}\p{Cs}\p{Zl}\p{Zp}]/u;
const FORBIDDEN_ALL = /[\p{Cc}\p{Cf}\p{Co}\p{Cs}\p{Zl}\p{Zp}]/gu;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

const codePoint = (character: string): string =>
  `U+${(character.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;

/** Why a character may not stand in person-facing text, or undefined when it may. */
const whyForbidden = (character: string, multiline: boolean): string | undefined => {
  if (multiline && character === '\n') return undefined;
  if (ALLOWED_FORMAT.has(character)) return undefined;
  if (/\p{Bidi_Control}/u.test(character))
    return `holds a bidirectional control character (${codePoint(character)})`;
  if (/\p{Cc}/u.test(character)) return `holds a control character (${codePoint(character)})`;
  return `holds an invisible or unassigned character (${codePoint(character)})`;
};

/** The first reason the (normalised) text may not be stored, or undefined when it may. */
export const personTextProblem = (text: string, multiline = false): string | undefined => {
  if (FORBIDDEN.test(text)) {
    for (const [character] of text.matchAll(FORBIDDEN_ALL)) {
      const why = whyForbidden(character, multiline);
      if (why !== undefined) return why;
    }
  }
  if (!LETTER_OR_DIGIT.test(text)) return 'holds no letter or digit';
  return undefined;
};

/**
 * Person-facing text of at most `max` characters (after normalisation): NFC, trimmed, with a
 * letter or digit and no invisible character. `multiline` lets line feeds through (a reason).
 */
export const personText = ({ max, multiline = false }: { max: number; multiline?: boolean }) =>
  z
    .string()
    .normalize('NFC')
    .trim()
    .min(1, 'is empty')
    .max(max, `is longer than ${max} characters`)
    .superRefine((text, context) => {
      if (text.length === 0) return; // said once, by `min`
      const problem = personTextProblem(text, multiline);
      if (problem !== undefined) context.addIssue({ code: 'custom', message: problem, input: text });
    });

/** A name, title or label in both first-class languages, as a command takes it. */
export const BilingualInput = z.strictObject({
  fr: personText({ max: 500 }),
  ar: personText({ max: 500 }),
});

/** A reason in both languages, as a command takes it: it may span lines. */
export const BilingualReasonInput = z.strictObject({
  fr: personText({ max: 500, multiline: true }),
  ar: personText({ max: 500, multiline: true }),
});

/** A prefecture or province's name as a command takes it (deciders check it against the region). */
export const ProvinceInput = personText({ max: 100 });
