import { useState } from 'preact/hooks';
import type { Api } from './api.js';
import { FormMessage, TextField } from './fields.js';
import { type OperationId, useCommandForm } from './forms.js';
import type { Language, Translate } from './i18n.js';
import { Pending, useLoaded } from './loading.js';
import { ReportsList } from './portal-grants.js';
import type { Session } from './session.js';

// The three finance roles' work on the grants' tranches, with the separation of duties in view:
// the preparer requests a planned tranche's release (with its evidence), the approver approves a
// requested one, the payer pays an approved one; each sees who did the steps before, and a step a
// person already took on a tranche is not offered to them (the API refuses it anyway). Drawn from
// the national overview (the rollouts in their grants phase) and each rollout's grants.

type FinanceRole = 'finance-preparer' | 'finance-approver' | 'finance-payer';

interface Tranche {
  readonly trancheNumber: number;
  readonly amount: number;
  readonly status: 'planned' | 'requested' | 'approved' | 'paid';
  readonly preparerId?: string | null;
  readonly approverId?: string | null;
  readonly payerId?: string | null;
}

interface Grants {
  readonly rolloutId: string;
  readonly grants: readonly {
    readonly grantId: string;
    readonly associationId: string;
    readonly tranches: readonly Tranche[];
    /** The association's reports with their evidence (docs/adr/0121-grant-reports.md). */
    readonly deliverables: Parameters<typeof ReportsList>[0]['deliverables'];
    readonly reports?: Parameters<typeof ReportsList>[0]['reports'];
  }[];
  readonly version: number;
}

/** The status each role acts on, and the operation it sends. */
const STEP: Readonly<
  Record<FinanceRole, { status: Tranche['status']; operationId: OperationId; segment: string }>
> = {
  'finance-preparer': { status: 'planned', operationId: 'requestTranche', segment: 'request' },
  'finance-approver': { status: 'requested', operationId: 'approveTranche', segment: 'approval' },
  'finance-payer': { status: 'approved', operationId: 'payTranche', segment: 'payment' },
};

/** A planned tranche waits for its preparer only once the tranche before it is paid. */
const waitsFor = (role: FinanceRole, tranches: readonly Tranche[], tranche: Tranche): boolean => {
  if (tranche.status !== STEP[role].status) return false;
  if (role !== 'finance-preparer') return true;
  const before = tranches.find((other) => other.trancheNumber === tranche.trancheNumber - 1);
  return before === undefined || before.status === 'paid';
};

interface Props {
  readonly api: Api;
  readonly t: Translate;
  readonly language: Language;
  readonly session: Session;
  readonly role: FinanceRole;
}

export const isFinanceRole = (role: string | undefined): role is FinanceRole =>
  role === 'finance-preparer' || role === 'finance-approver' || role === 'finance-payer';

export const FinanceWork = (props: Props) => {
  const { api, t } = props;
  const [ledgers, failed, reload] = useLoaded(async (): Promise<Grants[]> => {
    const overview = await api.get<{
      rollouts: { standing: { rolloutId: string; phase: string | null } }[];
    }>('/views/national');
    const inGrants = overview.rollouts.filter((rollout) => rollout.standing.phase === 'axis-3-grants');
    return Promise.all(
      inGrants.map((rollout) =>
        api.get<Grants>(`/rollouts/${encodeURIComponent(rollout.standing.rolloutId)}/grants`),
      ),
    );
  }, [api]);
  if (failed || ledgers === undefined) return <Pending t={t} failed={failed} />;
  const work = ledgers.flatMap((ledger) =>
    ledger.grants.flatMap((grant) =>
      grant.tranches
        .filter((tranche) => waitsFor(props.role, grant.tranches, tranche))
        .map((tranche) => ({ ledger, grant, tranche })),
    ),
  );
  if (work.length === 0) return <p data-testid="queue-empty">{t('queue.empty')}</p>;
  return (
    <ul class="files">
      {work.map(({ ledger, grant, tranche }) => (
        <li key={`${grant.grantId}-${tranche.trancheNumber}`}>
          <TrancheWork
            {...props}
            reload={reload}
            rolloutId={ledger.rolloutId}
            version={ledger.version}
            grantId={grant.grantId}
            associationId={grant.associationId}
            tranche={tranche}
          />
          {grant.reports === undefined || grant.reports.length === 0 ? null : (
            <section class="file" aria-label={t('grant.associationReports')}>
              <h3>{t('grant.associationReports')}</h3>
              <ReportsList
                t={t}
                language={props.language}
                reports={grant.reports}
                deliverables={grant.deliverables}
              />
            </section>
          )}
        </li>
      ))}
    </ul>
  );
};

