import { useCallback, useEffect, useState } from 'preact/hooks';
import type { SignerOffice } from '../../events/rollout/schemas.js';
import { OFFICES_OF_PARTY } from '../../functions/domain/agreements/agreements.js';
import { type Api, ApiProblem } from './api.js';
import { FormMessage, TextField } from './fields.js';
import { useCommandForm } from './forms.js';
import { MESSAGES, type MessageKey, type Translate } from './i18n.js';
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
  // The signer states the office they sign in (those the domain allows the party's role,
  // docs/adr/0094-signatures-record-capacity-date-and-text.md) and the title printed under the
  // signature, in both languages, prefilled with the office's name.
  const role = agreement.parties.find((party) => party.partyId === session.subject)?.role;
  const offices: readonly SignerOffice[] =
    role !== undefined && role in OFFICES_OF_PARTY
      ? OFFICES_OF_PARTY[role as keyof typeof OFFICES_OF_PARTY]
      : [];
  const [office, setOffice] = useState<SignerOffice | undefined>(offices[0]);
  const officeKey = (each: SignerOffice) => `agreements.office.${each}` as MessageKey;
  const [title, setTitle] = useState(() =>
    office === undefined
      ? { fr: '', ar: '' }
      : { fr: MESSAGES.fr[officeKey(office)], ar: MESSAGES.ar[officeKey(office)] },
  );
  const choose = (each: SignerOffice) => {
    setOffice(each);
    setTitle({ fr: MESSAGES.fr[officeKey(each)], ar: MESSAGES.ar[officeKey(each)] });
  };
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
        <form
          class="scores"
          data-sign={agreement.agreementId}
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            void form.submit({
              capacity: { office, title: { fr: title.fr.trim(), ar: title.ar.trim() } },
            });
          }}
        >
          <div class="field">
            <label for={`${id}-office`}>{t('agreements.capacity')}</label>
            <select
              id={`${id}-office`}
              value={office}
              onChange={(event) => choose((event.target as HTMLSelectElement).value as SignerOffice)}
            >
              {offices.map((each) => (
                <option key={each} value={each}>
                  {t(officeKey(each))}
                </option>
              ))}
            </select>
          </div>
          <TextField
            id={`${id}-title-fr`}
            label={t('agreements.titleFr')}
            pointer="/body/capacity/title/fr"
            fields={form.fields}
            value={title.fr}
            onInput={(fr) => setTitle({ ...title, fr })}
          />
          <TextField
            id={`${id}-title-ar`}
            label={t('agreements.titleAr')}
            pointer="/body/capacity/title/ar"
            fields={form.fields}
            value={title.ar}
            onInput={(ar) => setTitle({ ...title, ar })}
          />
          <button type="submit" disabled={form.busy}>
            {t('agreements.sign')}
          </button>
        </form>
      )}
      <FormMessage form={form} />
    </article>
  );
};
