import type { BusEvent } from '../functions/application/bus/event-shape.js';
import { callRoundExecutionName } from '../functions/domain/ids.js';

// Which execution an event opens, written once for both engines: the local runtime's bus handler
// and the `workflow-callback` Lambda on AWS start the same executions, under the same names.

/** The state machines of Naseej. */
export type WorkflowName = 'region-rollout' | 'national-waves' | 'contact-centre-call';

/** An execution an event opens: which state machine, its name (idempotency) and its input. */
export interface OpenedExecution {
  readonly stateMachine: WorkflowName;
  readonly name: string;
  readonly input: Readonly<Record<string, string>>;
}

/**
 * Which execution an event opens, if any: a launched rollout its `region-rollout` (named after the
 * rollout), a wave plan its `national-waves-<edition>`, an opened contact-centre call its
 * `contact-centre-call` (named after the call). Starting one twice starts it once.
 */
export const executionOpenedBy = (event: BusEvent): OpenedExecution | undefined => {
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
    case 'CallRelaunched': {
      // A relaunched contact-centre call (issue 20) runs again in an execution of its own.
      const callId = text('callId');
      const round = data.round;
      return text('purpose') === 'contact-centre-operator' &&
        callId !== undefined &&
        typeof round === 'number'
        ? {
            stateMachine: 'contact-centre-call',
            name: callRoundExecutionName(callId, round),
            input: { callId },
          }
        : undefined;
    }
    default:
      return undefined;
  }
};
