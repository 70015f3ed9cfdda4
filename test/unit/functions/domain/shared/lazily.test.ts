import { describe, expect, it } from 'vitest';
import { lazily } from '../../../../../functions/domain/shared/lazily.js';

describe('lazily', () => {
  it('runs no getter when the object is made', () => {
    // Prepare
    const runs: string[] = [];

    // Act
    lazily({
      get schema() {
        runs.push('schema');
        return 1;
      },
    });

    // Assess
    expect(runs).toEqual([]);
  });

  it('runs each getter once, on its first read, and keeps its value', () => {
    // Prepare
    const runs: string[] = [];
    const schemas = lazily({
      get item() {
        runs.push('item');
        return { kind: 'item' };
      },
      get items() {
        runs.push('items');
        return [this.item, this.item];
      },
      version: 2,
    });

    // Act
    const first = schemas.items;
    const second = schemas.items;

    // Assess: `item` ran once though `items` read it twice; plain values are kept as they are.
    expect(runs).toEqual(['items', 'item']);
    expect(second).toBe(first);
    expect(first[0]).toBe(schemas.item);
    expect(schemas.version).toBe(2);
  });
});
