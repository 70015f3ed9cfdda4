import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, screenshotFolder, VIEWPORTS } from '../support/e2e-browser.js';
import { type DashboardTestServer, startDashboardTestServer } from '../support/e2e-server.js';
import { FM_LAUNCH, FM_REGIONAL_AGREEMENT } from '../support/e2e-workspace.js';
import { signatureBody } from '../support/signer-capacity.js';

// The dashboard in real headless Chromium, against the embedded runtime (`npm start`) in memory:
// the API, the workflows, the projections and the dashboard on one local server. Data goes in through the HTTP API as the ministry and a coordinator would send
// it; the page is only read. Screenshots (laptop and phone, French and Arabic) go to a temporary
// folder for a person to look at; nothing compares them with a reference.

const FM = 'rollout-FM-2026';
const CS = 'rollout-CS-2026';
/** How long to wait for something the page shows on its own (a poll, a refresh); not a measure. */
const PATIENCE = { timeout: 15_000 } as const;
const bilingual = (fr: string, ar: string) => ({ fr, ar });

let server: DashboardTestServer;
let browser: Browser;
let screenshots: string;
const tokens: Record<string, string> = {};

const token = (name: string): string => {
  const value = tokens[name];
  if (value === undefined) throw new Error(`no token named ${name}`);
  return value;
};

/** A launched Fès-Meknès rollout with its targets, its regional agreement in force, and five applications to its call for beneficiaries. */
const playFesMeknesUpToApplications = async () => {
  await server.send('POST', '/rollouts', token('ministry'), FM_LAUNCH);
  // The rollout's workflow moves the phases on as the events come in, as it does in production.
  await server.waitForPhase(FM, 'regional-agreement', token('ministry'));
  await server.send('POST', `/rollouts/${FM}/agreements`, token('coordinator'), FM_REGIONAL_AGREEMENT);
  for (const [signer, role] of [
    ['ministry', 'ministry'],
    ['wali', 'wali'],
    ['council', 'regional-council'],
  ] as const) {
    await server.send(
      'POST',
      `/agreements/${FM}-regional-partnership/signatures`,
      token(signer),
      signatureBody(role),
    );
  }
  await server.waitForPhase(FM, 'call-for-interest', token('ministry'));
  const deadline = new Date(Date.now() + 30 * 24 * 3600 * 1000).toISOString();
  const call = await server.send('POST', `/rollouts/${FM}/calls`, token('ministry'), {
    purpose: 'beneficiary-associations',
    seats: 30,
    title: bilingual(
      "Appel à manifestation d'intérêt : associations bénéficiaires",
      'طلب إبداء الاهتمام: الجمعيات المستفيدة',
    ),
    deadline,
    eligibilityRules: [
      {
        ruleId: 'final-receipt',
        label: bilingual('Récépissé définitif', 'الوصل النهائي'),
        requirement: { kind: 'declared' },
      },
    ],
  });
  const callId = call.json?.callId ?? 'FM-2026-beneficiaries';
  const applicants = [
    { id: 'assoc-fes-001', province: 'Fès', eligible: true },
    { id: 'assoc-meknes-002', province: 'Meknès', eligible: true },
    { id: 'assoc-sefrou-003', province: 'Sefrou', eligible: true },
    { id: 'assoc-taza-004', province: 'Taza', eligible: true },
    { id: 'assoc-ifrane-005', province: 'Ifrane', eligible: false },
  ];
  for (const applicant of applicants) {
    await server.send('POST', `/calls/${callId}/applications`, token('coordinator'), {
      associationId: applicant.id,
      associationName: bilingual(`Association ${applicant.province}`, `جمعية ${applicant.province}`),
      province: applicant.province,
      declaredFacts: { 'final-receipt': applicant.eligible },
    });
  }
};

const cellText = (page: Page, selector: string) => async () =>
  (await page.locator(selector).textContent())?.trim();

/** Whether the page is wider than the screen (a layout that makes a phone scroll sideways). */
const overflowsSideways = async (page: Page): Promise<boolean> =>
  // A string, evaluated in the page: the tests are type-checked without the DOM's types.
  Boolean(
    await page.evaluate('document.documentElement.scrollWidth > document.documentElement.clientWidth + 1'),
  );

