import { describe, expect, it } from 'vitest';
import type { NaseejEvent } from '../../../../../events/catalog.js';
import {
  evolveFunnel,
  funnelFigures,
  funnelStages,
  initialFunnel,
} from '../../../../../functions/application/projections/funnel.js';
import type { ProjectedEvent } from '../../../../../functions/application/projections/projection.js';
import { trainersProjection } from '../../../../../functions/application/projections/trainers.js';
import { callOpened } from '../../../../support/call-events.js';

// docs/adr/0085-beneficiaries-change.md: the funnel counts the associations taking part, as the
// rollout's own figures do; 0086: the beneficiary call's files and selection fill its first stages.

const rolloutId = 'rollout-FM-2026';
const callId = 'FM-2026-beneficiaries';
const name = (id: string) => ({ fr: `Association ${id}`, ar: `جمعية ${id}` });
const reason = { fr: 'Retrait', ar: 'انسحاب' };

let version = 0;
const recorded = (event: NaseejEvent): ProjectedEvent => {
  version += 1;
  return {
    eventId: `event-${version}`,
    streamId: 'stream',
    version,
    schemaVersion: 1,
    occurredAt: '2026-03-01T09:00:00.000Z',
    recordedAt: '2026-03-01T09:00:00.000Z',
    actor: { id: 'user-coordinator-fm', role: 'coordinator' },
    correlationId: rolloutId,
    causationId: null,
    ...event,
  } as unknown as ProjectedEvent;
};

const enrolled = (associationId: string): NaseejEvent => ({
  type: 'BeneficiaryEnrolled',
  data: {
    rolloutId,
    associationId,
    name: name(associationId),
    province: 'Fès',
    memberTarget: 2,
    enrolledAt: null,
    lateEntry: null,
  },
});
const nominated = (associationId: string, memberId: string): NaseejEvent => ({
  type: 'MemberNominated',
  data: { rolloutId, associationId, memberId, trainingTopic: 'M1', nominatedAt: null, lateEntry: null },
});
const completedAxisOne = (associationId: string, memberIds: string[]): NaseejEvent => ({
  type: 'AxisOneCompleted',
  data: { rolloutId, associationId, memberIds, completedOn: null },
});

const fold = (events: readonly NaseejEvent[]) =>
  events.map(recorded).reduce(evolveFunnel, initialFunnel(rolloutId));

describe('the funnel through withdrawals and replacements', () => {
  it('takes an association that left, its members and its axis-1 completion out of the figures', () => {
    // Given a and b enrolled with two members each, both through axis 1
    const events: NaseejEvent[] = [
      enrolled('a'),
      enrolled('b'),
      nominated('a', 'm-1'),
      nominated('a', 'm-2'),
      nominated('b', 'm-3'),
      nominated('b', 'm-4'),
      completedAxisOne('a', ['m-1', 'm-2']),
      completedAxisOne('b', ['m-3', 'm-4']),
    ];
    // When b is excluded, replaced by r from the reserve, and a member of a replaced
    const view = fold([
      ...events,
      {
        type: 'BeneficiaryWithdrawn',
        data: { rolloutId, associationId: 'b', departure: 'excluded', reason, memberIds: ['m-3', 'm-4'] },
      },
      {
        type: 'BeneficiaryReplaced',
        data: { rolloutId, replacedAssociationId: 'b', replacementAssociationId: 'r', callId, rank: 3 },
      },
      enrolled('r'),
      nominated('r', 'm-5'),
      {
        type: 'MemberReplaced',
        data: {
          rolloutId,
          associationId: 'a',
          leavingMemberId: 'm-2',
          replacementMemberId: 'm-6',
          trainingTopic: 'M1',
          reason,
        },
      },
    ]);
    // Then a and r take part, with three members; a alone completed axis 1
    expect(funnelFigures(view)).toMatchObject({
      associationsEnrolled: 2,
      membersEnrolled: 3,
      associationsCompletedAxisOne: 1,
      membersCompletedAxisOne: 2,
    });
    expect(view.enrolledAssociationIds).toEqual(['a', 'r']);
    expect([view.associationsWithdrawn, view.associationsReplaced, view.membersReplaced]).toEqual([1, 1, 1]);
  });

  it('shows the beneficiary call’s files received and associations selected, not 0', () => {
    // Given a beneficiary call with three files, one selected
    const view = fold([
      callOpened({
        callId,
        purpose: 'beneficiary-associations',
        rolloutId,
        title: name('call'),
        openedAt: '2026-03-01T09:00:00.000Z',
        deadline: '2026-04-01T09:00:00.000Z',
      }),
      ...['a', 'b', 'r'].map(
        (associationId): NaseejEvent => ({
          type: 'ApplicationSubmitted',
          data: {
            callId,
            applicationId: `file-${associationId}`,
            associationId,
            associationName: name(associationId),
            province: 'Fès',
            declaredFacts: {},
            submittedAt: '2026-03-02T09:00:00.000Z',
            receivedAt: '2026-03-02T09:00:00.000Z',
            lateEntry: null,
          },
        }),
      ),
      {
        type: 'AssociationSelected',
        data: {
          callId,
          purpose: 'beneficiary-associations',
          rolloutId,
          regionCode: 'FM',
          applicationId: 'file-a',
          associationId: 'a',
          associationName: name('a'),
          rank: 1,
          weightedAverage: 16,
        },
      },
      enrolled('a'),
    ]);
    // Then its first stages count them
    expect(
      funnelStages(view)
        .slice(0, 4)
        .map((stage) => [stage.stage, stage.actual, stage.notRecorded]),
    ).toEqual([
      ['applications-received', 3, null],
      ['applications-eligible', 3, null],
      ['associations-selected', 1, null],
      ['associations-enrolled', 1, null],
    ]);
  });
});

