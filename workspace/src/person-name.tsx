import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useState } from 'preact/hooks';
import { type Api, ApiProblem } from './api.js';
import { type Draft, Field, FormMessage } from './fields.js';
import { type CommandForm, type OperationId, problemMessage, useCommandForm } from './forms.js';
import { isMessageKey, type Language, type Translate } from './i18n.js';
import { dateTime } from './ministry-rollouts.js';

// One person's name as the vault holds it (docs/adr/0126-names-with-purpose-and-consent.md,
// docs/adr/0139-names-screens.md): read, recorded or corrected with its purpose and the person's
// consent, erased with a reason. The forms check their bodies with the routes' own schemas, so a
// consent not given is refused at its box before anything is sent; what only the API can tell (a
// consent dated after today, a person erased) comes back at its field.

interface PersonName {
  readonly personId: string;
  readonly status: 'recorded' | 'erased';
  readonly displayName: { readonly fr: string; readonly ar: string } | null;
  readonly contact: { readonly email?: string; readonly phone?: string } | null;
  readonly processing: {
    readonly consent: { readonly givenOn: string; readonly form: 'written' | 'electronic' };
    readonly recordedAt: string;
    readonly recordedBy: { readonly subject: string };
  } | null;
  readonly erasedAt: string | null;
  readonly erasure: { readonly reason: string } | null;
}

type Lookup =
  | { readonly state: 'loading' }
  | { readonly state: 'none' }
  | { readonly state: 'found'; readonly name: PersonName }
  | { readonly state: 'refused'; readonly message: string };

/** What a names' screen is given. */
export interface NamesScreenProps {
  readonly api: Api;
  readonly t: Translate;
  readonly language: Language;
}

export interface PersonNameProps extends NamesScreenProps {
  /** The name's path (`/rollouts/{rolloutId}/members/{memberId}/name`); its erasure is at `…/erasure`. */
  readonly path: string;
  /** Unique on the page: each input is `<id>-record-<field>` or `<id>-erase-<field>`. */
  readonly id: string;
  readonly purpose: 'certificates' | 'committee-minutes';
  readonly record: OperationId;
  readonly erase: OperationId;
}

const CONSENT_GIVEN = '/body/consent/given';

/** Where the API's refusals of a name belong on the form. */
const NAME_POINTERS: Readonly<Record<string, string>> = {
  CONSENT_IN_THE_FUTURE: '/body/consent/givenOn',
};

/** An id inside a sentence of either direction: isolated, so an Arabic sentence does not reorder `dev-ministry-1`. */
export const isolated = (text: string): string => `\u2068${text}\u2069`;

const textOf = (t: Translate, key: string, fallback: string): string =>
  isMessageKey(key) ? t(key) : fallback;

/** The name as the vault holds it, or that it was erased. */
const Recorded = ({ t, language, name }: { t: Translate; language: Language; name: PersonName }) => {
  if (name.status === 'erased') {
    return (
      <p data-testid="name-status" data-status="erased">
        {t('names.erased', {
          date: name.erasedAt === null ? '' : dateTime(language, name.erasedAt),
          reason: textOf(t, `names.reason.${name.erasure?.reason ?? ''}`, name.erasure?.reason ?? ''),
        })}
      </p>
    );
  }
  const contact = [name.contact?.email, name.contact?.phone].filter((part) => part !== undefined);
  return (
    <dl class="person-name" data-testid="name-status" data-status="recorded">
      <dt>{t('names.nameFr')}</dt>
      <dd>
        <bdi lang="fr" data-testid="name-fr">
          {name.displayName?.fr}
        </bdi>
      </dd>
      <dt>{t('names.nameAr')}</dt>
      <dd>
        <bdi lang="ar" data-testid="name-ar">
          {name.displayName?.ar}
        </bdi>
      </dd>
      {contact.length === 0 ? null : (
        <>
          <dt>{t('names.contact')}</dt>
          <dd>
            <bdi dir="ltr">{contact.join(' · ')}</bdi>
          </dd>
        </>
      )}
      {name.processing === null ? null : (
        <>
          <dt>{t('names.consent')}</dt>
          <dd>
            {t('names.consented', {
              form: textOf(t, `names.form.${name.processing.consent.form}`, name.processing.consent.form),
              date: name.processing.consent.givenOn,
            })}
          </dd>
          <dt>{t('names.recorded')}</dt>
          <dd>
            {t('names.recordedBy', { date: dateTime(language, name.processing.recordedAt) })}{' '}
            <bdi dir="ltr">{name.processing.recordedBy.subject}</bdi>
          </dd>
        </>
      )}
    </dl>
  );
};

