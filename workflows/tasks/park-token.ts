import * as z from 'zod';
import { resumeIfMoved } from '../callbacks/consumer.js';
import type { WorkflowServices } from './services.js';

const ParkInput = z.object({
  taskToken: z.string().min(1),
  workflow: z.string().min(1),
  subjectId: z.string().min(1),
  phase: z.string().min(1),
  step: z.string().min(1),
});

/**
 * `Await…` states (`.waitForTaskToken`): stores the token against (subject, phase), then looks
 * once more, so that an event appended between the determine task and the parking resumes the
 * wait at once instead of being missed.
 */
export const parkTaskToken = async (
  services: WorkflowServices,
  payload: unknown,
): Promise<{ parked: true }> => {
  const { taskToken, subjectId, phase, step } = ParkInput.parse(payload);
  await services.tokens.park({ subjectId, phase, step, token: taskToken, parkedAt: services.clock() });
  await resumeIfMoved(services, subjectId, { heartbeat: false });
  return { parked: true };
};
