import { describe, expect, it } from 'vitest';
import { TRAINING_MODULES } from '../../../../../events/reference.js';
import { normaliseCertificateCode } from '../../../../../functions/application/documents/certificates.js';
import {
  certificateHtml,
  escapeHtml,
  minutesHtml,
  verificationHtml,
} from '../../../../../functions/application/documents/html.js';
import {
  certificateRegistryOf,
  loadMinutes,
  namesOf,
  peopleOfMinutes,
} from '../../../../../functions/application/documents/service.js';
import {
  PROVINCE_ARABIC_NAMES,
  REGION_PROVINCES,
} from '../../../../../functions/domain/rollout/region-provinces.js';
import {
  ASSOCIATION_AR,
  CALL_ID,
  COMPLETED_MEMBER,
  CONFLICTED_MEMBER,
  documentsHistory,
  ERASED_MEMBER,
  INCOMPLETE_MEMBER,
  MEMBER_NAMES,
  ROLLOUT_ID,
} from '../../../../support/documents-history.js';

describe('the committee minutes', () => {
  it('list the members (an erased one as erased), the conflict, every score and the ranking', async () => {
    // Prepare
    const { store, vault } = await documentsHistory();

    // Act
    const minutes = await loadMinutes(store, CALL_ID);
    const nameOf = await namesOf(vault, peopleOfMinutes(minutes ?? ({} as never)));
    const fr = minutesHtml(minutes as NonNullable<typeof minutes>, nameOf, 'fr');
    const ar = minutesHtml(minutes as NonNullable<typeof minutes>, nameOf, 'ar');

    // Assess
    expect(minutes?.conflicts).toEqual([
      { callId: CALL_ID, memberId: CONFLICTED_MEMBER, applicationId: `${CALL_ID}-file-02`, voidsScore: true },
    ]);
    expect(minutes?.sheets.filter((sheet) => !sheet.counted)).toHaveLength(1);
    expect(fr).toContain(MEMBER_NAMES['committee-fm-1']?.fr);
    expect(ar).toContain(MEMBER_NAMES['committee-fm-1']?.ar);
    expect(ar).toContain('dir="rtl"');
    expect(fr).not.toContain(MEMBER_NAMES[ERASED_MEMBER]?.fr);
    expect(fr).toContain('nom effacé');
    expect(fr).toContain('Récusé');
    const ranking = fr.slice(fr.indexOf('<h2>Classement'));
    expect(ranking.indexOf('AMSED')).toBeLessThan(ranking.indexOf('candidate n° 02'));
    expect(ranking.indexOf('AMSED')).toBeGreaterThan(0);
    expect(fr).toContain('2026-03-03');
    for (const eventId of minutes?.sourceEventIds ?? []) expect(fr).toContain(eventId);
  });

  it('keep each date and time left to right inside the Arabic sentences', async () => {
    // Prepare
    const { store } = await documentsHistory();
    const minutes = await loadMinutes(store, CALL_ID);

    // Act
    const ar = minutesHtml(minutes as NonNullable<typeof minutes>, await namesOf(undefined, []), 'ar');

    // Assess: isolated, 2026-03-03 does not show as 03-03-2026 after Arabic words
    expect(ar).toContain('يمكن للمترشحين تقديم طعن إلى غاية <span dir="ltr">2026-03-03 16:00 UTC</span>');
  });

  it("name the files' provinces in Arabic in the Arabic minutes, as recorded in the French ones", async () => {
    // Given the minutes of a call whose files come from Rabat
    const { store } = await documentsHistory();
    const minutes = await loadMinutes(store, CALL_ID);
    const nameOf = await namesOf(undefined, []);
    // When they are written in both languages
    const ar = minutesHtml(minutes as NonNullable<typeof minutes>, nameOf, 'ar');
    const fr = minutesHtml(minutes as NonNullable<typeof minutes>, nameOf, 'fr');
    // Then the Arabic files table names each province in Arabic, and no Latin name is left in it
    const files = (html: string) => html.slice(html.indexOf('<h2>'), html.indexOf('</table>'));
    expect(files(ar)).toContain('<td>الرباط</td>');
    expect(files(ar)).not.toContain('<td>Rabat</td>');
    expect(files(fr)).toContain('<td>Rabat</td>');
  });

  it('do not exist before the selection is published', async () => {
    // Prepare
    const { store } = await documentsHistory();

    // Act
    const minutes = await loadMinutes(store, 'call-that-never-was');

    // Assess
    expect(minutes).toBeUndefined();
  });
});

