import { describe, expect } from 'vitest';
import { escapeHtml } from '../../../../functions/application/documents/html.js';
import type { DemoCertificate } from '../../../../local/demo/documents.js';
import { formatFigures } from '../../../../local/demo/figures.js';
import { runDemo } from '../../../../local/demo/run.js';
import { minterOf } from '../../../../local/demo/tokens.js';
import { inMemoryRuntimeForTheFile, readAsReader } from '../../../support/runtime-for-the-file.js';
import { countSettledEvents } from '../../../support/settled-events.js';
import { withSharedGiven } from '../../../support/shared-given.js';

// `npm run demo` in-process against its own in-memory runtime, with the real clock: the whole
// Fès-Meknès rollout through the HTTP API and signed webhooks, the workflow moving the phases.
// Every step of the 30-association run, at 8 associations to keep `npm test` short; `.ci/run`
// plays the full-size `npm run demo` (30 × 4, 15 trainers) as a user would.
const ASSOCIATIONS = 8;
/** Trainers certified in the plan: up to 15, three candidates per association. */
const TRAINERS = 15;

const runtime = inMemoryRuntimeForTheFile();

/** The given of both tests: the demo played once on the runtime, to the rollout's close. */
const test = withSharedGiven(() =>
  runDemo({ url: runtime.url, mint: minterOf(runtime.auth), associations: ASSOCIATIONS }),
);

describe('the demo against its own in-memory runtime', () => {
  test('plays the Fès-Meknès rollout to its close, with figures that match the targets', async ({
    given: outcome,
  }) => {
    // Assess
    expect(
      outcome.figures.filter((line) => !line.matches),
      formatFigures(outcome.figures),
    ).toEqual([]);
    const rollout = await readAsReader(runtime, '/rollouts/rollout-FM-2026');
    expect(rollout).toMatchObject({
      status: 'closed',
      figuresAreFinal: true,
      targets: { associations: ASSOCIATIONS, membersPerAssociation: 4, trainers: 15 },
      figures: {
        associationsEnrolled: ASSOCIATIONS,
        membersEnrolled: ASSOCIATIONS * 4,
        associationsCompletedAxisOne: ASSOCIATIONS,
        membersCompletedAxisOne: ASSOCIATIONS * 4,
        trainersCertified: 15,
        grantsAwarded: ASSOCIATIONS,
        grantsAwardedCentimes: ASSOCIATIONS * 4_000_000,
        grantsPaidCentimes: ASSOCIATIONS * 4_000_000,
      },
    });
    expect(rollout.figures.cascadeAssociationsReached).toBeGreaterThan(0);

    // Assess: the documents the run produced, through the API
    const [plan] = outcome.plans;
    const [documents] = outcome.documents;
    expect(
      documents?.pages.map(({ document, lang, status }) => `${document} ${lang} ${status}`).sort(),
    ).toEqual(['minutes ar 200', 'minutes fr 200', 'notice ar 200', 'notice fr 200']);
    for (const page of documents?.pages ?? []) {
      expect(page.html, page.path).toContain(`lang="${page.lang}"`);
      expect(page.html, page.path).toContain(escapeHtml(plan?.operator.name[page.lang]));
    }
    const certificates = documents?.certificates ?? [];
    const training = certificates.filter((certificate) => certificate.kind === 'training');
    const trainers = certificates.filter((certificate) => certificate.kind === 'trainer');
    expect(new Set(training.map((certificate) => certificate.memberId)).size).toBe(ASSOCIATIONS * 4);
    expect(training).toHaveLength(ASSOCIATIONS * 4);
    expect(trainers).toHaveLength(TRAINERS);
    const associationOf = (certificate: DemoCertificate) =>
      plan?.beneficiaries.find((beneficiary) => beneficiary.associationId === certificate.associationId);
    for (const certificate of certificates) {
      expect(associationOf(certificate)?.members.map((member) => member.memberId)).toContain(
        certificate.memberId,
      );
    }
    // A sample of the public verification pages (all of them would only repeat the same route).
    const sample = [training[1], training[ASSOCIATIONS * 2], training.at(-2), trainers[0], trainers.at(-1)];
    for (const certificate of sample as DemoCertificate[]) {
      const page = await fetch(`${runtime.url}/certificates/${certificate.code}?lang=fr`);
      expect(page.status, certificate.code).toBe(200);
      const html = await page.text();
      expect(html).toContain(certificate.code);
      expect(html).toContain(escapeHtml(associationOf(certificate)?.name.fr));
    }
  }, 900_000);

  test('run again, skips what is done and appends nothing', async ({ given: _played }) => {
    // Prepare: the demo played once (the given)
    const before = await countSettledEvents(runtime);

    // Act
    const outcome = await runDemo({
      url: runtime.url,
      mint: minterOf(runtime.auth),
      associations: ASSOCIATIONS,
    });

    // Assess
    expect(outcome.matches).toBe(true);
    expect(await countSettledEvents(runtime)).toBe(before);
    // Its timeout covers the given (played here when this test runs alone) and the second run.
  }, 1_200_000);
});
