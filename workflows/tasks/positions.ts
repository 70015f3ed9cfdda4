import { loadStream } from '../../functions/application/execute-command.js';
import { waveOfPhase } from '../../functions/domain/ids.js';
import { rolloutFold } from '../../functions/domain/rollout/rollout.js';
import { determineContactCentrePosition } from './contact-centre.js';
import { determineRolloutPosition } from './determine-phase.js';
import { determineWavePosition } from './national-waves.js';
import type { WaitPosition, WorkflowServices } from './services.js';

// A workflow's subject names its kind: a rollout id (`rollout-…`), a wave plan stream
// (`national-waves-<edition>`), or the id of the national contact-centre call.

const NATIONAL_WAVES_PREFIX = 'national-waves-';

/** The workflow that a subject id belongs to. */
export const workflowOfSubject = (
  subjectId: string,
): 'region-rollout' | 'national-waves' | 'contact-centre-call' =>
  subjectId.startsWith('rollout-')
    ? 'region-rollout'
    : subjectId.startsWith(NATIONAL_WAVES_PREFIX)
      ? 'national-waves'
      : 'contact-centre-call';

/** Where a subject's workflow is now, read from events (the same answer its determine task gives). */
export const positionOf = async (services: WorkflowServices, subjectId: string): Promise<WaitPosition> => {
  switch (workflowOfSubject(subjectId)) {
    case 'region-rollout': {
      const { phase, step } = await determineRolloutPosition(services, subjectId);
      return { subjectId, phase, step };
    }
    case 'national-waves': {
      const edition = subjectId.slice(NATIONAL_WAVES_PREFIX.length);
      const { phase, step } = await determineWavePosition(services, edition);
      return { subjectId, phase, step };
    }
    default: {
      const { phase, step } = await determineContactCentrePosition(services, subjectId);
      return { subjectId, phase, step };
    }
  }
};

/**
 * The phases a subject's token may be parked under, read cheaply (for a rollout, its own stream
 * only), most likely first: used to find a token before deciding whether the full position is
 * worth computing. A wave plan's phase names the wave awaited (`plan`, `wave-<n>`), so the event
 * that completes its wait also moves its phase: its token is under the phase before that event.
 */
export const parkingPhasesOf = async (services: WorkflowServices, subjectId: string): Promise<string[]> => {
  switch (workflowOfSubject(subjectId)) {
    case 'region-rollout': {
      const rollout = (await loadStream(services.store, subjectId, rolloutFold)).state;
      return [rollout.status === 'not-launched' ? 'launch' : rollout.phase];
    }
    case 'national-waves': {
      const { phase } = await positionOf(services, subjectId);
      const awaited = waveOfPhase(phase) ?? 0;
      if (awaited === 0) return [phase];
      return [phase, awaited === 1 ? 'plan' : `wave-${awaited - 1}`];
    }
    default:
      return [(await positionOf(services, subjectId)).phase];
  }
};
