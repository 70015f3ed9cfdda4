import * as z from 'zod';
import { generationName, generationStep } from '../generations.js';
import type { WorkflowServices } from './services.js';

// The generation of a workflow's execution (docs/adr/0031-workflow-generations.md): its determine
// task asks `generationOfExecution` whether it carries on, continues as its next generation or ends
// because a later one was started. An execution records its own generation when it is the latest,
// so an older one started again (a redelivered opening event, a resumed machine) ends at once.

/** What every determine task receives from the context object, besides its subject. */
export const ExecutionContext = z.object({
  executionName: z.string().min(1),
  executionStartTime: z.string().min(1),
});

/** The fields a determine task adds to its position when the execution does not simply carry on. */
export interface GenerationFields {
  /** `superseded` or `continue` replace the step; otherwise the position's own step. */
  readonly step?: 'superseded' | 'continue';
  /** The name and number of the next generation (for `continue`). */
  readonly nextExecutionName: string;
  readonly nextGeneration: number;
  /** Seconds until the execution continues: the most any of its waits may last now. */
  readonly secondsLeft: number;
}

/** Where the execution stands among its subject's generations (reads the registry). */
export const generationOfExecution = async (
  services: WorkflowServices,
  subjectId: string,
  context: z.output<typeof ExecutionContext>,
  continueAfterDays?: number,
): Promise<GenerationFields> => {
  const latestGeneration = await services.generations.latest(subjectId);
  const { step, generation, secondsLeft } = generationStep({
    subjectId,
    ...context,
    latestGeneration,
    now: services.clock(),
    ...(continueAfterDays === undefined ? {} : { continueAfterDays }),
  });
  if (generation > latestGeneration) await services.generations.record(subjectId, generation);
  return {
    ...(step === 'carry-on' ? {} : { step }),
    nextExecutionName: generationName(subjectId, generation + 1),
    nextGeneration: generation + 1,
    secondsLeft,
  };
};
