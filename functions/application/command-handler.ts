import { codedError, isErrorWithCode } from '../domain/shared/coded-error.js';
import type { Decider } from '../domain/shared/decider.js';
import {
  type CommandOutcome,
  type CommandServices,
  type EventCodec,
  type ExecuteCommand,
  executeCommand,
  type LoadedStream,
  loadStream,
} from './execute-command.js';

/*
 * One command handler per command, declared once (docs/adr/0004-command-handlers-and-pure-facts.md):
 * the decider that decides it, the stream it changes, and the facts it loads from other streams,
 * all from the command's `data`. An HTTP route, a partner webhook and a workflow task only
 * translate their input into that `data` and say who acts; `handleCommand` does the rest, the
 * same way for each (as Emmett's `CommandHandler` and Castore's `Command` do).
 */

/** The command of `Type` among a decider's commands. */
type CommandOfType<Command, Type> = Extract<Command, { type: Type }>;

/** What the handler of a command is built from: its `data`. */
export type DataOf<Command> = Command extends { data: infer Data } ? Data : never;

/** The arguments after a handler's data: the key, for a handler whose stream its data does not name. */
export type KeyArgs<Key> = [Key] extends [undefined] ? [] : [key: Key];

/** What facts loaded on each attempt see: the key and the command's own stream as just loaded. */
export interface OnAttempt<Key, State> {
  readonly key: Key;
  readonly loaded: LoadedStream<State>;
}

/** How a command's facts are loaded (only for a command that carries facts), once or on each attempt. */
type FactsDeclaration<Command, State, Key, Services> = 'facts' extends keyof Command
  ?
      | {
          /** Loads the facts from other streams (facts.ts), once, before the command's stream is loaded. */
          readonly facts: (
            data: DataOf<Command>,
            services: Services,
            key: Key,
          ) => Promise<Command['facts' & keyof Command]>;
          readonly factsOnEachAttempt?: never;
        }
      | {
          /**
           * Loads the facts on each attempt, after the command's stream is loaded and checked, for
           * facts that depend on that stream's state (the wave plan names the previous wave), or
           * that must be read again when a conflict makes the command retry.
           */
          readonly factsOnEachAttempt: (
            data: DataOf<Command>,
            services: Services,
            attempt: OnAttempt<Key, State>,
          ) => Promise<Command['facts' & keyof Command]>;
          readonly facts?: never;
        }
  : { readonly facts?: never; readonly factsOnEachAttempt?: never };

/**
 * What one command's handler declares: its stream and, when it has facts, how they are loaded. A
 * command whose data does not name its stream (the path does: `/agreements/{agreementId}/signatures`,
 * `/rollouts/{rolloutId}/targets`) declares a `Key` as the second parameter of `stream`; every entry
 * point then gives that key beside the data.
 */
export type CommandDeclaration<
  Command,
  State,
  Key = undefined,
  Input = DataOf<Command>,
  Services extends CommandServices = CommandServices,
> = {
  /**
   * For a command whose data is completed from other streams (a rollout's call takes its region
   * from the launched rollout), or from what the entry point gives that the command does not carry
   * (a legal representative's names go to the vault, the command keeps its id): the data from the
   * entry point's `Input`.
   */
  readonly data?: (input: Input, services: Services, key: Key) => Promise<DataOf<Command>>;
  /** The stream the command changes (loaded, decided on, appended to). */
  readonly stream: (data: DataOf<Command>, key: Key) => string;
  /**
   * What must hold in other streams before the command is decided (the rollout it names is
   * launched: `launchedRollout` of facts.ts; the appeal letter it names is the association's,
   * accepted); throws a domain error when it does not. Runs before the facts are loaded.
   */
  readonly requires?: (data: DataOf<Command>, services: Services, key: Key) => Promise<unknown>;
} & FactsDeclaration<Command, State, Key, Services>;

/**
 * The one handler of a command: its type, decider and stream, and the command built with its facts.
 * `Services` is what it needs to run: the store, the clock and ids, and for a few handlers more (the
 * personal-data vault); an entry point that does not provide them does not compile.
 */
export interface CommandHandler<
  Data,
  Command extends { type: string },
  State,
  Event extends { type: string },
  Key = undefined,
  Services extends CommandServices = CommandServices,
> {
  readonly type: Command['type'];
  readonly decider: Decider<Command, State, Event>;
  /**
   * The stream the command changes, and the command with its facts loaded now or how to build it
   * on each attempt from the loaded stream (`factsOnEachAttempt`), as `executeCommand` takes them;
   * from the entry point's data (or the input the handler completes into its data).
   */
  readonly prepare: (
    data: Data,
    services: Services,
    key: Key,
  ) => Promise<{ readonly streamId: string; readonly command: ExecuteCommand<Command, State>['command'] }>;
  /** For events outside the catalog (tests); the catalog's codec by default. */
  readonly codec?: EventCodec<Event>;
  /**
   * The stream from the entry point's data alone, for a handler that completes nothing (no `data`
   * step): a retry finds there, before anything else runs, whether its command committed
   * (`priorAttempt`). Absent for the others: their entry points record their answers themselves.
   */
  readonly streamOf?: (data: Data, key: Key) => string;
}

/** A handler whatever its command (for what lists or compares handlers). */
// biome-ignore lint/suspicious/noExplicitAny: a registry holds handlers of every command type
export type AnyCommandHandler = CommandHandler<any, any, any, any, any, any>;

/**
 * Declares the handlers of a decider's commands that need more than the store, the clock and ids
 * (`Services`): `commandHandlerNeeding<AssociationServices>()(associationDecider)('RegisterAssociation', …)`.
 */
