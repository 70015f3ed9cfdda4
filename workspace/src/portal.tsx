import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { FileNameInput } from '../../functions/domain/documents/commands.js';
import { REGION_PROVINCES } from '../../functions/domain/rollout/region-provinces.js';
import { type Api, ApiProblem } from './api.js';
import { FormMessage, TextField } from './fields.js';
import { problemMessage, useCommandForm } from './forms.js';
import { isMessageKey, type Language, type Translate } from './i18n.js';
import { Pending, Table, unlessAbsent } from './loading.js';
import { OwnDocuments } from './portal-documents.js';
import type { Session } from './session.js';

// The associations' portal (issue 25 item 1; docs/adr/0107-association-portal.md): the screens of
// the `association` principal, in the workspace, with its forms (the route table's own schemas,
// Idempotency-Key, If-Match, problems shown at their field in the reader's language). An
// association declares its identity; once the ministry verified it, it applies to the open calls,
// attaches its file (a PDF, uploaded by presigned URL and checked on arrival), follows it through
// eligibility, scoring, selection and appeal, and appeals with its letter within the window.

type Bilingual = { readonly fr: string; readonly ar: string };

interface Association {
  readonly associationId: string;
  readonly status: 'pending' | 'verified' | 'refused';
  readonly registrationNumber: string;
  readonly name: Bilingual;
  readonly seat: { readonly street: string; readonly province: string; readonly regionCode: string };
  readonly refusal: Bilingual | null;
}

interface Rule {
  readonly ruleId: string;
  readonly label: Bilingual;
  readonly requirement:
    | { readonly kind: 'declared' }
    | { readonly kind: 'at-least'; readonly minimum: number };
}

interface OwnCall {
  readonly callId: string;
  readonly purpose: string;
  readonly status: 'open' | 'closed';
  readonly deadline: string;
  readonly cancelled: boolean;
  readonly eligibilityRules: readonly Rule[];
  readonly application: {
    readonly applicationId: string;
    readonly refusal: {
      readonly reason: 'late' | 'ineligible';
      readonly failedRuleIds: readonly string[];
    } | null;
    readonly stage: string;
    readonly rank: number | null;
  } | null;
  readonly appealWindowEndsAt: string | null;
  readonly appeal: { readonly appealId: string; readonly outcome: string | null } | null;
  readonly version: number;
}

interface Props {
  readonly api: Api;
  readonly t: Translate;
  readonly language: Language;
  readonly session: Session;
}

/** What each part of the portal is drawn with: the API, the reader's language, the association. */
interface AssociationProps {
  readonly api: Api;
  readonly t: Translate;
  readonly language: Language;
  readonly associationId: string;
}

/** A part of the portal about one of the association's calls, read again after each command. */
interface CallProps extends AssociationProps {
  readonly call: OwnCall;
  readonly reload: () => Promise<void>;
}

/** A form of the portal named by its heading (`<id>-heading`), sent by script: the page stays. */
export const PortalForm = ({
  id,
  heading,
  onSubmit,
  children,
}: {
  readonly id: string;
  readonly heading: string;
  readonly onSubmit: () => void;
  readonly children: ComponentChildren;
}) => (
  <form
    class="file"
    aria-labelledby={`${id}-heading`}
    noValidate
    onSubmit={(event) => {
      event.preventDefault();
      onSubmit();
    }}
  >
    <h4 id={`${id}-heading`}>{heading}</h4>
    {children}
  </form>
);

export type Attachment =
  | { readonly kind: 'application'; readonly callId: string; readonly applicationId: string }
  | { readonly kind: 'appeal'; readonly callId: string; readonly appealId: string }
  | {
      readonly kind: 'tranche-evidence';
      readonly rolloutId: string;
      readonly associationId: string;
      readonly tranche: number;
    };

const dateOf = (language: Language, iso: string): string =>
  new Intl.DateTimeFormat(language === 'ar' ? 'ar-MA' : 'fr-MA', {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: 'Africa/Casablanca',
  }).format(new Date(iso));

