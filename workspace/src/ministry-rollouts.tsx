import { useCallback, useEffect, useState } from 'preact/hooks';
import { REGIONS } from '../../events/reference.js';
import { ROLLOUT_PHASES } from '../../events/rollout/schemas.js';
import { type Api, ApiProblem } from './api.js';
import { CommandCard, type Draft, integerOf, listOf } from './fields.js';
import { type Language, phaseName, type Translate } from './i18n.js';
import { Pending, useLoaded } from './loading.js';

// The ministry's rollouts and waves (docs/adr/0075-ministry-screens.md): every region's rollout as
// the national overview follows it (phase, deadline, escalation), the plan of waves of an edition
// (set it, start the next wave: `GET /waves/{edition}`'s version as If-Match), and the launch of a
// region's rollout outside the plan.

export interface Standing {
  readonly rolloutId: string;
  readonly regionCode: string | null;
  readonly edition: string | null;
  readonly status: string;
  readonly phase: string | null;
  readonly escalatedPhase: string | null;
  readonly deadline: string | null;
}

export interface NationalOverview {
  readonly rollouts: readonly { readonly standing: Standing }[];
  readonly waves: Readonly<Record<string, unknown>>;
}

interface WavePlan {
  readonly edition: string;
  readonly status: 'unplanned' | 'configured';
  readonly regions: readonly string[];
  readonly started: readonly { readonly regionCode: string }[];
  readonly version: number;
}

interface Props {
  readonly api: Api;
  readonly t: Translate;
  readonly language: Language;
}

export const regionName = (language: Language, code: string | null): string =>
  REGIONS.find((region) => region.code === code)?.[language] ?? code ?? '';

/** A date and time as people read it, in UTC (the program's deadlines are instants). */
export const dateTime = (language: Language, instant: string): string =>
  new Intl.DateTimeFormat(language === 'ar' ? 'ar-MA' : 'fr-MA', {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: 'UTC',
  }).format(new Date(instant));

const DEFAULT_EDITION = String(new Date().getUTCFullYear());

export const RolloutsAndWaves = ({ api, t, language }: Props) => {
  const [overview, failed, reload] = useLoaded(
    (): Promise<NationalOverview> => api.get<NationalOverview>('/views/national'),
    [api],
  );
  const regionOptions = REGIONS.map((region) => ({ value: region.code, label: region[language] }));
  return (
    <section class="call" aria-labelledby="rollouts-heading" data-screen="rollouts">
      <h2 id="rollouts-heading">{t('ministry.rollouts.title')}</h2>
      {failed || overview === undefined ? (
        <Pending t={t} failed={failed} />
      ) : overview.rollouts.length === 0 ? (
        <p>{t('ministry.rollouts.none')}</p>
      ) : (
        <ul class="files">
          {overview.rollouts.map(({ standing }) => (
            <li key={standing.rolloutId} data-rollout={standing.rolloutId}>
              <p data-testid="rollout">
                {t('ministry.rollout', {
                  region: regionName(language, standing.regionCode),
                  edition: standing.edition ?? '',
                  phase:
                    standing.status === 'closed' || standing.status === 'cancelled'
                      ? t(`ministry.rollout.status.${standing.status}`)
                      : phaseName(language, standing.phase ?? ''),
                })}
              </p>
              {standing.deadline === null ? null : (
                <p class="muted">
                  {t('ministry.rollout.deadline', { deadline: dateTime(language, standing.deadline) })}
                </p>
              )}
              {standing.escalatedPhase === null ? null : (
                <p class="muted" data-testid="escalated">
                  {t('ministry.rollout.escalated', { phase: phaseName(language, standing.escalatedPhase) })}
                </p>
              )}
            </li>
          ))}
        </ul>
      )}
      <WavePlanScreen {...{ api, t, language }} onChange={reload} />
      <article class="file" aria-labelledby="launch-heading">
        <h3 id="launch-heading">{t('ministry.launch.title')}</h3>
        <CommandCard
          api={api}
          t={t}
          id="launch"
          operationId="launchRollout"
          method="POST"
          path="/rollouts"
          ifMatch={undefined}
          reload={reload}
          pointerOf={(problem) => (problem.code === 'ROLLOUT_ALREADY_LAUNCHED' ? '/body/edition' : undefined)}
          initial={{
            regionCode: regionOptions[0]?.value ?? '',
            edition: DEFAULT_EDITION,
            associations: '30',
            membersPerAssociation: '4',
            trainers: '15',
            horizon: '600',
          }}
          fields={[
            {
              name: 'regionCode',
              pointer: '/body/regionCode',
              label: t('ministry.launch.region'),
              type: 'select',
              options: regionOptions,
            },
            { name: 'edition', pointer: '/body/edition', label: t('ministry.launch.edition') },
            {
              name: 'associations',
              pointer: '/body/targets/associations',
              label: t('ministry.launch.associations'),
              type: 'number',
            },
            {
              name: 'membersPerAssociation',
              pointer: '/body/targets/membersPerAssociation',
              label: t('ministry.launch.members'),
              type: 'number',
            },
            {
              name: 'trainers',
              pointer: '/body/targets/trainers',
              label: t('ministry.launch.trainers'),
              type: 'number',
            },
            {
              name: 'horizon',
              pointer: '/body/targets/horizon',
              label: t('ministry.launch.horizon'),
              type: 'number',
            },
          ]}
          toBody={(draft: Draft) => ({
            regionCode: draft.regionCode,
            edition: (draft.edition ?? '').trim(),
            targets: {
              associations: integerOf(draft.associations),
              membersPerAssociation: integerOf(draft.membersPerAssociation),
              trainers: integerOf(draft.trainers),
              horizon: integerOf(draft.horizon),
            },
          })}
          submitLabel={t('ministry.launch.submit')}
        />
      </article>
    </section>
  );
};

