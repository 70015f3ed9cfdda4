import { describe, expect } from 'vitest';
import { formatFigures } from '../../../../local/demo/figures.js';
import { runDemo } from '../../../../local/demo/run.js';
import { minterOf } from '../../../../local/demo/tokens.js';
import { inMemoryRuntimeForTheFile, readAsReader } from '../../../support/runtime-for-the-file.js';
import { countSettledEvents } from '../../../support/settled-events.js';
import { withSharedGiven } from '../../../support/shared-given.js';

// `npm run demo -- --scenario turbulent` in-process against its own in-memory runtime, with the
// real clock and the workflow moving the phases: the Fès-Meknès rollout through a paper file keyed
// in after the deadline, the operator call ended without result and relaunched, a score miskeyed
// and corrected before publication, an upheld appeal that admits a ranked association, a withdrawal
// and an exclusion each replaced from the reserve, a member replaced, an attendance corrected, a
// grant amended, a tranche returned, a payment record corrected, a tranche recovered and its grant
// cancelled, to its close. At 6 associations (the changes touch all six) to stay near a minute.
const ASSOCIATIONS = 6;

const runtime = inMemoryRuntimeForTheFile();

/** The given of both tests: the turbulent demo played once on the runtime, to the rollout's close. */
const test = withSharedGiven(() =>
  runDemo({
    url: runtime.url,
    mint: minterOf(runtime.auth),
    associations: ASSOCIATIONS,
    scenario: 'turbulent',
  }),
);

describe('the turbulent demo against its own in-memory runtime', () => {
  test('plays the rollout through its changes of course to its close, every figure at its recomputed target', async ({
    given: outcome,
  }) => {
    // Assess: every line, the changes of course among them, matches
    expect(
      outcome.figures.filter((line) => !line.matches),
      formatFigures(outcome.figures),
    ).toEqual([]);
    expect(outcome.figures.map((line) => line.figure)).toEqual(
      expect.arrayContaining([
        'paper file keyed in after the deadline, judged by its date received',
        'appeal upheld, the selection re-opened: appellant selected',
        'operator call ended without result, relaunched, closed again',
        'score corrected before publication: ranked again, file selected',
        'association withdrew, replaced from the reserve',
        'association excluded, replaced from the reserve',
        'member replaced',
        'attendance corrected: sessions attended by mem-fm-003-1',
        'grants amended (a new schedule; after a return)',
        'tranche returned (amount)',
        'payment record corrected: the transfer reference',
        'tranche recovered, grant cancelled: held (amount)',
        'grant ledger: awarded, paid',
        'open data: awarded, paid, grants cancelled',
      ]),
    );
    // The recomputed targets, literally: 6 selected + 1 admitted on appeal, one withdrew and one
    // was excluded, each replaced: 7 associations, 28 members; 7 grants of 40,000 MAD, one amended
    // to 36,000, one to 37,000 after 3,000 came back, one cancelled after its first tranche (25,000)
    // of which 5,000 were recovered: it weighs 20,000 (the payment correction and the relaunched
    // call change no figure).
    const rollout = await readAsReader(runtime, '/rollouts/rollout-FM-2026');
    expect(rollout).toMatchObject({
      status: 'closed',
      figuresAreFinal: true,
      targets: { associations: ASSOCIATIONS, membersPerAssociation: 4 },
      figures: {
        associationsEnrolled: 7,
        membersEnrolled: 28,
        associationsCompletedAxisOne: 7,
        membersCompletedAxisOne: 28,
        grantsAwarded: 7,
        grantsAwardedCentimes: 7 * 4_000_000 - 400_000 - 300_000 - 2_000_000,
        grantsPaidCentimes: 7 * 4_000_000 - 400_000 - 300_000 - 2_000_000,
      },
    });
    const certificates = outcome.documents[0]?.certificates ?? [];
    const holders = certificates
      .filter((certificate) => certificate.kind === 'training')
      .map((certificate) => certificate.memberId);
    expect(holders).toHaveLength(28);
    expect(holders).toContain('mem-fm-002-5');
    expect(holders).toContain('mem-fm-reserve-02-1');
    expect(holders).toContain('mem-fm-reserve-01-1');
    expect(holders).toContain('mem-fm-reserve-03-1');
    expect(holders).not.toContain('mem-fm-002-4');
    expect(holders).not.toContain('mem-fm-004-1');
    expect(holders).not.toContain('mem-fm-005-1');
  }, 240_000);

  test('run again, skips every change already recorded and appends nothing', async ({ given }) => {
    // Prepare: the first run (the given) has played the whole scenario
    expect(given.matches).toBe(true);
    const before = await countSettledEvents(runtime);

    // Act
    const outcome = await runDemo({
      url: runtime.url,
      mint: minterOf(runtime.auth),
      associations: ASSOCIATIONS,
      scenario: 'turbulent',
    });

    // Assess
    expect(outcome.matches).toBe(true);
    expect(await countSettledEvents(runtime)).toBe(before);
    // Its timeout covers the given (played here when this test runs alone) and the second run.
  }, 480_000);
});
