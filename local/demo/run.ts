import type { RegionCode } from '../../events/reference.js';
import { DemoClient } from './client.js';
import { type DemoRegionDocuments, readDocuments } from './documents.js';
import { type FigureLine, readFigures } from './figures.js';
import { type DemoMilestone, inParallel, playRollout } from './play-rollout.js';
import { type DemoRegionPlan, type DemoScenario, regionPlan } from './scenario.js';
import { type DemoTokens, type MintToken, mintRegionTokens } from './tokens.js';
import { turbulentPlan } from './turbulence.js';

// The demo as a function: the national plan of waves, then each region's rollout (several at a
// time at national scale), then the figures against the targets, and the documents each rollout
// produced (minutes, notice, certificates) against what it must produce. `main.ts` is its
// command line; the integration tests call it in-process.

/** A run: the server, how to mint tokens, which regions at which size, and the observers. */
export interface DemoOptions {
  /** The server's base url. */
  readonly url: string;
  /** Mints tokens with the server's dev key. */
  readonly mint: MintToken;
  /** The regions to play, in the order of the waves (default Fès-Meknès alone). */
  readonly regions?: readonly RegionCode[];
  /** Beneficiary associations per region (default 30). */
  readonly associations?: number;
  readonly edition?: string;
  /**
   * `straight` (the default) plays the program's straight path; `turbulent` the same rollout
   * through its changes of course (local/demo/turbulence.ts).
   */
  readonly scenario?: DemoScenario;
  /** How many regions are played at once. */
  readonly parallelRegions?: number;
  /** How many associations of a region report at once. */
  readonly parallelAssociations?: number;
  readonly callSeconds?: number;
  readonly appealSeconds?: number;
  readonly phaseWaitMs?: number;
  readonly onMilestone?: (milestone: DemoMilestone, plan: DemoRegionPlan) => void | Promise<void>;
  /** Called after every HTTP request (the progress bar counts them). */
  readonly onRequest?: () => void;
  readonly log?: (line: string) => void;
  /** How long to wait for the last certificates to reach the global order (default 30 s). */
  readonly documentsPatienceMs?: number;
}

/** What a run ends with. */
export interface DemoOutcome {
  readonly figures: readonly FigureLine[];
  /** True when every figure matches its target. */
  readonly matches: boolean;
  readonly plans: readonly DemoRegionPlan[];
  /** Per rollout: its minutes and notice (ar, fr), the Arabic minutes PDF, its certificates. */
  readonly documents: readonly DemoRegionDocuments[];
  readonly seconds: number;
}

/** Every region's plan for a run. */
export const demoPlans = (
  options: Pick<DemoOptions, 'regions' | 'associations' | 'edition' | 'scenario'>,
): DemoRegionPlan[] =>
  (options.regions ?? ['FM']).map((regionCode) => {
    const plan = regionPlan(regionCode, options.associations ?? 30, options.edition);
    return options.scenario === 'turbulent' ? turbulentPlan(plan) : plan;
  });

