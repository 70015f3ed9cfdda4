import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { SingleBar } from 'cli-progress';
import { Command, InvalidArgumentError } from 'commander';
import { RegionCode } from '../../events/reference.js';
import { isCliError, serverUrl } from '../cli/api-client.js';
import { DEV_KEY_FILE, DevAuth } from '../dev-auth.js';
import { startRuntime } from '../runtime.js';
import { DemoClient, isDemoRequestError } from './client.js';
import { formatFigures } from './figures.js';
import { playPastEdition } from './past-edition.js';
import { isDemoRolloutStalledError } from './play-rollout.js';
import { type DemoOptions, demoPlans, runDemo } from './run.js';
import { DEMO_SCENARIOS, type DemoScenario } from './scenario.js';
import { type MintToken, minterOf } from './tokens.js';
import { TURBULENT_MINIMUM_ASSOCIATIONS } from './turbulence.js';

// `npm run demo`: plays the Fès-Meknès rollout (or several regions) against a running `npm start`,
// or, when none answers, against its own runtime in memory; prints the figures against the
// targets and exits 0 only when they match. Run it again after a crash: it resumes.

interface DemoFlags {
  readonly url: string;
  readonly data: string;
  readonly regions: readonly RegionCode[];
  readonly associations: number;
  readonly edition: string;
  readonly scenario: DemoScenario | 'past-edition';
  readonly parallelRegions: number;
  readonly callSeconds?: number;
  readonly appealSeconds: number;
  readonly progress: boolean;
  readonly quiet: boolean;
}

const positive = (value: string): number => {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new InvalidArgumentError('a whole number from 1');
  return parsed;
};

/** The scenarios of `--scenario`: the demo's own, and the past edition (local/demo/past-edition.ts). */
const SCENARIOS = [...DEMO_SCENARIOS, 'past-edition'] as const;

const scenarioOf = (value: string): DemoScenario | 'past-edition' => {
  const known: readonly string[] = SCENARIOS;
  if (!known.includes(value)) throw new InvalidArgumentError(`use ${SCENARIOS.join(' or ')}`);
  return value as DemoScenario | 'past-edition';
};

const regionList = (value: string): RegionCode[] => {
  const all: readonly string[] = RegionCode.options;
  if (value === 'all') return [...RegionCode.options];
  const codes = value.split(',').map((code) => code.trim().toUpperCase());
  const unknown = codes.filter((code) => !all.includes(code));
  if (unknown.length > 0 || codes.length === 0) {
    throw new InvalidArgumentError(`unknown region ${unknown.join(', ')}; use ${all.join(',')} or all`);
  }
  return codes as RegionCode[];
};

/** Counts the events in the store through the ministry's feed, following its cursors to the end. */
const countEvents = async (client: DemoClient, ministry: string): Promise<number> => {
  const page = 500;
  let count = 0;
  let after: string | null = null;
  for (;;) {
    const query: string = `?limit=${page}${after === null ? '' : `&after=${encodeURIComponent(after)}`}`;
    const read = await client.read(`/events${query}`, ministry);
    count += read.scanned as number;
    // A page that is not full is the end of what is recorded.
    if ((read.scanned as number) < page) return count;
    after = read.checkpoint as string;
  }
};

const program = new Command('demo')
  .description(
    'Play a region rollout of Naseej through the HTTP API, as its people would, and print its figures',
  )
  .option(
    '--url <url>',
    'a running `npm start`; without one answering, the demo starts its own in memory',
    'http://127.0.0.1:3000',
  )
  .option(
    '--data <dir>',
    "the running server's data folder (its dev key mints the demo's tokens)",
    '.naseej-data',
  )
  .option('--regions <codes>', 'regions to play, in wave order: FM,GON or all', regionList, [
    'FM',
  ] as RegionCode[])
  .option('--associations <n>', 'beneficiary associations per region', positive, 30)
  .option('--edition <edition>', 'the program edition (part of every id)', '2026')
  .option(
    '--scenario <scenario>',
    'straight: the program as planned; turbulent: the same rollout through a withdrawal and its replacement, a member replaced, an attendance corrected, an upheld appeal, a paper file keyed in late, a grant amended and a tranche returned; past-edition: the 2023 Fès-Meknès edition (three associations) keyed in from its files with its true dates',
    scenarioOf,
    'straight' as DemoScenario,
  )
  .option('--parallel-regions <n>', 'regions played at once', positive, 4)
  .option(
    '--call-seconds <n>',
    'how long the operator call stays open (default 4 per region played at once)',
    positive,
  )
  .option('--appeal-seconds <n>', 'how long the appeal window stays open', positive, 2)
  .option('--progress', 'a progress bar (the default with several regions or more than 30 associations)')
  .option('--quiet', 'print only the figures')
  .addHelpText(
    'after',
    '\nExamples:\n  npm run demo\n  npm run demo -- --scenario turbulent\n  npm run demo -- --scenario past-edition\n  npm run demo -- --regions FM,GON --associations 40\n  npm run demo -- --regions all --associations 600',
  );

