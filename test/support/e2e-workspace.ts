import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, it } from 'vitest';
import { DemoClient } from '../../local/demo/client.js';
import { type DemoMilestone, type PortalPauses, playRollout } from '../../local/demo/play-rollout.js';
import { type DemoRegionPlan, regionPlan } from '../../local/demo/scenario.js';
import { type DemoTokens, minterOf, mintRegionTokens } from '../../local/demo/tokens.js';
import type { DevTokenRequest } from '../../local/dev-auth.js';
import { type Runtime, startRuntime } from '../../local/runtime.js';
import { ManualWorkflowClock } from '../../local/workflow-clock.js';
import { launchChromium } from './e2e-browser.js';
import { sendJson } from './e2e-server.js';
import { signatureBody } from './signer-capacity.js';

// Helpers of the workspace's browser tests: signing in through the dev sign-in page as a person
// would, and the accessibility check (axe-core, in the page).

const require = createRequire(import.meta.url);
/** axe-core's browser build, injected into the page under test. */
export const AXE_SCRIPT = require.resolve('axe-core/axe.min.js');

export type Language = 'fr' | 'ar';

/** How long to wait for something the page shows after a request; not a measure. */
export const PATIENCE = { timeout: 15_000 } as const;

export interface AxeFinding {
  readonly id: string;
  readonly impact: string;
  readonly nodes: readonly string[];
}

/**
 * The serious and critical accessibility violations axe-core finds on the page as it is now (WCAG
 * 2.x A and AA). Pages with a Content-Security-Policy need a context made with `bypassCSP: true`.
 */
export const seriousViolations = async (page: Page): Promise<AxeFinding[]> => {
  await page.addScriptTag({ path: AXE_SCRIPT });
  // A string, evaluated in the page: the tests are type-checked without the DOM's types.
  const findings = (await page.evaluate(`(async () => {
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
    return result.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      nodes: violation.nodes.map((node) => node.target.join(' ')),
    }));
  })()`)) as AxeFinding[];
  return findings.filter((finding) => finding.impact === 'serious' || finding.impact === 'critical');
};

export interface SignInAs {
  readonly persona: string;
  readonly subject?: string;
  readonly region?: string;
  readonly associationId?: string;
  readonly rolloutId?: string;
}

/** Opens the workspace, follows its sign-in link in `language` and signs in as `who`; waits for the workspace. */
export const signIn = async (
  page: Page,
  baseUrl: string,
  language: Language,
  who: SignInAs,
): Promise<void> => {
  await page.goto(`${baseUrl}/workspace/`);
  await page.locator('body[data-ready="true"]').waitFor(PATIENCE);
  if ((await page.locator('html').getAttribute('lang')) !== language) {
    await page.locator('.masthead button[lang]').click();
  }
  await page.locator('.masthead a.button').click();
  await page.locator('#persona').waitFor(PATIENCE);
  await page.locator('#persona').selectOption(who.persona);
  if (who.subject !== undefined) await page.locator('#subject').fill(who.subject);
  if (who.region !== undefined) await page.locator('#region').selectOption(who.region);
  if (who.associationId !== undefined) await page.locator('#associationId').fill(who.associationId);
  if (who.rolloutId !== undefined) await page.locator('#rolloutId').fill(who.rolloutId);
  await page.locator('button[type="submit"]').click();
  await page.locator('[data-testid="signed-in"]').waitFor(PATIENCE);
};

/** An answer as the browser tests read it. */
export interface Answer {
  readonly status: number;
  // biome-ignore lint/suspicious/noExplicitAny: tests read answers loosely, their schemas are checked by the routes
  readonly json: any;
}

