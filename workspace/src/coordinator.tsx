import { useState } from 'preact/hooks';
import { REGION_PROVINCES } from '../../functions/domain/rollout/region-provinces.js';
import type { Api } from './api.js';
import { FormMessage, TextField } from './fields.js';
import { useCommandForm } from './forms.js';
import { type Language, phaseName, type Translate } from './i18n.js';
import { Pending, useLoaded } from './loading.js';
import type { Session } from './session.js';

// A regional coordinator's work: for each active rollout of their regions, what its phase asks of
// them. In the enrolment phase: enrol the beneficiary associations and nominate their members,
// against the rollout's targets. Drawn from the national overview (the rollouts, their phase and
// targets) and the rollout's training progress (the enrolment, whose version the forms send).

const MODULES = ['M1', 'M2', 'M3', 'M4', 'M5', 'M6', 'M7', 'M8'] as const;

interface Standing {
  readonly rolloutId: string;
  readonly regionCode: string | null;
  readonly status: string;
  readonly phase: string | null;
  readonly targets: { readonly associations: number; readonly membersPerAssociation: number } | null;
}

interface TrainingProgress {
  readonly enrolmentClosed: boolean;
  readonly associations: readonly {
    readonly associationId: string;
    readonly province: string;
    readonly membersNominated: number;
    readonly members?: readonly { readonly memberId: string; readonly trainingTopic: string }[];
  }[];
}

interface Props {
  readonly api: Api;
  readonly t: Translate;
  readonly language: Language;
  readonly session: Session;
}

export const CoordinatorWork = ({ api, t, language, session }: Props) => {
  const [rollouts, failed] = useLoaded(async (): Promise<Standing[]> => {
    const overview = await api.get<{ rollouts: { standing: Standing }[] }>('/views/national');
    return overview.rollouts
      .map((rollout) => rollout.standing)
      .filter(
        (standing) =>
          standing.status === 'active' &&
          standing.regionCode !== null &&
          session.regions.includes(standing.regionCode),
      );
  }, [api, session.regions]);
  if (failed || rollouts === undefined) return <Pending t={t} failed={failed} />;
  if (rollouts.length === 0) return <p data-testid="queue-empty">{t('queue.empty')}</p>;
  return (
    <>
      {rollouts.map((standing) => (
        <section key={standing.rolloutId} class="call" aria-labelledby={`rollout-${standing.rolloutId}`}>
          <h2 id={`rollout-${standing.rolloutId}`}>
            {t('coordinator.rollout', { rolloutId: standing.rolloutId })}
          </h2>
          <p class="muted">{t('coordinator.phase', { phase: phaseName(language, standing.phase ?? '') })}</p>
          {standing.phase === 'enrolment' ? (
            <Enrolment {...{ api, t, language, session, standing }} />
          ) : (
            <p>{t('coordinator.nothing')}</p>
          )}
        </section>
      ))}
    </>
  );
};

