import type { EventStore } from '../../functions/application/ports/event-store.js';

// The given of the global order's tail tests (test/unit/functions/application/feed/tail.test.ts and
// the DynamoDB tail finder's): commits of one to three events over four streams, so that a tail
// of N events starts inside a commit as often as at its start.

const metadata = {
  actor: { id: 'user-1', role: 'ministry' as const },
  correlationId: 'c-1',
  causationId: null,
};

/**
 * Appends commits `from` … `from + commits - 1`, commit i of (i mod 3) + 1 `Counted` events, to
 * streams s-0 … s-3; `beforeEach` runs before each commit (a test moves its store's clock there).
 */
export const appendCountedCommits = async (
  store: EventStore,
  commits: number,
  options: { readonly from?: number; readonly beforeEach?: () => void } = {},
): Promise<void> => {
  const from = options.from ?? 0;
  for (let index = from; index < from + commits; index += 1) {
    options.beforeEach?.();
    await store.append({
      streamId: `s-${index % 4}`,
      expectedVersion: 'any',
      events: Array.from({ length: (index % 3) + 1 }, (_, n) => ({
        type: 'Counted',
        schemaVersion: 1,
        data: { index, n },
      })),
      metadata,
    });
  }
};