/** The embedded runtime in memory on a manual clock (starting now), as the workspace tests drive it. */
export interface WorkspaceTestServer {
  readonly runtime: Runtime;
  readonly clock: ManualWorkflowClock;
  token(request: DevTokenRequest): Promise<string>;
  /** Sends a JSON request to the API as another person would; throws unless it answers 2xx. */
  send(method: string, path: string, token: string, body?: unknown): Promise<Answer>;
  waitForPhase(rolloutId: string, phase: string, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export const startWorkspaceTestServer = async (): Promise<WorkspaceTestServer> => {
  // Starts at the real time, so that the tokens the browser holds are not expired in its own eyes.
  const clock = new ManualWorkflowClock(Date.now());
  const runtime = await startRuntime({ inMemory: true, port: 0, quiet: true, clock });
  const ministry = await runtime.auth.mint({
    subject: 'minister-1',
    roles: ['ministry'],
    expiresInSeconds: 12 * 3600,
  });
  const send = (method: string, path: string, token: string, body?: unknown): Promise<Answer> =>
    sendJson(runtime.url, method, path, token, body);
  return {
    runtime,
    clock,
    token: (request) => runtime.auth.mint({ expiresInSeconds: 12 * 3600, ...request }),
    send,
    waitForPhase: async (rolloutId, phase, timeoutMs = 15_000) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        await runtime.drainFeed();
        const rollout = await send('GET', `/rollouts/${rolloutId}`, ministry);
        if (rollout.json.phase === phase) return;
        if (Date.now() > deadline)
          throw new Error(`${rolloutId} is in phase ${rollout.json.phase}, not ${phase}`);
        // The workflow reacts on its own thread of events: look again once it had a turn.
        await new Promise((resolve) => setImmediate(resolve));
      }
    },
    close: () => runtime.stop(),
  };
};

const bilingual = (fr: string, ar: string) => ({ fr, ar });

/** The Fès-Meknès beneficiaries' call (two seats), when the seed opens it too. */
export const BENEFICIARY_CALL = 'FM-2026-beneficiaries';
export const BENEFICIARY_APPLICANTS = [
  {
    associationId: 'assoc-sefrou-nour',
    name: bilingual('Association Nour Sefrou', 'جمعية نور صفرو'),
    province: 'Sefrou',
  },
  {
    associationId: 'assoc-taza-amal',
    name: bilingual('Association Amal Taza', 'جمعية أمل تازة'),
    province: 'Taza',
  },
  {
    associationId: 'assoc-boulemane-tichoukt',
    name: bilingual('Association Tichoukt', 'جمعية تيشوكت'),
    province: 'Boulemane',
  },
] as const;

/** The Fès-Meknès operator call's committee, as the ministry appoints it in the seed. */
export const FM_COMMITTEE = {
  rolloutId: 'rollout-FM-2026',
  callId: 'FM-2026-operator',
  memberIds: ['committee-fm-1', 'committee-fm-2', 'committee-fm-3'],
  chairId: 'committee-fm-1',
  /** The applicants whose files are eligible (a fourth is refused), in the order they applied. */
  applicants: [
    { associationId: 'assoc-amsed', name: bilingual('AMSED', 'أمسد'), province: 'Fès' },
    {
      associationId: 'assoc-atlas',
      name: bilingual('Association Atlas', 'جمعية الأطلس'),
      province: 'Ifrane',
    },
    { associationId: 'assoc-saiss', name: bilingual('Association Saïss', 'جمعية سايس'), province: 'Meknès' },
  ],
  grid: [
    { criterionId: 'experience', label: bilingual('Expérience', 'الخبرة'), weight: 3, maxScore: 20 },
    { criterionId: 'capacity', label: bilingual('Capacité', 'القدرة'), weight: 1, maxScore: 20 },
  ],
} as const;

/** The ministry's launch of the Fès-Meknès rollout (`POST /rollouts`), with its targets. */
export const FM_LAUNCH = {
  regionCode: 'FM',
  edition: '2026',
  targets: { associations: 30, membersPerAssociation: 4, trainers: 15, horizon: 600 },
} as const;

