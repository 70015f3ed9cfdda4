import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { ROLLOUT_PHASES } from '../../../../events/rollout/schemas.js';
import { MESSAGES, phaseName, translator } from '../../../../workspace/src/i18n.js';

// The workspace's messages (workspace/src/i18n.ts): both languages say the same things with the
// same placeholders, Arabic in Arabic letters, and the phases as the public dashboard names them.

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((found) => found[1]).sort();
const ARABIC_LETTER = /[\u0600-\u06FF]/;

describe("the workspace's messages", () => {
  it('give every French message an Arabic one with the same placeholders, written in Arabic', () => {
    for (const [key, french] of Object.entries(MESSAGES.fr)) {
      const arabic = MESSAGES.ar[key as keyof typeof MESSAGES.ar];
      expect(placeholders(arabic), key).toEqual(placeholders(french));
      if (key !== 'app.otherLanguage') expect(ARABIC_LETTER.test(arabic), key).toBe(true);
    }
    expect(MESSAGES.ar['app.otherLanguage']).toBe('Français');
    expect(MESSAGES.fr['app.otherLanguage']).toBe('العربية');
  });

  it('name each rollout phase exactly as the public dashboard does', async () => {
    for (const language of ['fr', 'ar'] as const) {
      const dashboard = JSON.parse(
        await readFile(new URL(`../../../../dashboard/i18n/${language}.json`, import.meta.url), 'utf8'),
      ) as { phases: Record<string, string> };
      for (const phase of ROLLOUT_PHASES)
        expect(phaseName(language, phase), phase).toBe(dashboard.phases[phase]);
    }
  });

  it('fill placeholders, numbers included, and leave an unknown one visible', () => {
    const t = translator('fr');
    expect(t('coordinator.enrolled', { count: 3, target: 30 })).toBe('3 association(s) inscrite(s) sur 30');
    expect(t('problem.SCORE_OUT_OF_RANGE')).toBe('La note doit être entre 0 et {maxScore}.');
    expect(translator('ar')('problem.SCORE_OUT_OF_RANGE', { maxScore: 20 })).toBe(
      'يجب أن تكون النقطة بين 0 و20.',
    );
  });
});
