import { describe, expect, it } from 'vitest';
import { isCheckpointConflictError } from '../../functions/application/bus/errors.js';
import type { CheckpointStore } from '../../local/bus/checkpoints.js';

/** The contract every CheckpointStore adapter passes; `makeStore` gives a fresh, empty store. */
export const describeCheckpointStoreContract = (
  name: string,
  makeStore: () => Promise<CheckpointStore>,
): void => {
  describe(`${name} (checkpoint store contract)`, () => {
    it('starts a new consumer from the beginning', async () => {
      const store = await makeStore();
      expect(await store.load('projections')).toEqual({ checkpoint: null, revision: 0 });
    });

    it('keeps what was saved, with the next revision', async () => {
      // Prepare
      const store = await makeStore();
      // Act
      const first = await store.save('projections', 'position-1', 0);
      const second = await store.save('projections', 'position-2', first.revision);
      // Assess
      expect(second).toEqual({ checkpoint: 'position-2', revision: 2 });
      expect(await store.load('projections')).toEqual({ checkpoint: 'position-2', revision: 2 });
    });

    it('keeps consumers apart', async () => {
      const store = await makeStore();
      await store.save('projections', 'position-1', 0);
      expect(await store.load('local-bus')).toEqual({ checkpoint: null, revision: 0 });
    });

    it('refuses a save from a poller that read an older revision, so nothing moves backwards', async () => {
      // Prepare: two pollers read revision 1; the fast one moves on to position-9
      const store = await makeStore();
      await store.save('local-bus', 'position-1', 0);
      const seenBySlow = await store.load('local-bus');
      await store.save('local-bus', 'position-9', seenBySlow.revision);
      // Act
      const slowSave = store.save('local-bus', 'position-2', seenBySlow.revision);
      // Assess
      await expect(slowSave).rejects.toSatisfy(isCheckpointConflictError);
      expect(await store.load('local-bus')).toEqual({ checkpoint: 'position-9', revision: 2 });
    });

    it('lets exactly one of two first saves win', async () => {
      // Prepare
      const store = await makeStore();
      // Act
      const results = await Promise.allSettled([store.save('c', 'a', 0), store.save('c', 'b', 0)]);
      // Assess
      expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
      const refused = results.find((result) => result.status === 'rejected');
      expect(isCheckpointConflictError(refused?.reason)).toBe(true);
    });

    it('can store the start of the order (null) as a position', async () => {
      const store = await makeStore();
      await store.save('c', null, 0);
      expect(await store.load('c')).toEqual({ checkpoint: null, revision: 1 });
    });
  });
};