const TrancheWork = ({
  api,
  t,
  session,
  role,
  reload,
  rolloutId,
  version,
  grantId,
  associationId,
  tranche,
}: Props & {
  readonly reload: () => Promise<void>;
  readonly rolloutId: string;
  readonly version: number;
  readonly grantId: string;
  readonly associationId: string;
  readonly tranche: Tranche;
}) => {
  const step = STEP[role];
  const [kind, setKind] = useState('');
  const [documentId, setDocumentId] = useState('');
  const [reference, setReference] = useState('');
  const form = useCommandForm({
    api,
    t,
    operationId: step.operationId,
    method: 'POST',
    path: `/rollouts/${encodeURIComponent(rolloutId)}/grants/${encodeURIComponent(grantId)}/tranches/${tranche.trancheNumber}/${step.segment}`,
    ifMatch: version,
    reload,
  });
  const id = `tranche-${grantId}-${tranche.trancheNumber}`;
  const tookAStep = [tranche.preparerId, tranche.approverId].includes(session.subject);
  const field = (
    name: string,
    pointer: string,
    label: string,
    value: string,
    set: (value: string) => void,
  ) => (
    <TextField
      id={`${id}-${name}`}
      label={label}
      pointer={pointer}
      fields={form.fields}
      value={value}
      onInput={set}
    />
  );
  const body = () => {
    if (role === 'finance-preparer') {
      return {
        evidence:
          kind.trim() === '' && documentId.trim() === ''
            ? []
            : [{ evidence: kind.trim(), documentId: documentId.trim() }],
      };
    }
    if (role === 'finance-payer') return { paymentReference: reference.trim() };
    return undefined;
  };
  return (
    <article
      class="file"
      aria-labelledby={`${id}-heading`}
      data-tranche={`${grantId}/${tranche.trancheNumber}`}
    >
      <h2 id={`${id}-heading`}>
        {t('finance.tranche', {
          number: tranche.trancheNumber,
          grantId,
          associationId,
          amount: tranche.amount,
        })}
      </h2>
      <ul class="duties" data-testid="duties">
        {tranche.preparerId ? <li>{t('finance.preparedBy', { who: tranche.preparerId })}</li> : null}
        {tranche.approverId ? <li>{t('finance.approvedBy', { who: tranche.approverId })}</li> : null}
        {tranche.payerId ? <li>{t('finance.paidBy', { who: tranche.payerId })}</li> : null}
      </ul>
      {tookAStep ? (
        <p>{t('finance.yours')}</p>
      ) : (
        <form
          class="scores"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            void form.submit(body());
          }}
        >
          {role === 'finance-preparer' ? (
            <>
              {field('kind', '/body/evidence/0/evidence', t('finance.evidenceKind'), kind, setKind)}
              {field(
                'document',
                '/body/evidence/0/documentId',
                t('finance.documentId'),
                documentId,
                setDocumentId,
              )}
            </>
          ) : null}
          {role === 'finance-payer'
            ? field(
                'reference',
                '/body/paymentReference',
                t('finance.paymentReference'),
                reference,
                setReference,
              )
            : null}
          <button type="submit" disabled={form.busy}>
            {t(
              role === 'finance-preparer'
                ? 'finance.request'
                : role === 'finance-approver'
                  ? 'finance.approve'
                  : 'finance.pay',
            )}
          </button>
        </form>
      )}
      <FormMessage form={form} />
    </article>
  );
};