const EMPTY_DECLARATION = {
  registrationNumber: '',
  nameFr: '',
  nameAr: '',
  address: '',
  regionCode: 'FM',
  province: '',
  representativeFr: '',
  representativeAr: '',
  functionFr: '',
  functionAr: '',
};

const RegistrationForm = ({
  api,
  t,
  associationId,
  refusal,
  language,
  reload,
}: AssociationProps & { readonly refusal: Bilingual | null; readonly reload: () => Promise<void> }) => {
  const [draft, setDraft] = useState(EMPTY_DECLARATION);
  const form = useCommandForm({
    api,
    t,
    operationId: 'registerAssociation',
    method: 'PUT',
    path: `/associations/${encodeURIComponent(associationId)}/registration`,
    ifMatch: undefined,
    pointerOf: (problem) => (problem.code === 'PROVINCE_NOT_IN_REGION' ? '/body/seat/province' : undefined),
    reload,
  });
  const field = (name: keyof typeof EMPTY_DECLARATION, label: string, pointer: string, extra = {}) => (
    <TextField
      id={`registration-${name}`}
      label={label}
      pointer={pointer}
      fields={form.fields}
      value={draft[name]}
      onInput={(value) => setDraft({ ...draft, [name]: value })}
      {...extra}
    />
  );
  const provinces = REGION_PROVINCES[draft.regionCode as keyof typeof REGION_PROVINCES] ?? [];
  return (
    <form
      class="file"
      aria-labelledby="registration-heading"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void form.submit({
          registrationNumber: draft.registrationNumber.trim(),
          name: { fr: draft.nameFr, ar: draft.nameAr },
          seat: { street: draft.address, province: draft.province, regionCode: draft.regionCode },
          legalRepresentative: {
            displayName: { fr: draft.representativeFr, ar: draft.representativeAr },
            function: { fr: draft.functionFr, ar: draft.functionAr },
          },
        });
      }}
    >
      <h2 id="registration-heading">{t('portal.register')}</h2>
      {refusal === null ? (
        <p>{t('portal.registerIntro')}</p>
      ) : (
        <p role="alert" data-testid="registration-refused">
          {t('portal.refused', { reason: refusal[language] })} {t('portal.declareAgain')}
        </p>
      )}
      {field('registrationNumber', t('portal.registrationNumber'), '/body/registrationNumber')}
      {field('nameFr', t('portal.nameFr'), '/body/name/fr', { lang: 'fr' })}
      {field('nameAr', t('portal.nameAr'), '/body/name/ar', { lang: 'ar' })}
      {field('address', t('portal.address'), '/body/seat/street')}
      <div class="field">
        <label for="registration-regionCode">{t('portal.region')}</label>
        <select
          id="registration-regionCode"
          value={draft.regionCode}
          onChange={(event) => setDraft({ ...draft, regionCode: (event.target as HTMLSelectElement).value })}
        >
          {Object.keys(REGION_PROVINCES).map((code) => (
            <option key={code} value={code}>
              {code}
            </option>
          ))}
        </select>
      </div>
      <datalist id="registration-provinces">
        {provinces.map((province) => (
          <option key={province} value={province} />
        ))}
      </datalist>
      {field('province', t('portal.province'), '/body/seat/province', { list: 'registration-provinces' })}
      {field('representativeFr', t('portal.representativeFr'), '/body/legalRepresentative/displayName/fr', {
        lang: 'fr',
      })}
      {field('representativeAr', t('portal.representativeAr'), '/body/legalRepresentative/displayName/ar', {
        lang: 'ar',
      })}
      {field('functionFr', t('portal.functionFr'), '/body/legalRepresentative/function/fr', { lang: 'fr' })}
      {field('functionAr', t('portal.functionAr'), '/body/legalRepresentative/function/ar', { lang: 'ar' })}
      <button type="submit" disabled={form.busy}>
        {t('portal.send')}
      </button>
      <FormMessage form={form} />
    </form>
  );
};

/**
 * Uploads one file for what it attaches to: asks for an upload URL, PUTs the bytes to it (their
 * length and type are signed), then asks the API to check them; answers the accepted document.
 */