const Enrolment = ({ api, t, standing }: Props & { readonly standing: Standing }) => {
  const path = `/rollouts/${encodeURIComponent(standing.rolloutId)}`;
  const [progress, failed, reload] = useLoaded(
    () => api.read<TrainingProgress>(`${path}/training`),
    [api, path],
  );
  const [draft, setDraft] = useState({ associationId: '', fr: '', ar: '', province: '' });
  const enrol = useCommandForm({
    api,
    t,
    operationId: 'enrolBeneficiary',
    method: 'POST',
    path: `${path}/beneficiaries`,
    ifMatch: progress?.version,
    reload,
    pointerOf: (problem) =>
      problem.code === 'PROVINCE_OUTSIDE_REGION'
        ? '/body/province'
        : problem.code === 'ASSOCIATION_ALREADY_ENROLLED'
          ? '/body/associationId'
          : undefined,
  });
  if (failed || progress === undefined) return <Pending t={t} failed={failed} />;
  const targets = standing.targets ?? { associations: 0, membersPerAssociation: 0 };
  const provinces = REGION_PROVINCES[standing.regionCode as keyof typeof REGION_PROVINCES] ?? [];
  const listId = `provinces-${standing.rolloutId}`;
  const associations = progress.body.associations;
  return (
    <div data-testid="enrolment">
      <h3>{t('coordinator.enrolment')}</h3>
      <p data-testid="enrolled">
        {t('coordinator.enrolled', { count: associations.length, target: targets.associations })}
      </p>
      <ul class="files">
        {associations.map((association) => (
          <li key={association.associationId}>
            <Nominate
              {...{ api, t, path, reload, version: progress.version }}
              association={association}
              target={targets.membersPerAssociation}
            />
          </li>
        ))}
      </ul>
      {associations.length < targets.associations ? (
        <form
          class="file enrol"
          aria-labelledby="enrol-heading"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            void enrol
              .submit({
                associationId: draft.associationId.trim(),
                name: { fr: draft.fr.trim(), ar: draft.ar.trim() },
                province: draft.province.trim(),
              })
              .then(() => undefined);
          }}
        >
          <h4 id="enrol-heading">{t('coordinator.enrol')}</h4>
          <datalist id={listId}>
            {provinces.map((province) => (
              <option key={province} value={province} />
            ))}
          </datalist>
          <TextField
            id="enrol-association"
            label={t('coordinator.associationId')}
            pointer="/body/associationId"
            fields={enrol.fields}
            value={draft.associationId}
            onInput={(value) => setDraft({ ...draft, associationId: value })}
          />
          <TextField
            id="enrol-name-fr"
            label={t('coordinator.nameFr')}
            pointer="/body/name/fr"
            fields={enrol.fields}
            value={draft.fr}
            lang="fr"
            dir="auto"
            onInput={(value) => setDraft({ ...draft, fr: value })}
          />
          <TextField
            id="enrol-name-ar"
            label={t('coordinator.nameAr')}
            pointer="/body/name/ar"
            fields={enrol.fields}
            value={draft.ar}
            lang="ar"
            dir="auto"
            onInput={(value) => setDraft({ ...draft, ar: value })}
          />
          <TextField
            id="enrol-province"
            label={t('coordinator.province')}
            pointer="/body/province"
            fields={enrol.fields}
            value={draft.province}
            list={listId}
            onInput={(value) => setDraft({ ...draft, province: value })}
          />
          <button type="submit" disabled={enrol.busy}>
            {t('coordinator.enrol')}
          </button>
          <FormMessage form={enrol} />
        </form>
      ) : null}
    </div>
  );
};

const Nominate = ({
  api,
  t,
  path,
  reload,
  version,
  association,
  target,
}: {
  readonly api: Api;
  readonly t: Translate;
  readonly path: string;
  readonly reload: () => Promise<void>;
  readonly version: number | undefined;
  readonly association: TrainingProgress['associations'][number];
  readonly target: number;
}) => {
  const [memberId, setMemberId] = useState('');
  const [topic, setTopic] = useState<string>('M1');
  const form = useCommandForm({
    api,
    t,
    operationId: 'nominateMember',
    method: 'POST',
    path: `${path}/beneficiaries/${encodeURIComponent(association.associationId)}/members`,
    ifMatch: version,
    reload,
    pointerOf: (problem) =>
      problem.code.startsWith('MEMBER_') || problem.code === 'ASSOCIATION_MEMBERS_COMPLETE'
        ? '/body/memberId'
        : undefined,
  });
  const id = `nominate-${association.associationId}`;
  const complete = association.membersNominated >= target;
  return (
    <article class="file" aria-labelledby={`${id}-heading`} data-association={association.associationId}>
      <h4 id={`${id}-heading`}>{association.associationId}</h4>
      <p class="muted" data-testid="members">
        {t('coordinator.members', { count: association.membersNominated, target })} · {association.province}
      </p>
      {(association.members ?? []).length > 0 ? (
        <ul class="members">
          {(association.members ?? []).map((member) => (
            <li key={member.memberId}>
              {member.memberId} ({member.trainingTopic})
            </li>
          ))}
        </ul>
      ) : null}
      {complete ? (
        <p class="done">{t('coordinator.complete')}</p>
      ) : (
        <form
          class="scores"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            void form.submit({ memberId: memberId.trim(), trainingTopic: topic });
          }}
        >
          <TextField
            id={`${id}-member`}
            label={t('coordinator.memberId')}
            pointer="/body/memberId"
            fields={form.fields}
            value={memberId}
            onInput={setMemberId}
          />
          <div class="field">
            <label for={`${id}-topic`}>{t('coordinator.topic')}</label>
            <select
              id={`${id}-topic`}
              value={topic}
              onChange={(event) => setTopic((event.target as HTMLSelectElement).value)}
            >
              {MODULES.map((module) => (
                <option key={module} value={module}>
                  {module}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" disabled={form.busy}>
            {t('coordinator.nominate')}
          </button>
        </form>
      )}
      <FormMessage form={form} />
    </article>
  );
};
