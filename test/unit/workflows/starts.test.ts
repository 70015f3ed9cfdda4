import { describe, expect, it } from 'vitest';
import type { BusEvent } from '../../../functions/application/bus/event-shape.js';
import { executionOpenedBy } from '../../../workflows/starts.js';

// One function decides which execution an event opens, for the local runtime and for AWS's
// workflow-callback Lambda alike.

const event = (type: string, streamId: string, data: unknown) =>
  ({ detail: { type, streamId, data } }) as unknown as BusEvent;

describe('the execution an event opens', () => {
  it('opens a rollout, a wave plan and the contact-centre call, each named for idempotency', () => {
    expect(executionOpenedBy(event('RolloutLaunched', 'rollout-FM-2026', {}))).toEqual({
      stateMachine: 'region-rollout',
      name: 'rollout-FM-2026',
      input: { rolloutId: 'rollout-FM-2026' },
    });
    expect(executionOpenedBy(event('WavePlanConfigured', 'waves-2026', { edition: '2026' }))).toEqual({
      stateMachine: 'national-waves',
      name: 'national-waves-2026',
      input: { edition: '2026' },
    });
    expect(
      executionOpenedBy(event('CallOpened', 'call-cc', { callId: 'cc', purpose: 'contact-centre-operator' })),
    ).toEqual({ stateMachine: 'contact-centre-call', name: 'cc', input: { callId: 'cc' } });
  });

  it('opens a new execution for a relaunched contact-centre call, named after its round (issue 20)', () => {
    expect(
      executionOpenedBy(
        event('CallRelaunched', 'call-cc', { callId: 'cc', purpose: 'contact-centre-operator', round: 2 }),
      ),
    ).toEqual({ stateMachine: 'contact-centre-call', name: 'cc-r2', input: { callId: 'cc' } });
    // A relaunched regional call is taken up by its rollout's own execution.
    expect(
      executionOpenedBy(
        event('CallRelaunched', 'call-x', { callId: 'x', purpose: 'regional-operator', round: 2 }),
      ),
    ).toBe(undefined);
  });

  it('opens nothing for a regional call, a plan without edition, or any other event', () => {
    expect(
      executionOpenedBy(event('CallOpened', 'call-2', { callId: 'x', purpose: 'regional-operator' })),
    ).toBe(undefined);
    expect(executionOpenedBy(event('WavePlanConfigured', 'waves-x', {}))).toBe(undefined);
    expect(executionOpenedBy(event('ModuleCompleted', 'rollout-x', {}))).toBe(undefined);
  });
});