describe('the trainers view through a withdrawal', () => {
  it('no longer counts an association that left as a direct beneficiary', () => {
    // Given a and b enrolled, then b withdrew
    const events = [
      enrolled('a'),
      enrolled('b'),
      {
        type: 'BeneficiaryWithdrawn',
        data: { rolloutId, associationId: 'b', departure: 'withdrew', reason, memberIds: [] },
      } satisfies NaseejEvent,
    ].map(recorded);
    // When the trainers view folds them
    const view = events.reduce(
      (folded, event) => trainersProjection.evolve(folded, event, undefined),
      trainersProjection.initialView(rolloutId),
    );
    // Then only a is direct, and the withdrawal was routed to the rollout's document
    expect(view.directAssociationIds).toEqual(['a']);
    expect(trainersProjection.keysOf(events[2] as ProjectedEvent, undefined)).toEqual([rolloutId]);
  });
});

describe('the funnel through an upheld appeal (docs/adr/0093-appeals-reopen-the-selection.md)', () => {
  const selected = (associationId: string, rank: number): NaseejEvent => ({
    type: 'AssociationSelected',
    data: {
      callId,
      purpose: 'beneficiary-associations',
      rolloutId,
      regionCode: 'FM',
      applicationId: `file-${associationId}`,
      associationId,
      associationName: name(associationId),
      rank,
      weightedAverage: 15,
    },
  });
  const published = (selectedAssociationIds: string[]): NaseejEvent => ({
    type: 'SelectionPublished',
    data: {
      callId,
      publishedAt: '2026-03-01T09:00:00.000Z',
      lateEntry: null,
      appealWindowEndsAt: '2026-03-15T09:00:00.000Z',
      minutes: { fr: 'doc-fr', ar: 'doc-ar' },
      selectedAssociationIds,
    },
  });

  it('withdraws the published selection, then counts the one published anew', () => {
    const reopened: NaseejEvent = {
      type: 'SelectionReopened',
      data: {
        callId,
        appealId: 'appeal-1',
        reopens: 'selection',
        withdrawnAssociationIds: ['a'],
        admittedAssociationId: 'b',
        lapsedAppealIds: [],
      },
    };
    const opened = callOpened({
      callId,
      purpose: 'beneficiary-associations',
      rolloutId,
      title: name('call'),
      openedAt: '2026-02-01T09:00:00.000Z',
      deadline: '2026-02-20T09:00:00.000Z',
    });
    const during = fold([opened, selected('a', 1), published(['a']), reopened]);
    expect(during.calls[callId]).toMatchObject({ selectedAssociationIds: [], published: false });
    const after = fold([
      opened,
      selected('a', 1),
      published(['a']),
      reopened,
      selected('a', 1),
      selected('b', 2),
      published(['a', 'b']),
    ]);
    expect(after.calls[callId]).toMatchObject({ selectedAssociationIds: ['a', 'b'], published: true });
  });
});
