import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RegionCode } from '../../../../../events/reference.js';
import type { RolloutEvent } from '../../../../../events/rollout/index.js';
import { ROLLOUT_PHASES, type WaveStartRule } from '../../../../../events/rollout/schemas.js';
import type { WavePlanCommand } from '../../../../../functions/domain/national/commands.js';
import { type WavePlanState, wavePlanDecider } from '../../../../../functions/domain/national/national.js';
import { phaseIndex, rolloutStreamId } from '../../../../../functions/domain/rollout/rollout.js';
import { isDomainError } from '../../../../../functions/domain/shared/errors.js';
import { testContext } from '../../../../support/given-when-then.js';

const region = fc.constantFrom(...RegionCode.options);
const phase = fc.constantFrom(...ROLLOUT_PHASES);
const rule: fc.Arbitrary<WaveStartRule> = fc.oneof(
  fc.constant({ kind: 'ministry-decision' as const }),
  phase.map((p) => ({ kind: 'previous-reached-phase' as const, phase: p })),
);
type Step = (state: WavePlanState) => { command: WavePlanCommand; role: 'ministry' | 'system' };

const configure: fc.Arbitrary<Step> = fc
  .tuple(fc.array(region, { minLength: 0, maxLength: 6 }), rule, fc.boolean())
  .map(([regions, nextWaveRule, keepStarted]) => (state) => ({
    role: 'ministry',
    command: {
      type: 'ConfigureWavePlan',
      data: {
        edition: '2026',
        // Often a valid reorder: the regions started so far first, then the drawn ones.
        regions:
          keepStarted && state.status === 'configured'
            ? [...new Set([...state.started.map((wave) => wave.regionCode), ...regions])]
            : regions,
        nextWaveRule,
      },
    },
  }));
const startNext: fc.Arbitrary<Step> = fc
  .tuple(fc.option(region, { nil: undefined }), fc.option(phase, { nil: null }), fc.boolean())
  .map(([chosen, previousPhase, byMinistry]) => (state) => {
    const next = state.status === 'configured' ? state.regions[state.started.length] : undefined;
    const previous = state.status === 'configured' ? state.started.at(-1) : undefined;
    return {
      role: byMinistry ? 'ministry' : 'system',
      command: {
        type: 'StartNextWave',
        data: { regionCode: chosen ?? next ?? 'FM' },
        ...(previous
          ? { facts: { previousWave: { rolloutId: previous.rolloutId, phase: previousPhase } } }
          : {}),
      },
    };
  });

describe('the national wave plan, under any sequence of commands', () => {
  it('starts each region once, in the order of the plan, and never rewrites a started wave', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof({ weight: 1, arbitrary: configure }, { weight: 3, arbitrary: startNext }), {
          minLength: 1,
          maxLength: 30,
          size: 'max',
        }),
        (steps) => {
          let state: WavePlanState = wavePlanDecider.initialState();
          const started: RolloutEvent[] = [];
          for (const step of steps) {
            const { command, role } = step(state);
            try {
              const events = wavePlanDecider.decide(
                command,
                state,
                testContext({ actor: { id: `user-${role}`, role } }),
              );
              for (const event of events) {
                if (event.type !== 'WaveStarted' || state.status !== 'configured') continue;
                started.push(event);
                // A wave after the first starts by the rule in force: the ministry's word, or the phase reached.
                if (event.data.waveNumber === 1 || state.nextWaveRule.kind === 'ministry-decision') {
                  expect(role).toBe('ministry');
                } else {
                  expect(phaseIndex(event.data.previousPhase ?? 'launch')).toBeGreaterThanOrEqual(
                    phaseIndex(state.nextWaveRule.phase),
                  );
                  expect(event.data.previousPhase).not.toBeNull();
                }
              }
              state = events.reduce(wavePlanDecider.evolve, state);
            } catch (error) {
              if (!isDomainError(error)) throw error;
            }
          }
          if (state.status !== 'configured') return;
          const regions = state.started.map((wave) => wave.regionCode);
          expect(new Set(regions).size).toBe(regions.length);
          expect(state.regions.slice(0, regions.length)).toEqual(regions);
          expect(new Set(state.regions).size).toBe(state.regions.length);
          started.forEach((event, index) => {
            if (event.type !== 'WaveStarted') return;
            expect(event.data.waveNumber).toBe(index + 1);
            expect(event.data.rolloutId).toBe(rolloutStreamId(event.data.regionCode, '2026'));
          });
        },
      ),
      { numRuns: 300 },
    );
  });
});