/** The coordinator's draft of its regional agreement, between the ministry, the Wali and the Regional Council. */
export const FM_REGIONAL_AGREEMENT = {
  kind: 'regional-partnership',
  title: bilingual('Convention régionale de partenariat Fès-Meknès', 'اتفاقية الشراكة الجهوية فاس-مكناس'),
  parties: [
    { partyId: 'minister-1', role: 'ministry' },
    { partyId: 'wali-fm', role: 'wali' },
    { partyId: 'council-fm', role: 'regional-council' },
  ],
} as const;

/**
 * Plays, through the API, the first steps of the Fès-Meknès rollout: the ministry launches it and
 * the coordinator draws up its regional agreement, which awaits its signatures. Answers the tokens
 * it used.
 */
export const seedRegionalAgreementDrafted = async (
  server: WorkspaceTestServer,
): Promise<{ readonly ministry: string; readonly coordinator: string }> => {
  const { rolloutId } = FM_COMMITTEE;
  const ministry = await server.token({ subject: 'minister-1', roles: ['ministry'] });
  const coordinator = await server.token({ subject: 'coord-fm', roles: ['coordinator'], regions: ['FM'] });
  await server.send('POST', '/rollouts', ministry, FM_LAUNCH);
  await server.waitForPhase(rolloutId, 'regional-agreement');
  await server.send('POST', `/rollouts/${rolloutId}/agreements`, coordinator, FM_REGIONAL_AGREEMENT);
  return { ministry, coordinator };
};

/**
 * Plays, through the API, what comes before any call of the Fès-Meknès rollout: the agreement
 * drafted (seedRegionalAgreementDrafted), the Wali, the Regional Council and the ministry sign it,
 * and the rollout reaches its call for interest. Answers the tokens it used.
 */
export const seedCallForInterest = async (
  server: WorkspaceTestServer,
): Promise<{ readonly ministry: string; readonly coordinator: string }> => {
  const { rolloutId } = FM_COMMITTEE;
  const { ministry, coordinator } = await seedRegionalAgreementDrafted(server);
  for (const [subject, role] of [
    ['wali-fm', 'wali'],
    ['council-fm', 'regional-council'],
  ] as const) {
    const signer = await server.token({ subject, roles: ['signatory'], regions: ['FM'] });
    await server.send(
      'POST',
      `/agreements/${rolloutId}-regional-partnership/signatures`,
      signer,
      signatureBody(role),
    );
  }
  await server.send(
    'POST',
    `/agreements/${rolloutId}-regional-partnership/signatures`,
    ministry,
    signatureBody('ministry'),
  );
  await server.waitForPhase(rolloutId, 'call-for-interest');
  return { ministry, coordinator };
};

/**
 * Closes a call whose deadline the clock has passed, as its coordinator. The rollout's workflow
 * waits for the operator call's deadline too and closes it then: whichever comes first closes it,
 * and the other is told it is already closed.
 */
const closePastItsDeadline = async (server: WorkspaceTestServer, callId: string, coordinator: string) => {
  try {
    await server.send('POST', `/calls/${callId}/closure`, coordinator);
  } catch (error) {
    if (!(error as Error).message.includes('"code":"CALL_ALREADY_CLOSED"')) throw error;
  }
  const call = await server.send('GET', `/calls/${callId}`, coordinator);
  if (call.json.status !== 'closed') throw new Error(`Call ${callId} is ${call.json.status}, not closed`);
};

/**
 * Plays, through the API, what other people do before a committee member's work: the ministry
 * launches the rollout, the regional agreement is drawn up and signed, the operator call is opened,
 * receives four files (one refused) and is closed at its deadline, and the ministry appoints the
 * committee. Answers the application id of each eligible applicant's file.
 */
