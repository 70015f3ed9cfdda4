import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeEvent, encodeEvent, isEventSchemaError, upcastEvent } from '../../../../../events/catalog.js';
import { TraineesSelectedV3 } from '../../../../../events/training/TraineesSelected.v3.js';
import { fold } from '../../../../../functions/domain/shared/decider.js';
import { selectedTrainees, trainersDecider } from '../../../../../functions/domain/trainers/trainers.js';

const fixture = (name: string): Record<string, unknown> =>
  JSON.parse(
    readFileSync(join(import.meta.dirname, '..', '..', '..', '..', '..', 'events', 'fixtures', name), 'utf8'),
  );

const met = ['ALL_MODULES_COMPLETED', 'ATTENDANCE_MET', 'EVALUATION_MET'] as const;
const candidate = (memberId: string, rank: number | null, reasons: readonly string[], score = 80) => ({
  memberId,
  associationId: `assoc-of-${memberId}`,
  modulesCompleted: 8,
  attendanceRatePercent: 90,
  evaluationScore: score,
  rank,
  reasons,
});
const criteria = {
  allModulesRequired: true,
  minimumAttendanceRatePercent: 80,
  minimumEvaluationScore: 70,
  ranking: 'evaluation-score-then-attendance-rate-then-member-id',
};

describe('TraineesSelected v1 → v2', () => {
  it('keeps the trainees, takes the best ranked beyond the target as reserve, and counts the rest by reason', () => {
    // Given a v1 selection of 2 among 6: 3 eligible beyond the target, 1 ineligible on two criteria
    const storedV1 = {
      rolloutId: 'fm-2025',
      target: 2,
      criteria,
      selected: [
        candidate('m-2', 2, [...met, 'RANKED_WITHIN_TARGET'], 85),
        candidate('m-1', 1, [...met, 'RANKED_WITHIN_TARGET'], 95),
      ],
      notSelected: [
        candidate('m-5', 5, [...met, 'RANKED_BEYOND_TARGET'], 72),
        candidate('m-3', 3, [...met, 'RANKED_BEYOND_TARGET'], 84),
        candidate('m-9', null, ['MODULES_MISSING', 'ATTENDANCE_BELOW_MINIMUM', 'EVALUATION_MET']),
        candidate('m-4', 4, [...met, 'RANKED_BEYOND_TARGET'], 75),
      ],
    };

    // When it is read
    const read = upcastEvent('TraineesSelected', 1, storedV1);

    // Then it reads as v2 (and v3, undated), with nothing a v1 reader used lost
    expect(read.schemaVersion).toBe(3);
    expect(read.data).toEqual({
      rolloutId: 'fm-2025',
      target: 2,
      criteria,
      candidates: 6,
      selected: [storedV1.selected[1], storedV1.selected[0]],
      cutOff: { rank: 2, evaluationScore: 85, attendanceRatePercent: 90 },
      reserve: [storedV1.notSelected[1], storedV1.notSelected[3]],
      notSelected: {
        count: 4,
        rankedBeyondTarget: 3,
        ineligible: 1,
        ineligibleByReason: {
          MODULES_MISSING: 1,
          ATTENDANCE_BELOW_MINIMUM: 1,
          EVALUATION_BELOW_MINIMUM: 0,
          EVALUATION_MISSING: 0,
        },
      },
      selectedAt: null,
      lateEntry: null,
    });
  });

  it('reads the v1 fixture as the v2 fixture, undated as v3', () => {
    expect(upcastEvent('TraineesSelected', 1, fixture('TraineesSelected.v1.json')).data).toEqual({
      ...fixture('TraineesSelected.v2.json'),
      selectedAt: null,
      lateEntry: null,
    });
  });

  it('gives the decider the same trainees from a stored v1 as from the v2 it writes now', () => {
    const decode = (schemaVersion: number, data: unknown) =>
      decodeEvent({
        streamId: 'trainers-fm-2025',
        version: 1,
        type: 'TraineesSelected',
        schemaVersion,
        data,
      });
    const fromV1 = decode(1, fixture('TraineesSelected.v1.json'));
    const fromV2 = decode(2, fixture('TraineesSelected.v2.json'));
    const trainees = (event: typeof fromV1) =>
      selectedTrainees(fold(trainersDecider, [event as Parameters<typeof trainersDecider.evolve>[1]]));
    expect(trainees(fromV1)).toEqual(trainees(fromV2));
    expect(trainees(fromV1).map((trainee) => trainee.memberId)).toEqual(['member-3f9c2a', 'member-5d21e8']);
  });

  it('writes only v3, and refuses one whose counts do not add up', () => {
    const v2: Record<string, unknown> = {
      ...fixture('TraineesSelected.v2.json'),
      selectedAt: null,
      lateEntry: null,
    };
    const refusedPaths = (data: unknown): string[] => {
      try {
        encodeEvent({ type: 'TraineesSelected', data });
      } catch (error) {
        if (isEventSchemaError(error)) return error.issues.map((issue) => issue.path);
        throw error;
      }
      return [];
    };
    expect(encodeEvent({ type: 'TraineesSelected', data: v2 }).schemaVersion).toBe(
      TraineesSelectedV3.version,
    );
    expect(refusedPaths(fixture('TraineesSelected.v1.json'))).not.toEqual([]);
    expect(refusedPaths({ ...v2, candidates: 4 })).toEqual(['candidates']);
    expect(
      refusedPaths({ ...v2, cutOff: { rank: 1, evaluationScore: 79, attendanceRatePercent: 87.5 } }),
    ).toEqual(['cutOff.rank']);
    expect(
      refusedPaths({
        ...v2,
        notSelected: { ...(v2.notSelected as object), rankedBeyondTarget: 1, count: 2 },
      }),
    ).toEqual(['candidates', 'reserve']);
  });
});
