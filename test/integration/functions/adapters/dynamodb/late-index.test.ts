import { describe, expect, it } from 'vitest';
import type { GlobalCheckpoint } from '../../../../../functions/application/ports/event-store.js';
import { dynaliteForTheFile } from '../../../../support/dynalite.js';
import { givenALateCommit } from '../../../../support/late-index-client.js';

// The global order on dynalite with AWS's settle bound (60 s), and an index that shows one commit
// 100 s after it was written, long after every reader's horizon passed its key.

describe('a global read on an index that shows a commit late', () => {
  const dynamo = dynaliteForTheFile();

  it('delivers the late commit once it shows, and reports it, under the 60 s settle bound', async () => {
    // Prepare: commits of streams a (at 0 s), late (at 1 s) and b (at 2 s); the index hides
    // `late` until 100 s.
    const { client, store, late, at } = await givenALateCommit(dynamo);
    let checkpoint: GlobalCheckpoint = null;
    const delivered: string[] = [];
    const readAt = async (ms: number) => {
      at(ms);
      const page = await store.readGlobal(checkpoint, { limit: 100 });
      checkpoint = page.checkpoint;
      delivered.push(...page.events.map((event) => event.streamId));
    };

    // Act: reads at 5 s, 70 s (the horizon passes the late commit's key), 100 s and 130 s.
    for (const ms of [5_000, 70_000, 100_000, 130_000]) await readAt(ms);

    // Assess
    expect(delivered).toEqual(['a', 'b', 'late']);
    expect(late).toEqual([{ key: '2026-03-01T09:00:01.000Z#late#000000000001', lateByMs: 39_000 }]);
    client.destroy();
  });
});