/** The consent's box: the form's message for it is the law's, not a generic "refused". */
const ConsentBox = ({
  id,
  t,
  form,
  checked,
  onChange,
}: {
  id: string;
  t: Translate;
  form: CommandForm;
  checked: boolean;
  onChange: (checked: boolean) => void;
}) => {
  const refused = form.fields[CONSENT_GIVEN] !== undefined;
  const inputId = `${id}-consent`;
  return (
    <div class="field">
      <label for={inputId}>
        <input
          id={inputId}
          type="checkbox"
          name={CONSENT_GIVEN}
          checked={checked}
          aria-invalid={refused ? 'true' : undefined}
          aria-describedby={refused ? `${inputId}-error` : undefined}
          onChange={(event) => onChange((event.target as HTMLInputElement).checked)}
        />{' '}
        {t('names.consentGiven')}
      </label>
      {refused ? (
        <span class="field-error" id={`${inputId}-error`}>
          {t('names.consentRequired')}
        </span>
      ) : null}
    </div>
  );
};

/** A name's form: its body from what was typed, its fields, its button, then what became of it. */
const NameForm = ({
  id,
  form,
  body,
  children,
}: {
  id: string;
  form: CommandForm;
  body: () => unknown;
  children: ComponentChildren;
}) => (
  <form
    class="scores"
    id={id}
    noValidate
    onSubmit={(event) => {
      event.preventDefault();
      void form.submit(body());
    }}
  >
    {children}
    <FormMessage form={form} />
  </form>
);

const RecordForm = (props: PersonNameProps & { reload: () => Promise<void>; correcting: boolean }) => {
  const { api, t, path, purpose, reload } = props;
  const id = `${props.id}-record`;
  const [draft, setDraft] = useState<Draft>({});
  const [consent, setConsent] = useState(false);
  const form = useCommandForm({
    api,
    t,
    operationId: props.record,
    method: 'PUT',
    path,
    ifMatch: undefined,
    reload,
    pointerOf: (problem) => NAME_POINTERS[problem.code],
  });
  const text = (name: string) => (draft[name] ?? '').trim();
  const field = (name: string, pointer: string, label: string, type?: 'date' | 'select') => (
    <Field
      id={id}
      spec={{
        name,
        pointer,
        label,
        ...(type === undefined ? {} : { type }),
        ...(type === 'select'
          ? {
              options: [
                { value: '', label: t('names.choose') },
                { value: 'written', label: t('names.form.written') },
                { value: 'electronic', label: t('names.form.electronic') },
              ],
            }
          : {}),
      }}
      value={draft[name] ?? ''}
      form={form}
      onInput={(value) => setDraft({ ...draft, [name]: value })}
    />
  );
  return (
    <NameForm
      id={id}
      form={form}
      body={() => {
        const contact = {
          ...(text('email') === '' ? {} : { email: text('email') }),
          ...(text('phone') === '' ? {} : { phone: text('phone') }),
        };
        return {
          displayName: { fr: text('fr'), ar: text('ar') },
          ...(Object.keys(contact).length === 0 ? {} : { contact }),
          purpose,
          consent: {
            given: consent,
            givenOn: text('givenOn') === '' ? undefined : text('givenOn'),
            form: text('form') === '' ? undefined : text('form'),
          },
        };
      }}
    >
      <p>{textOf(t, `names.purpose.${purpose}`, purpose)}</p>
      {field('fr', '/body/displayName/fr', t('names.nameFr'))}
      {field('ar', '/body/displayName/ar', t('names.nameAr'))}
      {field('email', '/body/contact/email', t('names.email'))}
      {field('phone', '/body/contact/phone', t('names.phone'))}
      <ConsentBox id={id} t={t} form={form} checked={consent} onChange={setConsent} />
      {field('givenOn', '/body/consent/givenOn', t('names.consentOn'), 'date')}
      {field('form', '/body/consent/form', t('names.consentForm'), 'select')}
      <button type="submit" disabled={form.busy}>
        {props.correcting ? t('names.correct') : t('names.record')}
      </button>
    </NameForm>
  );
};

