import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

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
