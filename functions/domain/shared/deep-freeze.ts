/**
 * Freezes a value and everything it holds, so that a value shared between readers (cached history,
 * cached folded states) cannot be changed by one of them. Stops at what is already frozen: a value
 * built from a frozen one by spreading costs only its new parts.
 */
export const deepFreeze = <T>(value: T): T => {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
};
