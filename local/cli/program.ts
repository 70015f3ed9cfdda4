import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { SingleBar } from 'cli-progress';
import { Command, Option } from 'commander';
import { catalog } from '../../events/catalog.js';
import { REGIONS } from '../../events/reference.js';
import { TOKEN_LIMITS } from '../../functions/adapters/http/claims.js';
import { ApiClient, cliError, isCliError } from './api-client.js';
import { mintDevToken, parseRole } from './tokens.js';
import { registerVerifyCommand } from './verify.js';

// The `naseej` command: operations on a running `npm start`, over its HTTP API, with a token it
// mints from the data folder's key. Every command takes --json (machine-readable output on
// standard output) and --help; progress goes to standard error.

/** Where the CLI writes; tests capture it. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** Whether standard error is a terminal (progress bars only then). */
  readonly interactive: boolean;
  /** Waits between polls of `events --follow` (tests shorten it). */
  readonly sleep?: (milliseconds: number) => Promise<void>;
}

interface CommonOptions {
  readonly url: string;
  readonly data: string;
  readonly json?: boolean;
}

const REGION_CODES = REGIONS.map((region) => region.code) as readonly string[];

const regionCode = (value: string): string => {
  const code = value.toUpperCase();
  if (!REGION_CODES.includes(code)) {
    throw cliError('UNKNOWN_REGION', `No region ${value}; regions: ${REGION_CODES.join(', ')}`, 2);
  }
  return code;
};

/** The whole number an option gives, from `min` on; a `CliError` naming the option otherwise. */
const wholeNumber = (option: string, value: string, min = 0): number => {
  const number = Number(value);
  if (value.trim() === '' || !Number.isInteger(number) || number < min)
    throw cliError('NOT_A_NUMBER', `${option} ${value}: give a whole number of ${min} or more`, 2);
  return number;
};

const EVENT_TYPES = catalog.map((family) => family.type).sort();

/** The event types `--type` names, each in the catalog; a `CliError` naming the others. */
const eventTypes = (value: string): Set<string> => {
  const types = value.split(',').map((type) => type.trim());
  const unknown = types.filter((type) => !EVENT_TYPES.includes(type));
  if (unknown.length > 0) {
    throw cliError(
      'UNKNOWN_EVENT_TYPE',
      `--type ${unknown.join(',')}: no such event type; the types: ${EVENT_TYPES.join(', ')}`,
      2,
    );
  }
  return new Set(types);
};

const withCommonOptions = (command: Command): Command =>
  command
    .option('--url <url>', 'the running Naseej', process.env.NASEEJ_URL ?? 'http://127.0.0.1:3000')
    .option('--data <dir>', 'its data folder (holds the dev signing key)', '.naseej-data')
    .option('--json', 'machine-readable output');

/** A client with a token of `role` minted from the data folder's key. */
const clientFor = async (options: CommonOptions, role = 'ministry'): Promise<ApiClient> =>
  new ApiClient(options.url, await mintDevToken(options.data, parseRole(role)), {
    keyFolder: resolve(options.data),
  });

