// The one-line summary of every event type's version, for the generated catalog (`npm run catalog`:
// docs/catalog) and nothing else: kept apart from the events' definitions so that the Lambda
// bundles, which import every definition to read stored events, do not carry the prose
// (docs/adr/0156-event-summaries-apart.md). Keyed `Type@version`; the catalog's contract test
// checks that every version has one and that none is left over.

export const EVENT_SUMMARIES: Readonly<Record<string, string>> = {
  'AgreementDrafted@1':
    'An agreement was drawn up with its title and its parties (at least two), awaiting their signatures.',
  'AgreementInForceRecorded@1':
    'Every party signed: the agreement is in force (recorded with the last signature).',
  'AgreementSigned@1': 'One party signed an agreement.',
  'AgreementSigned@2':
    'One party signed an agreement, in a stated capacity, on the date of the signature, covering a text.',
  'AppealDecided@1': 'An appeal against a selection was decided (upheld or dismissed) with its reason.',
  'AppealLodged@1':
    'An applicant association appealed against a published selection within the appeal window.',
  'AppealLodged@2':
    'An applicant association appealed against a published selection within the appeal window (on its true date).',
  'AppealWindowClosingReminded@1':
    "The workflow reminded the applicants not selected that a selection's appeal window closes soon.",
  'ApplicationCorrected@1':
    "An application's record was corrected before the ranking (name, province, declared facts or reception date), with the reason, and its eligibility judged again.",
  'ApplicationRefused@1':
    'A received application was refused as late or ineligible, naming the rules it failed.',
  'ApplicationScored@1': 'A committee member scored an eligible file on every criterion of the scoring grid.',
  'ApplicationScored@2':
    'A committee member scored an eligible file (on its true date) on every criterion of the scoring grid.',
  'ApplicationScoresCorrected@1':
    'A committee member corrected its scores of a file before publication, with the reason; a ranking already made is withdrawn.',
  'ApplicationScoresCorrected@2':
    'A committee member corrected its scores of a file (on its true date) before publication, with the reason; a ranking already made is withdrawn.',
  'ApplicationSubmitted@1':
    "An association's application was received by a call, with its declared eligibility facts.",
  'ApplicationSubmitted@2':
    "An association's application was received by a call (on its true date, which the deadline is judged by), with its declared eligibility facts.",
  'ApplicationsRanked@1':
    'The committee ranked every eligible file by weighted average, ties broken by a documented rule.',
  'ApplicationsRanked@2':
    'The committee ranked every eligible file (on its true date) by weighted average, ties broken by a documented rule.',
  'AssociationRegistered@1':
    'An association declared its identity (registration number, names, seat, legal representative); the ministry verifies it next.',
  'AssociationSelected@1': "An association was selected by a call's committee from the top of the ranking.",
  'AssociationVerificationRefused@1':
    'The ministry refused to verify the identity an association declared, with its reason.',
  'AssociationVerified@1':
    'The ministry verified the identity an association declared; it may now apply to calls.',
  'AttendanceCorrected@1':
    "A member's recorded attendance at one axis-1 session was corrected, with the reason.",
  'AttendanceRecorded@1': 'The operator reported whether one member attended one axis-1 session.',
  'AxisOneCompleted@1': 'Every member of an association completed all eight axis-1 modules.',
  'AxisOneCompleted@2':
    'Every member of an association completed all eight axis-1 modules, on the day of the last one.',
  'BeneficiaryEnrolled@1': "An association was enrolled as a direct beneficiary of a region's rollout.",
  'BeneficiaryEnrolled@2':
    "An association was enrolled (on its true date) as a direct beneficiary of a region's rollout.",
  'BeneficiaryReplaced@1':
    "An association that left a rollout was replaced by the next association of the beneficiary call's ranked reserve.",
  'BeneficiaryWithdrawn@1':
    'An enrolled association left a rollout (it withdrew, or was excluded), with the reason; its members leave with it.',
  'CallCancelled@1':
    'The ministry cancelled the escalated contact-centre call, with its reason; nobody is selected.',
  'CallClosed@1': 'A call closed at its deadline, with the count of files received and the eligible ones.',
  'CallClosed@2':
    'A call closed (on its true date) at or after its deadline, with the count of files received and the eligible ones.',
  'CallDeadlineExtended@1':
    "The ministry extended an open call's deadline with a reason; files are received until the new one.",
  'CallEnded@1':
    'The ministry ended a call without result, with a reason: nobody is selected; it may be relaunched.',
  'CallEscalated@1':
    'A wait of the national contact-centre call timed out or failed: it waits for the ministry to extend or cancel.',
  'CallOpened@1':
    'A call for expression of interest opened, with its purpose, deadline and eligibility rules.',
  'CallOpened@2':
    'A call for expression of interest opened (on its true date), with its purpose, deadline and eligibility rules.',
  'CallRelaunched@1':
    'The ministry relaunched a call that ended without result or was cancelled, until a new deadline.',
  'CallWaitExtended@1':
    'The ministry gave an escalated wait of the contact-centre call until a new date; it waits again.',
  'CascadeSessionReported@1':
    "A hub trainer ran a cascade session for associations of one of the region's provinces.",
  'CoFunderBudgetCommitted@1':
    "A co-funder (the ministry, the Regional Council, …) committed budget to a rollout's grants.",
  'CoFunderBudgetCommitted@2':
    "A co-funder (the ministry, the Regional Council, …) committed budget to a rollout's grants, on its true date.",
  'CommitteeAppointed@1':
    'A selection committee was appointed for a call, with its members, chair, quorum and grid.',
  'CommitteeAppointed@2':
    'A selection committee was appointed for a call (on its true date), with its members, chair, quorum and grid.',
  'CompetenceHubEstablished@1':
    'The regional associative competence hub was established with the certified trainers.',
  'CompetenceHubEstablished@2':
    'The regional associative competence hub was established (on its true date) with the certified trainers.',
  'ConflictDeclared@1':
    'A committee member declared a conflict of interest on a file; they neither see nor score it.',
  'ContactCentreOperatorSelected@1':
    'The association that will run the national contact and support centre (seat in Rabat) was selected.',
  'DocumentAccepted@1':
    'An uploaded file passed its checks on arrival and was accepted, with its SHA-256, size and type.',
  'DocumentUploadRequested@1':
    'An upload URL was issued for one file: what it attaches to, its declared size and type, until when.',
  'DocumentUploadRequested@2':
    'An upload URL was issued for one file: what it attaches to, its name, declared size and type, until when.',
  'EnrolmentClosed@1':
    'The enrolment of a rollout was closed, every enrolled association having all its members.',
  'EnrolmentClosed@2':
    'The enrolment of a rollout was closed (on its true date), every enrolled association having all its members.',
  'GrantAmended@1':
    "The ministry amended a grant's amount, co-funders' shares and schedule of unpaid tranches, with a reason.",
  'GrantAwarded@1':
    'A grant was awarded to a trained beneficiary association, split among co-funders and tranches.',
  'GrantAwarded@2':
    'A grant was awarded to a trained beneficiary association for a purpose and deliverables, split among co-funders and tranches.',
  'GrantAwarded@3':
    'A grant was awarded (on its true date) to a trained beneficiary association for a purpose and deliverables, split among co-funders and tranches.',
  'GrantCancelled@1':
    'The ministry cancelled a grant with a reason: unpaid tranches dropped, the unpaid amount released to the co-funders.',
  'GrantReportSubmitted@1':
    'A beneficiary association reported on a paid tranche of its grant, with evidence files named by their SHA-256.',
  'HubTrainerAdded@1': 'A trainer certified after the hub was established joined the competence hub.',
  'HubTrainerAdded@2':
    'A trainer certified after the hub was established joined the competence hub (on its true date).',
  'MemberNominated@1':
    'An enrolled association nominated one of its members (an id, never a name) for a training topic.',
  'MemberNominated@2':
    'An enrolled association nominated one of its members (an id, never a name) for a training topic, on its true date.',
  'MemberReplaced@1':
    'A member left an enrolled association and another member (ids, never names) took their place, for the same training topic.',
  'ModuleCompleted@1': 'A member completed an axis-1 module, with attendance at or above the threshold.',
  'ModuleCompleted@2':
    'A member completed an axis-1 module (on its true day), with attendance at or above the threshold.',
  'ModuleCompletionWithdrawn@1':
    "A member's axis-1 module completion was withdrawn by a correction (attendance corrected below the threshold, or a completion recorded wrongly), with the reason.",
  'RolloutCancelled@1': 'The ministry cancelled a rollout, with its reason and the phase it had reached.',
  'RolloutCompleted@1': 'A rollout closed, recording its final figures against its targets.',
  'RolloutDeadlineExtended@1':
    "The ministry extended an escalated phase's deadline; the rollout resumes waiting.",
  'RolloutEscalated@1':
    "A phase's wait timed out or failed: the rollout waits for the ministry to extend or cancel.",
  'RolloutLaunched@1':
    'The ministry launched the rollout of the program in a region, with its targets (region by French name).',
  'RolloutLaunched@2':
    'The ministry launched the rollout of the program in a region for one edition, with its targets.',
  'RolloutLaunched@3':
    'The ministry launched the rollout of the program in a region for one edition (on its true date), with its targets.',
  'RolloutPhaseAdvanced@1':
    'A rollout moved to its next phase, naming the condition that held and the deadline of the new phase.',
  'RolloutTargetsSet@1':
    "The ministry revised a rollout's targets; the previous targets are kept for the record.",
  'SelectionPublished@1':
    "The committee's selection was published with its minutes (fr, ar), opening an appeal window.",
  'SelectionPublished@2':
    "The committee's selection was published (on its true date) with its minutes (fr, ar), opening an appeal window.",
  'SelectionReopened@1':
    'An upheld appeal withdrew the published selection: the committee ranks or selects again, then publishes anew.',
  'SessionHeld@1': 'The operator reported an axis-1 training session held for one module of a rollout.',
  'SessionHeld@2': 'An axis-1 training session was held for one module of a rollout (on its true day).',
  'TraineesSelected@1':
    'Participants were selected for the training of trainers (axis 2) by explicit criteria, each with reasons.',
  'TraineesSelected@2':
    'Participants were selected for the training of trainers (axis 2) by explicit criteria: the trainees and the reserve with their reasons, every other candidate counted by reason.',
  'TraineesSelected@3':
    'Participants were selected (on their true date) for the training of trainers (axis 2) by explicit criteria: the trainees and the reserve with their reasons, every other candidate counted by reason.',
  'TrainerCertified@1': 'A trainee completed the three trainer modules and was certified as a trainer.',
  'TrainerCertified@2':
    'A trainee completed the three trainer modules and was certified as a trainer, on the day of the last one.',
  'TrainerModuleCompleted@1': 'A trainee completed one of the three training-of-trainers modules (axis 2).',
  'TrainerModuleCompleted@2':
    'A trainee completed one of the three training-of-trainers modules (axis 2), on its true day.',
  'TrainingPlanSet@1':
    "The region's axis-1 training plan: which modules the members of each training topic follow (a topic it leaves out follows all eight).",
  'TrancheApproved@1': 'A finance approver, other than its preparer, approved a requested grant tranche.',
  'TrancheApproved@2':
    'A finance approver, other than its preparer, approved a requested grant tranche (on its true date).',
  'TranchePaid@1': 'A finance payer, other than its preparer and approver, paid an approved grant tranche.',
  'TranchePaid@2':
    'A finance payer, other than its preparer and approver, paid an approved grant tranche, on the date of the transfer.',
  'TranchePaymentCorrected@1':
    "A paid tranche's payment record (transfer reference or date) was corrected by a finance payer, with the reason.",
  'TrancheRefunded@1':
    'Money of a paid grant tranche came back to the treasury, returned by the association or recovered by the ministry.',
  'TrancheRejected@1':
    'A finance approver rejected a grant tranche request with a reason; it may be requested again.',
  'TrancheRejected@2':
    'A finance approver rejected a grant tranche request (on its true date) with a reason; it may be requested again.',
  'TrancheRequested@1':
    "A finance preparer requested a grant tranche's release, attaching the evidence of its conditions.",
  'TrancheRequested@2':
    "A finance preparer requested a grant tranche's release (on its true date), attaching the evidence of its conditions.",
  'WavePlanConfigured@1':
    'The ministry set the order of regional waves of an edition and the rule for starting the next wave.',
  'WaveStarted@1': "A region's wave started: its rollout may now be launched under the given rollout id.",
};

/** The summary of one version of an event type (the catalog's description of it). */
export const summaryOf = (schema: { readonly type: string; readonly version: number }): string =>
  EVENT_SUMMARIES[`${schema.type}@${schema.version}`] ?? '';