const shoot = async (page: Page, name: string) => {
  await page.screenshot({ path: join(screenshots, `${name}.png`), fullPage: true });
};

/** A phone page is too tall to read in one picture: one picture per part of the page. */
const shootParts = async (page: Page, name: string) => {
  await page.locator('.masthead').screenshot({ path: join(screenshots, `${name}-0-masthead.png`) });
  const parts = await page.locator('main > section').all();
  for (const [index, part] of parts.entries()) {
    await part.screenshot({
      path: join(screenshots, `${name}-${index + 1}-${await part.getAttribute('data-testid')}.png`),
    });
  }
};

const openDashboard = async (context: BrowserContext, readerToken: string): Promise<Page> => {
  const page = await context.newPage();
  await page.goto(`${server.dashboardUrl}#token=${readerToken}`);
  await page.locator('body[data-ready="true"]').waitFor(PATIENCE);
  return page;
};

beforeAll(async () => {
  server = await startDashboardTestServer();
  const principals = {
    ministry: { subject: 'minister-1', roles: ['ministry'] },
    coordinator: { subject: 'coord-fm', roles: ['coordinator'], regions: ['FM'] },
    wali: { subject: 'wali-fm', roles: ['signatory'], regions: ['FM'] },
    council: { subject: 'council-fm', roles: ['signatory'], regions: ['FM'] },
    reader: { subject: 'public-dashboard', roles: ['reader'] },
  } as const;
  for (const [name, principal] of Object.entries(principals)) tokens[name] = await server.token(principal);
  await playFesMeknesUpToApplications();
  browser = await launchChromium();
  screenshots = await screenshotFolder();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('the dashboard in Chromium', () => {
  it('calls only public routes for a visitor with no token', async () => {
    // Given a visitor with no token, whose requests are watched
    const context = await browser.newContext({ viewport: VIEWPORTS.laptop, locale: 'fr-FR' });
    const answers: string[] = [];
    context.on('response', (response) => {
      const url = new URL(response.url());
      if (!url.pathname.startsWith('/dashboard/')) answers.push(`${response.status()} ${url.pathname}`);
    });
    const page = await context.newPage();
    // When the page opens and shows the funnel
    await page.goto(server.dashboardUrl);
    await page.locator('body[data-ready="true"]').waitFor(PATIENCE);
    await expect
      .poll(cellText(page, 'tr[data-stage="applications-received"] [data-cell="actual"]'), PATIENCE)
      .toBe('5');
    // Then the feed says it needs a token, and nothing was asked of a route that needs one
    expect(await cellText(page, '#feed-note')()).toBe(
      "Le fil en direct demande un jeton d'accès (lecteur ou ministère).",
    );
    expect(answers.filter((answer) => /^40[13] /.test(answer))).toEqual([]);
    expect(answers.some((answer) => answer.endsWith('/events'))).toBe(false);
    await context.close();
  });

  it('refuses a token that is not a JWT, or has expired, and says what is wrong with it', async () => {
    // Given a visitor with no token, at the access form
    const context = await browser.newContext({ viewport: VIEWPORTS.laptop, locale: 'fr-FR' });
    const page = await context.newPage();
    await page.goto(server.dashboardUrl);
    await page.locator('body[data-ready="true"]').waitFor(PATIENCE);
    await page.locator('#access summary').click();
    const expired = [
      Buffer.from('{"alg":"ES256","typ":"JWT"}').toString('base64url'),
      Buffer.from('{"sub":"someone","exp":1767225600}').toString('base64url'),
      'c2lnbmF0dXJl',
    ].join('.');
    const cases = [
      [
        'not a token',
        'Jeton refusé : un JWT a trois parties en base64url séparées par des points ; celui-ci en a 1.',
      ],
      [
        `${Buffer.from('{"typ":"JWT"}').toString('base64url')}.e30.c2ln`,
        "Jeton refusé : sa première partie n'est pas un en-tête JSON nommant son algorithme (« alg »).",
      ],
      [expired, 'Jeton refusé : il a expiré le 01/01/2026 01:00:00. Demandez-en un nouveau.'],
    ] as const;
    for (const [given, said] of cases) {
      // When it is pasted and used
      await page.locator('#token-input').fill(given);
      await page.locator('#token-form button[type="submit"]').click();
      // Then the form says why, and no token is kept
      expect(await cellText(page, '[data-testid="token-problem"]')()).toBe(said);
      expect(await cellText(page, '#token-state')()).toBe('Aucun jeton : données publiques uniquement.');
      expect(await page.evaluate('sessionStorage.length')).toBe(0);
    }
    await context.close();
  });

  it('shows the figures in French, switches to Arabic right to left, and shows a new event live', async () => {
    // Prepare
    const context = await browser.newContext({ viewport: VIEWPORTS.laptop, locale: 'fr-FR' });
    const feedReads: URL[] = [];
    context.on('request', (request) => {
      const url = new URL(request.url());
      if (url.pathname === '/events' || url.pathname.startsWith('/streams/')) feedReads.push(url);
    });
    const page = await openDashboard(context, token('reader'));

    // Assess: French, left to right, the rollout's figures against its targets.
    expect(await page.locator('html').getAttribute('dir')).toBe('ltr');
    expect(await page.locator('html').getAttribute('lang')).toBe('fr');
    await expect
      .poll(cellText(page, 'tr[data-stage="applications-received"] [data-cell="actual"]'), PATIENCE)
      .toBe('5');
    expect(await cellText(page, 'tr[data-stage="applications-eligible"] [data-cell="actual"]')()).toBe('4');
    expect(await cellText(page, 'tr[data-stage="associations-enrolled"] [data-cell="target"]')()).toBe('30');
    expect(await cellText(page, 'tr[data-stage="members-enrolled"] [data-cell="target"]')()).toBe('120');
    // The cascade is set against the program's horizon, labelled as such, not as a target.
    expect(await cellText(page, 'tr[data-stage="cascade-associations-reached"] [data-cell="target"]')()).toBe(
      'horizon 570',
    );
    expect(await cellText(page, '[data-testid="note-horizon"]')()).toContain(
      "L'horizon n'est pas un objectif du déploiement",
    );
    expect(await cellText(page, '[data-testid="funnel-phase"]')()).toBe("Appel à manifestation d'intérêt");
    expect(await cellText(page, 'tr[data-region="FM"] [data-cell="enrolled"]')()).toBe('0 / 30');
    expect(await page.locator('tr[data-region="FM"]').getAttribute('data-status')).toBe('active');
    await expect.poll(cellText(page, '[data-testid="kpi-rollouts"] dd'), PATIENCE).toBe('1');
    await page
      .locator(`#feed li[data-event-type="RolloutLaunched"][data-stream-id="${FM}"]`)
      .waitFor(PATIENCE);
    await page.locator('.timeline__step.is-done[data-phase="regional-agreement"] .timeline__when').waitFor();
    expect(
      await cellText(page, '.timeline__step[data-phase="regional-agreement"] .timeline__when')(),
    ).toMatch(/^atteinte le /);
    // The feed starts at the end of the history, never at its beginning; the timeline reads the
    // rollout's own stream.
    const feedQueries = feedReads.filter((url) => url.pathname === '/events').map((url) => url.searchParams);
    expect(feedQueries[0]?.get('from')).toBe('latest');
    expect(feedQueries.every((query) => query.has('from') || query.has('after'))).toBe(true);
    expect(feedReads.some((url) => url.pathname === `/streams/${FM}/events`)).toBe(true);
    expect(await page.locator('[data-testid="audit-restricted"]').isVisible()).toBe(true);
    expect(await page.locator('#national-chart').boundingBox()).not.toBeNull();
    await shoot(page, 'laptop-fr');

    // Act: switch to Arabic.
    await page.locator('[data-testid="language-switch"]').click();

    // Assess: right to left, Arabic text, the same figures.
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    expect(await page.locator('html').getAttribute('lang')).toBe('ar');
    expect(await cellText(page, '#national-title')()).toBe('النظرة الوطنية');
    expect(await cellText(page, 'tr[data-region="FM"] th')()).toBe('فاس-مكناس');
    expect(await cellText(page, '[data-testid="funnel-phase"]')()).toBe('طلب إبداء الاهتمام');
    expect(await cellText(page, 'tr[data-stage="applications-received"] [data-cell="actual"]')()).toBe('5');
    const tableStart = await page.locator('[data-testid="regions-table"]').boundingBox();
    const regionCell = await page.locator('tr[data-region="FM"] th').boundingBox();
    // Right to left, a row's first cell stands at the table's right edge.
    expect(Math.round((regionCell?.x ?? 0) + (regionCell?.width ?? 0))).toBe(
      Math.round((tableStart?.x ?? 0) + (tableStart?.width ?? 0)),
    );
    await shoot(page, 'laptop-ar');

    // Act: reload. Assess: the language is remembered.
    await page.reload();
    await page.locator('body[data-ready="true"]').waitFor(PATIENCE);
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');

    // Act: the ministry launches Casablanca-Settat while the page is open.
    await server.send('POST', '/rollouts', token('ministry'), { regionCode: 'CS', edition: '2026' });

    // Assess: the event appears in the live feed, and the overview counts the new rollout.
    const launched = page.locator(`#feed li[data-event-type="RolloutLaunched"][data-stream-id="${CS}"]`);
    await launched.waitFor(PATIENCE);
    expect(await launched.locator('.feed__type').textContent()).toBe('إطلاق البرنامج في الجهة');
    expect(await launched.locator('.feed__region').textContent()).toBe('الدار البيضاء-سطات');
    await expect.poll(cellText(page, 'tr[data-region="CS"] [data-cell="enrolled"]'), PATIENCE).toBe('0 / 30');
    await context.close();
  });

  it('lays out on a phone in both languages without sideways scrolling', async () => {
    // Prepare
    const context = await browser.newContext({
      viewport: VIEWPORTS.phone,
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      locale: 'ar-MA',
    });
    const page = await openDashboard(context, token('reader'));

    // Assess: the browser's Arabic is the first choice; the figures are there; nothing overflows.
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    await expect
      .poll(cellText(page, 'tr[data-stage="applications-received"] [data-cell="actual"]'), PATIENCE)
      .toBe('5');
    expect(await overflowsSideways(page)).toBe(false);
    await shootParts(page, 'phone-ar');

    // Act
    await page.locator('[data-testid="language-switch"]').click();

    // Assess
    expect(await page.locator('html').getAttribute('dir')).toBe('ltr');
    expect(await overflowsSideways(page)).toBe(false);
    await shootParts(page, 'phone-fr');
    await context.close();
  });

  it("shows the rollout's audit trail to the ministry once its token is given", async () => {
    // Prepare
    const context = await browser.newContext({ viewport: VIEWPORTS.laptop, locale: 'fr-FR' });
    const page = await openDashboard(context, token('reader'));
    await page.locator('[data-testid="audit-restricted"]').waitFor(PATIENCE);

    // Act: paste the ministry's token in the access form.
    await page.locator('#access summary').click();
    await page.locator('#token-input').fill(token('ministry'));
    await page.locator('#token-form button[type="submit"]').click();

    // Assess: who did what, when, in French.
    const launch = page.locator('[data-testid="audit-table"] tr[data-event-type="RolloutLaunched"]');
    await launch.waitFor(PATIENCE);
    expect(await launch.textContent()).toContain('Ministère');
    expect(await launch.textContent()).toContain('minister-1');
    await page
      .locator('[data-testid="audit-table"] tr[data-event-type="AgreementInForceRecorded"]')
      .first()
      .waitFor(PATIENCE);
    await shoot(page, 'laptop-fr-ministry');
    // Why the phase moved: the condition its event records, in words (the newest move first).
    const moves = page.locator('[data-testid="audit-table"] tr[data-event-type="RolloutPhaseAdvanced"]');
    expect((await moves.first().locator('[data-cell="why"]').textContent())?.trim()).toBe(
      'convention régionale en vigueur',
    );
    await context.close();
  });
});
