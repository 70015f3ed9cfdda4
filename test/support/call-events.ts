import type { CallEvent } from '../../events/selection/index.js';

type CallOpenedEvent = Extract<CallEvent, { type: 'CallOpened' }>;
type CallOpenedData = CallOpenedEvent['data'];

/**
 * A given: the call opened, by default the FM region's operator call (one seat, no eligibility
 * rule); the test names its id, its dates and whatever else it is about.
 */
export const callOpened = (
  data: Pick<CallOpenedData, 'callId' | 'openedAt' | 'deadline'> & Partial<CallOpenedData>,
): CallOpenedEvent => ({
  type: 'CallOpened',
  data: {
    purpose: 'regional-operator',
    rolloutId: 'rollout-FM-2026',
    regionCode: 'FM',
    seats: 1,
    title: { fr: 'Appel opérateur', ar: 'طلب الفاعل' },
    eligibilityRules: [],
    lateEntry: null,
    ...data,
  },
});

/** A given: the call closed at `closedAt` with no application received. */
export const callClosedEmpty = (callId: string, closedAt: string): CallEvent => ({
  type: 'CallClosed',
  data: {
    callId,
    closedAt,
    received: 0,
    refusedLate: 0,
    refusedIneligible: 0,
    eligibleApplicationIds: [],
    lateEntry: null,
  },
});
