import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RoutingMemo } from '../../../../../functions/application/read-models/routing-memo.js';

const LIMITS = { streams: 3, versions: 8 };

describe('the routing memo of the projections consumer', () => {
  it('vouches for a gap routed only to other documents', () => {
    // Given versions 1..5 of a stream, routed to the rollout's trail, and 3 to the association's too
    const memo = new RoutingMemo(LIMITS);
    for (let version = 1; version <= 5; version += 1) {
      memo.note('grants-r', version, version === 3 ? ['audit#rollout', 'audit#assoc'] : ['audit#rollout']);
    }
    // Then
    expect(memo.routedElsewhere('grants-r', 4, 5, 'audit#assoc')).toBe(true);
    expect(memo.routedElsewhere('grants-r', 1, 2, 'audit#assoc')).toBe(true);
    expect(memo.routedElsewhere('grants-r', 2, 4, 'audit#assoc')).toBe(false);
    expect(memo.routedElsewhere('grants-r', 1, 5, 'audit#other')).toBe(true);
  });

  it('does not vouch for versions it did not note: beyond the last, before a jump, or of another stream', () => {
    // Given versions 1..3, then a jump to 7 (4..6 never delivered here)
    const memo = new RoutingMemo(LIMITS);
    for (const version of [1, 2, 3, 7]) memo.note('s', version, ['a']);
    // Then
    expect(memo.routedElsewhere('s', 4, 6, 'b')).toBe(false);
    expect(memo.routedElsewhere('s', 8, 8, 'b')).toBe(false);
    expect(memo.routedElsewhere('t', 1, 1, 'b')).toBe(false);
    expect(memo.routedElsewhere('s', 7, 7, 'b')).toBe(true);
  });

  it('takes a redelivered version as routed as before', () => {
    // Given version 2 delivered again, routed (wrongly) elsewhere the second time
    const memo = new RoutingMemo(LIMITS);
    memo.note('s', 1, ['a']);
    memo.note('s', 2, ['b']);
    memo.note('s', 2, ['a']);
    memo.note('s', 3, ['a']);
    // Then the first routing stands
    expect(memo.routedElsewhere('s', 2, 2, 'a')).toBe(true);
    expect(memo.routedElsewhere('s', 2, 2, 'b')).toBe(false);
  });

  it('forgets the oldest versions and streams past its limits', () => {
    // Given 30 versions of one stream, then four other streams
    const memo = new RoutingMemo(LIMITS);
    for (let version = 1; version <= 30; version += 1) memo.note('s', version, ['a']);
    // Then the oldest versions are no longer vouched for, the latest still are
    expect(memo.routedElsewhere('s', 1, 1, 'b')).toBe(false);
    expect(memo.routedElsewhere('s', 23, 30, 'b')).toBe(true);
    // When more streams are noted than kept, Then the least recent is forgotten
    for (const stream of ['t', 'u', 'v']) memo.note(stream, 1, ['a']);
    expect(memo.routedElsewhere('s', 30, 30, 'b')).toBe(false);
    expect(memo.routedElsewhere('v', 1, 1, 'b')).toBe(true);
  });

  it('answers as a walk through every version of the gap would, over the versions it keeps', () => {
    fc.assert(
      fc.property(
        fc.array(fc.subarray(['a', 'b', 'c']), { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 1, max: 45 }),
        fc.nat(10),
        fc.constantFrom('a', 'b', 'c'),
        (routings, from, length, document) => {
          // Given versions 1..n noted with these routings, of which the memo keeps at least 16
          const memo = new RoutingMemo({ streams: 10, versions: 16 });
          for (const [index, ids] of routings.entries()) memo.note('s', index + 1, ids);
          const to = from + length;
          const noted = to <= routings.length;
          const elsewhere = routings.slice(from - 1, to).every((ids) => !ids.includes(document));
          // When asked about versions from..to
          const answer = memo.routedElsewhere('s', from, to, document);
          // Then it never vouches wrongly, and vouches for every such gap among the last 16
          if (answer) expect(noted && elsewhere).toBe(true);
          if (noted && elsewhere && from > routings.length - 16) expect(answer).toBe(true);
        },
      ),
    );
  });
});
