import { describe, expect, it } from 'vitest';
import type { RegionCode } from '../../../../../events/reference.js';
import type { RolloutEvent } from '../../../../../events/rollout/index.js';
import type { WaveStartRule } from '../../../../../events/rollout/schemas.js';
import type { StartNextWave } from '../../../../../functions/domain/national/commands.js';
import {
  nextWaveRegion,
  startedWaves,
  wavePlanDecider,
  wavePlanStreamId,
} from '../../../../../functions/domain/national/national.js';
import { fold } from '../../../../../functions/domain/shared/decider.js';
import { given } from '../../../../support/given-when-then.js';

const edition = '2026';
const byPhase: WaveStartRule = { kind: 'previous-reached-phase', phase: 'axis-1-training' };
const byMinistry: WaveStartRule = { kind: 'ministry-decision' };
const ministry = { actor: { id: 'user-ministry-1', role: 'ministry' as const } };
const system = { actor: { id: 'workflow-rollout', role: 'system' as const } };

const configured = (regions: RegionCode[], rule: WaveStartRule = byPhase): RolloutEvent => ({
  type: 'WavePlanConfigured',
  data: { edition, regions, nextWaveRule: rule },
});
const plan = configured(['FM', 'MS', 'GON', 'CS']);
const fmStarted: RolloutEvent = {
  type: 'WaveStarted',
  data: {
    edition,
    waveNumber: 1,
    regionCode: 'FM',
    rolloutId: 'rollout-FM-2026',
    trigger: 'first-wave',
    previousRolloutId: null,
    previousPhase: null,
  },
};
const start = (
  regionCode: StartNextWave['data']['regionCode'],
  facts?: StartNextWave['facts'],
): StartNextWave => ({
  type: 'StartNextWave',
  data: { regionCode },
  ...(facts ? { facts } : {}),
});

describe('configuring the wave plan', () => {
  it('records the order of regions and the rule for the next wave', () => {
    given(wavePlanDecider, [])
      .when({
        type: 'ConfigureWavePlan',
        data: { edition, regions: ['FM', 'MS', 'GON', 'CS'], nextWaveRule: byPhase },
      })
      .then([plan]);
    expect(wavePlanStreamId(edition)).toBe('national-waves-2026');
  });

  it('lets the ministry change the order of the waves not yet started', () => {
    given(wavePlanDecider, [plan, fmStarted])
      .when({
        type: 'ConfigureWavePlan',
        data: { edition, regions: ['FM', 'GON', 'MS'], nextWaveRule: byMinistry },
      })
      .then([configured(['FM', 'GON', 'MS'], byMinistry)]);
  });

  it('records nothing when the plan is unchanged', () => {
    given(wavePlanDecider, [plan])
      .when({
        type: 'ConfigureWavePlan',
        data: { edition, regions: ['FM', 'MS', 'GON', 'CS'], nextWaveRule: byPhase },
      })
      .then([]);
  });

  it('refuses an order that moves or drops a region already started', () => {
    given(wavePlanDecider, [plan, fmStarted])
      .when({ type: 'ConfigureWavePlan', data: { edition, regions: ['MS', 'FM'], nextWaveRule: byPhase } })
      .thenRefuses('WAVE_PLAN_REWRITES_STARTED_WAVES', 'conflict');
  });

  it('refuses a region listed twice, and an empty plan', () => {
    given(wavePlanDecider, [])
      .when({
        type: 'ConfigureWavePlan',
        data: { edition, regions: ['FM', 'MS', 'FM'], nextWaveRule: byPhase },
      })
      .thenRefuses('WAVE_PLAN_REGION_DUPLICATED', 'invalid');
    given(wavePlanDecider, [])
      .when({ type: 'ConfigureWavePlan', data: { edition, regions: [], nextWaveRule: byPhase } })
      .thenRefuses('WAVE_PLAN_EMPTY', 'invalid');
  });

  it("refuses another edition's plan on this stream", () => {
    given(wavePlanDecider, [plan])
      .when({ type: 'ConfigureWavePlan', data: { edition: '2030', regions: ['FM'], nextWaveRule: byPhase } })
      .thenRefuses('WAVE_PLAN_EDITION_MISMATCH', 'conflict');
  });
});