export const seedCommitteeAppointed = async (
  server: WorkspaceTestServer,
  options: {
    readonly beneficiaryCall?: boolean;
    /** false: the calls are closed, their committees not appointed. */
    readonly appoint?: boolean;
  } = {},
): Promise<Record<string, string>> => {
  const { rolloutId, callId } = FM_COMMITTEE;
  const { ministry, coordinator } = await seedCallForInterest(server);
  // The call closes at its deadline: half a minute ahead, so that the clock moved past it stays within
  // the minute of skew the API allows between a token's iat and its own clock (claims.ts).
  const deadline = server.clock.now() + 30_000;
  await server.send('POST', `/rollouts/${rolloutId}/calls`, ministry, {
    purpose: 'regional-operator',
    title: bilingual(
      "Appel à manifestation d'intérêt : opérateur régional",
      'طلب إبداء الاهتمام: الفاعل الجهوي',
    ),
    deadline: new Date(deadline).toISOString(),
    eligibilityRules: [
      {
        ruleId: 'final-receipt',
        label: bilingual('Récépissé définitif', 'الوصل النهائي'),
        requirement: { kind: 'declared' },
      },
    ],
  });
  const files: Record<string, string> = {};
  if (options.beneficiaryCall === true) {
    await server.send('POST', `/rollouts/${rolloutId}/calls`, ministry, {
      purpose: 'beneficiary-associations',
      seats: 2,
      title: bilingual("Appel à manifestation d'intérêt : bénéficiaires", 'طلب إبداء الاهتمام: المستفيدون'),
      deadline: new Date(deadline).toISOString(),
      eligibilityRules: [],
    });
    for (const applicant of BENEFICIARY_APPLICANTS) {
      await server.send('POST', `/calls/${BENEFICIARY_CALL}/applications`, coordinator, {
        associationId: applicant.associationId,
        associationName: applicant.name,
        province: applicant.province,
        declaredFacts: {},
      });
    }
  }
  for (const applicant of [
    ...FM_COMMITTEE.applicants,
    {
      associationId: 'assoc-late-papers',
      name: bilingual('Association Zalagh', 'جمعية زلاغ'),
      province: 'Fès',
    },
  ]) {
    await server.send('POST', `/calls/${callId}/applications`, coordinator, {
      associationId: applicant.associationId,
      associationName: applicant.name,
      province: applicant.province,
      declaredFacts: { 'final-receipt': applicant.associationId !== 'assoc-late-papers' },
    });
  }
  server.clock.setTime(deadline + 1_000);
  for (const id of options.beneficiaryCall === true ? [callId, BENEFICIARY_CALL] : [callId]) {
    await closePastItsDeadline(server, id, coordinator);
    if (options.appoint === false) continue;
    await server.send('PUT', `/calls/${id}/committee`, ministry, {
      memberIds: [...FM_COMMITTEE.memberIds],
      chairId: FM_COMMITTEE.chairId,
      quorum: 2,
      scoringGrid: FM_COMMITTEE.grid,
    });
    const call = await server.send('GET', `/calls/${id}`, ministry);
    for (const application of call.json.applications)
      files[application.associationId] = application.applicationId;
  }
  return files;
};

/** The rollout state a later role's journey starts from, played by the demo's own people. */
export interface PlayedRegion {
  readonly plan: DemoRegionPlan;
  readonly tokens: DemoTokens;
}

const STOP_HERE = 'workspace seed reached its milestone';

/**
 * Plays the demo's Fès-Meknès rollout through the API (local/demo/play-rollout.ts: the steps of
 * every other role) up to `milestone`, then stops; the journey under test takes over from there.
 * With `portal`, associations of `plan` apply and appeal through their portal where the player pauses.
 */
