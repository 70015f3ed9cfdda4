import { describe, expect, it } from 'vitest';
import type { CallEvent } from '../../../../../events/selection/index.js';
import type { EligibilityRule } from '../../../../../events/selection/parts.js';
import { callDecider, callFacts } from '../../../../../functions/domain/call/call.js';
import type { CorrectApplication } from '../../../../../functions/domain/call/commands.js';
import { fold } from '../../../../../functions/domain/shared/decider.js';
import { callOpened } from '../../../../support/call-events.js';
import { given } from '../../../../support/given-when-then.js';

// An application's record corrected before the ranking (ADR 0082), judged again.

const callId = 'FM-2026-operator';
const now = '2026-02-10T09:00:00.000Z';
const reason = {
  fr: 'Récépissé présent au dossier papier, non coché',
  ar: 'الوصل ضمن الملف الورقي ولم يؤشر عليه',
};
const name = { fr: 'Association Atlas', ar: 'جمعية الأطلس' };
const finalReceipt: EligibilityRule = {
  ruleId: 'final-receipt',
  label: { fr: 'Récépissé définitif détenu', ar: 'التوفر على الوصل النهائي' },
  requirement: { kind: 'declared' },
};
const opened = callOpened({
  callId,
  title: { fr: 'Appel', ar: 'طلب' },
  openedAt: '2026-01-12T09:00:00.000Z',
  deadline: '2026-02-06T16:00:00.000Z',
  eligibilityRules: [finalReceipt],
});
const submitted: CallEvent = {
  type: 'ApplicationSubmitted',
  data: {
    callId,
    applicationId: 'file-1',
    associationId: 'assoc-atlas',
    associationName: name,
    province: 'Ifrane',
    declaredFacts: { 'final-receipt': false },
    submittedAt: '2026-01-20T10:00:00.000Z',
    receivedAt: '2026-01-20T10:00:00.000Z',
    lateEntry: null,
  },
};
const refused: CallEvent = {
  type: 'ApplicationRefused',
  data: {
    callId,
    applicationId: 'file-1',
    associationId: 'assoc-atlas',
    reason: 'ineligible',
    failedRules: [{ ruleId: 'final-receipt', label: finalReceipt.label }],
    refusedAt: '2026-01-20T10:00:00.000Z',
  },
};
const correct = (fields: Partial<CorrectApplication['data']>, ranked = false): CorrectApplication => ({
  type: 'CorrectApplication',
  data: { callId, applicationId: 'file-1', reason, ...fields },
  facts: { ranked },
});
const coordinator = { now, actor: { id: 'coord-fm', role: 'coordinator' } } as const;

describe('CorrectApplication', () => {
  it('corrects the declared facts of a file refused as ineligible, which becomes eligible', () => {
    given(callDecider, [opened, submitted, refused])
      .when(correct({ declaredFacts: { 'final-receipt': true } }), coordinator)
      .then([
        {
          type: 'ApplicationCorrected',
          data: {
            callId,
            applicationId: 'file-1',
            associationId: 'assoc-atlas',
            associationName: name,
            province: 'Ifrane',
            declaredFacts: { 'final-receipt': true },
            receivedAt: '2026-01-20T10:00:00.000Z',
            correctedFields: ['declaredFacts'],
            previousRefusal: 'ineligible',
            refusal: null,
            reason,
          },
        },
      ]);
  });

  it('leaves the committee a file now eligible', () => {
    const [corrected] = callDecider.decide(
      correct({ declaredFacts: { 'final-receipt': true } }),
      fold(callDecider, [opened, submitted, refused]),
      { now, newId: () => 'id-1', actor: coordinator.actor },
    );
    const facts = callFacts(
      fold(callDecider, [opened, submitted, refused, ...(corrected ? [corrected] : [])]),
    );
    expect(
      facts?.applications.map((application) => [application.applicationId, application.eligible]),
    ).toEqual([['file-1', true]]);
  });

  it('judges a corrected reception date after the deadline as late', () => {
    const events = callDecider.decide(
      correct({ receivedAt: '2026-02-07T09:00:00.000Z', declaredFacts: { 'final-receipt': true } }),
      fold(callDecider, [opened, submitted, refused]),
      { now, newId: () => 'id-1', actor: coordinator.actor },
    );
    expect(
      events[0]?.type === 'ApplicationCorrected' && [events[0].data.correctedFields, events[0].data.refusal],
    ).toEqual([['declaredFacts', 'receivedAt'], { reason: 'late', failedRules: [] }]);
  });

  it('refuses once the committee ranked the files', () => {
    given(callDecider, [opened, submitted, refused])
      .when(correct({ declaredFacts: { 'final-receipt': true } }, true), coordinator)
      .thenRefuses('APPLICATION_ALREADY_RANKED', 'conflict');
  });

  it('refuses a correction that changes nothing', () => {
    given(callDecider, [opened, submitted, refused])
      .when(correct({ province: 'Ifrane' }), coordinator)
      .thenRefuses('APPLICATION_UNCHANGED', 'conflict');
  });

  it('refuses an application the call never received', () => {
    given(callDecider, [opened, submitted])
      .when(
        {
          ...correct({ province: 'Fès' }),
          data: { callId, applicationId: 'file-9', reason, province: 'Fès' },
        },
        coordinator,
      )
      .thenRefuses('APPLICATION_NOT_FOUND', 'not-found');
  });

  it('refuses a reception date in the future', () => {
    given(callDecider, [opened, submitted])
      .when(correct({ receivedAt: '2026-02-10T09:00:00.001Z' }), coordinator)
      .thenRefuses('FACT_DATE_IN_FUTURE', 'invalid');
  });
});
