import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildCommit,
  commitFromItem,
  commitFromItemBySchema,
  commitItem,
} from '../../../../../functions/adapters/dynamodb/item-layout.js';

// `commitFromItem` reads a commit straight from its attributes when they are exactly as the store
// writes them, and leaves anything else to the schemas (issue 24: zod was most of a load's cost).
// Whatever the item, it must answer as the schemas do: the same commit, or an error.

type Item = Record<string, AttributeValue>;

const outcomeOf = (read: (item: Item) => unknown, item: Item): unknown => {
  try {
    return { commit: read(item) };
  } catch {
    return 'refused';
  }
};

const oddText = fc.constantFrom(
  '',
  'x',
  '2026-02-29T10:00:00.000Z',
  '2028-02-29T10:00:00.000Z',
  '2026-13-01T10:00:00.000Z',
  '2026-04-31T10:00:00.000Z',
  '2026-04-30T24:00:00.000Z',
  '2026-04-30T10:00:00Z',
  '2026-04-30T10:00:00.000+01:00',
  'a'.repeat(64),
  'A'.repeat(64),
  'coordinator',
  'nobody',
  'r'.repeat(201),
);
const oddNumber = fc.constantFrom('0', '1', '01', '1.5', '-1', '1e3', '999999999999999', 'x');

/** A change to one attribute of a commit item, or to one of its events. */
const mutation = fc.oneof(
  fc.record({
    kind: fc.constant('text' as const),
    name: fc.constantFrom(
      'pk',
      'recordedAt',
      'correlationId',
      'causationId',
      'commandId',
      'prevHash',
      'hash',
    ),
    value: oddText,
  }),
  fc.record({
    kind: fc.constant('number' as const),
    name: fc.constantFrom('sk', 'lastVersion'),
    value: oddNumber,
  }),
  fc.record({
    kind: fc.constant('remove' as const),
    name: fc.constantFrom('pk', 'sk', 'events', 'recordedAt', 'actor', 'causationId', 'commandId', 'hash'),
  }),
  fc.record({ kind: fc.constant('null' as const), name: fc.constantFrom('causationId', 'commandId', 'pk') }),
  fc.record({
    kind: fc.constant('actor' as const),
    change: fc.constantFrom('role', 'id', 'extra', 'number-id'),
    value: oddText,
  }),
  fc.record({
    kind: fc.constant('event' as const),
    change: fc.constantFrom(
      'extra',
      'no-data',
      'no-type',
      'schemaVersion',
      'occurredAt',
      'eventId',
      'not-an-array',
    ),
    value: oddText,
  }),
  fc.record({ kind: fc.constant('none' as const) }),
);

const mutate = (item: Item, change: unknown): Item => {
  const m = change as { kind: string; name?: string; value?: string; change?: string };
  const copy: Item = structuredClone(item);
  const name = m.name ?? '';
  if (m.kind === 'text') copy[name] = { S: m.value ?? '' };
  if (m.kind === 'number') copy[name] = { N: m.value ?? '' };
  if (m.kind === 'remove') delete copy[name];
  if (m.kind === 'null') copy[name] = { NULL: true };
  if (m.kind === 'actor') {
    const actor = { ...(copy.actor?.M ?? {}) };
    if (m.change === 'role') actor.role = { S: m.value ?? '' };
    if (m.change === 'id') actor.id = { S: m.value ?? '' };
    if (m.change === 'extra') actor.name = { S: 'A. Person' };
    if (m.change === 'number-id') actor.id = { N: '7' };
    copy.actor = { M: actor };
  }
  if (m.kind === 'event') {
    const events = JSON.parse(copy.events?.S ?? '[]') as Record<string, unknown>[];
    const first = events[0] ?? {};
    if (m.change === 'extra') first.streamId = 'elsewhere';
    if (m.change === 'no-data') delete first.data;
    if (m.change === 'no-type') delete first.type;
    if (m.change === 'schemaVersion') first.schemaVersion = 0.5;
    if (m.change === 'occurredAt') first.occurredAt = m.value;
    if (m.change === 'eventId') first.eventId = '';
    copy.events = { S: m.change === 'not-an-array' ? JSON.stringify(first) : JSON.stringify(events) };
  }
  return copy;
};

const commitArbitrary = fc.record({
  streamId: fc.constantFrom('grant-42', 'rollout-fm-2026', 'r'),
  firstVersion: fc.integer({ min: 1, max: 10_000 }),
  data: fc.array(fc.jsonValue(), { minLength: 1, maxLength: 3 }),
  causationId: fc.constantFrom(null, 'cause-1'),
  commandId: fc.constantFrom(undefined, 'cmd-1'),
  role: fc.constantFrom('coordinator' as const, 'finance-payer' as const, 'system' as const),
});

describe('commitFromItem', () => {
  it('reads any item as the schemas do: the same commit, or a refusal', () => {
    fc.assert(
      fc.property(commitArbitrary, mutation, (shape, change) => {
        // Given a commit item the store wrote, perhaps damaged in one attribute
        const commit = buildCommit(
          {
            streamId: shape.streamId,
            expectedVersion: shape.firstVersion - 1,
            events: shape.data.map((data) => ({ type: 'Happened', schemaVersion: 1, data })),
            metadata: {
              actor: { id: 'user-1', role: shape.role },
              correlationId: 'corr-1',
              causationId: shape.causationId,
            },
            ...(shape.commandId === undefined ? {} : { commandId: shape.commandId }),
          },
          shape.firstVersion,
          '2026-03-14T09:00:00.000Z',
          shape.data.map((_, index) => `event-${index}`),
        );
        const item = mutate(commitItem(commit), change);
        // When it is read directly and through the schemas, then both agree
        expect(outcomeOf(commitFromItem, item)).toEqual(outcomeOf(commitFromItemBySchema, item));
      }),
      { numRuns: 400 },
    );
  });

  it('gives back the commit the store wrote', () => {
    // Given a commit with two events, a causation and a command id
    const commit = buildCommit(
      {
        streamId: 'grant-42',
        expectedVersion: 2,
        events: [
          { type: 'TranchePaid', schemaVersion: 1, data: { tranche: 1, amount: 12_500 } },
          { type: 'GrantClosed', schemaVersion: 2, data: null, occurredAt: '2026-03-14T08:59:00.000Z' },
        ],
        metadata: {
          actor: { id: 'payer-7', role: 'finance-payer' },
          correlationId: 'c-9',
          causationId: 'e-3',
        },
        commandId: 'pay-42-1',
      },
      3,
      '2026-03-14T09:00:00.000Z',
      ['event-a', 'event-b'],
    );
    // When its item is read back, then it is the same commit
    expect(commitFromItem(commitItem(commit))).toEqual({
      streamId: 'grant-42',
      firstVersion: 3,
      lastVersion: 4,
      events: [
        {
          eventId: 'event-a',
          type: 'TranchePaid',
          schemaVersion: 1,
          occurredAt: '2026-03-14T09:00:00.000Z',
          data: { tranche: 1, amount: 12_500 },
        },
        {
          eventId: 'event-b',
          type: 'GrantClosed',
          schemaVersion: 2,
          occurredAt: '2026-03-14T08:59:00.000Z',
          data: null,
        },
      ],
      recordedAt: '2026-03-14T09:00:00.000Z',
      actor: { id: 'payer-7', role: 'finance-payer' },
      correlationId: 'c-9',
      causationId: 'e-3',
      commandId: 'pay-42-1',
      prevHash: '0'.repeat(64),
      hash: '864207fbf8c900c8af5ad28baaf46a0ecab298ad8921510b79c8a1343dbf6943',
    });
  });
});