export const uploadDocument = async (
  api: Api,
  attachedTo: Attachment,
  file: File,
): Promise<{ readonly documentId: string; readonly sha256: string }> => {
  const documentId = `doc-${crypto.randomUUID()}`;
  const ticket = await api.command<{
    upload: { url: string; method: 'PUT'; headers: Record<string, string> };
  }>(
    'POST',
    '/documents/uploads',
    {
      documentId,
      attachedTo,
      contentType: file.type || 'application/octet-stream',
      sizeBytes: file.size,
      // Its name, listed back to the association with its uploads (a name the API would refuse is left out).
      ...(FileNameInput.safeParse(file.name).success ? { fileName: file.name } : {}),
    },
    { idempotencyKey: crypto.randomUUID() },
  );
  // The browser sets the length itself (a forbidden header to set by hand); the signature covers it.
  const headers = Object.fromEntries(
    Object.entries(ticket.upload.headers).filter(([name]) => name.toLowerCase() !== 'content-length'),
  );
  const put = await fetch(new URL(ticket.upload.url, location.href), { method: 'PUT', headers, body: file });
  if (!put.ok) throw new Error(`The upload was refused (${put.status})`);
  return api.command<{ documentId: string; sha256: string }>(
    'POST',
    `/documents/${encodeURIComponent(documentId)}/arrival`,
    undefined,
    { idempotencyKey: crypto.randomUUID() },
  );
};

/** A file input and its upload, with the problem of a refused file shown at the input. */
const useUpload = (api: Api, t: Translate) => {
  const [state, setState] = useState<{
    busy: boolean;
    accepted: boolean;
    message: string | undefined;
    error: string | undefined;
  }>({ busy: false, accepted: false, message: undefined, error: undefined });
  const inFlight = useRef(false);
  const upload = async (attachedTo: Attachment, file: File | undefined) => {
    if (inFlight.current) return undefined;
    if (file === undefined) {
      const error = t('portal.chooseFile');
      setState({ busy: false, accepted: false, message: error, error });
      return undefined;
    }
    inFlight.current = true;
    setState({ busy: true, accepted: false, message: t('form.sending'), error: undefined });
    try {
      const accepted = await uploadDocument(api, attachedTo, file);
      setState({
        busy: false,
        accepted: true,
        message: t('portal.attached', { sha256: accepted.sha256 }),
        error: undefined,
      });
      return accepted;
    } catch (error) {
      const message = error instanceof ApiProblem ? problemMessage(error.problem, t) : t('form.failed');
      setState({ busy: false, accepted: false, message, error: message });
      return undefined;
    } finally {
      inFlight.current = false;
    }
  };
  return { ...state, upload };
};

const FileInput = ({
  id,
  label,
  error,
  inputRef,
}: {
  readonly id: string;
  readonly label: string;
  readonly error: string | undefined;
  readonly inputRef: { current: HTMLInputElement | null };
}) => (
  <div class="field">
    <label for={id}>{label}</label>
    <input
      id={id}
      type="file"
      accept="application/pdf"
      ref={inputRef}
      aria-invalid={error === undefined ? undefined : 'true'}
      aria-describedby={error === undefined ? undefined : `${id}-error`}
    />
    {error === undefined ? null : (
      <span class="field-error" id={`${id}-error`}>
        {error}
      </span>
    )}
  </div>
);

