import { useCallback, useEffect, useState } from 'preact/hooks';
import { type Api, ApiProblem } from './api.js';
import { CommandCard, type Draft } from './fields.js';
import type { Language, Translate } from './i18n.js';
import { Pending, useLoaded } from './loading.js';
import type { NationalOverview } from './ministry-rollouts.js';

// The ministry onboards implementing partners and their webhook secrets
// (docs/adr/0075-ministry-screens.md): the queue is each active rollout's operator (the region
// funnel's `operator`, once the committee chose it), to onboard as a partner acting for that
// association and rollout; a partner looked up by its id shows its secrets, to add one (a rotation)
// or retire one. A new secret is shown once, as the API answers it once. These routes keep no
// version: no If-Match; the Idempotency-Key keeps a double click from registering two secrets.

interface Props {
  readonly api: Api;
  readonly t: Translate;
  readonly language: Language;
}

interface Operator {
  readonly rolloutId: string;
  readonly associationId: string;
  readonly name: { readonly fr: string; readonly ar: string };
}

interface PartnerSecrets {
  readonly partnerId: string;
  readonly associationId: string;
  readonly rolloutId: string;
  readonly secrets: readonly { readonly secretId: string; readonly status: 'active' | 'retired' }[];
}

interface NewSecret extends PartnerSecrets {
  readonly secretId: string;
  readonly secret: string;
}

const isNewSecret = (answer: unknown): answer is NewSecret =>
  typeof answer === 'object' && answer !== null && typeof (answer as NewSecret).secret === 'string';

/** A secret shown once: the person copies it to the partner now; it is never shown again. */
const ShownOnce = ({ t, secret }: { readonly t: Translate; readonly secret: NewSecret | undefined }) =>
  secret === undefined ? null : (
    <div class="secret" role="status">
      <p>{t('ministry.partners.secretOnce', { secretId: secret.secretId })}</p>
      <output data-testid="secret" dir="ltr">
        {secret.secret}
      </output>
    </div>
  );

export const PartnersToOnboard = ({ api, t, language }: Props) => {
  const [shown, setShown] = useState<string | undefined>(undefined);
  const [operators, failed] = useLoaded(async (): Promise<Operator[]> => {
    const overview = await api.get<NationalOverview>('/views/national');
    const active = overview.rollouts.filter(
      ({ standing }) => standing.status === 'active' && standing.regionCode !== null,
    );
    const funnels = await Promise.all(
      active.map(({ standing }) =>
        api.get<{ operator: { associationId: string; name: Operator['name'] } | null }>(
          `/views/regions/${encodeURIComponent(standing.regionCode ?? '')}/funnel`,
        ),
      ),
    );
    return active.flatMap(({ standing }, index) => {
      const operator = funnels[index]?.operator;
      return operator === null || operator === undefined
        ? []
        : [{ rolloutId: standing.rolloutId, ...operator }];
    });
  }, [api]);
  return (
    <section class="call" aria-labelledby="partners-heading" data-screen="partners">
      <h2 id="partners-heading">{t('ministry.partners.title')}</h2>
      {failed || operators === undefined ? (
        <Pending t={t} failed={failed} />
      ) : operators.length === 0 ? (
        <p>{t('ministry.partners.none')}</p>
      ) : (
        <ul class="files">
          {operators.map((operator) => (
            <li key={operator.rolloutId}>
              <Onboard {...{ api, t, operator }} name={operator.name[language]} onDone={setShown} />
            </li>
          ))}
        </ul>
      )}
      <Partner {...{ api, t }} shown={shown} />
    </section>
  );
};

const Onboard = ({
  api,
  t,
  operator,
  name,
  onDone,
}: {
  readonly api: Api;
  readonly t: Translate;
  readonly operator: Operator;
  readonly name: string;
  readonly onDone: (partnerId: string) => void;
}) => {
  const [secret, setSecret] = useState<NewSecret | undefined>(undefined);
  const id = `onboard-${operator.rolloutId}`;
  return (
    <article class="file" aria-labelledby={`${id}-heading`} data-onboard={operator.rolloutId}>
      <h3 id={`${id}-heading`}>{t('ministry.partners.operator', { name, rolloutId: operator.rolloutId })}</h3>
      <PartnerIdForm
        {...{ api, t, id }}
        body={{ associationId: operator.associationId, rolloutId: operator.rolloutId }}
        onSecret={(answer) => {
          setSecret(answer);
          onDone(answer.partnerId);
        }}
      />
      <ShownOnce t={t} secret={secret} />
    </article>
  );
};

