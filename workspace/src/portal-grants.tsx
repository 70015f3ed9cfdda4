import { useRef, useState } from 'preact/hooks';
import type * as z from 'zod';
import type { TrancheStatusView } from '../../functions/adapters/http/routes/association-grants.js';
import { type Api, ApiProblem } from './api.js';
import { FormMessage, TextField } from './fields.js';
import { problemMessage, useCommandForm } from './forms.js';
import type { Language, Translate } from './i18n.js';
import { Pending, Table, unlessAbsent, useLoaded } from './loading.js';
import { PortalForm, uploadDocument } from './portal.js';

// An association's grant in its portal (issue 25 item 1, last clause; docs/adr/0122-portal-grant-screens.md):
// its grant in each rollout (purpose, deliverables, tranches and their status), its partnership
// convention, which it signs as the beneficiary party in its representative's capacity over the
// text the ministry shared (its SHA-256 shown), and its reports on paid tranches with their
// evidence files (PDF, uploaded by presigned URL and checked on arrival, named by their hash).

type Bilingual = { readonly fr: string; readonly ar: string };
type TrancheStatus = z.infer<typeof TrancheStatusView>;
type ConventionStatus = 'not-drafted' | 'awaiting-signatures' | 'in-force';

interface OwnGrant {
  readonly rolloutId: string;
  readonly grantId: string;
  readonly amount: number;
  readonly status: 'active' | 'cancelled';
  readonly purpose: Bilingual | null;
  readonly deliverables: readonly { deliverable: string; label: Bilingual; dueBy: string }[];
  readonly paid: number;
  readonly tranches: readonly { trancheNumber: number; amount: number; status: TrancheStatus }[];
  readonly convention: {
    readonly agreementId: string;
    readonly status: ConventionStatus;
    readonly signedByAssociation: boolean;
    readonly text: { readonly sha256: string; readonly documentId: string } | null;
  } | null;
  readonly reports: readonly {
    readonly reportId: string;
    readonly trancheNumber: number;
    readonly deliverable: string | null;
    readonly summary: { readonly language: Language; readonly text: string };
    readonly evidence: readonly { readonly documentId: string; readonly sha256: string }[];
  }[];
}

interface Props {
  readonly api: Api;
  readonly t: Translate;
  readonly language: Language;
  readonly associationId: string;
}

const mad = (language: Language, centimes: number): string =>
  new Intl.NumberFormat(language === 'ar' ? 'ar-MA' : 'fr-MA', { maximumFractionDigits: 2 }).format(
    centimes / 100,
  );

const OFFICES = ['president', 'vice-president', 'legal-representative'] as const;

