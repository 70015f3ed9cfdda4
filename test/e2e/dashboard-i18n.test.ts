import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalog } from '../../events/catalog.js';
import { Role } from '../../events/envelope.js';
import { REGIONS, TRAINER_MODULES, TRAINING_MODULES } from '../../events/reference.js';
import { ROLLOUT_PHASES } from '../../events/rollout/schemas.js';
import { funnelStages, initialFunnel } from '../../functions/application/projections/funnel.js';
import { PROVINCE_ARABIC_NAMES } from '../../functions/domain/rollout/region-provinces.js';
import { DASHBOARD_FOLDER } from '../support/e2e-server.js';

// The dashboard is plain files with no build step, so it carries its own copy of the reference data
// and its messages in both languages. These tests keep them in step with the code: no browser needed.

type Messages = Record<string, string | Record<string, string>>;

const readJson = async (name: string) =>
  JSON.parse(await readFile(join(DASHBOARD_FOLDER, 'i18n', name), 'utf8'));
const sectionsOf = (messages: Messages) =>
  Object.entries(messages).filter(
    (entry): entry is [string, Record<string, string>] => typeof entry[1] === 'object',
  );
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((found) => found[1]).sort();
const ARABIC_LETTER = /[\u0600-\u06FF]/;

describe("the dashboard's reference data and messages", () => {
  it('copies the regions, modules, phases and Arabic province names of the code exactly', async () => {
    // Act
    const reference = await readJson('reference.json');

    // Assess
    expect(reference).toEqual({
      regions: REGIONS,
      trainingModules: TRAINING_MODULES,
      trainerModules: TRAINER_MODULES,
      rolloutPhases: ROLLOUT_PHASES,
      provinceArabicNames: PROVINCE_ARABIC_NAMES,
    });
  });

  it('names every phase, funnel stage, status, role and event type in French and in Arabic', async () => {
    // Prepare
    const stages = funnelStages(initialFunnel('rollout-FM-2026')).map((stage) => stage.stage);
    const expected = {
      phases: [...ROLLOUT_PHASES],
      stages,
      statuses: ['not-launched', 'active', 'closed', 'cancelled'],
      roles: [...Role.options],
      events: catalog.map((family) => family.type),
    };

    for (const language of ['fr', 'ar']) {
      // Act
      const messages: Messages = await readJson(`${language}.json`);

      // Assess
      for (const [section, keys] of Object.entries(expected)) {
        expect(
          Object.keys(messages[section] as Record<string, string>).sort(),
          `${language} ${section}`,
        ).toEqual([...keys].sort());
      }
    }
  });

  it('says the same things in both languages: same keys, same placeholders, Arabic written in Arabic', async () => {
    // Act
    const fr: Messages = await readJson('fr.json');
    const ar: Messages = await readJson('ar.json');

    // Assess
    expect([fr.lang, fr.dir, ar.lang, ar.dir]).toEqual(['fr', 'ltr', 'ar', 'rtl']);
    for (const [section, frTexts] of sectionsOf(fr)) {
      const arTexts = ar[section] as Record<string, string>;
      expect(Object.keys(arTexts).sort(), section).toEqual(Object.keys(frTexts).sort());
      for (const [key, frText] of Object.entries(frTexts)) {
        const arText = arTexts[key] as string;
        expect(frText.length, `fr ${section}.${key}`).toBeGreaterThan(0);
        expect(placeholders(arText), `${section}.${key}`).toEqual(placeholders(frText));
        // The language switch names the other language, in that language.
        if (key === 'switchLanguage' || key === 'noTarget') continue;
        expect(arText, `ar ${section}.${key}`).toMatch(ARABIC_LETTER);
      }
    }
  });
});
