import { describe, expect, it } from 'vitest';
import type { Actor } from '../../../../../events/envelope.js';
import type { GrantsEvent } from '../../../../../events/grants/index.js';
import type {
  ReportEvidenceFact,
  SubmitGrantReport,
} from '../../../../../functions/domain/grants/commands.js';
import { grantsDecider, reportsOfGrant } from '../../../../../functions/domain/grants/grants.js';
import { fold } from '../../../../../functions/domain/shared/decider.js';
import { given } from '../../../../support/given-when-then.js';

// An association reports on a paid tranche of its grant, with its accepted evidence files
// (docs/adr/0121-grant-reports.md).

const rolloutId = 'rollout-fm-2025';
const associationId = 'association-sefrou-12';
const association: Actor = { id: 'portal-sefrou-12', role: 'association' };
const sha = 'a'.repeat(64);

const awarded: GrantsEvent = {
  type: 'GrantAwarded',
  data: {
    rolloutId,
    grantId: 'grant-7',
    associationId,
    amount: 6_000_000,
    purpose: { fr: 'Alphabétisation', ar: 'محو الأمية' },
    deliverables: [
      { deliverable: 'literacy-classes', label: { fr: 'Cours', ar: 'دروس' }, dueBy: '2026-09-30' },
    ],
    instrument: { kind: 'convention', agreementId: 'convention-sefrou-12' },
    conventionThreshold: 5_000_000,
    awardedAt: null,
    lateEntry: null,
    funding: [{ coFunderId: 'ministry', amount: 6_000_000 }],
    tranches: [
      {
        trancheNumber: 1,
        amount: 3_000_000,
        releaseConditions: [],
        funding: [{ coFunderId: 'ministry', amount: 3_000_000 }],
      },
      {
        trancheNumber: 2,
        amount: 3_000_000,
        releaseConditions: [],
        funding: [{ coFunderId: 'ministry', amount: 3_000_000 }],
      },
    ],
  },
};
const tranche1 = { rolloutId, grantId: 'grant-7', associationId, trancheNumber: 1, amount: 3_000_000 };
const requested: GrantsEvent = {
  type: 'TrancheRequested',
  data: { ...tranche1, evidence: [], preparerId: 'finance-1', requestedAt: null, lateEntry: null },
};
const approved: GrantsEvent = {
  type: 'TrancheApproved',
  data: { ...tranche1, approverId: 'finance-2', approvedAt: null, lateEntry: null },
};
const paid: GrantsEvent = {
  type: 'TranchePaid',
  data: {
    ...tranche1,
    funding: [{ coFunderId: 'ministry', amount: 3_000_000 }],
    paymentReference: 'TRF-1',
    grantFullyPaid: false,
    payerId: 'finance-3',
    paidAt: '2026-02-01T10:00:00.000Z',
    lateEntry: null,
  },
};
const trancheOnePaid = [awarded, requested, approved, paid];

const ownEvidence = (documentId: string, tranche = 1, owner = associationId): ReportEvidenceFact => ({
  documentId,
  accepted: {
    ownerAssociationId: owner,
    attachedTo: { kind: 'tranche-evidence', rolloutId, associationId: owner, tranche },
    sha256: sha,
    sizeBytes: 1234,
    contentType: 'application/pdf',
  },
});

const report = (
  data: Partial<SubmitGrantReport['data']> = {},
  evidence: readonly ReportEvidenceFact[] = [ownEvidence('doc-1')],
): SubmitGrantReport => ({
  type: 'SubmitGrantReport',
  data: {
    rolloutId,
    associationId,
    trancheNumber: 1,
    deliverable: 'literacy-classes',
    summary: { language: 'fr', text: 'Douze séances tenues, 43 participantes.' },
    evidence: [{ documentId: 'doc-1' }],
    ...data,
  },
  facts: { evidence },
});

const submitted: GrantsEvent = {
  type: 'GrantReportSubmitted',
  data: {
    rolloutId,
    grantId: 'grant-7',
    associationId,
    reportId: 'id-1',
    trancheNumber: 1,
    deliverable: 'literacy-classes',
    summary: { language: 'fr', text: 'Douze séances tenues, 43 participantes.' },
    evidence: [{ documentId: 'doc-1', sha256: sha, sizeBytes: 1234, contentType: 'application/pdf' }],
  },
};