const table = (rows: readonly (readonly string[])[]): string => {
  const widths =
    rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
  return rows
    .map((row) =>
      row
        .map((cell, column) => cell.padEnd(widths[column] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
};

interface RolloutRow {
  readonly rolloutId: string;
  readonly regionCode: string | null;
  readonly edition: string | null;
  readonly status: string;
  readonly phase: string | null;
  readonly escalatedPhase: string | null;
  readonly deadline: string | null;
}

interface NationalOverview {
  readonly rollouts: readonly { readonly standing: RolloutRow }[];
}

interface FeedPage {
  readonly events: readonly {
    eventId: string;
    streamId: string;
    version: number;
    type: string;
    recordedAt: string;
    data: unknown;
  }[];
  /** The cursor to read on from (`after`). */
  readonly checkpoint: string | null;
  /** Events the page covered, before the role's filter. */
  readonly scanned: number;
}

/** GET /waves/{edition}. */
interface WavePlan {
  readonly edition: string;
  readonly status: 'unplanned' | 'configured';
  readonly regions: readonly string[];
  readonly started: readonly { readonly regionCode: string; readonly rolloutId: string }[];
}

const wavePlanText = (plan: WavePlan): string => {
  if (plan.status === 'unplanned')
    return `No wave plan for ${plan.edition} (naseej waves plan ${plan.edition} --regions …)`;
  const started = new Map(plan.started.map((wave) => [wave.regionCode, wave.rolloutId]));
  const next = plan.regions.find((region) => !started.has(region));
  return [
    `Wave plan ${plan.edition}: ${plan.regions.join(' → ')}`,
    table([
      ['WAVE', 'REGION', 'STATUS', 'ROLLOUT'],
      ...plan.regions.map((region, index) => [
        String(index + 1),
        region,
        started.has(region) ? 'started' : region === next ? 'next' : 'planned',
        started.get(region) ?? '',
      ]),
    ]),
    ...(next === undefined
      ? ['Every wave has started.']
      : [`Next: naseej waves start ${plan.edition} ${next}`]),
  ].join('\n');
};

/** GET /runtime/status (local/runtime-routes.ts). */
interface RuntimeStatusView {
  readonly startedAt: string;
  readonly dataDir: string | null;
  readonly inMemory: boolean;
  readonly projections: readonly string[];
  readonly projectionLag: {
    readonly count: number;
    readonly p50: number | null;
    readonly p99: number | null;
    readonly max: number | null;
  };
  readonly executions: readonly {
    readonly stateMachine: string;
    readonly name: string;
    readonly status: string;
    readonly startedAt: string;
    readonly waitingIn: string | null;
  }[];
  readonly deadLetters: number;
  readonly parkedDeliveries: number;
}

const milliseconds = (value: number | null): string => (value === null ? '–' : `${value} ms`);

const runtimeStatusText = (status: RuntimeStatusView): string =>
  [
    `Running since ${status.startedAt}; data: ${status.inMemory ? 'in memory' : (status.dataDir ?? 'in memory')}`,
    `Projections: ${status.projections.length} (lag p50 ${milliseconds(status.projectionLag.p50)}, p99 ${milliseconds(status.projectionLag.p99)}, max ${milliseconds(status.projectionLag.max)} over ${status.projectionLag.count} event(s))`,
    `Dead letters: ${status.deadLetters}; parked webhook deliveries: ${status.parkedDeliveries}`,
    status.executions.length === 0
      ? 'Workflows: none yet'
      : table([
          ['WORKFLOW', 'EXECUTION', 'STATUS', 'WAITING IN', 'STARTED'],
          ...status.executions.map((execution) => [
            execution.stateMachine,
            execution.name,
            execution.status,
            execution.waitingIn ?? '',
            execution.startedAt,
          ]),
        ]),
  ].join('\n');

/** Events per page the CLI asks for (the API's largest page). */
const FEED_PAGE = 500;

/** Builds the `naseej` program; `io` receives what it prints. */
export const buildProgram = (io: CliIo): Command => {
  const print = (options: { json?: boolean }, json: unknown, human: () => string) =>
    io.out(options.json ? `${JSON.stringify(json, null, 2)}\n` : `${human()}\n`);
  const sleep =
    io.sleep ?? ((milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds)));

  const program = new Command('naseej')
    .description('Operate a running Naseej (npm start) from the command line')
    .showHelpAfterError()
    .configureOutput({ writeOut: io.out, writeErr: io.err });

  // Tokens.
  withCommonOptions(
    program
      .command('token')
      .description("Mint a dev token for a role with the data folder's signing key")
      .argument('[role]', 'ministry, coordinator, committee-member, partner, finance-*, reader', 'ministry')
      .option('--hours <n>', 'validity in hours (24 at most)', '12'),
  ).action(async (role: string, options: CommonOptions & { hours: string }) => {
    const parsed = parseRole(role);
    const hours = wholeNumber('--hours', options.hours, 1);
    if (hours > TOKEN_LIMITS.maxLifetimeSeconds / 3600) {
      throw cliError(
        'TOKEN_TOO_LONG',
        `A token is valid for ${TOKEN_LIMITS.maxLifetimeSeconds / 3600} hours at most: the server refuses longer ones`,
        2,
      );
    }
    const token = await mintDevToken(options.data, parsed, hours);
    print(options, { role: parsed, token, expiresInHours: hours }, () => token);
  });

  // Rollouts.
  const rollouts = program.command('rollouts').description("Regions' rollouts: launch and list");
  withCommonOptions(
    rollouts
      .command('launch')
      .description("Launch a region's rollout (the workflow then drives its phases)")
      .argument('<region>', `region code: ${REGION_CODES.join(', ')}`)
      .option('--edition <year>', 'program edition', String(new Date().getFullYear()))
      .option('--associations <n>', 'target of beneficiary associations')
      .option('--members <n>', 'target of members per association')
      .option('--trainers <n>', 'target of trainers')
      .option('--horizon <n>', 'associations reached in the end'),
  ).action(
    async (
      region: string,
      options: CommonOptions & {
        edition: string;
        associations?: string;
        members?: string;
        trainers?: string;
        horizon?: string;
      },
    ) => {
      const targets = {
        ...(options.associations === undefined
          ? {}
          : { associations: wholeNumber('--associations', options.associations) }),
        ...(options.members === undefined
          ? {}
          : { membersPerAssociation: wholeNumber('--members', options.members) }),
        ...(options.trainers === undefined ? {} : { trainers: wholeNumber('--trainers', options.trainers) }),
        ...(options.horizon === undefined ? {} : { horizon: wholeNumber('--horizon', options.horizon) }),
      };
      const api = await clientFor(options);
      const answer = await api.call<{ streamId: string; version: number }>('POST', '/rollouts', {
        body: {
          regionCode: regionCode(region),
          edition: options.edition,
          ...(Object.keys(targets).length > 0 ? { targets } : {}),
        },
        headers: { 'idempotency-key': `cli-launch-${regionCode(region)}-${options.edition}` },
      });
      print(options, answer.body, () => `Launched ${answer.body.streamId} (version ${answer.body.version})`);
    },
  );
  withCommonOptions(rollouts.command('list').description('Every rollout with its phase')).action(
    async (options: CommonOptions) => {
      const api = await clientFor(options);
      const overview = await api.call<NationalOverview>('GET', '/views/national');
      const rows = overview.body.rollouts.map(({ standing }) => ({
        rolloutId: standing.rolloutId,
        regionCode: standing.regionCode,
        edition: standing.edition,
        status: standing.status,
        phase: standing.phase,
        escalatedPhase: standing.escalatedPhase,
        deadline: standing.deadline,
      }));
      print(options, { rollouts: rows }, () =>
        rows.length === 0
          ? 'No rollout yet (naseej rollouts launch <region>)'
          : table([
              ['ROLLOUT', 'REGION', 'STATUS', 'PHASE', 'DEADLINE'],
              ...rows.map((row) => [
                row.rolloutId,
                row.regionCode ?? '',
                row.status,
                `${row.phase ?? ''}${row.escalatedPhase ? ' (escalated)' : ''}`,
                row.deadline ?? '',
              ]),
            ]),
      );
    },
  );

  // National waves.
  const waves = program.command('waves').description('The national plan of regional waves');
  withCommonOptions(
    waves
      .command('plan')
      .description('Set the order of the regional waves of an edition')
      .argument('<edition>', 'program edition, e.g. 2026')
      .requiredOption('--regions <codes>', 'regions in order, comma-separated (e.g. FM,MS,CS)')
      .option('--after-phase <phase>', 'start the next wave when the previous rollout reaches this phase'),
  ).action(async (edition: string, options: CommonOptions & { regions: string; afterPhase?: string }) => {
    const api = await clientFor(options);
    const regions = options.regions.split(',').map((code) => regionCode(code.trim()));
    const nextWaveRule =
      options.afterPhase === undefined
        ? { kind: 'ministry-decision' }
        : { kind: 'previous-reached-phase', phase: options.afterPhase };
    const answer = await api.call('PUT', `/waves/${encodeURIComponent(edition)}/plan`, {
      body: { regions, nextWaveRule },
    });
    print(options, answer.body, () => `Wave plan ${edition}: ${regions.join(' → ')}`);
  });
  withCommonOptions(
    waves
      .command('start')
      .description("Start the next region's wave (the ministry's decision)")
      .argument('<edition>', 'program edition')
      .argument('<region>', 'the region of the next wave'),
  ).action(async (edition: string, region: string, options: CommonOptions) => {
    const api = await clientFor(options);
    const answer = await api
      .call('POST', `/waves/${encodeURIComponent(edition)}/starts`, {
        body: { regionCode: regionCode(region) },
      })
      .catch((error: unknown) => {
        const next = isCliError(error) ? error.details?.next : undefined;
        if (!isCliError(error) || error.code !== 'WAVE_NOT_NEXT_IN_PLAN' || typeof next !== 'string')
          throw error;
        throw cliError(
          error.code,
          `Waves start in the order of the plan: the next wave of ${edition} is ${next} (naseej waves start ${edition} ${next}; naseej waves show ${edition} shows the plan)`,
          1,
        );
      });
    print(options, answer.body, () => `Wave of ${regionCode(region)} started for ${edition}`);
  });
  withCommonOptions(
    waves.command('show').description('The wave plan and the waves started').argument('<edition>'),
  ).action(async (edition: string, options: CommonOptions) => {
    const api = await clientFor(options);
    const answer = await api.call<WavePlan>('GET', `/waves/${encodeURIComponent(edition)}`);
    print(options, answer.body, () => wavePlanText(answer.body));
  });

  // The event feed.
  withCommonOptions(
    program
      .command('events')
      .description('Read the event feed (GET /events); --follow keeps polling for new events')
      .option('--after <cursor>', 'continue after a cursor a previous run printed (c1.…)')
      .option('--last <n>', 'start at the end: only the last n events (1 to 500), then what comes')
      .option('--type <types>', 'only these event types, comma-separated')
      .option('--follow', 'keep polling')
      .option('--interval <ms>', 'wait between polls with --follow', '1000')
      .addOption(
        new Option('--role <role>', 'read as this role').choices(['ministry', 'reader']).default('ministry'),
      ),
  ).action(
    async (
      options: CommonOptions & {
        after?: string;
        last?: string;
        type?: string;
        follow?: boolean;
        interval: string;
        role: string;
      },
    ) => {
      if (options.after !== undefined && options.last !== undefined) {
        throw cliError('CONFLICTING_OPTIONS', 'Give --after or --last, not both', 2);
      }
      const last = options.last === undefined ? undefined : wholeNumber('--last', options.last, 1);
      if (last !== undefined && (last < 1 || last > FEED_PAGE)) {
        throw cliError('NOT_A_NUMBER', `--last takes a whole number from 1 to ${FEED_PAGE}`, 2);
      }
      const types = options.type === undefined ? undefined : eventTypes(options.type);
      const interval = wholeNumber('--interval', options.interval);
      const api = await clientFor(options, options.role);
      let cursor: string | null = options.after ?? null;
      let fromLatest = last !== undefined;
      let stop = false;
      const onSignal = () => {
        stop = true;
      };
      process.once('SIGINT', onSignal);
      try {
        for (;;) {
          const query = new URLSearchParams(
            fromLatest
              ? { from: 'latest', limit: String(last) }
              : { limit: String(FEED_PAGE), ...(cursor === null ? {} : { after: cursor }) },
          );
          fromLatest = false;
          const page = (await api.call<FeedPage>('GET', `/events?${query}`)).body;
          for (const event of page.events) {
            if (types !== undefined && !types.has(event.type)) continue;
            io.out(
              options.json
                ? `${JSON.stringify(event)}\n`
                : `${event.recordedAt}  ${event.type.padEnd(28)} ${event.streamId} v${event.version}\n`,
            );
          }
          cursor = page.checkpoint;
          // A full page: more is waiting, read it at once.
          if (page.scanned >= FEED_PAGE) continue;
          if (!options.follow || stop) break;
          await sleep(interval);
          if (stop) break;
        }
      } finally {
        process.off('SIGINT', onSignal);
      }
      // Standard error even with --json: standard output carries only the events.
      io.err(`cursor: ${cursor ?? '(start)'} (naseej events --after <cursor> reads on)\n`);
    },
  );

  // Projections.
  const projections = program.command('projections').description('Read models: list and rebuild');
  withCommonOptions(projections.command('list').description('The read models and their lag')).action(
    async (options: CommonOptions) => {
      const api = await clientFor(options);
      const status = (
        await api.call<{ projections: string[]; projectionLag: unknown }>('GET', '/runtime/status')
      ).body;
      print(options, { projections: status.projections, lag: status.projectionLag }, () =>
        [
          `Projections: ${status.projections.join(', ')}`,
          `Lag (ms): ${JSON.stringify(status.projectionLag)}`,
        ].join('\n'),
      );
    },
  );
  withCommonOptions(
    projections
      .command('rebuild')
      .description('Recompute read models from the whole event history')
      .argument('[names...]', 'projections to rebuild (default: all)'),
  ).action(async (names: string[], options: CommonOptions) => {
    const api = await clientFor(options);
    const known = (await api.call<{ projections: string[] }>('GET', '/runtime/status')).body.projections;
    const chosen = names.length > 0 ? names : known;
    const bar =
      io.interactive && !options.json
        ? new SingleBar({ format: 'rebuild {bar} {value}/{total} {name}', stream: process.stderr })
        : undefined;
    bar?.start(chosen.length, 0, { name: '' });
    const reports: unknown[] = [];
    try {
      for (const name of chosen) {
        bar?.update({ name });
        reports.push((await api.call('POST', `/projections/${encodeURIComponent(name)}/rebuilds`)).body);
        bar?.increment();
      }
    } finally {
      bar?.stop();
    }
    print(options, { rebuilt: reports }, () =>
      (reports as { projection: string; documents: number }[])
        .map((report) => `${report.projection}: ${report.documents} document(s) rebuilt`)
        .join('\n'),
    );
  });

  // Open data.
  withCommonOptions(
    program
      .command('open-data')
      .description('Export the public funding open data (circular 4/2016), CSV or JSON')
      .addOption(new Option('--format <format>', 'csv or json').choices(['csv', 'json']).default('csv'))
      .option('--out <file>', 'write to a file instead of standard output'),
  ).action(async (options: CommonOptions & { format: string; out?: string }) => {
    const api = new ApiClient(options.url);
    const csv = options.format === 'csv' && !options.json;
    const answer = await api.call('GET', csv ? '/open-data/public-funding/csv' : '/open-data/public-funding');
    const text = csv ? answer.text : `${JSON.stringify(answer.body, null, 2)}\n`;
    if (options.out === undefined) io.out(text.endsWith('\n') ? text : `${text}\n`);
    else {
      await writeFile(options.out, text);
      io.err(`written to ${options.out}\n`);
    }
  });

  // The runtime.
  withCommonOptions(
    program.command('status').description('The running Naseej: workflows, projection lag, parked deliveries'),
  ).action(async (options: CommonOptions) => {
    const api = await clientFor(options);
    const status = (await api.call<RuntimeStatusView>('GET', '/runtime/status')).body;
    print(options, status, () => runtimeStatusText(status));
  });

  registerVerifyCommand(program, io);
  return program;
};
