import type * as z from 'zod';
import type { Actor } from '../../../events/envelope.js';

/**
 * What a decision may depend on besides the command and the state: the time, a source of ids and
 * who is acting. Injected, so deciders stay pure and tests deterministic.
 */
export interface CommandContext {
  /** The current instant, ISO-8601 UTC with milliseconds (e.g. `2026-03-01T09:00:00.000Z`). */
  readonly now: string;
  /** A new unique id each call. */
  readonly newId: () => string;
  readonly actor: Actor;
}

/**
 * A command as its decider receives it: its type, its input as the command's schema parses it and,
 * for a command whose rules depend on other aggregates, the facts the application layer loaded for
 * it (never read from the request).
 */
export type CommandOf<Type extends string, Input extends z.ZodType, Facts = never> = {
  type: Type;
  data: z.infer<Input>;
} & ([Facts] extends [never] ? unknown : { facts: Facts });

/** How an aggregate's events fold into its state: what a reader of its stream needs. */
export interface Fold<State, Event> {
  readonly initialState: () => State;
  readonly evolve: (state: State, event: Event) => State;
}

/**
 * One aggregate's rules: its initial state, how an event changes the state, and the decision
 * that turns a command into events (or throws a `DomainError`).
 */
export interface Decider<Command extends { type: string }, State, Event extends { type: string }>
  extends Fold<State, Event> {
  readonly decide: (command: Command, state: State, context: CommandContext) => Event[];
}

/** Folds events into a state with a decider's `evolve`. */
export const fold = <State, Event>(
  decider: { initialState: () => State; evolve: (state: State, event: Event) => State },
  events: readonly Event[],
): State => events.reduce(decider.evolve, decider.initialState());

/** Ends a `switch` over a union: a compile error when a case is missing. */
export const assertNever = (value: never): never => {
  throw new Error(`Unexpected value: ${JSON.stringify(value)}`);
};
