import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isDemoRequestError } from '../../../../local/demo/client.js';
import { formatFigures } from '../../../../local/demo/figures.js';
import { runDemo } from '../../../../local/demo/run.js';
import { minterOf } from '../../../../local/demo/tokens.js';
import { DevAuth } from '../../../../local/dev-auth.js';
import {
  freePort,
  readStoredHistory,
  repeated,
  type ServerProcess,
  startServerProcess,
} from '../../../support/demo-server.js';

// Kill -9 the server in the middle of the demo (axis 1, while the operator's signed reports are
// in flight), start it again on the same data folder, run the demo again: it finishes the rollout,
// and the history holds every event once. A smaller rollout (8 associations) keeps it quick; every
// step is the real one.

const ASSOCIATIONS = 8;
/** Requests sent after the enrolment closed before the crash: mid-way through axis 1. */
const REQUESTS_BEFORE_CRASH = 40;

const folders: string[] = [];
const servers: ServerProcess[] = [];

afterAll(async () => {
  for (const server of servers) await server.crash();
  for (const folder of folders) await rm(folder, { recursive: true, force: true });
});

describe('the demo when the server is killed mid-way', () => {
  it('resumes after a restart on the same data folder, with no event lost or doubled', async () => {
    // Prepare: `npm start` on a fresh data folder, tokens minted from that folder's key.
    const dataDir = await mkdtemp(join(tmpdir(), 'naseej-demo-crash-'));
    folders.push(dataDir);
    const port = await freePort();
    const first = await startServerProcess(dataDir, port);
    servers.push(first);
    const mint = minterOf(await DevAuth.create({ folder: dataDir }));
    let afterEnrolment: number | null = null;
    let crashed: Promise<void> | undefined;

    // Act: the first run dies with the server, mid-way through axis 1.
    const interrupted = await runDemo({
      url: first.url,
      mint,
      associations: ASSOCIATIONS,
      onMilestone: (milestone) => {
        if (milestone === 'enrolment-closed') afterEnrolment = 0;
      },
      onRequest: () => {
        if (afterEnrolment === null) return;
        afterEnrolment += 1;
        if (afterEnrolment === REQUESTS_BEFORE_CRASH) crashed = first.crash();
      },
    }).then(
      () => 'completed',
      (error: unknown) => error,
    );
    await crashed;
    expect(isDemoRequestError(interrupted), String(interrupted)).toBe(true);

    // Act: the same data folder, the same demo, again.
    const second = await startServerProcess(dataDir, port);
    servers.push(second);
    const outcome = await runDemo({ url: second.url, mint, associations: ASSOCIATIONS });
    await second.stop();

    // Assess: the figures match, and the history holds every event and every command once.
    expect(
      outcome.figures.filter((line) => !line.matches),
      formatFigures(outcome.figures),
    ).toEqual([]);
    const history = await readStoredHistory(dataDir);
    const positions = (events: readonly { streamId: string; version: number }[]) =>
      events.map((event) => `${event.streamId}#${event.version}`);
    expect(repeated(positions(history.events))).toEqual([]);
    // The global order delivers exactly the stored events, each once (ADR 0043: it did not).
    expect(positions(history.globalOrder).sort()).toEqual(positions(history.events).sort());
    expect(repeated(history.commandIds)).toEqual([]);
    expect(
      repeated(
        history.events.map((event) => `${event.streamId} ${event.type} ${JSON.stringify(event.data)}`),
      ),
    ).toEqual([]);
    const types = history.events.map((event) => event.type);
    expect(types.filter((type) => type === 'RolloutCompleted')).toHaveLength(1);
    expect(types.filter((type) => type === 'BeneficiaryEnrolled')).toHaveLength(ASSOCIATIONS);
  }, 900_000);
});
