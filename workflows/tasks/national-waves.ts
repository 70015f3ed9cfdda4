import * as z from 'zod';
import { RegionCode } from '../../events/reference.js';
import { ProgramEdition } from '../../events/rollout/schemas.js';
import { handleCommand } from '../../functions/application/command-handler.js';
import { startNextWave as startNextWaveHandler } from '../../functions/application/commands/waves.js';
import { loadStream } from '../../functions/application/execute-command.js';
import {
  nextWaveRegion,
  type StartedWave,
  startedWaves,
  wavePlanFold,
  wavePlanStreamId,
} from '../../functions/domain/national/national.js';
import { currentPhase, phaseIndex, rolloutFold } from '../../functions/domain/rollout/rollout.js';
import { ExecutionContext, generationOfExecution } from './generation-tasks.js';
import { WAVE_WAIT_DAYS } from './phase-durations.js';
import { daysInSeconds, WORKFLOW_ACTOR, type WorkflowServices } from './services.js';

/** The steps of the national waves workflow (`RouteToWaveStep`). */
export type WaveStep = 'await-plan' | 'await-next-wave' | 'start-next-wave' | 'all-started';

/** What `DetermineNextWave` returns. */
export interface WavePosition {
  readonly edition: string;
  /** The wave plan's stream: the subject its tokens are parked under. */
  readonly subjectId: string;
  /** `plan`, then `wave-<n>` for the wave awaited next. */
  readonly phase: string;
  readonly step: WaveStep;
  readonly started: readonly StartedWave[];
  readonly nextRegion: RegionCode | null;
  readonly timeoutSeconds: number;
}

const EditionInput = z.object({ edition: ProgramEdition });
const StartInput = z.object({ edition: ProgramEdition, regionCode: RegionCode });

/** Where the national plan stands: which rollouts to (re)start, and what the next wave waits for. */
export const determineWavePosition = async (
  services: WorkflowServices,
  edition: string,
): Promise<WavePosition> => {
  const subjectId = wavePlanStreamId(edition);
  const plan = (await loadStream(services.store, subjectId, wavePlanFold)).state;
  const started = startedWaves(plan);
  const base = { edition, subjectId, started, timeoutSeconds: daysInSeconds(WAVE_WAIT_DAYS) };
  if (plan.status === 'unplanned') return { ...base, phase: 'plan', step: 'await-plan', nextRegion: null };
  const nextRegion = nextWaveRegion(plan);
  const phase = `wave-${started.length + 1}`;
  if (nextRegion === null) return { ...base, phase, step: 'all-started', nextRegion };
  const previous = started.at(-1);
  const rule = plan.nextWaveRule;
  // The first wave, and every wave under the ministry-decision rule, starts by the ministry's command.
  if (previous === undefined || rule.kind === 'ministry-decision') {
    return { ...base, phase, step: 'await-next-wave', nextRegion };
  }
  const previousRollout = (await loadStream(services.store, previous.rolloutId, rolloutFold)).state;
  const reached = currentPhase(previousRollout);
  const ready = reached !== null && phaseIndex(reached) >= phaseIndex(rule.phase);
  return { ...base, phase, step: ready ? 'start-next-wave' : 'await-next-wave', nextRegion };
};

/**
 * How long a national waves execution runs before it continues as its next generation: its longest
 * wait (90 days) must end before the one-year cap (docs/adr/0031-workflow-generations.md).
 */
export const WAVES_CONTINUE_AFTER_DAYS = 270;

/** `DetermineNextWave`: the position, and the execution's generation when it is given its context. */
export const determineNextWave = async (services: WorkflowServices, payload: unknown) => {
  const { edition, ...context } = EditionInput.extend(ExecutionContext.partial().shape).parse(payload);
  const position = await determineWavePosition(services, edition);
  const { executionName, executionStartTime } = context;
  if (executionName === undefined || executionStartTime === undefined) return position;
  const { step, ...next } = await generationOfExecution(
    services,
    position.subjectId,
    { executionName, executionStartTime },
    WAVES_CONTINUE_AFTER_DAYS,
  );
  if (step === 'superseded') return { ...position, ...next, step };
  if (step === 'continue' && position.step !== 'all-started') return { ...position, ...next, step };
  return { ...position, ...next };
};

/**
 * `StartNextWave`: appends WaveStarted when the previous wave's rollout reached the plan's phase,
 * through the handler the ministry's route calls (its facts are read on each attempt).
 */
export const startNextWave = async (
  services: WorkflowServices,
  payload: unknown,
): Promise<{ appended: number }> => {
  const { edition, regionCode } = StartInput.parse(payload);
  const streamId = wavePlanStreamId(edition);
  const result = await handleCommand(
    services,
    startNextWaveHandler,
    { regionCode },
    { actor: WORKFLOW_ACTOR, correlationId: streamId, commandId: `${streamId}:${regionCode}:start` },
    { edition },
  );
  return { appended: result.duplicate ? 0 : result.events.length };
};
