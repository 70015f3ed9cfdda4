import { describe, expect, it } from 'vitest';
import { renderNotification } from '../../../../../functions/application/notifications/messages.js';
import { planNotifications } from '../../../../../functions/application/notifications/plan.js';

// Who is told what, from one recorded event; and the words, in Arabic and in French.

describe('planning notifications from an event', () => {
  it('tells every member of an appointed committee that files await their scoring', () => {
    expect(
      planNotifications({
        type: 'CommitteeAppointed',
        data: { callId: 'FM-2026-operator', memberIds: ['m-1', 'm-2'] },
      }),
    ).toEqual([
      {
        topic: 'files-to-score',
        audience: { kind: 'person', personId: 'm-1' },
        parameters: { callId: 'FM-2026-operator' },
      },
      {
        topic: 'files-to-score',
        audience: { kind: 'person', personId: 'm-2' },
        parameters: { callId: 'FM-2026-operator' },
      },
    ]);
  });

  it('tells the finance approvers that a requested tranche awaits them', () => {
    expect(
      planNotifications({
        type: 'TrancheRequested',
        data: { grantId: 'grant-7', trancheNumber: 2, amount: 3_200_000, associationId: 'assoc-1' },
      }),
    ).toEqual([
      {
        topic: 'tranche-to-approve',
        audience: { kind: 'role', role: 'finance-approver', region: null },
        parameters: {
          grantId: 'grant-7',
          trancheNumber: 2,
          amountCentimes: 3_200_000,
          associationId: 'assoc-1',
        },
      },
    ]);
  });

  it('tells each association reminded that the appeal window closes, and nobody for other events', () => {
    expect(
      planNotifications({
        type: 'AppealWindowClosingReminded',
        data: { callId: 'c-1', appealWindowEndsAt: '2026-03-03T16:00:00.000Z', associationIds: ['assoc-2'] },
      }),
    ).toEqual([
      {
        topic: 'appeal-window-closing',
        audience: { kind: 'association', associationId: 'assoc-2' },
        parameters: { callId: 'c-1', appealWindowEndsAt: '2026-03-03T16:00:00.000Z' },
      },
    ]);
    expect(planNotifications({ type: 'SessionHeld', data: {} })).toEqual([]);
  });
});

describe('the words of a notification', () => {
  it('says the same thing in French and in Arabic, amounts in dirhams', () => {
    const parameters = {
      grantId: 'grant-7',
      trancheNumber: 2,
      amountCentimes: 3_200_050,
      associationId: 'assoc-1',
    };
    expect(renderNotification('tranche-to-approve', parameters, 'fr')).toEqual({
      language: 'fr',
      subject: 'Tranche à approuver : subvention grant-7, tranche 2',
      body: "La tranche 2 de la subvention grant-7 (association assoc-1), d'un montant de 32000,50 MAD, attend votre approbation.",
    });
    expect(renderNotification('tranche-to-approve', parameters, 'ar')).toEqual({
      language: 'ar',
      subject: 'شطر للمصادقة: المنحة grant-7، الشطر 2',
      body: 'الشطر 2 من المنحة grant-7 (الجمعية assoc-1)، بمبلغ 32000.50 درهم، في انتظار مصادقتكم.',
    });
  });

  it('tells a refused applicant why: late or ineligible', () => {
    expect(renderNotification('application-refused', { callId: 'c-1', reason: 'late' }, 'fr').body).toBe(
      "Votre candidature à l'appel c-1 est arrivée après la date limite.",
    );
    expect(
      renderNotification(
        'appeal-window-closing',
        { callId: 'c-1', appealWindowEndsAt: '2026-03-03T16:00:00.000Z' },
        'ar',
      ).body,
    ).toBe('ينتهي أجل الطعن في انتقاء الدعوة c-1 يوم 2026-03-03 16:00 UTC.');
  });
});