const ConventionForm = ({
  api,
  t,
  associationId,
  grant,
  reload,
}: Props & { readonly grant: OwnGrant; readonly reload: () => Promise<void> }) => {
  const convention = grant.convention;
  const [office, setOffice] = useState<(typeof OFFICES)[number]>('president');
  const [title, setTitle] = useState({ fr: '', ar: '' });
  const form = useCommandForm({
    api,
    t,
    operationId: 'signGrantConvention',
    method: 'POST',
    path: `/associations/${encodeURIComponent(associationId)}/agreements/${encodeURIComponent(convention?.agreementId ?? '')}/signature`,
    // The other parties sign the same agreement meanwhile: a signature states a new fact.
    ifMatch: undefined,
    pointerOf: (problem) => (problem.code === 'AGREEMENT_TEXT_MISMATCH' ? '/body/text/sha256' : undefined),
    reload,
  });
  if (convention === null) return null;
  const prefix = `convention-${grant.rolloutId}`;
  const text = convention.text;
  return (
    <section class="file" aria-labelledby={`${prefix}-heading`}>
      <h4 id={`${prefix}-heading`}>{t('grant.convention')}</h4>
      <p data-testid="convention-status" role="status">
        {t(`grant.convention.${convention.status}`)}
      </p>
      {convention.signedByAssociation ? <p>{t('grant.convention.signed')}</p> : null}
      {text === null ? (
        convention.status === 'in-force' ? null : (
          <p>{t('grant.convention.noText')}</p>
        )
      ) : (
        <p>
          <span class="hash">{t('grant.convention.text', { sha256: text.sha256 })}</span>{' '}
          <button
            type="button"
            class="link"
            onClick={() =>
              void api
                .get<{ download: { url: string } }>(`/documents/${encodeURIComponent(text.documentId)}`)
                .then((opened) =>
                  window.open(new URL(opened.download.url, location.href), '_blank', 'noopener'),
                )
            }
          >
            {t('grant.convention.open')}
          </button>
        </p>
      )}
      {convention.signedByAssociation || text === null || grant.status === 'cancelled' ? null : (
        <form
          aria-labelledby={`${prefix}-sign`}
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            void form.submit({ capacity: { office, title }, text });
          }}
        >
          <h5 id={`${prefix}-sign`}>{t('grant.sign')}</h5>
          <div class="field">
            <label for={`${prefix}-office`}>{t('grant.office')}</label>
            <select
              id={`${prefix}-office`}
              value={office}
              onChange={(event) => setOffice((event.target as HTMLSelectElement).value as typeof office)}
            >
              {OFFICES.map((candidate) => (
                <option key={candidate} value={candidate}>
                  {t(`grant.office.${candidate}`)}
                </option>
              ))}
            </select>
          </div>
          <TextField
            id={`${prefix}-title-fr`}
            label={t('grant.titleFr')}
            pointer="/body/capacity/title/fr"
            fields={form.fields}
            value={title.fr}
            onInput={(fr) => setTitle({ ...title, fr })}
            lang="fr"
          />
          <TextField
            id={`${prefix}-title-ar`}
            label={t('grant.titleAr')}
            pointer="/body/capacity/title/ar"
            fields={form.fields}
            value={title.ar}
            onInput={(ar) => setTitle({ ...title, ar })}
            lang="ar"
          />
          <button type="submit" disabled={form.busy}>
            {t('grant.sign')}
          </button>
          <FormMessage form={form} />
        </form>
      )}
    </section>
  );
};

