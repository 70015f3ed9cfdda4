import { type AnyHttpRoute, pathParameterNames } from '../../functions/adapters/http/route.js';
import { grantPurpose } from './grant-purpose.js';
import { signatureBody } from './signer-capacity.js';

// Sample requests for the real route table, over a Fès-Meknès rollout (the caller's own region)
// or a Casablanca-Settat one (another region): path parameters and a valid body per operation, so
// that a request reaches the scope check rather than stopping at validation.

const bilingual = (fr: string) => ({ fr, ar: `${fr} (ar)` });

/** Path parameters of a region's resources, by parameter name. */
export const samplePathParameters = (region: 'FM' | 'CS'): Record<string, string> => ({
  rolloutId: `rollout-${region}-2026`,
  callId: `${region}-2026-operator`,
  agreementId: `rollout-${region}-2026-regional-partnership`,
  associationId: 'assoc-sample',
  memberId: 'mem-sample',
  appealId: 'appeal-sample',
  applicationId: 'application-sample',
  coFunderId: 'cofunder-sample',
  grantId: 'grant-sample',
  trancheNumber: '1',
  edition: '2026',
  partnerId: 'partner-sample',
  code: 'ABCDE-FGHJK',
  regionCode: region,
  entityKind: 'rollout',
  entityId: `rollout-${region}-2026`,
  year: '2026',
  documentId: 'doc-sample',
});

/** The concrete path of a route for a region's sample resources. */
export const samplePath = (route: AnyHttpRoute, region: 'FM' | 'CS'): string => {
  const parameters = samplePathParameters(region);
  let path = route.path;
  for (const name of pathParameterNames(route.path))
    path = path.replace(`{${name}}`, parameters[name] ?? 'x');
  return path;
};

