import { describe, expect, it } from 'vitest';
import { formatFigures } from '../../../../local/demo/figures.js';
import { runDemo } from '../../../../local/demo/run.js';
import { minterOf } from '../../../../local/demo/tokens.js';
import { inMemoryRuntimeForTheFile, readAsReader } from '../../../support/runtime-for-the-file.js';

// `npm run demo -- --scenario turbulent` in-process against its own in-memory runtime, with the
// real clock and the workflow moving the phases: the Fès-Meknès rollout through a paper file keyed
// in after the deadline, an upheld appeal that admits a ranked association, a withdrawal replaced
// from the reserve, a member replaced, an attendance corrected, a grant amended and a tranche
// returned, to its close. At 6 associations (the changes touch five) to stay near a minute.
const ASSOCIATIONS = 6;

const runtime = inMemoryRuntimeForTheFile();

describe('the turbulent demo against its own in-memory runtime', () => {
  it('plays the rollout through its changes of course to its close, every figure at its recomputed target', async () => {
    // Act
    const outcome = await runDemo({
      url: runtime.url,
      mint: minterOf(runtime.auth),
      associations: ASSOCIATIONS,
      scenario: 'turbulent',
    });

    // Assess: every line, the changes of course among them, matches
    expect(
      outcome.figures.filter((line) => !line.matches),
      formatFigures(outcome.figures),
    ).toEqual([]);
    expect(outcome.figures.map((line) => line.figure)).toEqual(
      expect.arrayContaining([
        'paper file keyed in after the deadline, judged by its date received',
        'appeal upheld, the selection re-opened: appellant selected',
        'association withdrew, replaced from the reserve',
        'member replaced',
        'attendance corrected: sessions attended by mem-fm-003-1',
        'grants amended (a new schedule; after a return)',
        'tranche returned (amount)',
      ]),
    );
    // The recomputed targets, literally: 6 selected + 1 admitted on appeal, one withdrew and was
    // replaced: 7 associations, 28 members; 7 grants of 40,000 MAD, one amended to 36,000, one to
    // 37,000 after 3,000 came back.
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
        grantsAwardedCentimes: 7 * 4_000_000 - 400_000 - 300_000,
        grantsPaidCentimes: 7 * 4_000_000 - 400_000 - 300_000,
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
    expect(holders).not.toContain('mem-fm-002-4');
    expect(holders).not.toContain('mem-fm-004-1');
  }, 240_000);
});