export const playDemoUpTo = async (
  runtime: Runtime,
  milestone: DemoMilestone,
  associations = 4,
  played: { readonly plan?: DemoRegionPlan; readonly portal?: PortalPauses } = {},
): Promise<PlayedRegion> => {
  const plan = played.plan ?? regionPlan('FM', associations);
  const tokens = await mintRegionTokens(minterOf(runtime.auth), plan);
  const client = new DemoClient({ url: runtime.url, runKey: 'workspace-seed' });
  try {
    await playRollout({
      client,
      plan,
      tokens,
      callSeconds: 3,
      appealSeconds: 1,
      portal: played.portal,
      onMilestone: (reached) => {
        if (reached === milestone) throw new Error(STOP_HERE);
      },
    });
  } catch (error) {
    if ((error as Error).message !== STOP_HERE) throw error;
  }
  return { plan, tokens };
};

/** The embedded runtime in memory, the demo's rollout played up to a milestone, and Chromium. */
export interface PlayedWorkspace extends PlayedRegion {
  readonly runtime: Runtime;
  readonly browser: Browser;
  close(): Promise<void>;
}

/** Starts what a browser test of a later role needs: the runtime, the rollout up to `milestone`, Chromium. */
export const startPlayedWorkspace = async (milestone: DemoMilestone): Promise<PlayedWorkspace> => {
  const runtime = await startRuntime({ inMemory: true, port: 0, quiet: true });
  const region = await playDemoUpTo(runtime, milestone);
  const browser = await launchChromium();
  return {
    ...region,
    runtime,
    browser,
    close: async () => {
      await browser.close();
      await runtime.stop();
    },
  };
};
/** Fails clearly when a test reads what its file's set-up has not started (yet). */
const started = <T>(value: T | undefined, what: string): T => {
  if (value === undefined) throw new Error(`${what} is read before the file's set-up started it`);
  return value;
};

/**
 * One test file's world in Chromium: before its tests, `start` (the server and what it must hold
 * first) and Chromium; after them, both closed. Read `world()` and `browser()` inside the tests.
 */
const inChromium = <T>(start: () => Promise<T>, stop: (world: T) => Promise<void>, timeoutMs: number) => {
  let world: T | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    world = await start();
    browser = await launchChromium();
  }, timeoutMs);
  afterAll(async () => {
    await browser?.close();
    if (world !== undefined) await stop(world);
  });
  return {
    world: () => started(world, 'the server'),
    browser: () => started(browser, 'Chromium'),
  };
};

/** The workspace's tests in Chromium, against `baseUrl`: each signs in as a person would. */
interface SignsIn {
  readonly browser: Browser;
  /** Opens the workspace on `page` and signs in as `who` in `language` (signIn). */
  signIn(page: Page, language: Language, who: SignInAs): Promise<void>;
}

/** One test file's world: the embedded runtime on a manual clock (startWorkspaceTestServer), and Chromium. */
export interface WorkspaceInChromium extends SignsIn {
  readonly server: WorkspaceTestServer;
}

/**
 * Before the file's tests, starts the workspace test server, runs `seed` (what other people did
 * first, through the API) and launches Chromium; after them, closes both.
 */
export const workspaceInChromium = (
  seed: (server: WorkspaceTestServer) => Promise<void> = async () => undefined,
  timeoutMs = 120_000,
): WorkspaceInChromium => {
  const file = inChromium(
    async () => {
      const server = await startWorkspaceTestServer();
      await seed(server);
      return server;
    },
    (server) => server.close(),
    timeoutMs,
  );
  return {
    get server() {
      return file.world();
    },
    get browser() {
      return file.browser();
    },
    signIn: (page, language, who) => signIn(page, file.world().runtime.url, language, who),
  };
};

/** One test file's world: the demo's region played on the embedded runtime in memory, and Chromium. */
export interface DemoRegionInChromium extends SignsIn {
  readonly runtime: Runtime;
  readonly region: PlayedRegion;
  /** Sends a JSON request to the API as the holder of `token`; answers its JSON, throws unless 2xx. */
  // biome-ignore lint/suspicious/noExplicitAny: tests read answers loosely, their schemas are checked by the routes
  api(method: string, path: string, token: string, body?: unknown): Promise<any>;
}

