import { expect } from 'vitest';
import type { Actor } from '../../events/envelope.js';
import { type CommandContext, type Decider, fold } from '../../functions/domain/shared/decider.js';
import { isDomainError } from '../../functions/domain/shared/errors.js';

/** A deterministic context: a fixed clock and ids `id-1`, `id-2`, … unless overridden. */
export const testContext = (overrides: Partial<CommandContext> = {}): CommandContext => {
  let next = 0;
  const actor: Actor = { id: 'user-ministry-1', role: 'ministry' };
  return {
    now: '2026-03-01T09:00:00.000Z',
    newId: () => {
      next += 1;
      return `id-${next}`;
    },
    actor,
    ...overrides,
  };
};

/**
 * Given / when / then for a decider:
 *
 *   given(rolloutDecider, [launched]).when(cancel, { now }).then([cancelled]);
 *   given(rolloutDecider, []).when(cancel).thenRefuses('ROLLOUT_NOT_LAUNCHED');
 */
export const given = <Command extends { type: string }, State, Event extends { type: string }>(
  decider: Decider<Command, State, Event>,
  events: readonly Event[],
) => ({
  when: (command: Command, context: Partial<CommandContext> = {}) => {
    const decide = () => decider.decide(command, fold(decider, events), testContext(context));
    return {
      /** The decision equals exactly these events. */
      // biome-ignore lint/suspicious/noThenProperty: given/when/then is the rule's wording; this object is never awaited
      then: (expected: readonly Event[]) => {
        expect(decide()).toEqual(expected);
      },
      /** The decision is refused with a domain error of this code (and kind, when given). */
      thenRefuses: (code: string, kind?: string) => {
        let thrown: unknown;
        try {
          decide();
        } catch (error) {
          thrown = error;
        }
        expect(isDomainError(thrown), `expected a DomainError ${code}, got ${String(thrown)}`).toBe(true);
        if (isDomainError(thrown)) {
          expect(thrown.code).toBe(code);
          if (kind) expect(thrown.kind).toBe(kind);
        }
      },
      /**
       * The decision is refused as invalid with this code and details holding these (the field it
       * names, the fact it rests on: `requireNotBefore`'s refusals, ADR 0151).
       */
      thenRefusesWith: (code: string, details: Record<string, unknown>) => {
        expect(decide).toThrowError(
          expect.objectContaining({ code, kind: 'invalid', details: expect.objectContaining(details) }),
        );
      },
      /** The decision, for assertions the other two cannot express. */
      events: decide,
    };
  },
});
