import { describe, expect, it } from 'vitest';
import { oneTaskExecutor } from '../../support/one-task-machine.js';

// StartExecution is idempotent by name: a second start of a name finds the first execution. The
// local executor must keep that when two starts overlap (the bus's start on a rollout's opening
// event and the national wave's StartExecution task can), not only when one follows the other.

describe('the local executor starting executions', () => {
  it('runs one execution when two starts of a name overlap', async () => {
    // Prepare
    const { executor, runs } = oneTaskExecutor();
    // Act
    const starts = await Promise.all([
      executor.startExecution('one-task', 'rollout-FM-2026', {}),
      executor.startExecution('one-task', 'rollout-FM-2026', {}),
    ]);
    await executor.settle();
    // Assess
    expect(starts.map((start) => start.started)).toEqual([true, false]);
    expect(starts[1]?.executionArn).toBe(starts[0]?.executionArn);
    expect(runs).toEqual(['run']);
    expect((await executor.describe('one-task', 'rollout-FM-2026'))?.record.status).toBe('SUCCEEDED');
  });

  it('runs each name once when starts of several names overlap', async () => {
    // Prepare
    const { executor, runs } = oneTaskExecutor();
    const names = ['rollout-FM-2026', 'rollout-GON-2026', 'rollout-FM-2026', 'rollout-GON-2026'];
    // Act
    const starts = await Promise.all(names.map((name) => executor.startExecution('one-task', name, {})));
    await executor.settle();
    // Assess
    expect(starts.filter((start) => start.started)).toHaveLength(2);
    expect(runs).toHaveLength(2);
  });
});