const ApplyForm = ({ api, t, language, associationId, call, reload }: CallProps) => {
  const [facts, setFacts] = useState<Record<string, boolean | string>>({});
  const form = useCommandForm({
    api,
    t,
    operationId: 'applyToCall',
    method: 'POST',
    path: `/associations/${encodeURIComponent(associationId)}/calls/${encodeURIComponent(call.callId)}/application`,
    // Others apply to the same call meanwhile: an application states a new fact, it overwrites nothing.
    ifMatch: undefined,
    reload,
  });
  const prefix = `apply-${call.callId}`;
  return (
    <PortalForm
      id={prefix}
      heading={t('portal.apply')}
      onSubmit={() => {
        const declaredFacts = Object.fromEntries(
          call.eligibilityRules.map((rule) => {
            const value = facts[rule.ruleId];
            return [rule.ruleId, rule.requirement.kind === 'declared' ? value === true : Number(value ?? 0)];
          }),
        );
        void form.submit({ declaredFacts });
      }}
    >
      {call.eligibilityRules.map((rule) =>
        rule.requirement.kind === 'declared' ? (
          <div class="field" key={rule.ruleId}>
            <label>
              <input
                type="checkbox"
                checked={facts[rule.ruleId] === true}
                onChange={(event) =>
                  setFacts({ ...facts, [rule.ruleId]: (event.target as HTMLInputElement).checked })
                }
              />{' '}
              {t('portal.declared', { label: rule.label[language] })}
            </label>
          </div>
        ) : (
          <TextField
            key={rule.ruleId}
            id={`${prefix}-${rule.ruleId}`}
            label={t('portal.atLeast', { label: rule.label[language], minimum: rule.requirement.minimum })}
            pointer={`/body/declaredFacts/${rule.ruleId}`}
            fields={form.fields}
            value={String(facts[rule.ruleId] ?? '')}
            onInput={(value) => setFacts({ ...facts, [rule.ruleId]: value })}
          />
        ),
      )}
      <button type="submit" disabled={form.busy}>
        {t('portal.apply')}
      </button>
      <FormMessage form={form} />
    </PortalForm>
  );
};

const AttachForm = ({
  api,
  t,
  call,
  applicationId,
}: Pick<CallProps, 'api' | 't' | 'call'> & { readonly applicationId: string }) => {
  const upload = useUpload(api, t);
  const input = useRef<HTMLInputElement | null>(null);
  const id = `attach-${call.callId}`;
  return (
    <PortalForm
      id={id}
      heading={t('portal.file')}
      onSubmit={() => {
        void upload.upload(
          { kind: 'application', callId: call.callId, applicationId },
          input.current?.files?.[0],
        );
      }}
    >
      <FileInput id={id} label={t('portal.file')} error={upload.error} inputRef={input} />
      <button type="submit" disabled={upload.busy}>
        {t('portal.attach')}
      </button>
      <FormMessage form={upload} />
    </PortalForm>
  );
};

const AppealForm = ({ api, t, associationId, call, reload }: Omit<CallProps, 'language'>) => {
  const upload = useUpload(api, t);
  const input = useRef<HTMLInputElement | null>(null);
  const form = useCommandForm({
    api,
    t,
    operationId: 'appealSelection',
    method: 'POST',
    path: `/associations/${encodeURIComponent(associationId)}/calls/${encodeURIComponent(call.callId)}/appeal`,
    ifMatch: undefined,
    pointerOf: () => '/body/groundsDocumentId',
    reload,
  });
  const id = `appeal-${call.callId}`;
  return (
    <PortalForm
      id={id}
      heading={t('portal.appeal')}
      onSubmit={() => {
        void (async () => {
          // The letter is an attachment of the appeal to come: its id is the association's own.
          const letter = await upload.upload(
            { kind: 'appeal', callId: call.callId, appealId: `appeal-${associationId}` },
            input.current?.files?.[0],
          );
          if (letter !== undefined) await form.submit({ groundsDocumentId: letter.documentId });
        })();
      }}
    >
      <FileInput
        id={id}
        label={t('portal.appealLetter')}
        error={upload.error ?? form.fields['/body/groundsDocumentId']}
        inputRef={input}
      />
      <button type="submit" disabled={upload.busy || form.busy}>
        {t('portal.appeal')}
      </button>
      {form.message === undefined ? <FormMessage form={upload} /> : <FormMessage form={form} />}
    </PortalForm>
  );
};

