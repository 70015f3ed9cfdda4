import { type InvalidEventPatternError, invalidEventPatternError, type PatternProblem } from './errors.js';

// An EventBridge event-pattern matcher of the project's own. No maintained npm library evaluates
// EventBridge patterns (the reference implementation, aws/event-ruler, is Java), so the local bus
// uses this one and checks it against a conformance table written from AWS's documentation
// (test/unit/functions/application/bus/pattern-conformance.test.ts).
//
// Supported: exact values (string, number, boolean, null), arrays of values as OR, nested objects,
// event arrays (match when any element matches), `prefix`, `suffix` (both also with
// `equals-ignore-case`), `equals-ignore-case`, `wildcard`, `anything-but` (a value, a list of
// strings or of numbers, `prefix`, `suffix`, `equals-ignore-case`, `wildcard`), `exists`,
// `numeric` (=, <, <=, >, >= and ranges) and `$or`. Not supported: `cidr`. `validatePattern`
// refuses anything else, so that a rule never means one thing on AWS and another locally.
//
// Known difference: EventBridge compares numbers in exact matching by their JSON text (300 and
// 300.0 differ); this matcher sees parsed values. Events are serialised by JSON.stringify, which
// writes one text per number, so the two agree on every event this system publishes.

/** A value an exact match compares with. */
export type PatternValue = string | number | boolean | null;

/** One entry of a field's array: an exact value or an operator object such as `{ prefix: 'x' }`. */
export type PatternCondition = PatternValue | { readonly [operator: string]: unknown };

/** An EventBridge event pattern: each field holds an array of conditions or a nested pattern. */
export interface EventPattern {
  readonly [field: string]: readonly PatternCondition[] | EventPattern | readonly EventPattern[];
}

/** EventBridge's documented bounds for numeric matching. */
const NUMERIC_LIMIT = 1e9;

const LOWER_OPERATORS = new Set(['>', '>=']);
const UPPER_OPERATORS = new Set(['<', '<=']);
const SINGLE_OPERATORS = new Set(['=', '<', '<=', '>', '>=']);

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isScalar = (value: unknown): value is PatternValue =>
  value === null ||
  typeof value === 'string' ||
  typeof value === 'boolean' ||
  (typeof value === 'number' && Number.isFinite(value));

