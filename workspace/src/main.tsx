import { render } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { AgreementsToSign } from './agreements.js';
import { createApi } from './api.js';
import { useCognitoSession } from './cognito-session.js';
import { CommitteeWork } from './committee.js';
import { CoordinatorWork } from './coordinator.js';
import { FinanceWork, isFinanceRole } from './finance.js';
import { DIRECTION, isMessageKey, type Language, translator } from './i18n.js';
import { initialLanguage, rememberLanguage } from './language.js';
import { MinistryWork } from './ministry.js';
import type { CognitoConfig } from './oidc.js';
import { PartnerWork } from './partner.js';
import { AssociationPortal } from './portal.js';
import { AssociationGrants } from './portal-grants.js';
import { MemberNames } from './portal-names.js';
import { endSession, restoreSession, type Session } from './session.js';
import { SignatoryWork } from './signatory.js';

// The staff workspace: who is signed in, in which language, and what awaits them first (a work
// queue per role, drawn from the read models), rather than a menu of every route.

interface Config {
  readonly signInUrl: string;
  readonly apiUrl: string;
  /** On AWS: the user pool's managed login (authorization code with PKCE); absent locally. */
  readonly cognito?: CognitoConfig;
}

const loadConfig = async (): Promise<Config> => {
  const response = await fetch('config.json', { cache: 'no-cache' });
  return (await response.json()) as Config;
};

const App = ({ config }: { readonly config: Config }) => {
  const [language, setLanguage] = useState<Language>(initialLanguage);
  const cognito = useCognitoSession(config.cognito);
  const [devSession, setSession] = useState<Session | undefined>(() =>
    config.cognito === undefined ? restoreSession() : undefined,
  );
  const session = cognito === undefined ? devSession : cognito.session;
  const [ended, setEnded] = useState(false);
  const t = useMemo(() => translator(language), [language]);
  // Kept while the same person is signed in: a refreshed token is read at each request, not a new Api.
  const subject = session?.subject;
  const devToken = devSession?.token;
  const api = useMemo(
    () =>
      subject === undefined
        ? undefined
        : createApi(config.apiUrl, cognito?.token ?? devToken ?? '', () => {
            endSession();
            setSession(undefined);
            cognito?.end();
            setEnded(true);
          }),
    [config.apiUrl, subject, devToken],
  );
  useEffect(() => {
    document.documentElement.lang = language;
    document.documentElement.dir = DIRECTION[language];
    document.title = t('app.title');
    document.body.dataset.ready = 'true';
  }, [language, t]);
  const other: Language = language === 'fr' ? 'ar' : 'fr';
  const role = session?.roles[0];
  const roleKey = `role.${role ?? ''}`;
  const roleName = isMessageKey(roleKey) ? t(roleKey) : (role ?? '');
  return (
    <>
      <header class="masthead">
        <p class="brand">{t('app.title')}</p>
        <nav class="account" aria-label={t('app.title')}>
          {session === undefined ? null : (
            <span data-testid="signed-in">
              {t('app.signedInAs', { subject: session.subject, role: roleName })}
            </span>
          )}
          <button
            type="button"
            class="secondary"
            lang={other}
            title={t('app.otherLanguageLabel')}
            onClick={() => {
              rememberLanguage(other);
              setLanguage(other);
            }}
          >
            {t('app.otherLanguage')}
          </button>
          {session === undefined && cognito !== undefined ? (
            <button type="button" class="secondary" onClick={() => void cognito.signIn(language)}>
              {t('app.signIn')}
            </button>
          ) : session === undefined ? (
            <a
              class="button"
              href={`${config.signInUrl}${config.signInUrl.includes('?') ? '&' : '?'}lang=${language}`}
            >
              {t('app.signIn')}
            </a>
          ) : (
            <button
              type="button"
              class="secondary"
              onClick={() => {
                endSession();
                setSession(undefined);
                void cognito?.signOut();
              }}
            >
              {t('app.signOut')}
            </button>
          )}
        </nav>
      </header>
      <main>
        {session === undefined || api === undefined ? (
          <p role={ended || cognito?.failure !== undefined ? 'alert' : undefined}>
            {ended
              ? t('app.sessionEnded')
              : cognito?.failure !== undefined
                ? t('app.signInFailed', { code: cognito.failure })
                : t('app.signedOut')}
          </p>
        ) : (
          <>
            <h1>{t('queue.title')}</h1>
            {role === 'signatory' ? null : <AgreementsToSign {...{ api, t, session }} />}
            {role === 'signatory' ? (
              <SignatoryWork {...{ api, t, language, session }} />
            ) : role === 'committee-member' ? (
              <CommitteeWork {...{ api, t, language, session }} />
            ) : role === 'coordinator' ? (
              <CoordinatorWork {...{ api, t, language, session }} />
            ) : role === 'ministry' ? (
              <MinistryWork {...{ api, t, language, session }} />
            ) : role === 'partner' ? (
              <PartnerWork {...{ api, t, language, session }} />
            ) : role === 'association' ? (
              <>
                <AssociationPortal {...{ api, t, language, session }} />
                {session.associationId === undefined ? null : (
                  <AssociationGrants {...{ api, t, language }} associationId={session.associationId} />
                )}
                {session.associationId === undefined ? null : <MemberNames {...{ api, t, language }} />}
              </>
            ) : isFinanceRole(role) ? (
              <FinanceWork {...{ api, t, language, session, role }} />
            ) : (
              <p>{t('app.noScreens')}</p>
            )}
          </>
        )}
      </main>
    </>
  );
};

const root = document.getElementById('app');
if (root !== null) {
  loadConfig()
    .catch((): Config => ({ signInUrl: '/dev/sign-in', apiUrl: '' }))
    .then((config) => render(<App config={config} />, root));
}
