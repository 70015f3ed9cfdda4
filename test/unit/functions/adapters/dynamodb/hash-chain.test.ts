import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson, NOT_JSON } from '../../../../../functions/adapters/dynamodb/canonical-json.js';
import {
  canonicalCommitText,
  GENESIS_HASH,
} from '../../../../../functions/adapters/dynamodb/commit-chain.js';
import { commitFromItem } from '../../../../../functions/adapters/dynamodb/item-layout.js';
import { InMemoryEventStore } from '../../../../../functions/adapters/in-memory/event-store.js';
import { appendHistory, ManualClock, sequentialIds } from '../../../../support/integrity-history.js';

describe('canonical JSON (RFC 8785)', () => {
  it('sorts members, drops whitespace and writes numbers and strings as JSON.stringify does', () => {
    // Act
    const text = canonicalJson({ b: [1, 1e21, 0.1, -0], a: { z: null, y: true, é: 'ج\n"' } });

    // Assess
    expect(text).toBe('{"a":{"y":true,"z":null,"é":"ج\\n\\""},"b":[1,1e+21,0.1,0]}');
  });

  it('gives the same text whatever the order members were built in', () => {
    // Act and Assess
    expect(canonicalJson({ x: 1, y: { b: 2, a: 1 } })).toBe(canonicalJson({ y: { a: 1, b: 2 }, x: 1 }));
  });

  it.each([
    ['NaN', { n: Number.NaN }, '/n'],
    ['undefined in an array', [1, undefined], '/1'],
    ['a Date', { when: new Date(0) }, '/when'],
  ])('refuses %s, naming where it is', (_name, value, path) => {
    // Act and Assess
    expect(() => canonicalJson(value)).toThrow(expect.objectContaining({ code: NOT_JSON, path }));
  });
});

describe('the hash chain of a stream', () => {
  it('chains each commit to the previous one, from the genesis hash, with hashes anyone can recompute', async () => {
    // Prepare
    const clock = new ManualClock('2026-03-01T09:00:00.000Z');
    const store = new InMemoryEventStore({ clock: clock.read, newId: sequentialIds() });

    // Act
    await appendHistory(store, clock);

    // Assess
    const commits = [1, 2, 3, 4].map((version) =>
      commitFromItem(store.itemBelowTheStore('association-1', version) ?? {}),
    );
    expect(commits.map((commit) => commit.prevHash)).toEqual([
      GENESIS_HASH,
      ...commits.slice(0, -1).map((commit) => commit.hash),
    ]);
    for (const commit of commits) {
      const sha256 = createHash('sha256').update(canonicalCommitText(commit), 'utf8').digest('hex');
      expect(commit.hash).toBe(sha256);
    }
    const [first, second] = commits;
    expect(second && canonicalCommitText(second)).toContain(`"prevHash":"${first?.hash}"`);
  });

  it('hashes event data as stored, after its JSON round trip', async () => {
    // Prepare
    const store = new InMemoryEventStore({ clock: () => new Date('2026-03-01T09:00:00.000Z') });

    // Act
    await store.append({
      streamId: 's',
      expectedVersion: 'no-stream',
      events: [{ type: 'Happened', schemaVersion: 1, data: { kept: 1, dropped: undefined } }],
      metadata: { actor: { id: 'u-1', role: 'system' }, correlationId: 'c-1', causationId: null },
    });

    // Assess
    const commit = commitFromItem(store.itemBelowTheStore('s', 1) ?? {});
    expect(canonicalCommitText(commit)).toContain('"data":{"kept":1}');
  });
});
