import type { Decider } from '../domain/shared/decider.js';
import {
  type CommandOutcome,
  type CommandServices,
  type EventCodec,
  type ExecuteCommand,
  executeCommand,
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

/** How a command's facts are loaded from its data (only for a command that carries facts). */
type FactsDeclaration<Command> = 'facts' extends keyof Command
  ? {
      /** Loads the facts the decision needs from other streams (facts.ts), from the command's data. */
      readonly facts: (
        data: DataOf<Command>,
        services: CommandServices,
      ) => Promise<Command['facts' & keyof Command]>;
    }
  : { readonly facts?: never };

/** What one command's handler declares: its stream and, when it has facts, how they are loaded. */
export type CommandDeclaration<Command> = {
  /** The stream the command changes (loaded, decided on, appended to). */
  readonly stream: (data: DataOf<Command>) => string;
  /**
   * What must hold in other streams before the command is decided, for a command that carries no
   * facts (the rollout it names is launched: `launchedRollout` of facts.ts); throws when it does not.
   */
  readonly requires?: (data: DataOf<Command>, services: CommandServices) => Promise<unknown>;
} & FactsDeclaration<Command>;

/** The one handler of a command: its type, decider and stream, and the command built with its facts. */
export interface CommandHandler<
  Data,
  Command extends { type: string },
  State,
  Event extends { type: string },
> {
  readonly type: Command['type'];
  readonly decider: Decider<Command, State, Event>;
  readonly stream: (data: Data) => string;
  /** The command with its facts, loaded now. */
  readonly command: (data: Data, services: CommandServices) => Promise<Command>;
  /** For events outside the catalog (tests); the catalog's codec by default. */
  readonly codec?: EventCodec<Event>;
}

/** A handler whatever its command (for what lists or compares handlers). */
// biome-ignore lint/suspicious/noExplicitAny: a registry holds handlers of every command type
export type AnyCommandHandler = CommandHandler<any, any, any, any>;

/**
 * Declares the handlers of a decider's commands, in two steps so the decider fixes the command
 * types: `commandHandler(trainingDecider)('ReportAttendance', { stream, facts })`.
 */
export const commandHandler =
  <Command extends { type: string; data: unknown }, State, Event extends { type: string }>(
    decider: Decider<Command, State, Event>,
    options: { readonly codec?: EventCodec<Event> } = {},
  ) =>
  <Type extends Command['type']>(
    type: Type,
    declaration: CommandDeclaration<CommandOfType<Command, Type>>,
  ): CommandHandler<DataOf<CommandOfType<Command, Type>>, Command, State, Event> => {
    const loadFacts = declaration.facts as
      | ((data: DataOf<CommandOfType<Command, Type>>, services: CommandServices) => Promise<unknown>)
      | undefined;
    const requires = declaration.requires;
    return {
      type,
      decider,
      stream: declaration.stream,
      // The command is `{ type, data, facts }` by construction; TypeScript cannot follow the
      // conditional type of `facts` back to the command, hence the one assertion.
      command: async (data, services) => {
        if (requires !== undefined) await requires(data, services);
        return (loadFacts === undefined
          ? { type, data }
          : { type, data, facts: await loadFacts(data, services) }) as unknown as Command;
      },
      ...(options.codec === undefined ? {} : { codec: options.codec }),
    };
  };

/** How an entry point runs a command: who acts and the request's ids; the handler gives the rest. */
export type CommandCall<State> = Omit<ExecuteCommand<unknown, State>, 'streamId' | 'command'>;

/**
 * Runs a command through its handler: loads its facts, then loads its stream, decides and appends
 * (`executeCommand`, with its retries on a conflict). The one path of every entry point.
 */
export const handleCommand = async <
  Data,
  Command extends { type: string },
  State,
  Event extends { type: string },
>(
  services: CommandServices,
  handler: CommandHandler<Data, Command, State, Event>,
  data: Data,
  call: CommandCall<State>,
): Promise<CommandOutcome<State>> =>
  executeCommand(
    services,
    handler.decider,
    { ...call, streamId: handler.stream(data), command: await handler.command(data, services) },
    handler.codec === undefined ? {} : { codec: handler.codec },
  );
