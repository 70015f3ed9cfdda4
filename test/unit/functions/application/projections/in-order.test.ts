import { describe, expect, it } from 'vitest';
import { withInOrder } from '../../../../../functions/application/projections/projection.js';

// Trails and payments are kept in a canonical order so that events of different streams commute.

const byAt = (a: { at: number }, b: { at: number }) => a.at - b.at;

describe('a list kept in order', () => {
  it('appends an item that comes last, without calling the order more than once', () => {
    const items = [{ at: 1 }, { at: 2 }, { at: 3 }];
    let comparisons = 0;
    const counted = (a: { at: number }, b: { at: number }) => {
      comparisons += 1;
      return byAt(a, b);
    };
    expect(withInOrder(items, { at: 4 }, counted)).toEqual([{ at: 1 }, { at: 2 }, { at: 3 }, { at: 4 }]);
    expect(comparisons).toBe(1);
    expect(items).toHaveLength(3);
  });

  it('places an item that arrives late where it belongs', () => {
    expect(withInOrder([{ at: 1 }, { at: 3 }], { at: 2 }, byAt)).toEqual([{ at: 1 }, { at: 2 }, { at: 3 }]);
  });

  it('keeps equal items in their order of arrival, as a stable sort would', () => {
    const first = { at: 1, name: 'first' };
    const second = { at: 1, name: 'second' };
    expect(withInOrder([first], second, byAt)).toEqual([first, second]);
    expect(withInOrder([{ at: 0, name: 'zero' }, first, { at: 2, name: 'two' }], second, byAt)).toEqual([
      { at: 0, name: 'zero' },
      first,
      second,
      { at: 2, name: 'two' },
    ]);
  });
});