const join = (path: string, key: string | number): string =>
  typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${key}` : key;

// ---------------------------------------------------------------------------------------------
// Validation

const validateWildcard = (value: unknown, path: string, problems: PatternProblem[]): void => {
  if (typeof value !== 'string') {
    problems.push({ path, message: 'wildcard takes a string' });
    return;
  }
  if (value.includes('**')) {
    problems.push({ path, message: 'wildcard may not contain consecutive * characters' });
  }
  for (let index = 0; index < value.length; index += 1) {
    if (value[index] === '\\') {
      const next = value[index + 1];
      if (next !== '*' && next !== '\\') {
        problems.push({ path, message: 'in a wildcard, \\ may only escape * or \\' });
        return;
      }
      index += 1;
    }
  }
};

const validateStringOrIgnoreCase = (
  operator: string,
  value: unknown,
  path: string,
  problems: PatternProblem[],
): void => {
  if (typeof value === 'string') return;
  if (
    isPlainObject(value) &&
    Object.keys(value).length === 1 &&
    typeof value['equals-ignore-case'] === 'string'
  ) {
    return;
  }
  problems.push({ path, message: `${operator} takes a string or { "equals-ignore-case": string }` });
};

const validateAnythingBut = (value: unknown, path: string, problems: PatternProblem[]): void => {
  if (typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value))) return;
  if (Array.isArray(value)) {
    const allStrings = value.every((item) => typeof item === 'string');
    const allNumbers = value.every((item) => typeof item === 'number' && Number.isFinite(item));
    if (value.length === 0 || !(allStrings || allNumbers)) {
      problems.push({ path, message: 'anything-but takes a non-empty list of only strings or only numbers' });
    }
    return;
  }
  if (isPlainObject(value) && Object.keys(value).length === 1) {
    const [operator, operand] = Object.entries(value)[0] as [string, unknown];
    switch (operator) {
      case 'prefix':
      case 'suffix':
        if (typeof operand !== 'string') {
          problems.push({ path, message: `anything-but ${operator} takes a single string, not a list` });
        }
        return;
      case 'equals-ignore-case':
        if (
          typeof operand !== 'string' &&
          !(Array.isArray(operand) && operand.length > 0 && operand.every((item) => typeof item === 'string'))
        ) {
          problems.push({
            path,
            message: 'anything-but equals-ignore-case takes a string or a list of strings',
          });
        }
        return;
      case 'wildcard':
        if (Array.isArray(operand) && operand.length > 0) {
          operand.forEach((item, index) => {
            validateWildcard(item, join(path, index), problems);
          });
        } else {
          validateWildcard(operand, path, problems);
        }
        return;
      default:
        problems.push({ path, message: `anything-but does not support ${operator}` });
        return;
    }
  }
  problems.push({ path, message: 'anything-but takes a string, a number, a list or one nested operator' });
};

const validateNumeric = (value: unknown, path: string, problems: PatternProblem[]): void => {
  const numberInRange = (item: unknown): item is number =>
    typeof item === 'number' && Number.isFinite(item) && Math.abs(item) <= NUMERIC_LIMIT;
  if (Array.isArray(value) && value.length === 2) {
    const [operator, operand] = value;
    if (typeof operator === 'string' && SINGLE_OPERATORS.has(operator) && numberInRange(operand)) return;
  }
  if (Array.isArray(value) && value.length === 4) {
    const [lowerOperator, lower, upperOperator, upper] = value;
    if (
      typeof lowerOperator === 'string' &&
      LOWER_OPERATORS.has(lowerOperator) &&
      typeof upperOperator === 'string' &&
      UPPER_OPERATORS.has(upperOperator) &&
      numberInRange(lower) &&
      numberInRange(upper) &&
      lower < upper
    ) {
      return;
    }
  }
  problems.push({
    path,
    message: `numeric takes [op, n] or [">"|">=", low, "<"|"<=", high] with low < high and |n| <= ${NUMERIC_LIMIT}`,
  });
};

const validateCondition = (condition: unknown, path: string, problems: PatternProblem[]): void => {
  if (isScalar(condition)) return;
  if (!isPlainObject(condition) || Object.keys(condition).length !== 1) {
    problems.push({ path, message: 'a condition is a string, number, boolean, null or one operator object' });
    return;
  }
  const [operator, operand] = Object.entries(condition)[0] as [string, unknown];
  switch (operator) {
    case 'prefix':
    case 'suffix':
      validateStringOrIgnoreCase(operator, operand, path, problems);
      return;
    case 'equals-ignore-case':
      if (typeof operand !== 'string') problems.push({ path, message: 'equals-ignore-case takes a string' });
      return;
    case 'wildcard':
      validateWildcard(operand, path, problems);
      return;
    case 'anything-but':
      validateAnythingBut(operand, path, problems);
      return;
    case 'numeric':
      validateNumeric(operand, path, problems);
      return;
    case 'exists':
      if (typeof operand !== 'boolean') problems.push({ path, message: 'exists takes true or false' });
      return;
    case 'cidr':
      problems.push({ path, message: 'cidr is not supported by the local matcher' });
      return;
    default:
      problems.push({ path, message: `unknown operator ${operator}` });
  }
};

const validateObject = (pattern: unknown, path: string, problems: PatternProblem[]): void => {
  if (!isPlainObject(pattern)) {
    problems.push({ path, message: 'a pattern is a JSON object' });
    return;
  }
  const entries = Object.entries(pattern);
  if (entries.length === 0) {
    problems.push({ path, message: 'a pattern object may not be empty' });
    return;
  }
  for (const [key, value] of entries) {
    const fieldPath = join(path, key);
    if (key === '$or') {
      if (!Array.isArray(value) || value.length < 2) {
        problems.push({ path: fieldPath, message: '$or takes a list of at least two patterns' });
        continue;
      }
      value.forEach((alternative, index) => {
        validateObject(alternative, join(fieldPath, index), problems);
      });
      continue;
    }
    if (Array.isArray(value)) {
      if (value.length === 0) {
        problems.push({ path: fieldPath, message: 'a field takes a non-empty array of conditions' });
        continue;
      }
      value.forEach((condition, index) => {
        validateCondition(condition, join(fieldPath, index), problems);
      });
      continue;
    }
    if (isPlainObject(value)) {
      validateObject(value, fieldPath, problems);
      continue;
    }
    problems.push({ path: fieldPath, message: 'a field takes an array of conditions or a nested object' });
  }
};

/**
 * Lists what is wrong with a pattern, or what the local matcher does not support; an empty list
 * means the pattern is valid on EventBridge and means the same here.
 */
export const validatePattern = (pattern: unknown): readonly PatternProblem[] => {
  const problems: PatternProblem[] = [];
  validateObject(pattern, '', problems);
  return problems;
};

/** Throws an `InvalidEventPatternError` unless the pattern is valid and supported. */
export function assertValidPattern(pattern: unknown): asserts pattern is EventPattern {
  const problems = validatePattern(pattern);
  if (problems.length > 0) throw invalidEventPatternError(problems) satisfies InvalidEventPatternError;
}

// ---------------------------------------------------------------------------------------------
// Matching

/** The leaf values at a field: arrays are flattened, objects are not leaves. */
const leavesOf = (value: unknown): PatternValue[] => {
  if (value === undefined) return [];
  if (Array.isArray(value)) return value.flatMap(leavesOf);
  if (isPlainObject(value)) return [];
  return isScalar(value) ? [value] : [];
};

const sameCase = (left: string, right: string): boolean => left.toLowerCase() === right.toLowerCase();

const wildcardCache = new Map<string, RegExp>();

const wildcardRegExp = (wildcard: string): RegExp => {
  const cached = wildcardCache.get(wildcard);
  if (cached) return cached;
  let source = '';
  for (let index = 0; index < wildcard.length; index += 1) {
    const character = wildcard[index] as string;
    if (character === '\\') {
      source += `\\${wildcard[index + 1] ?? '\\'}`;
      index += 1;
    } else if (character === '*') {
      source += '.*';
    } else {
      source += character.replace(/[.+?^${}()|[\]\\/-]/g, '\\$&');
    }
  }
  const compiled = new RegExp(`^${source}$`, 's');
  wildcardCache.set(wildcard, compiled);
  return compiled;
};

const matchesWildcard = (wildcard: string, value: PatternValue): boolean =>
  typeof value === 'string' && wildcardRegExp(wildcard).test(value);

const matchesAffix = (kind: 'prefix' | 'suffix', operand: unknown, value: PatternValue): boolean => {
  if (typeof value !== 'string') return false;
  if (typeof operand === 'string')
    return kind === 'prefix' ? value.startsWith(operand) : value.endsWith(operand);
  const affix = (operand as { 'equals-ignore-case': string })['equals-ignore-case'];
  const lowered = value.toLowerCase();
  return kind === 'prefix' ? lowered.startsWith(affix.toLowerCase()) : lowered.endsWith(affix.toLowerCase());
};

const numericHolds = (operator: string, bound: number, value: number): boolean => {
  switch (operator) {
    case '=':
      return value === bound;
    case '<':
      return value < bound;
    case '<=':
      return value <= bound;
    case '>':
      return value > bound;
    default:
      return value >= bound;
  }
};

const matchesNumeric = (operand: readonly unknown[], value: PatternValue): boolean => {
  if (typeof value !== 'number') return false;
  for (let index = 0; index < operand.length; index += 2) {
    if (!numericHolds(operand[index] as string, operand[index + 1] as number, value)) return false;
  }
  return true;
};

/** Whether `anything-but`'s operand excludes this one value. */
const excludedBy = (operand: unknown, value: PatternValue): boolean => {
  if (Array.isArray(operand)) return operand.includes(value);
  if (!isPlainObject(operand)) return operand === value;
  const [operator, inner] = Object.entries(operand)[0] as [string, unknown];
  if (typeof value !== 'string') return false;
  switch (operator) {
    case 'prefix':
      return value.startsWith(inner as string);
    case 'suffix':
      return value.endsWith(inner as string);
    case 'equals-ignore-case':
      return (Array.isArray(inner) ? (inner as string[]) : [inner as string]).some((item) =>
        sameCase(item, value),
      );
    default:
      return (Array.isArray(inner) ? (inner as string[]) : [inner as string]).some((item) =>
        matchesWildcard(item, value),
      );
  }
};

const matchesCondition = (condition: PatternCondition, leaves: readonly PatternValue[]): boolean => {
  if (!isPlainObject(condition)) return leaves.some((leaf) => leaf === condition);
  const [operator, operand] = Object.entries(condition)[0] as [string, unknown];
  switch (operator) {
    case 'exists':
      return operand === true ? leaves.length > 0 : leaves.length === 0;
    case 'anything-but':
      // A missing field is not "anything but": EventBridge needs the field to be there.
      return leaves.some((leaf) => !excludedBy(operand, leaf));
    case 'prefix':
    case 'suffix':
      return leaves.some((leaf) => matchesAffix(operator, operand, leaf));
    case 'equals-ignore-case':
      return leaves.some((leaf) => typeof leaf === 'string' && sameCase(operand as string, leaf));
    case 'wildcard':
      return leaves.some((leaf) => matchesWildcard(operand as string, leaf));
    case 'numeric':
      return leaves.some((leaf) => matchesNumeric(operand as readonly unknown[], leaf));
    default:
      return false;
  }
};

const matchesObject = (pattern: EventPattern, node: unknown): boolean => {
  // A nested pattern against an array of objects matches when one element matches all of it.
  if (Array.isArray(node)) {
    return node.length === 0
      ? matchesObject(pattern, undefined)
      : node.some((item) => matchesObject(pattern, item));
  }
  for (const [key, expected] of Object.entries(pattern)) {
    if (key === '$or') {
      if (!(expected as readonly EventPattern[]).some((alternative) => matchesObject(alternative, node))) {
        return false;
      }
      continue;
    }
    const child = isPlainObject(node) ? node[key] : undefined;
    if (Array.isArray(expected)) {
      const leaves = leavesOf(child);
      if (
        !(expected as readonly PatternCondition[]).some((condition) => matchesCondition(condition, leaves))
      ) {
        return false;
      }
    } else if (!matchesObject(expected as EventPattern, child)) {
      return false;
    }
  }
  return true;
};

/** Validates a pattern once and returns a predicate over events (throws `InvalidEventPatternError`). */
export const compilePattern = (pattern: unknown): ((event: unknown) => boolean) => {
  assertValidPattern(pattern);
  return (event) => matchesObject(pattern, event);
};

/** Whether the event matches the pattern, as EventBridge would decide (validates the pattern). */
export const matchesPattern = (pattern: unknown, event: unknown): boolean => compilePattern(pattern)(event);