const WavePlanScreen = ({
  api,
  t,
  language,
  onChange,
}: Props & { readonly onChange: () => Promise<void> }) => {
  const [edition, setEdition] = useState(DEFAULT_EDITION);
  const [shown, setShown] = useState(DEFAULT_EDITION);
  const [plan, setPlan] = useState<WavePlan | undefined>(undefined);
  const [failed, setFailed] = useState(false);
  const reload = useCallback(async () => {
    try {
      setPlan(await api.get<WavePlan>(`/waves/${encodeURIComponent(shown)}`));
      setFailed(false);
    } catch (error) {
      setPlan(undefined);
      setFailed(!(error instanceof ApiProblem && error.problem.status < 500));
    }
    await onChange();
  }, [api, shown, onChange]);
  useEffect(() => {
    void reload();
  }, [reload]);
  const next = plan?.status === 'configured' ? plan.regions[plan.started.length] : undefined;
  const names = (codes: readonly string[]) =>
    codes.map((code) => regionName(language, code)).join(t('list.separator'));
  return (
    <article class="file" aria-labelledby="waves-heading" data-waves={shown}>
      <h3 id="waves-heading">{t('ministry.waves.title', { edition: shown })}</h3>
      <form
        class="inline"
        onSubmit={(event) => {
          event.preventDefault();
          setShown(edition.trim());
        }}
      >
        <div class="field">
          <label for="waves-edition">{t('ministry.waves.edition')}</label>
          <input
            id="waves-edition"
            value={edition}
            autocomplete="off"
            onInput={(event) => setEdition((event.target as HTMLInputElement).value)}
          />
        </div>
        <button type="submit" class="secondary">
          {t('ministry.waves.show')}
        </button>
      </form>
      {failed ? <p role="alert">{t('queue.failed')}</p> : null}
      {plan === undefined ? null : plan.status === 'unplanned' ? (
        <p data-testid="wave-plan">{t('ministry.waves.unplanned')}</p>
      ) : (
        <>
          <p data-testid="wave-plan">{t('ministry.waves.plan', { regions: names(plan.regions) })}</p>
          <p data-testid="waves-started">
            {t('ministry.waves.started', {
              regions: plan.started.length === 0 ? '—' : names(plan.started.map((wave) => wave.regionCode)),
            })}
          </p>
          {next === undefined ? (
            <p class="done">{t('ministry.waves.allStarted')}</p>
          ) : (
            <CommandCard
              api={api}
              t={t}
              id="wave-start"
              operationId="startNextWave"
              method="POST"
              path={`/waves/${encodeURIComponent(plan.edition)}/starts`}
              ifMatch={plan.version}
              reload={reload}
              fields={[]}
              toBody={() => ({ regionCode: next })}
              submitLabel={t('ministry.waves.start', { region: regionName(language, next) })}
            >
              <p data-testid="next-wave">
                {t('ministry.waves.next', { region: regionName(language, next) })}
              </p>
            </CommandCard>
          )}
        </>
      )}
      {plan === undefined ? null : (
        <CommandCard
          api={api}
          t={t}
          id="wave-plan"
          operationId="configureWavePlan"
          method="PUT"
          path={`/waves/${encodeURIComponent(plan.edition)}/plan`}
          ifMatch={plan.version}
          reload={reload}
          pointerOf={(problem) =>
            problem.code === 'WAVE_PLAN_REGION_DUPLICATED' ? '/body/regions' : undefined
          }
          initial={{ regions: plan.regions.join(' '), rule: 'ministry-decision', phase: 'axis-1-training' }}
          fields={[
            {
              name: 'regions',
              pointer: '/body/regions',
              label: t('ministry.waves.regions'),
              hint: t('ministry.waves.regionsHint'),
            },
            {
              name: 'rule',
              pointer: '/body/nextWaveRule',
              label: t('ministry.waves.rule'),
              type: 'select',
              options: (['ministry-decision', 'previous-reached-phase'] as const).map((rule) => ({
                value: rule,
                label: t(`ministry.waves.rule.${rule}`),
              })),
            },
            {
              name: 'phase',
              pointer: '/body/nextWaveRule/phase',
              label: t('ministry.waves.phase'),
              type: 'select',
              options: ROLLOUT_PHASES.map((phase) => ({ value: phase, label: phaseName(language, phase) })),
            },
          ]}
          toBody={(draft: Draft) => ({
            regions: listOf(draft.regions).map((code) => code.toUpperCase()),
            nextWaveRule:
              draft.rule === 'previous-reached-phase'
                ? { kind: 'previous-reached-phase', phase: draft.phase }
                : { kind: 'ministry-decision' },
          })}
          submitLabel={t('ministry.waves.configure')}
        />
      )}
    </article>
  );
};
