import { describe, expect, it } from 'vitest';
import { InMemoryEventStore } from '../../../../../functions/adapters/in-memory/event-store.js';
import { InMemoryViewStore } from '../../../../../functions/application/ports/view-store.js';
import {
  associationVerificationsProjection,
  verificationQueueOf,
} from '../../../../../functions/application/projections/association-verifications.js';
import {
  foldAll,
  type Projection,
  toProjectedEvent,
} from '../../../../../functions/application/projections/projection.js';
import { ProjectionConsumer } from '../../../../../functions/application/read-models/consumer.js';
import {
  appendScenario,
  countingIds,
  readAllGlobal,
  type ScenarioCommit,
  steppingClock,
} from '../../../../support/projection-scenario.js';

// The ministry's verification queue (docs/adr/0123-verification-queue.md): given associations'
// declarations and the ministry's decisions, each region's document holds its own associations with
// where their verification stands; the queue lists the pending ones oldest first, then the decisions.

const representative = (associationId: string) => ({
  personId: `legal-representative-${associationId}`,
  function: { fr: 'Présidente', ar: 'الرئيسة' },
});

const registered = (
  associationId: string,
  registrationNumber: string,
  name: { fr: string; ar: string },
  seat: { street: string; province: string; regionCode: 'FM' | 'CS' },
  registeredAt: string,
): ScenarioCommit => ({
  streamId: `association-${associationId}`,
  actorId: `dev-association-${associationId}`,
  role: 'association',
  events: [
    {
      type: 'AssociationRegistered',
      data: {
        associationId,
        registrationNumber,
        name,
        seat,
        legalRepresentative: representative(associationId),
        registeredAt,
      },
    },
  ],
});

const ministry = (associationId: string, event: ScenarioCommit['events'][number]): ScenarioCommit => ({
  streamId: `association-${associationId}`,
  actorId: 'minister-1',
  role: 'ministry',
  events: [event],
});

const NOUR = { fr: 'Association Nour Sefrou', ar: 'جمعية نور صفرو' };
const AMAL = { fr: 'Association Amal Taza', ar: 'جمعية أمل تازة' };
const TICHOUKT = { fr: 'Association Tichoukt', ar: 'جمعية تيشوكت' };
const SEFROU = { street: '12, rue Al Massira', province: 'Sefrou', regionCode: 'FM' } as const;
const TAZA = { street: '4, avenue Mohammed V', province: 'Taza', regionCode: 'FM' } as const;
const BOULEMANE = { street: '1, place du Souk', province: 'Boulemane', regionCode: 'FM' } as const;
const CASABLANCA = { street: '7, bd Zerktouni', province: 'Casablanca', regionCode: 'CS' } as const;
const REASON = { fr: 'Le numéro ne figure pas au registre.', ar: 'الرقم غير مسجل.' };

/** Three Fès-Meknès declarations: one verified, one refused and declared again in Casablanca, one pending. */
const commits: readonly ScenarioCommit[] = [
  registered('assoc-sefrou-nour', 'FM/SEF/2019-0142', NOUR, SEFROU, '2026-03-01T09:00:00.000Z'),
  registered('assoc-taza-amal', 'FM/TAZ/2021-0031', AMAL, TAZA, '2026-03-01T10:00:00.000Z'),
  registered('assoc-boulemane-tichoukt', 'FM/BOU/2020-0007', TICHOUKT, BOULEMANE, '2026-03-01T11:00:00.000Z'),
  ministry('assoc-sefrou-nour', {
    type: 'AssociationVerified',
    data: {
      associationId: 'assoc-sefrou-nour',
      registrationNumber: 'FM/SEF/2019-0142',
      verifiedAt: '2026-03-02T08:00:00.000Z',
    },
  }),
  ministry('assoc-taza-amal', {
    type: 'AssociationVerificationRefused',
    data: {
      associationId: 'assoc-taza-amal',
      registrationNumber: 'FM/TAZ/2021-0031',
      reason: REASON,
      refusedAt: '2026-03-02T09:00:00.000Z',
    },
  }),
];