describe('an association reports on its grant', () => {
  it('records the report of a paid tranche, naming each file with its hash', () => {
    given(grantsDecider, trancheOnePaid).when(report(), { actor: association }).then([submitted]);
  });

  it('keeps the reports on the grant, for the finance officers who approve the next tranche', () => {
    const state = fold(grantsDecider, [...trancheOnePaid, submitted]);
    const grant = state.grants['grant-7'];
    expect(grant && reportsOfGrant(grant)).toEqual([
      {
        reportId: 'id-1',
        trancheNumber: 1,
        deliverable: 'literacy-classes',
        summary: { language: 'fr', text: 'Douze séances tenues, 43 participantes.' },
        evidence: [{ documentId: 'doc-1', sha256: sha, sizeBytes: 1234, contentType: 'application/pdf' }],
      },
    ]);
    const before = fold(grantsDecider, trancheOnePaid).grants['grant-7'];
    expect(before && reportsOfGrant(before)).toEqual([]);
  });

  it('records a report on the tranche in general, with no deliverable', () => {
    const events = given(grantsDecider, trancheOnePaid)
      .when(report({ deliverable: undefined }), { actor: association })
      .events();
    expect(events[0]?.type === 'GrantReportSubmitted' && events[0].data.deliverable).toBe(null);
  });

  it('is the association’s own act: staff do not report for it', () => {
    given(grantsDecider, trancheOnePaid)
      .when(report(), { actor: { id: 'user-ministry-1', role: 'ministry' } })
      .thenRefuses('ASSOCIATION_ROLE_REQUIRED', 'forbidden');
  });

  it('refuses an association with no grant in the rollout', () => {
    given(grantsDecider, trancheOnePaid)
      .when(report({ associationId: 'association-fes-3' }, [ownEvidence('doc-1', 1, 'association-fes-3')]), {
        actor: association,
      })
      .thenRefuses('GRANT_NOT_FOUND', 'not-found');
  });

  it('refuses a report on a cancelled grant', () => {
    const cancelled: GrantsEvent = {
      type: 'GrantCancelled',
      data: {
        rolloutId,
        grantId: 'grant-7',
        associationId,
        amount: 6_000_000,
        held: 3_000_000,
        released: 3_000_000,
        releasedFunding: [{ coFunderId: 'ministry', amount: 3_000_000 }],
        droppedTranches: [2],
        reason: { fr: 'Dissolution', ar: 'حل الجمعية' },
        cancelledBy: 'user-ministry-1',
      },
    };
    given(grantsDecider, [...trancheOnePaid, cancelled])
      .when(report(), { actor: association })
      .thenRefuses('GRANT_CANCELLED', 'conflict');
  });

  it('refuses a report on a tranche not paid yet, or one the grant does not have', () => {
    given(grantsDecider, [awarded, requested])
      .when(report(), { actor: association })
      .thenRefuses('TRANCHE_NOT_PAID', 'conflict');
    given(grantsDecider, trancheOnePaid)
      .when(report({ trancheNumber: 3 }, [ownEvidence('doc-1', 3)]), { actor: association })
      .thenRefuses('TRANCHE_NOT_FOUND', 'not-found');
  });

  it('refuses a deliverable the grant does not list', () => {
    given(grantsDecider, trancheOnePaid)
      .when(report({ deliverable: 'a-new-building' }), { actor: association })
      .thenRefuses('DELIVERABLE_NOT_IN_GRANT', 'invalid');
  });

  it('refuses a file that is not its own accepted evidence of this tranche', () => {
    const refused = (fact: ReportEvidenceFact) =>
      given(grantsDecider, trancheOnePaid)
        .when(report({}, [fact]), { actor: association })
        .thenRefuses('EVIDENCE_NOT_ACCEPTED', 'invalid');
    refused({ documentId: 'doc-1', accepted: null });
    refused(ownEvidence('doc-1', 1, 'association-fes-3'));
    refused(ownEvidence('doc-1', 2));
    refused({
      documentId: 'doc-1',
      accepted: {
        ownerAssociationId: associationId,
        attachedTo: { kind: 'agreement', agreementId: 'convention-sefrou-12' },
        sha256: sha,
        sizeBytes: 1234,
        contentType: 'application/pdf',
      },
    });
  });

  it('names the refused file by its place in the report', () => {
    let thrown: unknown;
    try {
      grantsDecider.decide(
        report({ evidence: [{ documentId: 'doc-1' }, { documentId: 'doc-2' }] }, [
          ownEvidence('doc-1'),
          { documentId: 'doc-2', accepted: null },
        ]),
        fold(grantsDecider, trancheOnePaid),
        { now: '2026-03-01T09:00:00.000Z', newId: () => 'id-1', actor: association },
      );
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({
      code: 'EVIDENCE_NOT_ACCEPTED',
      details: { field: 'evidence.1.documentId' },
    });
  });

  it('refuses the same file named twice', () => {
    given(grantsDecider, trancheOnePaid)
      .when(report({ evidence: [{ documentId: 'doc-1' }, { documentId: 'doc-1' }] }), { actor: association })
      .thenRefuses('EVIDENCE_LISTED_TWICE', 'invalid');
  });
});
