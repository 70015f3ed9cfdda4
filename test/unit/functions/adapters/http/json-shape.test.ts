import { describe, expect, it } from 'vitest';
import { findJsonShapeProblem } from '../../../../../functions/adapters/http/body.js';

describe('the shape of a JSON text', () => {
  it.each([
    ['a flat object', '{"a":1,"b":"x"}'],
    ['the same name in sibling objects', '[{"a":1},{"a":2}]'],
    ['the same name at two levels', '{"a":{"a":1}}'],
    ['a name that only looks like another inside a string value', '{"a":"\\"a\\":","b":"a"}'],
    ['names that differ by an escape', '{"a":1,"\\\\a":2}'],
    ['empty containers', '{"a":{},"b":[],"c":[[]]}'],
    ['a scalar', '"a"'],
  ])('accepts %s', (_name, text) => {
    expect(findJsonShapeProblem(text)).toBeUndefined();
  });

  it.each([
    ['a repeated name', '{"a":1,"a":2}', ['a']],
    ['a name repeated through an escape', '{"a":1,"\\u0061":2}', ['a']],
    ['a repeated name deep in an array', '{"list":[{"x":1},{"y":1,"y":2}]}', ['list', '1', 'y']],
    ['a repeated name after a nested value', '{"a":{"b":[1,{"c":2}]},"a":3}', ['a']],
  ])('finds %s', (_name, text, path) => {
    expect(findJsonShapeProblem(text)).toEqual({ kind: 'duplicate-key', path });
  });

  it('finds nesting deeper than the bound, and where it starts', () => {
    // Prepare
    const text = '{"eventPatterns":[{"detail":{"a":[[[1]]]}}]}';

    // Act
    const problem = findJsonShapeProblem(text, 6);

    // Assess
    expect(problem).toEqual({ kind: 'too-deep', path: ['eventPatterns', '0', 'detail', 'a', '0', '0'] });
    expect(findJsonShapeProblem(text, 7)).toBeUndefined();
  });

  it('scans a document a hundred thousand levels deep without recursion', () => {
    const text = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    expect(findJsonShapeProblem(text)).toEqual({ kind: 'too-deep', path: Array(32).fill('0') });
  });
});
