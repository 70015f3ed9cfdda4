import { describe, it } from 'vitest';
import type { CallEvent } from '../../../../../events/selection/index.js';
import { callDecider } from '../../../../../functions/domain/call/call.js';
import type {
  CancelCall,
  EscalateCall,
  ExtendCallWait,
  SubmitApplication,
} from '../../../../../functions/domain/call/commands.js';
import { callClosedEmpty, callOpened } from '../../../../support/call-events.js';
import { given } from '../../../../support/given-when-then.js';

// The national contact-centre call escalates its own waits (a regional call escalates through its
// rollout); the ministry answers with an extension or a cancellation.

const callId = 'national-2026-contact-centre';
const openedAt = '2026-01-05T09:00:00.000Z';
const deadline = '2026-03-01T16:00:00.000Z';
const later = '2026-06-01T00:00:00.000Z';
const reason = { fr: 'Le comité ne peut siéger', ar: 'تعذر انعقاد اللجنة' };

const opened = callOpened({
  callId,
  purpose: 'contact-centre-operator',
  rolloutId: null,
  regionCode: null,
  title: { fr: 'Centre de contact', ar: 'مركز الاتصال' },
  openedAt,
  deadline,
});
const closed = callClosedEmpty(callId, deadline);
const escalated: CallEvent = {
  type: 'CallEscalated',
  data: { callId, step: 'committee-decision', reason: 'wait-timed-out', since: later },
};

const escalate = (step: EscalateCall['data']['step']): EscalateCall => ({
  type: 'EscalateCall',
  data: { callId, step, reason: 'wait-timed-out' },
});
const extend = (until: string): ExtendCallWait => ({
  type: 'ExtendCallWait',
  data: { callId, until, reason },
});
const cancel: CancelCall = { type: 'CancelCall', data: { callId, reason } };

describe('EscalateCall', () => {
  it("escalates the committee's wait of the closed national call", () => {
    given(callDecider, [opened, closed])
      .when(escalate('committee-decision'), { now: later })
      .then([escalated]);
  });

  it('escalates the closing of a call that is still open', () => {
    given(callDecider, [opened])
      .when(escalate('call-closing'), { now: later })
      .then([
        {
          type: 'CallEscalated',
          data: { callId, step: 'call-closing', reason: 'wait-timed-out', since: later },
        },
      ]);
  });

  it('changes nothing when the call is already escalated (a retried task)', () => {
    given(callDecider, [opened, closed, escalated])
      .when(escalate('committee-decision'), { now: later })
      .then([]);
  });

  it('refuses a step the call has passed', () => {
    given(callDecider, [opened, closed])
      .when(escalate('call-closing'), { now: later })
      .thenRefuses('CALL_STEP_NOT_CURRENT', 'conflict');
  });

  it('refuses a regional call: it escalates through its rollout', () => {
    const regional: CallEvent = {
      type: 'CallOpened',
      data: { ...opened.data, purpose: 'regional-operator', rolloutId: 'rollout-FM-2026', regionCode: 'FM' },
    } as CallEvent;
    given(callDecider, [regional, closed])
      .when(escalate('committee-decision'), { now: later })
      .thenRefuses('CALL_ESCALATES_THROUGH_ROLLOUT', 'invalid');
  });
});

describe('ExtendCallWait', () => {
  it('gives the escalated wait a new end', () => {
    given(callDecider, [opened, closed, escalated])
      .when(extend('2026-07-01T00:00:00.000Z'), { now: later })
      .then([
        {
          type: 'CallWaitExtended',
          data: { callId, step: 'committee-decision', until: '2026-07-01T00:00:00.000Z', reason },
        },
      ]);
  });

  it('refuses a call whose waits are on time', () => {
    given(callDecider, [opened, closed])
      .when(extend('2026-07-01T00:00:00.000Z'), { now: later })
      .thenRefuses('CALL_NOT_ESCALATED', 'conflict');
  });

  it('refuses an end in the past', () => {
    given(callDecider, [opened, closed, escalated])
      .when(extend('2026-05-01T00:00:00.000Z'), { now: later })
      .thenRefuses('DEADLINE_NOT_IN_FUTURE', 'invalid');
  });

  it('lets the extended wait escalate again', () => {
    const extended: CallEvent = {
      type: 'CallWaitExtended',
      data: { callId, step: 'committee-decision', until: '2026-07-01T00:00:00.000Z', reason },
    };
    given(callDecider, [opened, closed, escalated, extended])
      .when(escalate('committee-decision'), { now: '2026-07-01T00:00:01.000Z' })
      .then([
        {
          type: 'CallEscalated',
          data: {
            callId,
            step: 'committee-decision',
            reason: 'wait-timed-out',
            since: '2026-07-01T00:00:01.000Z',
          },
        },
      ]);
  });
});

describe('CancelCall', () => {
  const cancelled: CallEvent = {
    type: 'CallCancelled',
    data: { callId, step: 'committee-decision', reason },
  };

  it('cancels the escalated call', () => {
    given(callDecider, [opened, closed, escalated]).when(cancel, { now: later }).then([cancelled]);
  });

  it('refuses a call that is not escalated', () => {
    given(callDecider, [opened, closed]).when(cancel, { now: later }).thenRefuses('CALL_NOT_ESCALATED');
  });

  it('refuses anything more once cancelled', () => {
    const history = [opened, escalated, cancelled];
    const application: SubmitApplication = {
      type: 'SubmitApplication',
      data: {
        callId,
        associationId: 'assoc-1',
        associationName: { fr: 'Association 1', ar: 'الجمعية 1' },
        province: 'Rabat',
        declaredFacts: {},
      },
    };
    given(callDecider, history).when(cancel, { now: later }).thenRefuses('CALL_CANCELLED', 'conflict');
    given(callDecider, history).when(application, { now: later }).thenRefuses('CALL_CANCELLED', 'conflict');
    given(callDecider, history)
      .when({ type: 'CloseCall', data: { callId } }, { now: later })
      .thenRefuses('CALL_CANCELLED', 'conflict');
  });
});
