import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dynaliteClient } from '../../../local/dynalite/server.js';
import { RememberedTaskTokens } from '../../../local/task-token-memory.js';
import {
  DynamoDbTaskTokenStore,
  InMemoryTaskTokenStore,
  type ParkedTask,
  type TaskTokenStore,
} from '../../../workflows/callbacks/token-store.js';
import { createFreshEventStoreTable, dynaliteForTheFile } from '../../support/dynalite.js';

// The local runtime's task tokens, remembered by their only writer (local/task-token-memory.ts):
// the same answers as the table, without asking it again what it wrote or read.

const dynamo = dynaliteForTheFile();

const parked = (token: string, phase = 'launch'): ParkedTask => ({
  subjectId: 'rollout-FM-2026',
  phase,
  step: 'await-launch',
  token,
  parkedAt: '2026-03-01T09:00:00.000Z',
});

/** Tokens in a fresh table, through a client that counts its GetItems of tokens. */
const countedTable = async () => {
  const tableName = await createFreshEventStoreTable(dynamo);
  let gets = 0;
  const client = dynaliteClient(dynamo.endpoint);
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === 'GetItemCommand') gets += 1;
      return next(args);
    },
    { step: 'initialize', name: 'countGets' },
  );
  return { table: new DynamoDbTaskTokenStore({ client, tableName }), gets: () => gets, client };
};

/** `table` whose next find reads, then waits for `gate` before answering. */
const findingLate = (table: TaskTokenStore, gate: Promise<void>): TaskTokenStore => {
  let first = true;
  return {
    park: (task) => table.park(task),
    release: (task) => table.release(task),
    find: async (subjectId, phase) => {
      const answer = await table.find(subjectId, phase);
      if (first) {
        first = false;
        await gate;
      }
      return answer;
    },
  };
};

describe('the remembered task tokens of the local runtime', () => {
  it('reads a key once, then answers from its own parks and releases, and a release of a used token is still refused', async () => {
    // Prepare
    const { table, gets, client } = await countedTable();
    const tokens = new RememberedTaskTokens(table);
    const answers: unknown[] = [];

    // Act
    answers.push(await tokens.find('rollout-FM-2026', 'launch'));
    answers.push(await tokens.find('rollout-FM-2026', 'launch'));
    await tokens.park(parked('token-1'));
    answers.push((await tokens.find('rollout-FM-2026', 'launch'))?.token);
    answers.push(await tokens.release(parked('token-1')));
    answers.push(await tokens.find('rollout-FM-2026', 'launch'));
    const getsBeforeReuse = gets();
    answers.push(await tokens.release(parked('token-1')));
    answers.push(await tokens.find('rollout-FM-2026', 'launch'));

    // Assess: a refused release leaves the key to be read again
    expect(answers).toEqual([undefined, undefined, 'token-1', true, undefined, false, undefined]);
    expect(getsBeforeReuse).toBe(1);
    expect(gets()).toBe(2);
    client.destroy();
  });

  it('finds after a restart what the earlier process parked, in the table', async () => {
    // Prepare
    const { table, gets, client } = await countedTable();
    await new RememberedTaskTokens(table).park(parked('token-before-restart'));

    // Act
    const found = await new RememberedTaskTokens(table).find('rollout-FM-2026', 'launch');

    // Assess
    expect(found).toEqual(parked('token-before-restart'));
    expect(gets()).toBe(1);
    client.destroy();
  });

  it('does not keep what a find read while a token was being parked', async () => {
    // Prepare: the find reads the table before the park lands and answers after it
    const memory = new InMemoryTaskTokenStore();
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const tokens = new RememberedTaskTokens(findingLate(memory, gate));

    // Act
    const racing = tokens.find('rollout-FM-2026', 'launch');
    await tokens.park(parked('token-1'));
    release();
    const during = await racing;
    const after = await tokens.find('rollout-FM-2026', 'launch');

    // Assess
    expect(during).toBeUndefined();
    expect(after?.token).toBe('token-1');
  });

  it('leaves a key unknown after a write that failed or raced another', async () => {
    // Prepare: a table whose park stores the token, then fails (an unknown outcome); another whose
    // park of token-2 lands first but answers last, after token-3's
    const memory = new InMemoryTaskTokenStore();
    const failing: TaskTokenStore = {
      park: async (task) => {
        await memory.park(task);
        throw new Error('socket hang up');
      },
      release: (task) => memory.release(task),
      find: (subjectId, phase) => memory.find(subjectId, phase),
    };
    let answerLate: () => void = () => {};
    const late = new Promise<void>((resolve) => {
      answerLate = resolve;
    });
    const slowFirst: TaskTokenStore = {
      park: async (task) => {
        await memory.park(task);
        if (task.token === 'token-2') await late;
      },
      release: (task) => memory.release(task),
      find: (subjectId, phase) => memory.find(subjectId, phase),
    };
    const tokens = new RememberedTaskTokens(failing);
    const racing = new RememberedTaskTokens(slowFirst);

    // Act
    await expect(tokens.park(parked('token-1'))).rejects.toThrow('socket hang up');
    const afterFailure = await tokens.find('rollout-FM-2026', 'launch');
    const first = racing.park(parked('token-2', 'plan'));
    await racing.park(parked('token-3', 'plan'));
    answerLate();
    await first;
    const afterRace = await racing.find('rollout-FM-2026', 'plan');

    // Assess: both say what the table holds
    expect(afterFailure?.token).toBe('token-1');
    expect(afterRace?.token).toBe('token-3');
  });

  it('answers every sequence of parks, finds and releases as the table does', async () => {
    const operation = fc.record({
      kind: fc.constantFrom('park', 'find', 'release'),
      phase: fc.constantFrom('launch', 'plan'),
      token: fc.constantFrom('t1', 't2', 't3'),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(operation, { maxLength: 25 }), async (operations) => {
        const model = new InMemoryTaskTokenStore();
        const tokens = new RememberedTaskTokens(new InMemoryTaskTokenStore());
        for (const { kind, phase, token } of operations) {
          const task = parked(token, phase);
          if (kind === 'park') {
            await model.park(task);
            await tokens.park(task);
          } else if (kind === 'release') {
            expect(await tokens.release(task)).toBe(await model.release(task));
          } else {
            expect(await tokens.find(task.subjectId, phase)).toEqual(await model.find(task.subjectId, phase));
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});
