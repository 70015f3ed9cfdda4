import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeEvent } from '../../../../../events/catalog.js';
import type { ModuleCode } from '../../../../../events/reference.js';
import { fold } from '../../../../../functions/domain/shared/decider.js';
import { isDomainError } from '../../../../../functions/domain/shared/errors.js';
import type { ReportSession } from '../../../../../functions/domain/training/commands.js';
import {
  heldSessions,
  sessionById,
  sessionsOfModule,
  type TrainingScheduleEvent,
  trainingScheduleDecider,
  trainingScheduleStreamId,
} from '../../../../../functions/domain/training/schedule.js';
import { given, testContext } from '../../../../support/given-when-then.js';

const rolloutId = 'fm-2025';
const regionProvinces = ['Fès', 'Meknès', 'Sefrou', 'Taza'];
const report = (sessionId: string, overrides: Partial<ReportSession['data']> = {}): ReportSession => ({
  type: 'ReportSession',
  data: { rolloutId, sessionId, module: 'M1', date: '2026-02-25', province: 'Fès', ...overrides },
  facts: { regionProvinces },
});
const held = (sessionId: string, module: ModuleCode = 'M1'): TrainingScheduleEvent => ({
  type: 'SessionHeld',
  data: { rolloutId, sessionId, module, date: '2026-02-25', province: 'Fès', lateEntry: null },
});

describe('the axis-1 session schedule', () => {
  it('records a session held', () => {
    given(trainingScheduleDecider, [])
      .when(report('s-1'))
      .then([held('s-1')]);
  });

  it('accepts a session held today', () => {
    given(trainingScheduleDecider, [])
      .when(report('s-1', { date: '2026-03-01' }), { now: '2026-03-01T23:59:00.000Z' })
      .then([{ type: 'SessionHeld', data: { ...held('s-1').data, date: '2026-03-01' } }]);
  });

  it('treats the same session reported twice as one fact', () => {
    given(trainingScheduleDecider, [held('s-1')])
      .when(report('s-1'))
      .then([]);
  });

  it('refuses a second report of a session that contradicts the first', () => {
    given(trainingScheduleDecider, [held('s-1')])
      .when(report('s-1', { module: 'M2' }))
      .thenRefuses('SESSION_REPORT_CONTRADICTS', 'conflict');
  });

  it('refuses a session in a province outside the region', () => {
    given(trainingScheduleDecider, [])
      .when(report('s-1', { province: 'Laâyoune' }))
      .thenRefuses('PROVINCE_OUTSIDE_REGION', 'invalid');
  });

  it('refuses a session dated in the future', () => {
    given(trainingScheduleDecider, [])
      .when(report('s-1', { date: '2026-03-02' }), { now: '2026-03-01T09:00:00.000Z' })
      .thenRefuses('FACT_DATE_IN_FUTURE', 'invalid');
  });

  describe('a past session keyed in late, from its signed sheet (ADR 0135)', () => {
    const reason = { fr: 'Feuille de présence de 2023 saisie depuis les archives', ar: 'ورقة حضور 2023' };
    const coordinator = { id: 'coordinator-fm', role: 'coordinator' } as const;

    it('records it by the coordinator with its reason, on its true day', () => {
      given(trainingScheduleDecider, [])
        .when(report('s-1', { date: '2023-10-12', lateEntryReason: reason }), { actor: coordinator })
        .then([
          {
            type: 'SessionHeld',
            data: { ...held('s-1').data, date: '2023-10-12', lateEntry: { reason } },
          },
        ]);
    });

    it('refuses it without a reason, naming the field', () => {
      given(trainingScheduleDecider, [])
        .when(report('s-1', { date: '2023-10-12' }), { actor: coordinator })
        .thenRefuses('LATE_ENTRY_REASON_REQUIRED', 'invalid');
    });

    it('refuses it from the operator, who reports within the fortnight', () => {
      given(trainingScheduleDecider, [])
        .when(report('s-1', { date: '2023-10-12', lateEntryReason: reason }), {
          actor: { id: 'partner-amsed', role: 'partner' },
        })
        .thenRefuses('LATE_ENTRY_NOT_ALLOWED', 'forbidden');
    });
  });

  it('refuses a session of another rollout', () => {
    given(trainingScheduleDecider, [held('s-1')])
      .when(report('s-2', { rolloutId: 'ms-2025' }))
      .thenRefuses('ROLLOUT_MISMATCH', 'invalid');
  });

  it('answers which sessions a module had', () => {
    // Prepare
    const state = fold(trainingScheduleDecider, [held('s-1', 'M1'), held('s-2', 'M2'), held('s-3', 'M1')]);

    // Act
    const ofModuleOne = sessionsOfModule(state, 'M1');

    // Assess
    expect(ofModuleOne).toEqual(['s-1', 's-3']);
    expect(sessionsOfModule(state, 'M8')).toEqual([]);
    expect(sessionById(state, 's-2')?.module).toBe('M2');
    expect(sessionById(state, 's-9')).toBeNull();
    expect(heldSessions(state)).toHaveLength(3);
    expect(trainingScheduleStreamId(rolloutId)).toBe('session-schedule-fm-2025');
  });

  it('never holds two sessions with one id, a future date or a province outside the region', () => {
    const command = fc
      .record({
        sessionId: fc.constantFrom('s-1', 's-2', 's-3'),
        module: fc.constantFrom<ModuleCode>('M1', 'M2'),
        date: fc.constantFrom('2026-02-27', '2026-03-01', '2026-03-02'),
        province: fc.constantFrom('Fès', 'Taza', 'Agadir'),
      })
      .map((data) => report(data.sessionId, data));
    fc.assert(
      fc.property(fc.array(command, { maxLength: 20 }), (commands) => {
        let state = trainingScheduleDecider.initialState();
        for (const next of commands) {
          try {
            const events = trainingScheduleDecider.decide(next, state, testContext());
            // Every event a decision returns is one the catalog accepts.
            for (const event of events) encodeEvent(event);
            state = events.reduce(trainingScheduleDecider.evolve, state);
          } catch (error) {
            if (!isDomainError(error)) throw error;
          }
        }
        const ids = state.sessions.map((session) => session.sessionId);
        expect(new Set(ids).size).toBe(ids.length);
        for (const session of state.sessions) {
          expect(session.date <= '2026-03-01').toBe(true);
          expect(regionProvinces).toContain(session.province);
        }
      }),
      { numRuns: 200 },
    );
  });
});