/** A valid body per operation (for those that take one), by operationId. */
export const SAMPLE_BODIES: Readonly<Record<string, unknown>> = {
  launchRollout: { regionCode: 'FM', edition: '2027' },
  setRolloutTargets: { targets: { associations: 30 } },
  advanceRolloutPhase: { to: 'regional-agreement' },
  escalateRollout: { phase: 'launch', reason: 'wait-timed-out' },
  extendRolloutDeadline: { deadline: '2026-12-01T00:00:00.000Z' },
  cancelRollout: { reason: bilingual('Annulé') },
  escalateCall: { step: 'committee-decision', reason: 'wait-timed-out' },
  extendCallWait: { until: '2026-12-01T00:00:00.000Z' },
  cancelCall: { reason: bilingual('Annulé') },
  extendCallDeadline: { deadline: '2026-12-01T00:00:00.000Z', reason: bilingual('Prolongé') },
  endCallWithoutResult: { reason: bilingual('Infructueux') },
  relaunchCall: { deadline: '2026-12-01T00:00:00.000Z', reason: bilingual('Relancé') },
  // A signature states its capacity; its date and text are optional (docs/adr/0129-a-signature-states-its-capacity.md).
  signAgreement: signatureBody('ministry'),
  draftAgreement: {
    kind: 'co-funding',
    coFunderId: 'cofunder-sample',
    title: bilingual('Convention'),
    parties: [
      { partyId: 'minister-1', role: 'ministry' },
      { partyId: 'cofunder-sample', role: 'co-funder' },
    ],
  },
  configureWavePlan: { regions: ['FM', 'CS'], nextWaveRule: { kind: 'ministry-decision' } },
  startNextWave: { regionCode: 'FM' },
  requestDocumentUpload: {
    documentId: 'doc-sample',
    attachedTo: {
      kind: 'application',
      callId: 'FM-2026-operator',
      applicationId: 'FM-2026-operator-file-01',
    },
    contentType: 'application/pdf',
    sizeBytes: 77,
  },
  openRolloutCall: {
    purpose: 'beneficiary-associations',
    seats: 30,
    title: bilingual('Appel'),
    deadline: '2026-06-01T00:00:00.000Z',
    eligibilityRules: [],
  },
  openContactCentreCall: {
    callId: 'contact-centre-2026',
    title: bilingual('Centre de contact'),
    deadline: '2026-06-01T00:00:00.000Z',
    eligibilityRules: [],
  },
  submitApplication: {
    associationId: 'assoc-sample',
    associationName: bilingual('Association'),
    province: 'Fès',
    declaredFacts: {},
  },
  closeCall: {},
  appointCommittee: {
    memberIds: ['m1'],
    chairId: 'm1',
    quorum: 1,
    scoringGrid: [{ criterionId: 'c1', label: bilingual('Critère'), weight: 1, maxScore: 10 }],
  },
  declareConflict: { applicationId: 'app-sample' },
  submitScores: { applicationId: 'app-sample', scores: [{ criterionId: 'c1', score: 5 }] },
  correctApplication: { province: 'Fès', reason: bilingual('Motif') },
  correctScores: {
    applicationId: 'app-sample',
    scores: [{ criterionId: 'c1', score: 4 }],
    reason: bilingual('Motif'),
  },
  rankApplications: {},
  publishSelection: { appealWindowEndsAt: '2026-12-01T00:00:00.000Z', minutes: { fr: 'pv-fr', ar: 'pv-ar' } },
  lodgeAppeal: { associationId: 'assoc-sample', groundsDocumentId: 'doc-1' },
  registerAssociation: {
    registrationNumber: 'FM/FES/2020-0007',
    name: bilingual('Association'),
    seat: { street: '1, avenue Hassan II, Fès', province: 'Fès', regionCode: 'FM' },
    legalRepresentative: { displayName: bilingual('Représentante'), function: bilingual('Présidente') },
  },
  refuseAssociationVerification: { reason: bilingual('Motif') },
  recordMemberName: {
    displayName: bilingual('Membre'),
    purpose: 'certificates',
    consent: { given: true, givenOn: '2026-01-15', form: 'written' },
  },
  eraseMemberName: { reason: 'consent-withdrawn' },
  recordCommitteeMemberName: {
    displayName: bilingual('Membre du comité'),
    purpose: 'committee-minutes',
    consent: { given: true, givenOn: '2026-01-15', form: 'written' },
  },
  eraseCommitteeMemberName: { reason: 'objection' },
  applyToCall: { declaredFacts: {} },
  appealSelection: { groundsDocumentId: 'doc-1' },
  signGrantConvention: {
    capacity: { office: 'president', title: bilingual('Président') },
    text: { sha256: 'a'.repeat(64), documentId: 'doc-1' },
  },
  submitGrantReport: {
    trancheNumber: 1,
    summary: { language: 'fr', text: 'Séances tenues' },
    evidence: [{ documentId: 'doc-1' }],
  },
  decideAppeal: { outcome: 'dismissed', reason: bilingual('Motif') },
  enrolBeneficiary: { associationId: 'assoc-sample', name: bilingual('Association'), province: 'Fès' },
  nominateMember: { memberId: 'mem-sample', trainingTopic: 'M1' },
  closeEnrolment: {},
  withdrawBeneficiary: { departure: 'withdrew', reason: bilingual('Motif') },
  replaceMember: { replacementMemberId: 'mem-sample-2', reason: bilingual('Motif') },
  setTrainingPlan: { topics: [{ topic: 'M1', modules: ['M1', 'M2'] }] },
  reportSession: { sessionId: 's-1', module: 'M1', date: '2026-02-01', province: 'Fès' },
  reportAttendance: { sessionId: 's-1', attendance: [{ memberId: 'mem-sample', attended: true }] },
  reportModuleCompletion: { memberId: 'mem-sample', module: 'M1', evaluationScore: 80 },
  correctAttendance: {
    sessionId: 's-1',
    memberId: 'mem-sample',
    attended: false,
    reason: bilingual('Motif'),
  },
  withdrawModuleCompletion: { memberId: 'mem-sample', module: 'M1', reason: bilingual('Motif') },
  selectTrainees: { minimumAttendanceRatePercent: 75, minimumEvaluationScore: 50 },
  reportTrainerModuleCompletion: { module: 'T1' },
  establishCompetenceHub: { name: bilingual('Pôle') },
  reportCascadeSession: {
    sessionId: 'c-1',
    trainerId: 'mem-sample',
    province: 'Fès',
    date: '2026-02-01',
    topic: 'M1',
    participantCount: 3,
    associationIds: ['assoc-x'],
  },
  commitCoFunderBudget: { name: bilingual('Co-financeur'), amount: 100 },
  awardGrant: {
    associationId: 'assoc-sample',
    amount: 100,
    ...grantPurpose,
    funding: [{ coFunderId: 'cofunder-sample', amount: 100 }],
    tranches: [{ amount: 100, releaseConditions: [] }],
  },
  requestTranche: { evidence: [] },
  approveTranche: {},
  rejectTranche: { reason: bilingual('Motif') },
  payTranche: { paymentReference: 'pay-1' },
  correctTranchePayment: { paymentReference: 'pay-2', reason: bilingual('Motif') },
  amendGrant: {
    amount: 100,
    funding: [{ coFunderId: 'cofunder-sample', amount: 100 }],
    tranches: [{ amount: 100, releaseConditions: [] }],
    reason: bilingual('Avenant'),
  },
  recordTrancheRefund: {
    kind: 'returned',
    amount: 100,
    refundReference: 'rct-1',
    reason: bilingual('Reliquat'),
  },
  cancelGrant: { reason: bilingual('Dissolution') },
  receivePartnerReport: {
    type: 'session.held',
    data: {
      rolloutId: 'rollout-FM-2026',
      sessionId: 's-1',
      module: 'M1',
      date: '2026-02-01',
      province: 'Fès',
    },
  },
  registerPartnerWebhookSecret: { associationId: 'assoc-sample', rolloutId: 'rollout-FM-2026' },
  subscribePartner: { url: 'https://partner.example.org/webhooks', eventTypes: ['SessionHeld'] },
};
