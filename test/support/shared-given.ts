import { it } from 'vitest';

/**
 * A test function whose tests ask for `given`: a given too slow to build for each test (a whole
 * rollout, a whole demo), built once per file by the first test that asks for it, so that every
 * test still stands alone (`vitest -t` runs one, and it builds the given) and none reads state
 * another test left (docs/adr/0143-tests-stand-alone.md). Tests only read the given; a test that
 * changes the world builds its own.
 */
export const withSharedGiven = <Given>(build: () => Promise<Given>) =>
  it.extend<{ given: Given }>({
    given: [
      // biome-ignore lint/correctness/noEmptyPattern: vitest reads a fixture's dependencies from this pattern
      async ({}, use: (given: Given) => Promise<void>) => {
        await use(await build());
      },
      { scope: 'file' },
    ],
  });
