import { describe, expect, it } from 'vitest';
import {
  agreementStreamId,
  beneficiaryCallIdOf,
  callStreamId,
  committeeStreamId,
  enrolmentStreamId,
  generationName,
  generationOf,
  grantsStreamId,
  isRolloutId,
  operatorCallIdOf,
  parseRolloutId,
  regionOfRolloutId,
  rolloutAgreementId,
  rolloutId,
  rolloutStreamId,
  trainersStreamId,
  trainingScheduleStreamId,
  trainingStreamId,
  waveOfPhase,
  wavePlanStreamId,
} from '../../../../functions/domain/ids.js';

describe('ids: built and parsed in one module', () => {
  it('builds a rollout id from its region and edition, and parses it back', () => {
    expect(rolloutId('FM', '2026')).toBe('rollout-FM-2026');
    expect(parseRolloutId('rollout-FM-2026')).toEqual({ regionCode: 'FM', edition: '2026' });
    expect(regionOfRolloutId('rollout-TTA-2027')).toBe('TTA');
    expect(isRolloutId('rollout-FM-2026')).toBe(true);
  });

  it('refuses texts that are not rollout ids, including an unknown region', () => {
    expect(parseRolloutId('rollout-XX-2026')).toBeUndefined();
    expect(parseRolloutId('FM-2026')).toBeUndefined();
    expect(parseRolloutId(null)).toBeUndefined();
    expect(regionOfRolloutId(undefined)).toBeUndefined();
    expect(isRolloutId('national-waves-2026')).toBe(false);
  });

  it("derives each aggregate's stream id", () => {
    expect(rolloutStreamId('FM', '2026')).toBe('rollout-FM-2026');
    expect(agreementStreamId('rollout-FM-2026-regional')).toBe('agreement-rollout-FM-2026-regional');
    expect(callStreamId('FM-2026-operator')).toBe('call-FM-2026-operator');
    expect(committeeStreamId('FM-2026-operator')).toBe('committee-FM-2026-operator');
    expect(enrolmentStreamId('rollout-FM-2026')).toBe('enrolment-rollout-FM-2026');
    expect(grantsStreamId('rollout-FM-2026')).toBe('grants-rollout-FM-2026');
    expect(trainersStreamId('rollout-FM-2026')).toBe('trainers-rollout-FM-2026');
    expect(trainingScheduleStreamId('rollout-FM-2026')).toBe('session-schedule-rollout-FM-2026');
    expect(trainingStreamId('rollout-FM-2026', 'assoc-1')).toBe('training-rollout-FM-2026-assoc-1');
    expect(wavePlanStreamId('2026')).toBe('national-waves-2026');
  });

  it("derives a rollout's conventional call and agreement ids", () => {
    expect(operatorCallIdOf('rollout-FM-2026')).toBe('FM-2026-operator');
    expect(beneficiaryCallIdOf('rollout-FM-2026')).toBe('FM-2026-beneficiaries');
    expect(rolloutAgreementId('rollout-FM-2026', 'regional')).toBe('rollout-FM-2026-regional');
    expect(rolloutAgreementId('rollout-FM-2026', 'co-funding', 'ocp')).toBe('rollout-FM-2026-co-funding-ocp');
  });

  it("names a workflow's generations and reads them back", () => {
    expect(generationName('rollout-FM-2026', 0)).toBe('rollout-FM-2026');
    expect(generationName('rollout-FM-2026', 2)).toBe('rollout-FM-2026-g2');
    expect(generationOf('rollout-FM-2026', 'rollout-FM-2026-g2')).toBe(2);
    expect(generationOf('rollout-FM-2026', 'rollout-FM-2026')).toBe(0);
    expect(generationOf('rollout-FM-2026', 'rollout-FM-2026-g0')).toBeUndefined();
    expect(generationOf('rollout-FM-2026', 'rollout-RSK-2026-g1')).toBeUndefined();
  });

  it("reads the wave a national plan's phase names", () => {
    expect(waveOfPhase('wave-3')).toBe(3);
    expect(waveOfPhase('plan')).toBeUndefined();
  });
});