/**
 * Before the file's tests, starts the embedded runtime in memory, plays the demo's Fès-Meknès
 * rollout up to `milestone` (playDemoUpTo), runs `then` (what else the file needs first) and
 * launches Chromium; after them, closes both.
 */
export const demoRegionInChromium = (
  milestone: DemoMilestone,
  then: (demo: Omit<DemoRegionInChromium, keyof SignsIn>) => Promise<void> = async () => undefined,
  timeoutMs = 300_000,
): DemoRegionInChromium => {
  const api = async (runtime: Runtime, method: string, path: string, token: string, body?: unknown) =>
    (await sendJson(runtime.url, method, path, token, body)).json;
  const file = inChromium(
    async () => {
      const runtime = await startRuntime({ inMemory: true, port: 0, quiet: true });
      const region = await playDemoUpTo(runtime, milestone);
      await then({
        runtime,
        region,
        api: (method, path, token, body) => api(runtime, method, path, token, body),
      });
      return { runtime, region };
    },
    ({ runtime }) => runtime.stop(),
    timeoutMs,
  );
  return {
    get runtime() {
      return file.world().runtime;
    },
    get region() {
      return file.world().region;
    },
    get browser() {
      return file.browser();
    },
    api: (method, path, token, body) => api(file.world().runtime, method, path, token, body),
    signIn: (page, language, who) => signIn(page, file.world().runtime.url, language, who),
  };
};

/**
 * The demo's region for each test that acts on it: a test declared with the answered test function
 * asks for `demo`, and gets the embedded runtime in memory with the demo's Fès-Meknès rollout
 * played up to `milestone` (playDemoUpTo) for itself alone, stopped after it; Chromium is launched
 * once for the file. What one test appends (a session reported) is never read by another
 * (docs/adr/0143-tests-stand-alone.md), at the cost of playing the region for each test.
 */
export const demoRegionForEachTest = (milestone: DemoMilestone) =>
  it.extend<{ browser: Browser; demo: DemoRegionInChromium }>({
    browser: [
      // biome-ignore lint/correctness/noEmptyPattern: vitest reads a fixture's dependencies from this pattern
      async ({}, use: (browser: Browser) => Promise<void>) => {
        const browser = await launchChromium();
        try {
          await use(browser);
        } finally {
          await browser.close();
        }
      },
      { scope: 'file' },
    ],
    demo: async ({ browser }, use) => {
      const runtime = await startRuntime({ inMemory: true, port: 0, quiet: true });
      try {
        const region = await playDemoUpTo(runtime, milestone);
        await use({
          runtime,
          region,
          browser,
          api: async (method, path, token, body) =>
            (await sendJson(runtime.url, method, path, token, body)).json,
          signIn: (page, language, who) => signIn(page, runtime.url, language, who),
        });
      } finally {
        await runtime.stop();
      }
    },
  });

/**
 * Once the rollout reached its grants phase (the workflow moves it as the feed drains), the
 * ministry (`token`) records each co-funder's commitment of the plan, so that grants may be awarded.
 */
export const openGrants = async (
  demo: Omit<DemoRegionInChromium, keyof SignsIn>,
  token: string,
): Promise<void> => {
  const { rolloutId } = demo.region.plan;
  for (let waited = 0; ; waited += 1) {
    await demo.runtime.drainFeed();
    const rollout = await demo.api('GET', `/rollouts/${rolloutId}`, token);
    if (rollout.phase === 'axis-3-grants') break;
    if (waited > 10_000) throw new Error(`the rollout stayed in ${rollout.phase}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
  for (const coFunder of demo.region.plan.coFunders) {
    await demo.api('POST', `/rollouts/${rolloutId}/co-funders/${coFunder.coFunderId}/commitments`, token, {
      name: coFunder.name,
      amount: coFunder.amount,
    });
  }
};
