import { describe, expect, it } from 'vitest';
import { generationName, generationOf, generationStep } from '../../../workflows/generations.js';
import { subjectOfExecution } from '../../../workflows/recovery.js';

// A workflow's generations (docs/adr/0031-workflow-generations.md): names, and when an execution
// carries on, continues as its next generation, or ends as superseded.

const START = '2026-03-01T09:00:00.000Z';
const days = (count: number) => new Date(Date.parse(START) + count * 86_400_000).toISOString();

describe('workflow generations', () => {
  it('names generation 0 after its subject and the next ones <subject>-g<n>, and reads them back', () => {
    // Act, Assess
    expect([0, 1, 12].map((n) => generationName('rollout-FM-2026', n))).toEqual([
      'rollout-FM-2026',
      'rollout-FM-2026-g1',
      'rollout-FM-2026-g12',
    ]);
    expect(generationOf('rollout-FM-2026', 'rollout-FM-2026-g12')).toBe(12);
    expect(generationOf('rollout-FM-2026', 'rollout-FM-2026')).toBe(0);
    expect(generationOf('rollout-FM-2026', 'rollout-FM-2026-g0')).toBeUndefined();
    expect(generationOf('rollout-FM-2026', 'rollout-GON-2026-g1')).toBeUndefined();
    expect(subjectOfExecution('rollout-FM-2026-g3')).toBe('rollout-FM-2026');
  });

  it('carries on before 300 days, with the seconds left; continues from day 300; ends when superseded', () => {
    // Prepare
    const of = (now: string, latestGeneration: number, executionName = 'rollout-FM-2026-g2') =>
      generationStep({
        subjectId: 'rollout-FM-2026',
        executionName,
        executionStartTime: START,
        latestGeneration,
        now,
      });
    // Act, Assess
    expect(of(days(299), 2)).toEqual({ step: 'carry-on', generation: 2, secondsLeft: 86_400 });
    expect(of(days(300), 2).step).toBe('continue');
    expect(of(days(1), 3).step).toBe('superseded');
    expect(of(days(1), 1).step).toBe('carry-on');
    expect(
      generationStep({
        subjectId: 'call-cc',
        executionName: 'call-cc',
        executionStartTime: START,
        latestGeneration: 0,
        now: days(240),
        continueAfterDays: 240,
      }).step,
    ).toBe('continue');
  });
});