export const commandHandlerNeeding =
  <Services extends CommandServices>() =>
  <Command extends { type: string; data: unknown }, State, Event extends { type: string }>(
    decider: Decider<Command, State, Event>,
    options: { readonly codec?: EventCodec<Event> } = {},
  ) =>
  <Type extends Command['type'], Key = undefined, Input = DataOf<CommandOfType<Command, Type>>>(
    type: Type,
    declaration: CommandDeclaration<CommandOfType<Command, Type>, State, Key, Input, Services>,
  ): CommandHandler<Input, Command, State, Event, Key, Services> => {
    type Data = DataOf<CommandOfType<Command, Type>>;
    const once = declaration.facts as
      | ((data: Data, services: Services, key: Key) => Promise<unknown>)
      | undefined;
    const onEachAttempt = declaration.factsOnEachAttempt as
      | ((data: Data, services: Services, attempt: OnAttempt<Key, State>) => Promise<unknown>)
      | undefined;
    const requires = declaration.requires;
    // Without a `data` step, `Input` is the command's data (its default).
    const complete = declaration.data ?? ((input: Input) => Promise.resolve(input as unknown as Data));
    // The command is `{ type, data, facts }` by construction; TypeScript cannot follow the
    // conditional type of `facts` back to the command, hence the assertions.
    const command = async (data: Data, services: Services, key: Key) => {
      if (requires !== undefined) await requires(data, services, key);
      if (onEachAttempt !== undefined) {
        return async (loaded: LoadedStream<State>) =>
          ({
            type,
            data,
            facts: await onEachAttempt(data, services, { key, loaded }),
          }) as unknown as Command;
      }
      return (once === undefined
        ? { type, data }
        : { type, data, facts: await once(data, services, key) }) as unknown as Command;
    };
    return {
      type,
      decider,
      prepare: async (input, services, key) => {
        const data = await complete(input, services, key);
        return { streamId: declaration.stream(data, key), command: await command(data, services, key) };
      },
      ...(options.codec === undefined ? {} : { codec: options.codec }),
      ...(declaration.data === undefined
        ? { streamOf: (input: Input, key: Key) => declaration.stream(input as unknown as Data, key) }
        : {}),
    };
  };

/**
 * Declares the handlers of a decider's commands, in two steps so the decider fixes the command
 * types: `commandHandler(trainingDecider)('ReportAttendance', { stream, facts })`.
 */
export const commandHandler = commandHandlerNeeding<CommandServices>();

/**
 * What an entry point knows of an earlier attempt of the same command (same command id), when it
 * may have run: `may-have-committed` (it stopped without an answer: look for its commit first,
 * else decide), `may-be-running` (it may still run: its commit's answer, else `CommandStillRunning`).
 */
export type PriorAttempt = 'may-have-committed' | 'may-be-running';

/** How an entry point runs a command: who acts and the request's ids; the handler gives the rest. */
export type CommandCall<State> = Omit<ExecuteCommand<unknown, State>, 'streamId' | 'command'> & {
  /** Set when an attempt with this command id may have come first (see `PriorAttempt`). */
  readonly priorAttempt?: PriorAttempt;
};

export const COMMAND_STILL_RUNNING = 'COMMAND_STILL_RUNNING';

/** An earlier attempt of the command may still be running, and has not committed yet. */
export interface CommandStillRunningError extends Error {
  readonly code: typeof COMMAND_STILL_RUNNING;
}

export const isCommandStillRunning = isErrorWithCode<CommandStillRunningError>(COMMAND_STILL_RUNNING);

/**
 * The first outcome of a command that an earlier attempt committed, found before anything is
 * loaded or decided (its facts, its checks and its decider may refuse now what they accepted
 * then); `undefined` when it did not commit.
 */
const committedOutcome = async <State, Event extends { type: string }>(
  services: CommandServices,
  handler: { readonly decider: Decider<never, State, Event>; readonly codec?: EventCodec<Event> },
  streamId: string,
  commandId: string,
): Promise<CommandOutcome<State> | undefined> => {
  const first = await services.store.commandResult(streamId, commandId);
  if (first === undefined) return undefined;
  const loaded = await loadStream(services.store, streamId, handler.decider, handler.codec?.decode);
  return {
    streamId,
    version: first.lastVersion,
    events: first.events,
    duplicate: true,
    created: first.firstVersion === 1,
    state: loaded.state,
  };
};

/**
 * Runs a command through its handler: loads its facts, then loads its stream, decides and appends
 * (`executeCommand`, with its retries on a conflict). The one path of every entry point.
 */
export const handleCommand = async <
  Data,
  Command extends { type: string },
  State,
  Event extends { type: string },
  Key = undefined,
  Services extends CommandServices = CommandServices,
>(
  services: Services,
  handler: CommandHandler<Data, Command, State, Event, Key, Services>,
  data: Data,
  call: CommandCall<State>,
  ...[key]: KeyArgs<Key>
): Promise<CommandOutcome<State>> => {
  const { priorAttempt, ...rest } = call;
  if (priorAttempt !== undefined && call.commandId !== undefined) {
    if (handler.streamOf !== undefined) {
      const committed = await committedOutcome(
        services,
        handler,
        handler.streamOf(data, key as Key),
        call.commandId,
      );
      if (committed !== undefined) return committed;
    }
    if (priorAttempt === 'may-be-running') {
      throw codedError(
        'CommandStillRunningError',
        COMMAND_STILL_RUNNING,
        'An attempt of this command may still be running',
        {},
      );
    }
  }
  return executeCommand(
    services,
    handler.decider,
    { ...rest, ...(await handler.prepare(data, services, key as Key)) },
    handler.codec === undefined ? {} : { codec: handler.codec },
  );
};