/** The partner id is part of the path: a field of the form whose refusal the API names `/params/partnerId`. */
const PartnerIdForm = ({
  api,
  t,
  id,
  body,
  onSecret,
}: {
  readonly api: Api;
  readonly t: Translate;
  readonly id: string;
  readonly body: { readonly associationId: string; readonly rolloutId: string };
  readonly onSecret: (secret: NewSecret) => void;
}) => (
  <CommandCard
    api={api}
    t={t}
    id={id}
    operationId="registerPartnerWebhookSecret"
    method="POST"
    path=""
    // An empty id is sent as one the route refuses, so the refusal comes back at the field.
    pathOf={(draft: Draft) =>
      `/partners/${encodeURIComponent((draft.partnerId ?? '').trim() || '-')}/webhook-secrets`
    }
    ifMatch={undefined}
    reload={async () => undefined}
    onAccepted={(answer) => {
      if (isNewSecret(answer)) onSecret(answer);
    }}
    fields={[{ name: 'partnerId', pointer: '/params/partnerId', label: t('ministry.partners.partnerId') }]}
    toBody={() => body}
    submitLabel={t('ministry.partners.onboard')}
  />
);

const Partner = ({
  api,
  t,
  shown,
}: {
  readonly api: Api;
  readonly t: Translate;
  readonly shown: string | undefined;
}) => {
  const [partnerId, setPartnerId] = useState('');
  const [looked, setLooked] = useState<string | undefined>(undefined);
  const [partner, setPartner] = useState<PartnerSecrets | null | undefined>(undefined);
  const [secret, setSecret] = useState<NewSecret | undefined>(undefined);
  useEffect(() => {
    if (shown !== undefined) {
      setPartnerId(shown);
      setLooked(shown);
    }
  }, [shown]);
  const reload = useCallback(async () => {
    if (looked === undefined || looked === '') return;
    try {
      setPartner(await api.get<PartnerSecrets>(`/partners/${encodeURIComponent(looked)}/webhook-secrets`));
    } catch (error) {
      if (error instanceof ApiProblem && error.problem.status < 500) setPartner(null);
      else throw error;
    }
  }, [api, looked]);
  useEffect(() => {
    void reload().catch(() => setPartner(null));
  }, [reload]);
  return (
    <article class="file" aria-labelledby="partner-heading" data-partner={looked ?? ''}>
      <h3 id="partner-heading">{t('ministry.partners.lookup')}</h3>
      <form
        class="inline"
        onSubmit={(event) => {
          event.preventDefault();
          setSecret(undefined);
          setLooked(partnerId);
        }}
      >
        <div class="field">
          <label for="partner-lookup">{t('ministry.partners.partnerId')}</label>
          <input
            id="partner-lookup"
            value={partnerId}
            autocomplete="off"
            onInput={(event) => setPartnerId((event.target as HTMLInputElement).value.trim())}
          />
        </div>
        <button type="submit" class="secondary">
          {t('ministry.partners.show')}
        </button>
      </form>
      {partner === null ? (
        <p data-testid="partner">{t('ministry.partners.unknown')}</p>
      ) : partner === undefined ? null : (
        <>
          <p data-testid="partner">
            {t('ministry.partners.scope', {
              associationId: partner.associationId,
              rolloutId: partner.rolloutId,
            })}
          </p>
          <ul data-testid="secrets">
            {partner.secrets.map((candidate) => (
              <li key={candidate.secretId} data-secret={candidate.secretId}>
                {t(`ministry.partners.secret.${candidate.status}`, { secretId: candidate.secretId })}
                {candidate.status === 'active' ? (
                  <CommandCard
                    api={api}
                    t={t}
                    id={`retire-${candidate.secretId}`}
                    operationId="retirePartnerWebhookSecret"
                    method="POST"
                    path={`/partners/${encodeURIComponent(partner.partnerId)}/webhook-secrets/${encodeURIComponent(candidate.secretId)}/retirement`}
                    ifMatch={undefined}
                    reload={reload}
                    fields={[]}
                    toBody={() => undefined}
                    submitLabel={t('ministry.partners.retire')}
                  />
                ) : null}
              </li>
            ))}
          </ul>
          <CommandCard
            api={api}
            t={t}
            id="partner-rotate"
            operationId="registerPartnerWebhookSecret"
            method="POST"
            path={`/partners/${encodeURIComponent(partner.partnerId)}/webhook-secrets`}
            ifMatch={undefined}
            reload={reload}
            onAccepted={(answer) => {
              if (isNewSecret(answer)) setSecret(answer);
            }}
            fields={[]}
            toBody={(_draft: Draft) => ({})}
            submitLabel={t('ministry.partners.rotate')}
          />
          <ShownOnce t={t} secret={secret} />
        </>
      )}
    </article>
  );
};
