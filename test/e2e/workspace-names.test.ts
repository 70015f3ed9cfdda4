import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VIEWPORTS } from '../support/e2e-browser.js';
import {
  FM_COMMITTEE,
  PATIENCE,
  type PlayedWorkspace,
  seriousViolations,
  signIn,
  startPlayedWorkspace,
} from '../support/e2e-workspace.js';

// People's names through the workspace's screens, in real headless Chromium
// (docs/adr/0139-names-screens.md): an association records its member's name with the member's
// consent, in French (laptop), after a missing consent refused at its box (nothing sent) and a
// consent dated tomorrow refused by the API at its date; then erases it on the member's request.
// The ministry records a committee member's name, in Arabic (phone, right to left), and the minutes
// print it. The rollout up to its enrolment is the demo's people, through the API.

const ROLLOUT = 'rollout-FM-2026';
let played: PlayedWorkspace;

const day = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

const get = async (path: string, token: string) => {
  const response = await fetch(`${played.runtime.url}${path}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  // biome-ignore lint/suspicious/noExplicitAny: tests read answers loosely, the routes check their schemas
  return { status: response.status, json: (await response.json()) as any };
};

beforeAll(async () => {
  played = await startPlayedWorkspace('enrolment-closed');
}, 300_000);

afterAll(async () => {
  await played?.close();
});

describe("people's names in the workspace", () => {
  it("an association records its member's name with their consent, then erases it, in French", async () => {
    const beneficiary = played.plan.beneficiaries[0];
    const associationId = beneficiary?.associationId as string;
    const memberId = beneficiary?.members[0]?.memberId as string;
    const namePath = `/rollouts/${ROLLOUT}/members/${memberId}/name`;
    const context = await played.browser.newContext({ viewport: VIEWPORTS.laptop, bypassCSP: true });
    const page = await context.newPage();
    const puts: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'PUT' && request.url().endsWith(namePath)) puts.push(request.url());
    });
    const id = '#member-name-record';
    const status = page.getByTestId('name-status');
    try {
      // Given the association signed in, looking up one of its members: no name yet
      await signIn(page, played.runtime.url, 'fr', { persona: 'association', associationId });
      await page.locator('#member-names-rolloutId').fill(ROLLOUT);
      await page.locator('#member-names-memberId').fill(memberId);
      await page.getByRole('button', { name: 'Consulter' }).click();
      await status.waitFor(PATIENCE);
      expect(await status.textContent()).toBe('Aucun nom n’est enregistré pour cette personne.');
      expect(await seriousViolations(page)).toEqual([]);

      // When it types the name without the member's consent: refused at the box, nothing sent
      await page.locator(`${id}-fr`).fill('Hicham Berrada');
      await page.locator(`${id}-ar`).fill('هشام برادة');
      await page.locator(`${id}-phone`).fill('+212 600 000 001');
      await page.locator(`${id}-givenOn`).fill(day(-1));
      await page.locator(`${id}-form`).selectOption('written');
      await page.getByRole('button', { name: 'Enregistrer le nom' }).click();
      await page.locator(`${id}-consent-error`).waitFor(PATIENCE);
      expect(await page.locator(`${id}-consent-error`).textContent()).toBe(
        'Le consentement de la personne est requis (loi 09-08, art. 4).',
      );
      expect(await page.locator(`${id}-consent`).getAttribute('aria-invalid')).toBe('true');
      expect(puts).toEqual([]);

      // When the consent is dated tomorrow: the API refuses it at the date
      await page.locator(`${id}-consent`).check();
      await page.locator(`${id}-givenOn`).fill(day(1));
      await page.getByRole('button', { name: 'Enregistrer le nom' }).click();
      await page.locator(`${id}-givenOn-error`).waitFor(PATIENCE);
      expect(await page.locator(`${id}-givenOn-error`).textContent()).toBe(
        'La date du consentement ne peut pas être postérieure à aujourd’hui.',
      );
      expect((await get(namePath, played.tokens.ministry)).json.code).toBe('NO_NAME_RECORDED');

      // When it dates the consent yesterday: the name is recorded, with its consent and recorder
      await page.locator(`${id}-givenOn`).fill(day(-1));
      await page.getByRole('button', { name: 'Enregistrer le nom' }).click();
      await page.locator('[data-testid="name-status"][data-status="recorded"]').waitFor(PATIENCE);
      expect(await page.getByTestId('name-fr').textContent()).toBe('Hicham Berrada');
      const recorded = await get(namePath, played.tokens.ministry);
      expect([recorded.json.displayName, recorded.json.contact, recorded.json.processing.consent]).toEqual([
        { fr: 'Hicham Berrada', ar: 'هشام برادة' },
        { phone: '+212 600 000 001' },
        { given: true, givenOn: day(-1), form: 'written' },
      ]);
      expect(recorded.json.processing.recordedBy).toEqual({
        role: 'association',
        subject: `dev-association-${associationId}`,
      });
      expect(await seriousViolations(page)).toEqual([]);

      // When the member asks for erasure: the association erases it with the reason
      await page.locator('#member-name-erase-reason').selectOption('consent-withdrawn');
      await page.getByRole('button', { name: 'Effacer définitivement' }).click();
      await page.locator('[data-testid="name-status"][data-status="erased"]').waitFor(PATIENCE);

      // Then the vault forgot the name and kept why and by whom
      const erased = await get(namePath, played.tokens.ministry);
      expect([erased.json.status, erased.json.displayName, erased.json.erasure]).toEqual([
        'erased',
        null,
        {
          reason: 'consent-withdrawn',
          erasedBy: { role: 'association', subject: `dev-association-${associationId}` },
        },
      ]);
      expect(await status.textContent()).toContain('consentement retiré');
      expect(await seriousViolations(page)).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("the ministry records a committee member's name for the minutes, in Arabic", async () => {
    const memberId = FM_COMMITTEE.chairId;
    const context = await played.browser.newContext({ viewport: VIEWPORTS.phone, bypassCSP: true });
    const page = await context.newPage();
    const id = '#committee-name-record';
    try {
      // Given the ministry signed in, choosing the operator call's chair
      await signIn(page, played.runtime.url, 'ar', { persona: 'ministry' });
      expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
      await page
        .locator('#committee-names-call option', { hasText: FM_COMMITTEE.callId })
        .waitFor({ state: 'attached', ...PATIENCE });
      await page.locator('#committee-names-call').selectOption(FM_COMMITTEE.callId);
      await page.locator('#committee-names-member').selectOption(memberId);
      await page.locator('[data-testid="name-status"][data-status="none"]').waitFor(PATIENCE);
      expect(await page.getByTestId('name-status').textContent()).toBe('لا يوجد اسم مسجل لهذا الشخص.');
      expect(await seriousViolations(page)).toEqual([]);

      // When it records the name with the member's electronic consent
      await page.locator(`${id}-fr`).fill('Samira Bennani');
      await page.locator(`${id}-ar`).fill('سميرة بناني');
      await page.locator(`${id}-consent`).check();
      await page.locator(`${id}-givenOn`).fill(day(0));
      await page.locator(`${id}-form`).selectOption('electronic');
      await page.getByRole('button', { name: 'تسجيل الاسم' }).click();

      // Then the screen shows it, the vault holds it, and the minutes print it
      await page.locator('[data-testid="name-status"][data-status="recorded"]').waitFor(PATIENCE);
      expect(await page.getByTestId('name-ar').textContent()).toBe('سميرة بناني');
      const recorded = await get(
        `/calls/${FM_COMMITTEE.callId}/committee/members/${memberId}/name`,
        played.tokens.ministry,
      );
      expect([recorded.json.processing.purpose, recorded.json.processing.consent.form]).toEqual([
        'committee-minutes',
        'electronic',
      ]);
      const minutes = await fetch(
        `${played.runtime.url}/documents/calls/${FM_COMMITTEE.callId}/minutes?lang=ar`,
      );
      expect(await minutes.text()).toContain('سميرة بناني');
      expect(await seriousViolations(page)).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
