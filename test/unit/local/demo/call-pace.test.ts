import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DemoClient } from '../../../../local/demo/client.js';
import { keyInBeforeDeadline } from '../../../../local/demo/play-rollout.js';
import type { DemoTokens } from '../../../../local/demo/tokens.js';

// Weakness of session 8: the beneficiary call allowed 100 ms a file, and above 30 associations on
// a loaded machine the last files arrived after the deadline and were refused as late. The demo now
// measures its pace and, when the files left would miss the deadline, the ministry extends it by
// the real ExtendCallDeadline. The clock is the test's (fake timers): each file "takes" its time.

const OPENED = Date.parse('2026-03-02T09:00:00.000Z');

/** A client that records the commands it is given (the pacer sends only extensions). */
const recordingClient = () => {
  const sent: { step: string; path: string; body: unknown }[] = [];
  const client = {
    command: async (step: string, _method: string, path: string, _token: string, body?: unknown) => {
      sent.push({ step, path, body });
      return { status: 201, text: '', json: undefined };
    },
  } as unknown as DemoClient;
  return { client, sent };
};

const tokens = { ministry: 'ministry-token' } as DemoTokens;

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(OPENED);
});

afterEach(() => {
  vi.useRealTimers();
});

describe("a call's files keyed in before its deadline", () => {
  it('extends the deadline when the files left would miss it at the pace measured, and again when it slows', async () => {
    // Prepare: a deadline 1 s away, five files; the third takes 3 s (the machine got busy)
    const { client, sent } = recordingClient();
    const durations = [400, 400, 3_000, 400, 400];
    const keyedIn: number[] = [];

    // Act
    const deadline = await keyInBeforeDeadline(
      client,
      tokens,
      'FM:beneficiary-call',
      'FM-2026-beneficiaries',
      OPENED + 1_000,
      durations,
      async (duration) => {
        keyedIn.push(Date.now() - OPENED);
        vi.setSystemTime(Date.now() + duration);
      },
    );

    // Assess: extended before the first file, the deadline at hand (5 at 250 ms assumed: 3 × 1.25 s
    // + 2 s), then before the
    // fourth (2 left at 1,267 ms each, measured: 3 × 2.53 s + 2 s)
    expect(keyedIn).toEqual([0, 400, 800, 3_800, 4_200]);
    expect(sent.map(({ step, path }) => `${step} ${path}`)).toEqual([
      'FM:beneficiary-call:extend:2026-03-02T09:00:05.750Z /calls/FM-2026-beneficiaries/deadline-extensions',
      'FM:beneficiary-call:extend:2026-03-02T09:00:13.400Z /calls/FM-2026-beneficiaries/deadline-extensions',
    ]);
    expect(sent[1]?.body).toMatchObject({
      deadline: '2026-03-02T09:00:13.400Z',
      reason: { fr: expect.stringContaining('2 dossiers reçus restent à saisir') },
    });
    expect(new Date(deadline).toISOString()).toBe('2026-03-02T09:00:13.400Z');
  });

  it('waits for a measured pace before extending a deadline that is not at hand', async () => {
    // Prepare: 4 s for ten files of 100 ms: an assumed pace (250 ms) would have extended it
    const { client, sent } = recordingClient();

    // Act
    const deadline = await keyInBeforeDeadline(
      client,
      tokens,
      'FM:call',
      'FM-2026-operator',
      OPENED + 4_000,
      Array.from({ length: 10 }, () => 100),
      async (duration) => {
        vi.setSystemTime(Date.now() + duration);
      },
    );

    // Assess
    expect(sent).toEqual([]);
    expect(deadline).toBe(OPENED + 4_000);
  });

  it('extends nothing when the deadline leaves time enough', async () => {
    // Prepare
    const { client, sent } = recordingClient();

    // Act
    const deadline = await keyInBeforeDeadline(
      client,
      tokens,
      'FM:call',
      'FM-2026-operator',
      OPENED + 60_000,
      [100, 100, 100],
      async (duration) => {
        vi.setSystemTime(Date.now() + duration);
      },
    );

    // Assess
    expect(sent).toEqual([]);
    expect(deadline).toBe(OPENED + 60_000);
  });
});