const CallCard = ({ api, t, language, associationId, call, reload }: CallProps) => {
  const application = call.application;
  const purposeKey = `portal.purpose.${call.purpose}`;
  const stageKey = `portal.stage.${application?.stage ?? ''}`;
  const appealOpen =
    call.appealWindowEndsAt !== null &&
    Date.parse(call.appealWindowEndsAt) > Date.now() &&
    call.appeal === null;
  const rulesOf = (ids: readonly string[]) =>
    ids
      .map(
        (ruleId) => call.eligibilityRules.find((rule) => rule.ruleId === ruleId)?.label[language] ?? ruleId,
      )
      .join(', ');
  return (
    <article class="call" data-call={call.callId} aria-labelledby={`call-${call.callId}`}>
      <h3 id={`call-${call.callId}`}>
        {t('portal.call', { callId: call.callId })}
        {isMessageKey(purposeKey) ? ` — ${t(purposeKey)}` : ''}
      </h3>
      <p class="muted">
        {call.status === 'open'
          ? t('portal.deadline', { date: dateOf(language, call.deadline) })
          : t('portal.closed')}
      </p>
      {application === null ? (
        call.status === 'open' && !call.cancelled ? (
          <ApplyForm {...{ api, t, language, associationId, call, reload }} />
        ) : null
      ) : (
        <>
          <p data-testid="stage">
            {t('portal.stage', { stage: isMessageKey(stageKey) ? t(stageKey) : (application.stage ?? '') })}
          </p>
          {application.refusal === null ? null : (
            <p>
              {application.refusal.reason === 'late'
                ? t('portal.refusal.late')
                : t('portal.refusal.ineligible', { rules: rulesOf(application.refusal.failedRuleIds) })}
            </p>
          )}
          {application.rank === null ? null : <p>{t('portal.rank', { rank: application.rank })}</p>}
          {application.stage === 'received' ? (
            <AttachForm {...{ api, t, call }} applicationId={application.applicationId} />
          ) : null}
          {call.appeal !== null ? (
            <p data-testid="appeal">
              {call.appeal.outcome === null
                ? t('portal.appealLodged')
                : t(call.appeal.outcome === 'upheld' ? 'portal.appeal.upheld' : 'portal.appeal.dismissed')}
            </p>
          ) : appealOpen && call.appealWindowEndsAt !== null ? (
            <>
              <p>{t('portal.appealUntil', { date: dateOf(language, call.appealWindowEndsAt) })}</p>
              <AppealForm {...{ api, t, associationId, call, reload }} />
            </>
          ) : null}
        </>
      )}
    </article>
  );
};

interface Training {
  readonly members: readonly {
    readonly rolloutId: string;
    readonly memberId: string;
    readonly modules: readonly string[];
    readonly certificate: {
      readonly code: string;
      readonly issuedAt: string;
      readonly revoked: boolean;
    } | null;
  }[];
}

/** Saves a blob under a file name, as a link the person clicked would. */
const save = (blob: Blob, fileName: string) => {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
};

