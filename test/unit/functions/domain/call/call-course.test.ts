import { describe, expect, it } from 'vitest';
import type { CallEvent } from '../../../../../events/selection/index.js';
import { callDecider } from '../../../../../functions/domain/call/call.js';
import type {
  EndCallWithoutResult,
  ExtendCallDeadline,
  RelaunchCall,
  SubmitApplication,
} from '../../../../../functions/domain/call/commands.js';
import { fold } from '../../../../../functions/domain/shared/decider.js';
import { callClosedEmpty, callOpened } from '../../../../support/call-events.js';
import { given } from '../../../../support/given-when-then.js';

// Issue 20, item 4: the ministry extends a regional call's deadline, ends a call without result,
// and relaunches it. The test clock reads 2026-03-01T09:00:00.000Z.

const callId = 'FM-2026-operator';
const deadline = '2026-03-10T16:00:00.000Z';
const reason = { fr: 'Deux provinces sans avis', ar: 'إقليمان لم يتوصلا بالإعلان' };

const opened = callOpened({ callId, openedAt: '2026-02-01T09:00:00.000Z', deadline });
const closed = callClosedEmpty(callId, deadline);
const extendTo = (to: string): ExtendCallDeadline => ({
  type: 'ExtendCallDeadline',
  data: { callId, deadline: to, reason },
});
const end = (selectionPublished = false): EndCallWithoutResult => ({
  type: 'EndCallWithoutResult',
  data: { callId, reason },
  facts: { selectionPublished },
});
const relaunch = (to: string): RelaunchCall => ({
  type: 'RelaunchCall',
  data: { callId, deadline: to, reason },
});
const ended: CallEvent = {
  type: 'CallEnded',
  data: { callId, endedAt: '2026-03-01T09:00:00.000Z', received: 0, eligible: 0, reason },
};
const submit: SubmitApplication = {
  type: 'SubmitApplication',
  data: {
    callId,
    associationId: 'assoc-amsed',
    associationName: { fr: 'AMSED', ar: 'أمسد' },
    province: 'Fès',
    declaredFacts: {},
  },
};

describe('a call: the ministry extends its deadline', () => {
  it('records the previous and the new deadline, with the reason', () => {
    given(callDecider, [opened])
      .when(extendTo('2026-03-25T16:00:00.000Z'))
      .then([
        {
          type: 'CallDeadlineExtended',
          data: { callId, previousDeadline: deadline, deadline: '2026-03-25T16:00:00.000Z', reason },
        },
      ]);
  });

  it('receives a file on time until the new deadline', () => {
    const extended: CallEvent = {
      type: 'CallDeadlineExtended',
      data: { callId, previousDeadline: deadline, deadline: '2026-03-25T16:00:00.000Z', reason },
    };
    const events = given(callDecider, [opened, extended])
      .when(submit, { now: '2026-03-20T09:00:00.000Z' })
      .events();
    expect(events.map((event) => event.type)).toEqual(['ApplicationSubmitted']);
    // Without the extension, the same file on the same day is late.
    const late = given(callDecider, [opened]).when(submit, { now: '2026-03-20T09:00:00.000Z' }).events();
    expect(late.map((event) => event.type)).toEqual(['ApplicationSubmitted', 'ApplicationRefused']);
  });

  it('refuses an earlier deadline, a past one, a closed call and an ended one', () => {
    given(callDecider, [opened]).when(extendTo(deadline)).thenRefuses('DEADLINE_NOT_LATER', 'invalid');
    given(callDecider, [opened])
      .when(extendTo('2026-03-20T16:00:00.000Z'), { now: '2026-03-21T09:00:00.000Z' })
      .thenRefuses('DEADLINE_NOT_IN_FUTURE', 'invalid');
    given(callDecider, [opened, closed])
      .when(extendTo('2026-03-25T16:00:00.000Z'))
      .thenRefuses('CALL_ALREADY_CLOSED', 'conflict');
    given(callDecider, [opened, ended])
      .when(extendTo('2026-03-25T16:00:00.000Z'))
      .thenRefuses('CALL_CANCELLED', 'conflict');
  });
});

describe('a call: the ministry ends it without result, then relaunches it', () => {
  it('ends it with what it had received, and refuses files from then on', () => {
    given(callDecider, [opened]).when(end()).then([ended]);
    given(callDecider, [opened, ended]).when(submit).thenRefuses('CALL_CANCELLED', 'conflict');
  });

  it('refuses to end a call whose selection is published, or one already ended', () => {
    given(callDecider, [opened, closed]).when(end(true)).thenRefuses('CALL_SELECTION_PUBLISHED', 'conflict');
    given(callDecider, [opened, ended]).when(end()).thenRefuses('CALL_CANCELLED', 'conflict');
  });

  it('relaunches it as round 2, open until the new deadline', () => {
    const relaunched: CallEvent = {
      type: 'CallRelaunched',
      data: { callId, purpose: 'regional-operator', round: 2, deadline: '2026-04-15T16:00:00.000Z', reason },
    };
    given(callDecider, [opened, closed, ended]).when(relaunch('2026-04-15T16:00:00.000Z')).then([relaunched]);
    const state = fold(callDecider, [opened, closed, ended, relaunched]);
    expect(state.status === 'open' && [state.deadline, state.cancelled, state.round]).toEqual([
      '2026-04-15T16:00:00.000Z',
      false,
      2,
    ]);
  });

  it('refuses to relaunch a call that did not end, or until a past deadline', () => {
    given(callDecider, [opened])
      .when(relaunch('2026-04-15T16:00:00.000Z'))
      .thenRefuses('CALL_NOT_ENDED', 'conflict');
    given(callDecider, [opened, ended])
      .when(relaunch('2026-02-15T16:00:00.000Z'))
      .thenRefuses('DEADLINE_NOT_IN_FUTURE', 'invalid');
  });
});