const ReportForm = ({
  api,
  t,
  language,
  associationId,
  grant,
  reload,
}: Props & { readonly grant: OwnGrant; readonly reload: () => Promise<void> }) => {
  const paid = grant.tranches.filter((tranche) => tranche.status === 'paid');
  const [tranche, setTranche] = useState<number | undefined>(undefined);
  const [deliverable, setDeliverable] = useState('');
  const [summary, setSummary] = useState('');
  const [files, setFiles] = useState<{ busy: boolean; error: string | undefined }>({
    busy: false,
    error: undefined,
  });
  const input = useRef<HTMLInputElement | null>(null);
  const form = useCommandForm({
    api,
    t,
    operationId: 'submitGrantReport',
    method: 'POST',
    path: `/associations/${encodeURIComponent(associationId)}/rollouts/${encodeURIComponent(grant.rolloutId)}/grant/reports`,
    // A report states a new fact; finance officers change the grant meanwhile.
    ifMatch: undefined,
    reload,
  });
  if (grant.status === 'cancelled') return null;
  if (paid.length === 0) return <p>{t('grant.noPaidTranche')}</p>;
  const trancheNumber = tranche ?? (paid.at(-1)?.trancheNumber as number);
  const prefix = `report-${grant.rolloutId}`;
  const filesError =
    files.error ?? form.fields['/body/evidence/0/documentId'] ?? form.fields['/body/evidence'];
  const submit = async () => {
    const chosen = [...(input.current?.files ?? [])];
    if (chosen.length === 0) {
      setFiles({ busy: false, error: t('portal.chooseFile') });
      return;
    }
    setFiles({ busy: true, error: undefined });
    const evidence: { documentId: string }[] = [];
    try {
      for (const file of chosen) {
        const accepted = await uploadDocument(
          api,
          { kind: 'tranche-evidence', rolloutId: grant.rolloutId, associationId, tranche: trancheNumber },
          file,
        );
        evidence.push({ documentId: accepted.documentId });
      }
    } catch (error) {
      const message = error instanceof ApiProblem ? problemMessage(error.problem, t) : t('form.failed');
      setFiles({ busy: false, error: message });
      return;
    }
    setFiles({ busy: false, error: undefined });
    await form.submit({
      trancheNumber,
      ...(deliverable === '' ? {} : { deliverable }),
      summary: { language, text: summary },
      evidence,
    });
  };
  return (
    <PortalForm
      id={prefix}
      heading={t('grant.report')}
      onSubmit={() => {
        if (!files.busy) void submit();
      }}
    >
      <div class="field">
        <label for={`${prefix}-tranche`}>{t('grant.reportTranche')}</label>
        <select
          id={`${prefix}-tranche`}
          value={String(trancheNumber)}
          onChange={(event) => setTranche(Number((event.target as HTMLSelectElement).value))}
        >
          {paid.map((candidate) => (
            <option key={candidate.trancheNumber} value={String(candidate.trancheNumber)}>
              {candidate.trancheNumber}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for={`${prefix}-deliverable`}>{t('grant.reportDeliverable')}</label>
        <select
          id={`${prefix}-deliverable`}
          value={deliverable}
          onChange={(event) => setDeliverable((event.target as HTMLSelectElement).value)}
        >
          <option value="">{t('grant.general')}</option>
          {grant.deliverables.map((item) => (
            <option key={item.deliverable} value={item.deliverable}>
              {item.label[language]}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for={`${prefix}-summary`}>{t('grant.reportSummary')}</label>
        <textarea
          id={`${prefix}-summary`}
          rows={4}
          value={summary}
          aria-invalid={form.fields['/body/summary/text'] === undefined ? undefined : 'true'}
          aria-describedby={
            form.fields['/body/summary/text'] === undefined ? undefined : `${prefix}-summary-error`
          }
          onInput={(event) => setSummary((event.target as HTMLTextAreaElement).value)}
        />
        {form.fields['/body/summary/text'] === undefined ? null : (
          <span class="field-error" id={`${prefix}-summary-error`}>
            {form.fields['/body/summary/text']}
          </span>
        )}
      </div>
      <div class="field">
        <label for={`${prefix}-files`}>{t('grant.reportFiles')}</label>
        <input
          id={`${prefix}-files`}
          type="file"
          accept="application/pdf"
          multiple
          ref={input}
          aria-invalid={filesError === undefined ? undefined : 'true'}
          aria-describedby={filesError === undefined ? undefined : `${prefix}-files-error`}
        />
        {filesError === undefined ? null : (
          <span class="field-error" id={`${prefix}-files-error`}>
            {filesError}
          </span>
        )}
      </div>
      <button type="submit" disabled={form.busy || files.busy}>
        {t('grant.sendReport')}
      </button>
      {files.busy ? <p role="status">{t('form.sending')}</p> : <FormMessage form={form} />}
    </PortalForm>
  );
};

type Report = OwnGrant['reports'][number];

/**
 * An association's reports on its grant, each with its files' hashes: in its portal, and on the
 * finance officers' screen of the next tranche (docs/adr/0121-grant-reports.md).
 */
export const ReportsList = ({
  t,
  language,
  reports,
  deliverables,
}: {
  readonly t: Translate;
  readonly language: Language;
  readonly reports: readonly Report[];
  readonly deliverables: OwnGrant['deliverables'];
}) => {
  const labelOf = (slug: string | null) =>
    slug === null
      ? t('grant.general')
      : (deliverables.find((item) => item.deliverable === slug)?.label[language] ?? slug);
  return (
    <ul data-testid="grant-reports">
      {reports.map((report) => (
        <li key={report.reportId} data-report={report.reportId}>
          <strong>
            {t('grant.reportOf', { tranche: report.trancheNumber, deliverable: labelOf(report.deliverable) })}
          </strong>
          <p lang={report.summary.language} dir={report.summary.language === 'ar' ? 'rtl' : 'ltr'}>
            {report.summary.text}
          </p>
          <ul>
            {report.evidence.map((file) => (
              <li key={file.documentId} class="hash">
                {t('grant.evidenceFile', { sha256: file.sha256 })}
              </li>
            ))}
          </ul>
        </li>
      ))}
    </ul>
  );
};

const GrantCard = (props: Props & { readonly grant: OwnGrant; readonly reload: () => Promise<void> }) => {
  const { t, language, grant } = props;
  const heading = `grant-${grant.rolloutId}-heading`;
  return (
    <article class="call" aria-labelledby={heading} data-grant={grant.grantId}>
      <h3 id={heading}>{t('grant.title', { rolloutId: grant.rolloutId })}</h3>
      {grant.purpose === null ? null : <p>{t('grant.purpose', { purpose: grant.purpose[language] })}</p>}
      <p>{t('grant.amount', { amount: mad(language, grant.amount), paid: mad(language, grant.paid) })}</p>
      {grant.status === 'cancelled' ? <p role="status">{t('grant.cancelled')}</p> : null}
      <h4>{t('grant.deliverables')}</h4>
      <ul>
        {grant.deliverables.map((item) => (
          <li key={item.deliverable}>
            {t('grant.dueBy', {
              label: item.label[language],
              date: new Intl.DateTimeFormat(language === 'ar' ? 'ar-MA' : 'fr-MA', {
                dateStyle: 'long',
              }).format(new Date(`${item.dueBy}T12:00:00Z`)),
            })}
          </li>
        ))}
      </ul>
      <div>
        <Table
          caption={t('grant.tranches')}
          columns={[t('grant.tranche'), t('grant.trancheAmount'), t('grant.trancheStatus')]}
        >
          {grant.tranches.map((tranche) => (
            <tr key={tranche.trancheNumber} data-tranche={tranche.trancheNumber}>
              <th scope="row">{tranche.trancheNumber}</th>
              <td>{mad(language, tranche.amount)}</td>
              <td>{t(`grant.status.${tranche.status}`)}</td>
            </tr>
          ))}
        </Table>
      </div>
      <ConventionForm {...props} />
      <h4>{t('grant.reports')}</h4>
      {grant.reports.length === 0 ? (
        <p>{t('grant.noReports')}</p>
      ) : (
        <ReportsList {...{ t, language }} reports={grant.reports} deliverables={grant.deliverables} />
      )}
      <ReportForm {...props} />
    </article>
  );
};

/** The association's grants, one per rollout that awarded it one (the rollouts of the national overview). */
export const AssociationGrants = ({ api, t, language, associationId }: Props) => {
  const base = `/associations/${encodeURIComponent(associationId)}`;
  const [grants, failed, reload] = useLoaded(async (): Promise<readonly OwnGrant[]> => {
    const overview = await api.get<{ rollouts: { standing: { rolloutId: string } }[] }>('/views/national');
    const found = await Promise.all(
      overview.rollouts.map((rollout) =>
        unlessAbsent(
          api.get<OwnGrant>(`${base}/rollouts/${encodeURIComponent(rollout.standing.rolloutId)}/grant`),
        ),
      ),
    );
    return found.filter((grant): grant is OwnGrant => grant !== undefined);
  }, [api, base]);
  if (failed || grants === undefined) return <Pending t={t} failed={failed} />;
  if (grants.length === 0) return null;
  return (
    <section aria-label={t('grant.convention')}>
      {grants.map((grant) => (
        <GrantCard key={grant.grantId} {...{ api, t, language, associationId, grant, reload }} />
      ))}
    </section>
  );
};
