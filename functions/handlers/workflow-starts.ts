import type { BusEvent } from '../bus/event-shape.js';

/** The state machines an event can open an execution of. */
export type OpenedWorkflow = 'region-rollout' | 'national-waves' | 'contact-centre-call';

/** An execution an event opens: which state machine, its name (idempotency) and its input. */
export interface OpenedExecution {
  readonly stateMachine: OpenedWorkflow;
  readonly name: string;
  readonly input: Readonly<Record<string, string>>;
}

/**
 * Which execution an event opens, if any: the AWS twin of `executionOpenedBy` in
 * local/runtime-workflows.ts (kept equal by test/infra/workflow-starts.test.ts). A launched rollout
 * opens its `region-rollout`, a wave plan its `national-waves-<edition>`, an opened contact-centre
 * call its `contact-centre-call`.
 */
export const executionOpenedOnAws = (event: BusEvent): OpenedExecution | undefined => {
  const data = (event.detail.data ?? {}) as Record<string, unknown>;
  const text = (field: string): string | undefined => {
    const value = data[field];
    return typeof value === 'string' && value.length > 0 ? value : undefined;
  };
  switch (event.detail.type) {
    case 'RolloutLaunched': {
      const rolloutId = event.detail.streamId;
      return { stateMachine: 'region-rollout', name: rolloutId, input: { rolloutId } };
    }
    case 'WavePlanConfigured': {
      const edition = text('edition');
      return edition === undefined
        ? undefined
        : { stateMachine: 'national-waves', name: `national-waves-${edition}`, input: { edition } };
    }
    case 'CallOpened': {
      const callId = text('callId');
      return text('purpose') === 'contact-centre-operator' && callId !== undefined
        ? { stateMachine: 'contact-centre-call', name: callId, input: { callId } }
        : undefined;
    }
    default:
      return undefined;
  }
};