describe('certificates', () => {
  it('are issued to a member who completed the eight modules, and to a certified trainer', async () => {
    // Prepare
    const { store } = await documentsHistory();

    // Act
    const registry = await certificateRegistryOf(store);

    // Assess
    const training = registry.ofMember(ROLLOUT_ID, COMPLETED_MEMBER, 'training');
    expect(training?.modules.map((module) => module.code)).toEqual(
      TRAINING_MODULES.map((module) => module.code),
    );
    expect(training?.association.name?.ar).toBe(ASSOCIATION_AR);
    expect(training?.operator?.fr).toContain('AMSED');
    // The code is 50 bits of SHA-256 over the kind and the anchor event's id, written out here.
    expect(training?.anchorEventId).toBe('documents-event-41');
    expect(training?.code).toBe('X6XY9-3XDWS');
    expect(registry.ofMember(ROLLOUT_ID, COMPLETED_MEMBER, 'trainer')?.modules).toHaveLength(11);
    expect(registry.ofRollout(ROLLOUT_ID)).toHaveLength(2);
  });

  it('are refused to a member who completed seven modules', async () => {
    // Prepare
    const { store } = await documentsHistory();

    // Act
    const registry = await certificateRegistryOf(store);

    // Assess
    expect(registry.ofMember(ROLLOUT_ID, INCOMPLETE_MEMBER, 'training')).toBeUndefined();
    expect(registry.ofMember(ROLLOUT_ID, INCOMPLETE_MEMBER, 'trainer')).toBeUndefined();
  });

  it('are found by their short code however it is typed', async () => {
    // Prepare
    const { store } = await documentsHistory();
    const registry = await certificateRegistryOf(store);
    const certificate = registry.ofMember(ROLLOUT_ID, COMPLETED_MEMBER, 'training');
    const typed = (certificate?.code ?? '').toLowerCase().replace('-', ' ');

    // Act
    const found = registry.byCode(typed);

    // Assess
    expect(certificate?.code).toMatch(/^[0-9A-Z]{5}-[0-9A-Z]{5}$/);
    expect(found?.anchorEventId).toBe(certificate?.anchorEventId);
    expect(normaliseCertificateCode('not a code')).toBeUndefined();
  });

  it('show the certified content on the verification page and the certificate', async () => {
    // Prepare
    const { store, vault } = await documentsHistory();
    const certificate = (await certificateRegistryOf(store)).ofMember(
      ROLLOUT_ID,
      COMPLETED_MEMBER,
      'training',
    );
    const nameOf = await namesOf(vault, [COMPLETED_MEMBER]);

    // Act
    const page = verificationHtml(certificate as NonNullable<typeof certificate>, nameOf, 'ar');
    const document = certificateHtml(certificate as NonNullable<typeof certificate>, nameOf, 'fr', {
      url: 'https://naseej.example/certificates/X',
      qrSvg: '<svg></svg>',
    });

    // Assess
    expect(page).toContain(MEMBER_NAMES[COMPLETED_MEMBER]?.ar);
    expect(page).toContain(ASSOCIATION_AR);
    for (const module of TRAINING_MODULES) expect(page).toContain(module.ar);
    expect(document).toContain(certificate?.code);
    expect(document).toContain('https://naseej.example/certificates/X');
    // Who recorded the completions is said by role, in the page's language, never by actor id
    expect(page).toContain('سجل من طرف : الجمعية الشريكة</p>');
    expect(document).toContain('Enregistré par : Association partenaire</p>');
    expect(page).not.toContain('partner-amsed');
    expect(document).not.toContain('partner-amsed');
  });
});

describe('the reference data documents print', () => {
  it('names every prefecture and province of the twelve regions in Arabic', () => {
    // Given the 75 prefectures and provinces requests name
    const provinces = Object.values(REGION_PROVINCES).flat();
    // Then each has an Arabic name, written in Arabic letters
    expect(provinces).toHaveLength(75);
    expect(
      provinces.filter((province) => !/[\u0600-\u06FF]/.test(PROVINCE_ARABIC_NAMES[province] ?? '')),
    ).toEqual([]);
  });
});

describe('escaping', () => {
  it('escapes every character that could open markup', () => {
    expect(escapeHtml(`<script>"x" & 'y'</script>`)).toBe(
      '&lt;script&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/script&gt;',
    );
  });
});