describe('starting waves', () => {
  it("starts the first region on the ministry's decision, with its rollout id", () => {
    given(wavePlanDecider, [plan]).when(start('FM'), ministry).then([fmStarted]);
  });

  it('refuses to start the first wave without the ministry', () => {
    given(wavePlanDecider, [plan])
      .when(start('FM'), system)
      .thenRefuses('WAVE_START_NEEDS_MINISTRY_DECISION', 'forbidden');
  });

  it('starts the next wave once the previous reached the phase the plan names', () => {
    given(wavePlanDecider, [plan, fmStarted])
      .when(
        start('MS', { previousWave: { rolloutId: 'rollout-FM-2026', phase: 'axis-2-trainers-and-hub' } }),
        system,
      )
      .then([
        {
          type: 'WaveStarted',
          data: {
            edition,
            waveNumber: 2,
            regionCode: 'MS',
            rolloutId: 'rollout-MS-2026',
            trigger: 'previous-reached-phase',
            previousRolloutId: 'rollout-FM-2026',
            previousPhase: 'axis-2-trainers-and-hub',
          },
        },
      ]);
  });

  it('refuses the next wave while the previous has not reached that phase, even for the ministry', () => {
    given(wavePlanDecider, [plan, fmStarted])
      .when(start('MS', { previousWave: { rolloutId: 'rollout-FM-2026', phase: 'enrolment' } }), ministry)
      .thenRefuses('PREVIOUS_WAVE_NOT_FAR_ENOUGH', 'conflict');
    given(wavePlanDecider, [plan, fmStarted])
      .when(start('MS'), system)
      .thenRefuses('PREVIOUS_WAVE_NOT_FAR_ENOUGH');
    given(wavePlanDecider, [plan, fmStarted])
      .when(start('MS', { previousWave: { rolloutId: 'rollout-FM-2026', phase: null } }), system)
      .thenRefuses('PREVIOUS_WAVE_NOT_FAR_ENOUGH');
  });

  it("refuses facts about another rollout than the previous wave's", () => {
    given(wavePlanDecider, [plan, fmStarted])
      .when(start('MS', { previousWave: { rolloutId: 'rollout-CS-2026', phase: 'closed' } }), system)
      .thenRefuses('WAVE_FACTS_MISMATCH', 'invalid');
  });

  it("under the ministry-decision rule, starts the next wave on the ministry's word alone", () => {
    given(wavePlanDecider, [configured(['FM', 'MS'], byMinistry), fmStarted])
      .when(start('MS'), ministry)
      .then([
        {
          type: 'WaveStarted',
          data: {
            edition,
            waveNumber: 2,
            regionCode: 'MS',
            rolloutId: 'rollout-MS-2026',
            trigger: 'ministry-decision',
            previousRolloutId: 'rollout-FM-2026',
            previousPhase: null,
          },
        },
      ]);
    given(wavePlanDecider, [configured(['FM', 'MS'], byMinistry), fmStarted])
      .when(start('MS', { previousWave: { rolloutId: 'rollout-FM-2026', phase: 'closed' } }), system)
      .thenRefuses('WAVE_START_NEEDS_MINISTRY_DECISION', 'forbidden');
  });

  it('starts a region once', () => {
    given(wavePlanDecider, [plan, fmStarted])
      .when(start('FM'), ministry)
      .thenRefuses('WAVE_ALREADY_STARTED', 'conflict');
  });

  it('starts regions in the order of the plan', () => {
    given(wavePlanDecider, [plan])
      .when(start('MS'), ministry)
      .thenRefuses('WAVE_NOT_NEXT_IN_PLAN', 'conflict');
  });

  it('refuses a region outside the plan', () => {
    given(wavePlanDecider, [plan])
      .when(start('DOD'), ministry)
      .thenRefuses('WAVE_REGION_NOT_IN_PLAN', 'conflict');
  });

  it('refuses to start a wave before any plan', () => {
    given(wavePlanDecider, [])
      .when(start('FM'), ministry)
      .thenRefuses('WAVE_PLAN_NOT_CONFIGURED', 'not-found');
  });
});

describe('queries', () => {
  it('tell the next region and the waves started', () => {
    expect(nextWaveRegion(fold(wavePlanDecider, []))).toBeNull();
    const state = fold(wavePlanDecider, [plan, fmStarted]);
    expect(nextWaveRegion(state)).toBe('MS');
    expect(startedWaves(state)).toEqual([{ regionCode: 'FM', rolloutId: 'rollout-FM-2026' }]);
    expect(nextWaveRegion(fold(wavePlanDecider, [configured(['FM']), fmStarted]))).toBeNull();
  });
});