const movedToCasablanca = registered(
  'assoc-taza-amal',
  'CS/CAS/2026-0001',
  AMAL,
  CASABLANCA,
  '2026-03-03T09:00:00.000Z',
);

const eventsOf = async (scenario: readonly ScenarioCommit[]) => {
  const store = new InMemoryEventStore({ clock: steppingClock(), newId: countingIds() });
  await appendScenario(store, scenario);
  return { store, events: await readAllGlobal(store) };
};

describe("the ministry's verification queue", () => {
  it('keeps each region its own declarations, with where their verification stands', async () => {
    // Prepare
    const { events } = await eventsOf(commits);
    // Act
    const documents = foldAll(associationVerificationsProjection, events.map(toProjectedEvent));
    // Assess
    expect(documents.get('FM')?.view).toEqual({
      regionCode: 'FM',
      associations: {
        'assoc-sefrou-nour': {
          associationId: 'assoc-sefrou-nour',
          registrationNumber: 'FM/SEF/2019-0142',
          name: NOUR,
          seat: SEFROU,
          registeredAt: '2026-03-01T09:00:00.000Z',
          status: 'verified',
          decidedAt: '2026-03-02T08:00:00.000Z',
          refusal: null,
          version: 2,
        },
        'assoc-taza-amal': {
          associationId: 'assoc-taza-amal',
          registrationNumber: 'FM/TAZ/2021-0031',
          name: AMAL,
          seat: TAZA,
          registeredAt: '2026-03-01T10:00:00.000Z',
          status: 'refused',
          decidedAt: '2026-03-02T09:00:00.000Z',
          refusal: REASON,
          version: 2,
        },
        'assoc-boulemane-tichoukt': {
          associationId: 'assoc-boulemane-tichoukt',
          registrationNumber: 'FM/BOU/2020-0007',
          name: TICHOUKT,
          seat: BOULEMANE,
          registeredAt: '2026-03-01T11:00:00.000Z',
          status: 'pending',
          decidedAt: null,
          refusal: null,
          version: 1,
        },
      },
    });
    // A decision reaches every region's document, and changes none that does not hold the association.
    expect(documents.get('CS')?.view).toEqual({ regionCode: 'CS', associations: {} });
  });

  it('lists the pending declarations oldest first, then the latest decisions newest first', async () => {
    // Prepare
    const { events } = await eventsOf(commits);
    const view = foldAll(associationVerificationsProjection, events.map(toProjectedEvent)).get('FM')?.view;
    if (view === undefined) throw new Error('no Fès-Meknès document');
    // Act
    const queue = verificationQueueOf([view], 1);
    // Assess
    expect(queue.pending.map((entry) => entry.associationId)).toEqual(['assoc-boulemane-tichoukt']);
    expect(queue.decided.map((entry) => [entry.associationId, entry.status])).toEqual([
      ['assoc-taza-amal', 'refused'],
    ]);
  });

  it('moves a declaration made again with a seat in another region to that region, pending', async () => {
    // Prepare: delivered one by one to the consumer, as the bus does
    const { store, events } = await eventsOf([...commits, movedToCasablanca]);
    const views = new InMemoryViewStore();
    const consumer = new ProjectionConsumer({
      store,
      views,
      projections: [associationVerificationsProjection as Projection<unknown>],
    });
    // Act
    for (const event of events) await consumer.consume(event);
    // Assess
    const fm = await views.load<{ associations: Record<string, unknown> }>('association-verifications', 'FM');
    const cs = await views.load<{ associations: Record<string, { status: string; version: number }> }>(
      'association-verifications',
      'CS',
    );
    expect(Object.keys(fm?.document.view.associations ?? {}).sort()).toEqual([
      'assoc-boulemane-tichoukt',
      'assoc-sefrou-nour',
    ]);
    expect(cs?.document.view.associations).toEqual({
      'assoc-taza-amal': {
        associationId: 'assoc-taza-amal',
        registrationNumber: 'CS/CAS/2026-0001',
        name: AMAL,
        seat: CASABLANCA,
        registeredAt: '2026-03-03T09:00:00.000Z',
        status: 'pending',
        decidedAt: null,
        refusal: null,
        version: 3,
      },
    });
  });
});