/** Plays the demo against a running server and reads its figures. */
export const runDemo = async (options: DemoOptions): Promise<DemoOutcome> => {
  const started = Date.now();
  const log = options.log ?? (() => undefined);
  const edition = options.edition ?? '2026';
  const plans = demoPlans(options);
  const client = new DemoClient({
    url: options.url,
    // The turbulent scenario's keys are its own: its commands differ from the straight path's.
    runKey: options.scenario === 'turbulent' ? `demo-${edition}-turbulent` : `demo-${edition}`,
    ...(options.onRequest === undefined ? {} : { onRequest: options.onRequest }),
  });
  const tokens = new Map<string, DemoTokens>();
  for (const plan of plans) tokens.set(plan.regionCode, await mintRegionTokens(options.mint, plan));
  const ministry = (tokens.get(plans[0]?.regionCode ?? 'FM') as DemoTokens).ministry;

  await startWaves(client, ministry, edition, plans, log);
  const parallelRegions = options.parallelRegions ?? 4;
  // Eleven files must arrive before the deadline: more time when several regions share the server.
  const callSeconds = options.callSeconds ?? 4 * Math.min(parallelRegions, plans.length);
  await inParallel(plans, parallelRegions, (plan) =>
    playRollout({
      client,
      plan,
      tokens: tokens.get(plan.regionCode) as DemoTokens,
      callSeconds,
      ...pick(options, ['appealSeconds', 'phaseWaitMs', 'onMilestone']),
      ...(options.parallelAssociations === undefined ? {} : { parallel: options.parallelAssociations }),
      log,
    }),
  );
  const figures: FigureLine[] = [];
  const documents: DemoRegionDocuments[] = [];
  for (const plan of plans) {
    const regionTokens = tokens.get(plan.regionCode) as DemoTokens;
    figures.push(...(await readFigures(client, plan, regionTokens)));
    const reading = await readDocuments(client, plan, regionTokens, {
      ...(options.documentsPatienceMs === undefined ? {} : { patienceMs: options.documentsPatienceMs }),
    });
    figures.push(...reading.figures);
    documents.push(reading.documents);
    const { pages, minutesPdf, certificates } = reading.documents;
    log(
      `${plan.rolloutId}: documents: ${pages.length} pages of minutes and notice, ` +
        `${minutesPdf.isPdf ? `a ${Math.round(minutesPdf.bytes / 1024)} KB Arabic PDF of the minutes` : 'no PDF'}, ` +
        `${certificates.length} certificates`,
    );
  }
  return {
    figures,
    matches: figures.every((line) => line.matches),
    plans,
    documents,
    seconds: (Date.now() - started) / 1000,
  };
};

const pick = <T extends object, K extends keyof T>(source: T, keys: readonly K[]): Partial<Pick<T, K>> =>
  Object.fromEntries(
    keys.filter((key) => source[key] !== undefined).map((key) => [key, source[key]]),
  ) as Partial<Pick<T, K>>;

/**
 * The national plan of waves for the edition (the demo's regions, in order, each wave on the
 * ministry's decision), then each region's wave started. A plan configured before (another run)
 * is kept: the regions it does not name are played without a wave.
 */
const startWaves = async (
  client: DemoClient,
  ministry: string,
  edition: string,
  plans: readonly DemoRegionPlan[],
  log: (line: string) => void,
): Promise<void> => {
  let wavePlan = await client.read(`/waves/${edition}`, ministry);
  if (wavePlan === undefined || wavePlan.status === 'unplanned') {
    await client.command(
      `waves-${edition}:plan`,
      'PUT',
      `/waves/${edition}/plan`,
      ministry,
      { regions: plans.map((plan) => plan.regionCode), nextWaveRule: { kind: 'ministry-decision' } },
      ['WAVE_PLAN_REWRITES_STARTED_WAVES'],
    );
    wavePlan = await client.read(`/waves/${edition}`, ministry);
  }
  const inPlan: readonly string[] = wavePlan?.regions ?? [];
  const started = new Set((wavePlan?.started ?? []).map((wave: { regionCode: string }) => wave.regionCode));
  for (const regionCode of inPlan) {
    if (started.has(regionCode)) continue;
    if (!plans.some((plan) => plan.regionCode === regionCode)) break;
    await client.command(
      `waves-${edition}:start:${regionCode}`,
      'POST',
      `/waves/${edition}/starts`,
      ministry,
      {
        regionCode,
      },
      ['WAVE_ALREADY_STARTED'],
    );
    log(`wave ${edition}: ${regionCode} started`);
  }
  const outside = plans.filter((plan) => !inPlan.includes(plan.regionCode)).map((plan) => plan.regionCode);
  if (outside.length > 0) log(`wave ${edition}: ${outside.join(', ')} not in the plan configured earlier`);
};
