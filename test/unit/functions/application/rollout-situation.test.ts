import { describe, expect, it } from 'vitest';
import { encodeEvent } from '../../../../events/catalog.js';
import { InMemoryEventStore } from '../../../../functions/adapters/in-memory/event-store.js';
import type { EventStore } from '../../../../functions/application/ports/event-store.js';
import { completionFacts, gatherRolloutSituation } from '../../../../functions/application/rollout-facts.js';
import { enrolmentStreamId } from '../../../../functions/domain/enrolment/enrolment.js';
import { trainingStreamId } from '../../../../functions/domain/training/training.js';

// The workflow reads a rollout's situation on every event of the rollout. In the grants phase it
// waits only for the grants to be settled: the final figures, which read every association's
// training stream (600 of them in the stress demo, on each of thousands of events), are read by
// the command that closes the rollout.

const rolloutId = 'rollout-FM-2026';
const metadata = {
  actor: { id: 'ministry-1', role: 'ministry' as const },
  correlationId: 'c',
  causationId: null,
};

const givenRolloutIn = async (phase: 'axis-1-training' | 'axis-3-grants') => {
  const store = new InMemoryEventStore();
  const append = (streamId: string, events: { type: string; data: unknown }[]) =>
    store.append({ streamId, expectedVersion: 'any', events: events.map(encodeEvent), metadata });
  await append(rolloutId, [
    {
      type: 'RolloutLaunched',
      data: {
        rolloutId,
        regionCode: 'FM',
        edition: '2026',
        targets: { associations: 2, membersPerAssociation: 4, trainers: 15, horizon: 600 },
        launchedAt: null,
        lateEntry: null,
      },
    },
    {
      type: 'RolloutPhaseAdvanced',
      data: {
        rolloutId,
        ...(phase === 'axis-3-grants'
          ? { from: 'axis-2-trainers-and-hub', to: 'axis-3-grants', condition: 'competenceHubEstablished' }
          : { from: 'enrolment', to: 'axis-1-training', condition: 'enrolmentComplete' }),
        deadline: '2026-12-31T23:59:59.000Z',
      },
    },
  ]);
  const enrolled = (associationId: string) => ({
    type: 'BeneficiaryEnrolled',
    data: {
      rolloutId,
      associationId,
      name: { fr: `Association ${associationId}`, ar: `جمعية ${associationId}` },
      province: 'Sefrou',
      memberTarget: 4,
      enrolledAt: null,
      lateEntry: null,
    },
  });
  await append(enrolmentStreamId(rolloutId), [enrolled('assoc-1'), enrolled('assoc-2')]);
  const completeAxisOne = (associationId: string) =>
    append(trainingStreamId(rolloutId, associationId), [
      {
        type: 'AxisOneCompleted',
        data: { rolloutId, associationId, memberIds: ['member-1', 'member-2'], completedOn: null },
      },
    ]);
  return { store, completeAxisOne };
};

/** The store, and the streams read through it. */
const readsOf = (store: EventStore) => {
  const read: string[] = [];
  const counting = new Proxy(store, {
    get: (target, property, receiver) =>
      property === 'readStream'
        ? (streamId: string, options?: unknown) => {
            read.push(streamId);
            return target.readStream(streamId, options as never);
          }
        : Reflect.get(target, property, receiver),
  });
  return { counting, read };
};

describe("a rollout's situation in the grants phase", () => {
  it('says whether grants are settled without reading the training streams', async () => {
    // Given a rollout in the grants phase with two associations enrolled and no grant yet
    const { counting, read } = readsOf((await givenRolloutIn('axis-3-grants')).store);

    // When the workflow reads its situation
    const situation = await gatherRolloutSituation(counting, rolloutId, '2026-10-01T09:00:00.000Z');

    // Then it knows the grants are not settled, and read no association's training stream
    expect(situation.completion).toEqual({ grantsSettled: false });
    expect(read.filter((streamId) => streamId.startsWith('training-'))).toEqual([]);
  });

  it('leaves the final figures to the command that closes the rollout', async () => {
    const { counting, read } = readsOf((await givenRolloutIn('axis-3-grants')).store);
    const facts = await completionFacts(counting, rolloutId);
    expect(facts.figures.associationsEnrolled).toBe(2);
    // Each association's training stream once, and the rollout's training plan (docs/adr/0087).
    expect(read.filter((streamId) => streamId.startsWith('training-')).sort()).toEqual([
      `training-plan-${rolloutId}`,
      `training-${rolloutId}-assoc-1`,
      `training-${rolloutId}-assoc-2`,
    ]);
  });
});

describe("a rollout's situation in the training phase", () => {
  it('reads the training stream of an association that completed axis 1 once, then no more', async () => {
    // Given a rollout in training whose first association completed axis 1
    const { store, completeAxisOne } = await givenRolloutIn('axis-1-training');
    await completeAxisOne('assoc-1');
    const { counting, read } = readsOf(store);
    const trainingReads = () => read.filter((streamId) => streamId.startsWith('training-'));
    const situation = () => gatherRolloutSituation(counting, rolloutId, '2026-10-01T09:00:00.000Z');

    // When the workflow reads its situation, then reads it again after the second one completes
    expect((await situation()).phaseFacts).toEqual({ axisOneCompleted: false });
    expect(trainingReads()).toEqual([
      trainingStreamId(rolloutId, 'assoc-1'),
      trainingStreamId(rolloutId, 'assoc-2'),
    ]);
    await completeAxisOne('assoc-2');
    read.length = 0;

    // Then the second reading only reads the association not yet seen complete
    expect((await situation()).phaseFacts).toEqual({ axisOneCompleted: true });
    expect(trainingReads()).toEqual([trainingStreamId(rolloutId, 'assoc-2')]);
  });
});
