import type { Api } from './api.js';
import { CommandCard, type Draft, listOf } from './fields.js';
import type { Language, Translate } from './i18n.js';
import { Pending, useLoaded } from './loading.js';
import type { NationalOverview } from './ministry-rollouts.js';

// The grants the ministry awards (docs/adr/0075-ministry-screens.md): each rollout in its grants
// phase (axis 3) with the grants already awarded and the form to award one more: the association
// (one of those enrolled), the amount, the co-funder that funds it (among those who committed a
// budget) and its tranches. The grants' version goes as If-Match. Amounts are typed in dirhams and
// sent in centimes, as the API counts them.

/** Where the API's refusals of an award belong on the form. */
const GRANT_POINTERS: Readonly<Record<string, string>> = {
  GRANT_TRANCHES_MISMATCH: '/body/tranches',
  GRANT_FUNDING_MISMATCH: '/body/funding',
  CO_FUNDER_NOT_FOUND: '/body/funding',
  CONVENTION_AGREEMENT_REQUIRED: '/body/amount',
};

interface Props {
  readonly api: Api;
  readonly t: Translate;
  readonly language: Language;
}

interface Grants {
  readonly rolloutId: string;
  readonly coFunders: readonly {
    readonly coFunderId: string;
    readonly name: { readonly fr: string; readonly ar: string };
  }[];
  readonly grants: readonly {
    readonly grantId: string;
    readonly associationId: string;
    readonly amount: number;
    readonly tranches: readonly unknown[];
  }[];
  readonly version: number;
}

interface Training {
  readonly associations: readonly { readonly associationId: string }[];
}

interface RolloutGrants {
  readonly grants: Grants;
  readonly associations: readonly string[];
}

/** Dirhams typed (`12500` or `12500.50`) as centimes; undefined when empty, NaN when not a number. */
export const centimesOf = (value: string | undefined): number | undefined => {
  const text = (value ?? '').trim().replace(',', '.');
  if (text === '') return undefined;
  return /^\d+(\.\d{1,2})?$/.test(text) ? Math.round(Number(text) * 100) : Number.NaN;
};

export const GrantsToAward = ({ api, t, language }: Props) => {
  const [work, failed, reload] = useLoaded(async (): Promise<RolloutGrants[]> => {
    const overview = await api.get<NationalOverview>('/views/national');
    const rollouts = overview.rollouts.filter(
      ({ standing }) => standing.status === 'active' && standing.phase === 'axis-3-grants',
    );
    return Promise.all(
      rollouts.map(async ({ standing }) => {
        const path = `/rollouts/${encodeURIComponent(standing.rolloutId)}`;
        const [grants, training] = await Promise.all([
          api.get<Grants>(`${path}/grants`),
          api.get<Training>(`${path}/training`),
        ]);
        return {
          grants,
          associations: training.associations.map((association) => association.associationId),
        };
      }),
    );
  }, [api]);
  const number = new Intl.NumberFormat(language === 'ar' ? 'ar-MA' : 'fr-MA');
  const body = () => {
    if (failed || work === undefined) return <Pending t={t} failed={failed} />;
    if (work.length === 0) return <p>{t('ministry.grants.none')}</p>;
    return (
      <ul class="files">
        {work.map(({ grants, associations }) => {
          const id = `award-${grants.rolloutId}`;
          const awarded = new Set(grants.grants.map((grant) => grant.associationId));
          const open = associations.filter((associationId) => !awarded.has(associationId));
          return (
            <li key={grants.rolloutId}>
              <article class="file" aria-labelledby={`${id}-heading`} data-grants={grants.rolloutId}>
                <h3 id={`${id}-heading`}>
                  {t('ministry.grants.rollout', { rolloutId: grants.rolloutId, count: grants.grants.length })}
                </h3>
                <ul data-testid="awarded">
                  {grants.grants.map((grant) => (
                    <li key={grant.grantId}>
                      {t('ministry.grants.awarded', {
                        association: grant.associationId,
                        amount: number.format(grant.amount / 100),
                        tranches: grant.tranches.length,
                      })}
                    </li>
                  ))}
                </ul>
                {open.length === 0 ? null : (
                  <CommandCard
                    api={api}
                    t={t}
                    id={id}
                    operationId="awardGrant"
                    method="POST"
                    path={`/rollouts/${encodeURIComponent(grants.rolloutId)}/grants`}
                    ifMatch={grants.version}
                    reload={reload}
                    pointerOf={(problem) => GRANT_POINTERS[problem.code]}
                    initial={{
                      associationId: open[0] ?? '',
                      coFunderId: grants.coFunders[0]?.coFunderId ?? '',
                    }}
                    fields={[
                      {
                        name: 'associationId',
                        pointer: '/body/associationId',
                        label: t('ministry.grants.association'),
                        type: 'select',
                        options: open.map((associationId) => ({
                          value: associationId,
                          label: associationId,
                        })),
                      },
                      {
                        name: 'amount',
                        pointer: '/body/amount',
                        label: t('ministry.grants.amount'),
                        type: 'number',
                      },
                      {
                        name: 'coFunderId',
                        pointer: '/body/funding',
                        label: t('ministry.grants.coFunder'),
                        type: 'select',
                        options: grants.coFunders.map((coFunder) => ({
                          value: coFunder.coFunderId,
                          label: coFunder.name[language],
                        })),
                      },
                      {
                        name: 'tranches',
                        pointer: '/body/tranches',
                        label: t('ministry.grants.tranches'),
                        hint: t('ministry.grants.tranchesHint'),
                      },
                      // What the grant is for, and the one deliverable the form asks for (issue 20).
                      {
                        name: 'purposeFr',
                        pointer: '/body/purpose/fr',
                        label: t('ministry.grants.purposeFr'),
                      },
                      {
                        name: 'purposeAr',
                        pointer: '/body/purpose/ar',
                        label: t('ministry.grants.purposeAr'),
                      },
                      {
                        name: 'deliverableFr',
                        pointer: '/body/deliverables/0/label/fr',
                        label: t('ministry.grants.deliverableFr'),
                      },
                      {
                        name: 'deliverableAr',
                        pointer: '/body/deliverables/0/label/ar',
                        label: t('ministry.grants.deliverableAr'),
                      },
                      {
                        name: 'dueBy',
                        pointer: '/body/deliverables/0/dueBy',
                        label: t('ministry.grants.dueBy'),
                        type: 'date',
                      },
                    ]}
                    toBody={(draft: Draft) => {
                      const amount = centimesOf(draft.amount);
                      return {
                        associationId: draft.associationId,
                        amount,
                        purpose: { fr: draft.purposeFr ?? '', ar: draft.purposeAr ?? '' },
                        deliverables: [
                          {
                            deliverable: 'report',
                            label: { fr: draft.deliverableFr ?? '', ar: draft.deliverableAr ?? '' },
                            dueBy: draft.dueBy ?? '',
                          },
                        ],
                        funding: [{ coFunderId: draft.coFunderId, amount }],
                        tranches: listOf(draft.tranches).map((tranche) => ({
                          amount: centimesOf(tranche),
                          releaseConditions: [],
                        })),
                      };
                    }}
                    submitLabel={t('ministry.grants.award')}
                  />
                )}
              </article>
            </li>
          );
        })}
      </ul>
    );
  };
  return (
    <section class="call" aria-labelledby="grants-heading" data-screen="grants">
      <h2 id="grants-heading">{t('ministry.grants.title')}</h2>
      {body()}
    </section>
  );
};
