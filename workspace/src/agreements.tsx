import { useCallback, useEffect, useState } from 'preact/hooks';
import { type Api, ApiProblem } from './api.js';
import { type CommandForm, useCommandForm } from './forms.js';
import type { Translate } from './i18n.js';
import type { Session } from './session.js';

// The agreements awaiting the signed-in person's signature: the Wali and the Regional Council
// (coordinator accounts of their region, docs/adr/0071-workspace-sign-in.md), the ministry, the
// operator. Drawn from the national overview and each rollout's agreements by their conventional
// ids (`<rolloutId>-<kind>`); an agreement lists a person when they are a party yet to sign.

const KINDS = ['regional-partnership', 'partner'] as const;

export interface Agreement {
  readonly agreementId: string;
  readonly kind?: string;
  readonly status?: string;
  readonly title?: { readonly fr: string; readonly ar: string };
  readonly parties: readonly { readonly partyId: string; readonly role: string }[];
  readonly signedBy: readonly string[];
  readonly pendingSignatories: readonly { readonly partyId: string }[];
  readonly version: number;
}

export const Message = ({ form }: { readonly form: CommandForm }) =>
  form.message === undefined ? null : (
    <p
      class={form.accepted ? 'form-message accepted' : 'form-message'}
      role={form.accepted ? 'status' : 'alert'}
    >
      {form.message}
    </p>
  );

export const AgreementsToSign = ({
  api,
  t,
  session,
}: {
  readonly api: Api;
  readonly t: Translate;
  readonly session: Session;
}) => {
  const [agreements, setAgreements] = useState<Agreement[] | undefined>(undefined);
  const reload = useCallback(async () => {
    const overview = await api.get<{ rollouts: { standing: { rolloutId: string } }[] }>('/views/national');
    const ids = overview.rollouts.flatMap((rollout) =>
      KINDS.map((kind) => `${rollout.standing.rolloutId}-${kind}`),
    );
    const found = await Promise.all(
      ids.map((id) =>
        api.get<Agreement>(`/agreements/${encodeURIComponent(id)}`).catch((error: unknown) => {
          // Not drafted yet, or another region's: nothing to sign there.
          if (error instanceof ApiProblem && (error.problem.status === 404 || error.problem.status === 403)) {
            return undefined;
          }
          throw error;
        }),
      ),
    );
    setAgreements(
      found.filter(
        (agreement): agreement is Agreement =>
          agreement?.parties.some((party) => party.partyId === session.subject) === true,
      ),
    );
  }, [api, session.subject]);
  useEffect(() => {
    void reload().catch(() => setAgreements([]));
  }, [reload]);
  if (agreements === undefined || agreements.length === 0) return null;
  return (
    <section class="call" aria-labelledby="agreements-heading">
      <h2 id="agreements-heading">{t('agreements.title')}</h2>
      <ul class="files">
        {agreements.map((agreement) => (
          <li key={agreement.agreementId}>
            <Sign api={api} t={t} session={session} agreement={agreement} reload={reload} />
          </li>
        ))}
      </ul>
    </section>
  );
};

export const Sign = ({
  api,
  t,
  session,
  agreement,
  reload,
}: {
  readonly api: Api;
  readonly t: Translate;
  readonly session: Session;
  readonly agreement: Agreement;
  readonly reload: () => Promise<void>;
}) => {
  const form = useCommandForm({
    api,
    t,
    operationId: 'signAgreement',
    method: 'POST',
    path: `/agreements/${encodeURIComponent(agreement.agreementId)}/signatures`,
    ifMatch: agreement.version,
    reload,
  });
  const signed = agreement.signedBy.includes(session.subject);
  const id = `agreement-${agreement.agreementId}`;
  return (
    <article class="file" aria-labelledby={`${id}-heading`} data-agreement={agreement.agreementId}>
      <h3 id={`${id}-heading`}>{t('agreements.agreement', { agreementId: agreement.agreementId })}</h3>
      <p data-testid="signed-by">
        {t('agreements.signedBy', {
          who: agreement.signedBy.length === 0 ? '—' : agreement.signedBy.join(', '),
        })}
      </p>
      {signed ? (
        <p class="done">{t('agreements.signed')}</p>
      ) : (
        <button type="button" disabled={form.busy} onClick={() => void form.submit(undefined)}>
          {t('agreements.sign')}
        </button>
      )}
      <Message form={form} />
    </article>
  );
};
