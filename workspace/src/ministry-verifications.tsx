import { useEffect, useState } from 'preact/hooks';
import { type Api, ApiProblem } from './api.js';
import { CommandCard, type Draft } from './fields.js';
import type { Language, Translate } from './i18n.js';
import { Pending, useLoaded } from './loading.js';
import { dateTime } from './ministry-rollouts.js';

// The ministry's verification queue (docs/adr/0123-verification-queue.md): the identities
// associations declared in the portal, oldest first, each with its legal representative (read from
// the vault through `GET /associations/{id}`), to verify, or to refuse with the reason the
// association reads; then the latest decisions. The queue's version of each association goes as
// If-Match: a declaration made again meanwhile is not decided on unseen.

interface Props {
  readonly api: Api;
  readonly t: Translate;
  readonly language: Language;
}

type Bilingual = { readonly fr: string; readonly ar: string };

interface Entry {
  readonly associationId: string;
  readonly registrationNumber: string;
  readonly name: Bilingual;
  readonly seat: { readonly street: string; readonly province: string; readonly regionCode: string };
  readonly registeredAt: string;
  readonly status: 'pending' | 'verified' | 'refused';
  readonly decidedAt: string | null;
  readonly refusal: Bilingual | null;
  readonly version: number;
}

interface Queue {
  readonly pending: readonly Entry[];
  readonly decided: readonly Entry[];
}

interface Representative {
  readonly displayName: Bilingual | null;
  readonly function: Bilingual;
}

export const AssociationsToVerify = ({ api, t, language }: Props) => {
  const [queue, failed, reload] = useLoaded(
    (): Promise<Queue> => api.get<Queue>('/views/association-verifications'),
    [api],
  );
  return (
    <section class="call" aria-labelledby="verifications-heading" data-screen="verifications">
      <h2 id="verifications-heading">{t('ministry.verifications.title')}</h2>
      {failed || queue === undefined ? (
        <Pending t={t} failed={failed} />
      ) : (
        <>
          {queue.pending.length === 0 ? (
            <p data-testid="verifications-empty">{t('ministry.verifications.none')}</p>
          ) : (
            <ul class="files">
              {queue.pending.map((entry) => (
                <li key={`${entry.associationId}-${entry.version}`}>
                  <Declaration {...{ api, t, language, entry, reload }} />
                </li>
              ))}
            </ul>
          )}
          {queue.decided.length === 0 ? null : (
            <>
              <h3>{t('ministry.verifications.decided')}</h3>
              <ul data-testid="verifications-decided">
                {queue.decided.map((entry) => (
                  <li key={entry.associationId} data-decided={entry.associationId}>
                    {entry.status === 'verified'
                      ? t('ministry.verifications.verified', {
                          name: entry.name[language],
                          date: dateTime(language, entry.decidedAt ?? entry.registeredAt),
                        })
                      : t('ministry.verifications.refused', {
                          name: entry.name[language],
                          date: dateTime(language, entry.decidedAt ?? entry.registeredAt),
                          reason: entry.refusal?.[language] ?? '',
                        })}
                  </li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
    </section>
  );
};

const Declaration = ({
  api,
  t,
  language,
  entry,
  reload,
}: Props & { readonly entry: Entry; readonly reload: () => Promise<void> }) => {
  const [representative, setRepresentative] = useState<Representative | undefined>(undefined);
  // The queue is a read model: drawn again at once, it may not show the decision yet.
  const [decided, setDecided] = useState<'verified' | 'refused' | undefined>(undefined);
  useEffect(() => {
    api
      .get<{ legalRepresentative: Representative }>(
        `/associations/${encodeURIComponent(entry.associationId)}`,
      )
      .then((association) => setRepresentative(association.legalRepresentative))
      .catch((error: unknown) => {
        // Not registered after all (a view ahead of nothing): the decision's answer will say so.
        if (!(error instanceof ApiProblem)) throw error;
      });
  }, [api, entry.associationId]);
  const id = `verify-${entry.associationId}`;
  const path = `/associations/${encodeURIComponent(entry.associationId)}`;
  return (
    <article class="file" aria-labelledby={`${id}-heading`} data-association={entry.associationId}>
      <h3 id={`${id}-heading`}>
        {t('ministry.verifications.association', {
          name: entry.name[language],
          associationId: entry.associationId,
        })}
      </h3>
      <p dir="auto">{t('ministry.verifications.number', { number: entry.registrationNumber })}</p>
      <p>
        {t('ministry.verifications.seat', {
          street: entry.seat.street,
          province: entry.seat.province,
          region: entry.seat.regionCode,
        })}
      </p>
      <p>{t('ministry.verifications.declaredAt', { date: dateTime(language, entry.registeredAt) })}</p>
      {representative === undefined ? null : (
        <p data-testid="representative">
          {representative.displayName === null
            ? t('ministry.verifications.representativeErased', {
                function: representative.function[language],
              })
            : t('ministry.verifications.representative', {
                name: representative.displayName[language],
                function: representative.function[language],
              })}
        </p>
      )}
      {decided === undefined ? null : (
        <p class="done" role="status" data-testid="decided">
          {t(
            decided === 'verified'
              ? 'ministry.verifications.doneVerified'
              : 'ministry.verifications.doneRefused',
          )}
        </p>
      )}
      {decided !== undefined ? null : (
        <>
          <CommandCard
            api={api}
            t={t}
            id={`${id}-verify`}
            operationId="verifyAssociation"
            method="POST"
            path={`${path}/verification`}
            ifMatch={entry.version}
            reload={reload}
            onAccepted={() => setDecided('verified')}
            fields={[]}
            toBody={() => undefined}
            submitLabel={t('ministry.verifications.verify')}
          />
          <CommandCard
            api={api}
            t={t}
            id={`${id}-refuse`}
            operationId="refuseAssociationVerification"
            method="POST"
            path={`${path}/verification-refusal`}
            ifMatch={entry.version}
            reload={reload}
            onAccepted={() => setDecided('refused')}
            fields={[
              { name: 'reasonFr', pointer: '/body/reason/fr', label: t('ministry.verifications.reasonFr') },
              { name: 'reasonAr', pointer: '/body/reason/ar', label: t('ministry.verifications.reasonAr') },
            ]}
            toBody={(draft: Draft) => ({
              reason: { fr: (draft.reasonFr ?? '').trim(), ar: (draft.reasonAr ?? '').trim() },
            })}
            submitLabel={t('ministry.verifications.refuse')}
          />
        </>
      )}
    </article>
  );
};