const main = async (): Promise<number> => {
  const flags = program.parse().opts<DemoFlags>();
  if (flags.scenario === 'turbulent' && flags.associations < TURBULENT_MINIMUM_ASSOCIATIONS) {
    console.error(
      `naseej demo: the turbulent scenario needs --associations ${TURBULENT_MINIMUM_ASSOCIATIONS} or more`,
    );
    return 2;
  }
  const say = (line: string) => {
    if (!flags.quiet) console.log(line);
  };
  // Without --url, the demo plays against a runtime of its own when no `npm start` answers; with
  // it, the person meant that server: a mistyped address is said, not played around.
  const urlGiven = program.getOptionValueSource('url') === 'cli';
  let url: string;
  try {
    url = serverUrl(flags.url);
  } catch (error) {
    if (!isCliError(error)) throw error;
    console.error(`naseej demo: ${error.message}`);
    return 2;
  }
  let mint: MintToken;
  let stopOwnRuntime: (() => Promise<void>) | undefined;
  const answers = await new DemoClient({ url, runKey: 'probe' }).answers();
  if (!answers && urlGiven) {
    console.error(
      `naseej demo: nothing answers at ${url}: start Naseej there (npm start), correct --url, or leave --url out to play against a runtime of its own, in memory`,
    );
    return 2;
  }
  if (answers) {
    const keyFile = join(flags.data, DEV_KEY_FILE);
    try {
      await access(keyFile);
    } catch {
      console.error(
        `naseej demo: a server answers at ${url} but ${keyFile} is missing; pass the server's --data folder`,
      );
      return 2;
    }
    mint = minterOf(await DevAuth.create({ folder: flags.data }));
    say(`Playing against ${url} (tokens from ${flags.data}).`);
  } else {
    const runtime = await startRuntime({ inMemory: true, port: 0, quiet: true });
    url = runtime.url;
    mint = minterOf(runtime.auth);
    stopOwnRuntime = () => runtime.stop();
    say(`No server at ${flags.url}: playing against a runtime of its own, in memory, at ${url}.`);
  }
  if (flags.scenario === 'past-edition') {
    try {
      const edition = await playPastEdition({ url, mint, log: say });
      say(`${edition.rolloutId}: its audit trail at /views/audit/stream/${edition.rolloutId}`);
      return 0;
    } finally {
      await stopOwnRuntime?.();
    }
  }
  const plans = demoPlans({ ...flags, scenario: flags.scenario });
  // The bar draws on a terminal only (cli-progress writes to stderr); piped or logged, the demo
  // prints each milestone as a line instead, so a long run still shows where it is.
  const showBar =
    process.stderr.isTTY === true && (flags.progress === true || plans.length > 1 || flags.associations > 30);
  // Requests a region takes, about: the fixed steps, then about 52 per association.
  const expected = plans.length * (140 + flags.associations * 52);
  const bar = showBar
    ? new SingleBar({
        format: 'demo |{bar}| {percentage}% | {value}/{total} requests | {milestone}',
        hideCursor: true,
      })
    : undefined;
  bar?.start(expected, 0, { milestone: 'starting' });
  const options: DemoOptions = {
    url,
    mint,
    regions: flags.regions,
    associations: flags.associations,
    edition: flags.edition,
    scenario: flags.scenario,
    parallelRegions: flags.parallelRegions,
    ...(flags.callSeconds === undefined ? {} : { callSeconds: flags.callSeconds }),
    appealSeconds: flags.appealSeconds,
    onRequest: () => bar?.increment(),
    onMilestone: (milestone, plan) => {
      if (bar !== undefined) bar.update({ milestone: `${plan.regionCode}: ${milestone}` });
      else say(`  ${new Date().toISOString().slice(11, 19)} ${plan.rolloutId}: ${milestone}`);
    },
  };
  const ministry = await mint({ subject: 'demo-figures', roles: ['ministry'] });
  const counter = new DemoClient({ url, runKey: 'count' });
  try {
    const eventsBefore = await countEvents(counter, ministry);
    const outcome = await runDemo(options);
    bar?.update(bar.getTotal());
    bar?.stop();
    console.log(`\n${formatFigures(outcome.figures)}\n`);
    // The feed shows a commit once it has settled (a few seconds): the last ones may count next time.
    const appended = (await countEvents(counter, ministry)) - eventsBefore;
    say(
      `${appended} events appended in ${outcome.seconds.toFixed(1)} s ` +
        `(${Math.round(appended / Math.max(outcome.seconds, 0.001))} events per second).`,
    );
    say(outcome.matches ? 'Every figure matches its target.' : 'Some figures do not match their targets.');
    return outcome.matches ? 0 : 1;
  } catch (error) {
    bar?.stop();
    if (isDemoRequestError(error) || isDemoRolloutStalledError(error)) {
      console.error(`naseej demo stopped: ${error.message}\nRun it again to resume where it stopped.`);
      return 1;
    }
    throw error;
  } finally {
    await stopOwnRuntime?.();
  }
};

process.exitCode = await main();