/** Its members who completed modules, and their certificates to download (docs/adr/0108-association-certificates.md). */
const MembersTraining = ({ api, t, language, associationId }: AssociationProps) => {
  const [training, setTraining] = useState<Training | undefined>(undefined);
  const [failed, setFailed] = useState<string | undefined>(undefined);
  const base = `/associations/${encodeURIComponent(associationId)}`;
  useEffect(() => {
    api
      .get<Training>(`${base}/training`)
      .then(setTraining)
      .catch(() => setFailed(t('queue.failed')));
  }, [api, base, t]);
  const download = async (code: string) => {
    try {
      const blob = await api.download(
        `${base}/certificates/${encodeURIComponent(code)}?lang=${language}&format=html`,
      );
      save(blob, `certificate-${code}.html`);
      setFailed(undefined);
    } catch (error) {
      setFailed(error instanceof ApiProblem ? problemMessage(error.problem, t) : t('form.failed'));
    }
  };
  return (
    <section aria-labelledby="training-heading" data-testid="training">
      <h2 id="training-heading">{t('portal.training')}</h2>
      {failed === undefined ? null : <p role="alert">{failed}</p>}
      {training === undefined ? (
        <p aria-busy="true">{t('app.loading')}</p>
      ) : training.members.length === 0 ? (
        <p>{t('portal.noTraining')}</p>
      ) : (
        <Table columns={[t('portal.member'), t('portal.modules'), t('portal.certificate')]}>
          {training.members.map((member) => (
            <tr key={`${member.rolloutId}/${member.memberId}`} data-member={member.memberId}>
              <th scope="row">{member.memberId}</th>
              <td>{t('portal.modulesOf', { count: member.modules.length })}</td>
              <td>
                {member.certificate === null ? (
                  t('portal.noCertificate')
                ) : member.certificate.revoked ? (
                  t('portal.revoked')
                ) : (
                  <button
                    type="button"
                    class="secondary"
                    onClick={() => void download((member.certificate as { code: string }).code)}
                  >
                    {t('portal.download', { code: member.certificate.code })}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </Table>
      )}
    </section>
  );
};

/** The calls a rollout may have, by the route table's convention (`rollout-FM-2026` → `FM-2026-beneficiaries`). */
const callIdsOf = (rolloutId: string): string[] => {
  const base = rolloutId.replace(/^rollout-/, '');
  return [`${base}-beneficiaries`, `${base}-operator`];
};

export const AssociationPortal = ({ api, t, language, session }: Props) => {
  const associationId = session.associationId;
  const [association, setAssociation] = useState<Association | null | undefined>(undefined);
  const [calls, setCalls] = useState<readonly OwnCall[] | undefined>(undefined);
  const [failed, setFailed] = useState(false);
  const base = `/associations/${encodeURIComponent(associationId ?? '')}`;
  const reload = useCallback(async () => {
    try {
      const found = (await unlessAbsent(api.get<Association>(base))) ?? null;
      setAssociation(found);
      if (found?.status === 'verified') {
        const overview = await api.get<{ rollouts: { standing: { rolloutId: string } }[] }>(
          '/views/national',
        );
        const callIds = overview.rollouts.flatMap((rollout) => callIdsOf(rollout.standing.rolloutId));
        const seen = await Promise.all(
          callIds.map((callId) =>
            unlessAbsent(api.get<OwnCall>(`${base}/calls/${encodeURIComponent(callId)}`)),
          ),
        );
        // The calls it applied to, and the open ones it may apply to.
        setCalls(
          seen.filter(
            (call): call is OwnCall =>
              call !== undefined &&
              (call.application !== null || (call.status === 'open' && !call.cancelled)),
          ),
        );
      }
      setFailed(false);
    } catch {
      setFailed(true);
    }
  }, [api, base]);
  useEffect(() => {
    void reload();
  }, [reload]);
  if (associationId === undefined) return <p role="alert">{t('portal.noAssociation')}</p>;
  if (failed || association === undefined) return <Pending t={t} failed={failed} />;
  // Its members' training is its own whether it registered in the portal or staff keyed it in.
  const training = <MembersTraining {...{ api, t, language, associationId }} />;
  if (association === null || association.status === 'refused') {
    return (
      <>
        <RegistrationForm
          {...{ api, t, language, associationId, reload }}
          refusal={association?.refusal ?? null}
        />
        {training}
      </>
    );
  }
  return (
    <section aria-labelledby="portal-heading">
      <h2 id="portal-heading">{t('portal.title')}</h2>
      <p>
        {t('portal.identity', {
          name: association.name[language],
          number: association.registrationNumber,
          province: association.seat.province,
        })}
      </p>
      <p data-testid="verification" role="status">
        {association.status === 'verified' ? t('portal.verified') : t('portal.pending')}
      </p>
      {association.status !== 'verified' ? null : (
        <>
          <h2>{t('portal.calls')}</h2>
          {calls === undefined ? (
            <p aria-busy="true">{t('app.loading')}</p>
          ) : calls.length === 0 ? (
            <p>{t('portal.noCalls')}</p>
          ) : (
            calls.map((call) => (
              <CallCard key={call.callId} {...{ api, t, language, associationId, call, reload }} />
            ))
          )}
        </>
      )}
      {training}
      <OwnDocuments {...{ api, t, language, associationId }} drawn={calls} />
    </section>
  );
};