const REASONS = ['consent-withdrawn', 'objection', 'purpose-fulfilled', 'inaccurate'] as const;

const EraseForm = (props: PersonNameProps & { reload: () => Promise<void> }) => {
  const { api, t, path, reload } = props;
  const id = `${props.id}-erase`;
  const [reason, setReason] = useState('');
  const form = useCommandForm({
    api,
    t,
    operationId: props.erase,
    method: 'POST',
    path: `${path}/erasure`,
    ifMatch: undefined,
    reload,
  });
  return (
    <>
      <h4>{t('names.eraseTitle')}</h4>
      <p class="muted">{t('names.eraseHint')}</p>
      <NameForm id={id} form={form} body={() => ({ reason: reason === '' ? undefined : reason })}>
        <Field
          id={id}
          spec={{
            name: 'reason',
            pointer: '/body/reason',
            label: t('names.reason'),
            type: 'select',
            options: [
              { value: '', label: t('names.choose') },
              ...REASONS.map((value) => ({ value, label: textOf(t, `names.reason.${value}`, value) })),
            ],
          }}
          value={reason}
          form={form}
          onInput={setReason}
        />
        <button type="submit" class="secondary" disabled={form.busy}>
          {t('names.erase')}
        </button>
      </NameForm>
    </>
  );
};

/** A person's name: what the vault holds, the form that records or corrects it, and its erasure. */
export const PersonNameCard = (props: PersonNameProps) => {
  const { api, t, language, path } = props;
  const [lookup, setLookup] = useState<Lookup>({ state: 'loading' });
  const load = useCallback(async () => {
    try {
      setLookup({ state: 'found', name: await api.get<PersonName>(path) });
    } catch (error) {
      if (error instanceof ApiProblem && error.problem.code === 'NO_NAME_RECORDED')
        setLookup({ state: 'none' });
      else if (error instanceof ApiProblem)
        setLookup({ state: 'refused', message: problemMessage(error.problem, t) });
      else setLookup({ state: 'refused', message: t('queue.failed') });
    }
  }, [api, path, t]);
  useEffect(() => {
    setLookup({ state: 'loading' });
    void load();
  }, [load]);
  if (lookup.state === 'loading') return <p aria-busy="true">{t('app.loading')}</p>;
  if (lookup.state === 'refused') return <p role="alert">{lookup.message}</p>;
  const erased = lookup.state === 'found' && lookup.name.status === 'erased';
  return (
    <div data-person={path}>
      {lookup.state === 'none' ? (
        <p data-testid="name-status" data-status="none">
          {t('names.none')}
        </p>
      ) : (
        <Recorded t={t} language={language} name={lookup.name} />
      )}
      {erased ? null : (
        <>
          <RecordForm {...props} reload={load} correcting={lookup.state === 'found'} />
          {lookup.state === 'found' ? <EraseForm {...props} reload={load} /> : null}
        </>
      )}
    </div>
  );
};
