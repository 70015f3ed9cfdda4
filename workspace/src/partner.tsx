import { useCallback, useEffect, useState } from 'preact/hooks';
import { REGION_PROVINCES } from '../../functions/domain/rollout/region-provinces.js';
import type { Api } from './api.js';
import { FormMessage, TextField } from './fields.js';
import { useCommandForm } from './forms.js';
import { type Language, phaseName, type Translate } from './i18n.js';
import { Pending } from './loading.js';
import type { Session } from './session.js';

// The implementing partner's work: the rollout its token is bound to, and in axis 1 the sessions it
// reports as held. A session report states a new fact (a session id the partner chooses; the same
// report twice is accepted once, a contradicting one refused) rather than deciding on a state the
// screen shows, and no query answers the schedule's version: it is sent with an Idempotency-Key
// and without If-Match (docs/adr/0072-workspace-work-queues.md).

const MODULES = ['M1', 'M2', 'M3', 'M4', 'M5', 'M6', 'M7', 'M8'] as const;

interface Standing {
  readonly rolloutId: string;
  readonly regionCode: string | null;
  readonly phase: string | null;
}

interface Props {
  readonly api: Api;
  readonly t: Translate;
  readonly language: Language;
  readonly session: Session;
}

export const PartnerWork = ({ api, t, language, session }: Props) => {
  const [standing, setStanding] = useState<Standing | null | undefined>(undefined);
  const [held, setHeld] = useState<number | undefined>(undefined);
  const [failed, setFailed] = useState(false);
  const rolloutId = session.rolloutId ?? '';
  const path = `/rollouts/${encodeURIComponent(rolloutId)}`;
  const reload = useCallback(async () => {
    try {
      const overview = await api.get<{ rollouts: { standing: Standing }[] }>('/views/national');
      const found =
        overview.rollouts.find((rollout) => rollout.standing.rolloutId === rolloutId)?.standing ?? null;
      setStanding(found);
      if (found?.phase === 'axis-1-training') {
        setHeld((await api.get<{ sessionsHeld: number }>(`${path}/training`)).sessionsHeld);
      }
      setFailed(false);
    } catch {
      setFailed(true);
    }
  }, [api, rolloutId, path]);
  useEffect(() => {
    void reload();
  }, [reload]);
  const [draft, setDraft] = useState({ sessionId: '', module: 'M1', date: '', province: '' });
  const form = useCommandForm({
    api,
    t,
    operationId: 'reportSession',
    method: 'POST',
    path: `${path}/sessions`,
    ifMatch: undefined,
    reload,
    pointerOf: (problem) =>
      problem.code === 'PROVINCE_OUTSIDE_REGION'
        ? '/body/province'
        : problem.code === 'FACT_DATE_IN_FUTURE' || problem.code === 'LATE_ENTRY_NOT_ALLOWED'
          ? '/body/date'
          : problem.code === 'SESSION_REPORT_CONTRADICTS'
            ? '/body/sessionId'
            : undefined,
  });
  if (failed || standing === undefined) return <Pending t={t} failed={failed} />;
  if (standing === null) return <p data-testid="queue-empty">{t('queue.empty')}</p>;
  const provinces = REGION_PROVINCES[standing.regionCode as keyof typeof REGION_PROVINCES] ?? [];
  const input = (
    name: 'sessionId' | 'date' | 'province',
    label: string,
    type: 'date' | 'text',
    list?: string,
  ) => (
    <TextField
      id={`session-${name}`}
      label={label}
      pointer={`/body/${name}`}
      fields={form.fields}
      type={type}
      value={draft[name]}
      onInput={(value) => setDraft({ ...draft, [name]: value })}
      {...(list === undefined ? {} : { list })}
    />
  );
  return (
    <section class="call" aria-labelledby="partner-rollout">
      <h2 id="partner-rollout">{t('coordinator.rollout', { rolloutId })}</h2>
      <p class="muted">{t('coordinator.phase', { phase: phaseName(language, standing.phase ?? '') })}</p>
      {standing.phase !== 'axis-1-training' ? (
        <p>{t('coordinator.nothing')}</p>
      ) : (
        <>
          {held === undefined ? (
            <p aria-busy="true">{t('app.loading')}</p>
          ) : (
            <p data-testid="sessions-held">{t('partner.sessions', { count: held })}</p>
          )}
          <form
            class="file sessions"
            aria-labelledby="report-heading"
            noValidate
            onSubmit={(event) => {
              event.preventDefault();
              void form.submit({
                sessionId: draft.sessionId.trim(),
                module: draft.module,
                date: draft.date === '' ? undefined : draft.date,
                province: draft.province.trim(),
              });
            }}
          >
            <h3 id="report-heading">{t('partner.report')}</h3>
            <datalist id="session-provinces">
              {provinces.map((province) => (
                <option key={province} value={province} />
              ))}
            </datalist>
            {input('sessionId', t('partner.sessionId'), 'text')}
            <div class="field">
              <label for="session-module">{t('partner.module')}</label>
              <select
                id="session-module"
                value={draft.module}
                onChange={(event) =>
                  setDraft({ ...draft, module: (event.target as HTMLSelectElement).value })
                }
              >
                {MODULES.map((module) => (
                  <option key={module} value={module}>
                    {module}
                  </option>
                ))}
              </select>
            </div>
            {input('date', t('partner.date'), 'date')}
            {input('province', t('partner.province'), 'text', 'session-provinces')}
            <button type="submit" disabled={form.busy}>
              {t('partner.report')}
            </button>
            <FormMessage form={form} />
          </form>
        </>
      )}
    </section>
  );
};
