import { describe, expect, it } from 'vitest';
import { callDecider, callStreamId } from '../../../functions/domain/call/call.js';
import { act, typesOf, workflowLab } from '../../support/workflow-harness.js';
import {
  committeeDecides,
  ministry,
  OPERATOR_CALL_ID,
  openOperatorCall,
  receiveOperatorCallFiles,
  startWithRegionalAgreement,
  waitingIn,
} from '../../support/workflow-rollout-script.js';

// docs/adr/0135-a-past-edition-with-its-true-dates.md: the region rollout's workflow (its ASL, on
// the local executor and its manual clock, which never moves here) follows a call and a publication
// keyed in long after they happened: the call's deadline and the appeal window have passed.

const lab = workflowLab();
const reason = { fr: 'Édition saisie depuis ses archives', ar: 'دورة أدخلت من أرشيفها' };

describe('the region rollout workflow follows a past edition', () => {
  it('waits for a past call to be closed once its files are keyed in, then passes an ended appeal window at once', async () => {
    // Prepare: the clock is 2026-03-01; the call ran in March 2025
    const { tableName, clock } = await lab.freshTable();
    const machine = lab.machineOn(tableName, clock);
    await startWithRegionalAgreement(machine);
    // Act: the call, opened and past its deadline, keyed in with its reason
    await openOperatorCall(machine, '2025-03-31T17:00:00.000Z', {
      openedAt: '2025-03-01T09:00:00.000Z',
      lateEntryReason: reason,
    });
    await machine.propagate();
    const whileKeyingIn = await waitingIn(machine);
    await receiveOperatorCallFiles(machine, {
      receivedAt: '2025-03-20T10:00:00.000Z',
      lateEntryReason: reason,
    });
    await machine.propagate();
    const typesBeforeClosing = await typesOf(machine, callStreamId(OPERATOR_CALL_ID));
    await act(machine, callDecider, callStreamId(OPERATOR_CALL_ID), ministry, {
      type: 'CloseCall',
      data: { callId: OPERATOR_CALL_ID },
    });
    await machine.propagate();
    const afterClosing = await waitingIn(machine);
    await committeeDecides(machine, 15, {
      publishedAt: '2025-04-20T09:00:00.000Z',
      appealWindowEndsAt: '2025-05-05T17:00:00.000Z',
      lateEntryReason: reason,
    });
    // Assess: no Wait on a deadline long past; the clock never moved
    expect(whileKeyingIn).toBe('AwaitOperatorCallOpening');
    expect(typesBeforeClosing).toEqual(['CallOpened', 'ApplicationSubmitted', 'ApplicationSubmitted']);
    expect(afterClosing).toBe('AwaitCommitteeDecision');
    expect(await waitingIn(machine)).toBe('AwaitPartnerAgreement');
    expect(clock.iso()).toBe('2026-03-01T09:00:00.000Z');
  });
});
