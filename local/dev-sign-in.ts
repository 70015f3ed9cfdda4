import type { IncomingMessage, ServerResponse } from 'node:http';
import * as z from 'zod';
import { Id, REGIONS, RegionCode } from '../events/reference.js';
import type { HttpRole } from '../functions/adapters/http/claims.js';
import type { DevAuth, DevTokenRequest } from './dev-auth.js';
import { devTokenRequestFor } from './dev-groups.js';
import type { RequestHook } from './http-static.js';

// The local runtime's development sign-in (never deployed: on AWS, people sign in with the Cognito
// user pool). A person picks who to act as; the page mints a token with the dev key, carrying the
// same claims the API checks (roles, the coordinator's region, the partner's association and
// rollout, iat and exp, 12 hours), and hands it back to the workspace in the address fragment
// (`/workspace/#token=…`), which browsers never send to a server, so it lands in no log.

export const DEV_SIGN_IN_PATH = '/dev/sign-in';
/** Where the token goes back to. */
export const WORKSPACE_PATH = '/workspace/';
/** How long a signed-in session's token lives (the API accepts 24 hours at most). */
export const SIGN_IN_TOKEN_SECONDS = 12 * 60 * 60;
/** The largest form the page accepts. */
const MAX_FORM_BYTES = 4096;

/**
 * Who one may sign in as. The Wali and the Regional Council sign as `signatory` of their region
 * (they read and sign their region's agreements, and operate nothing), named `wali-<region>` and
 * `council-<region>`; their tokens are built as the user pool builds them, from the account's
 * group and `custom:regions` (local/dev-groups.ts; docs/adr/0073-workspace-sign-in.md,
 * docs/adr/0074-signatory-screens.md).
 */
export const SIGN_IN_PERSONAS = [
  'ministry',
  'coordinator',
  'committee-member',
  'partner',
  'finance-preparer',
  'finance-approver',
  'finance-payer',
  'wali',
  'regional-council',
  'reader',
  'association',
] as const;
export type SignInPersona = (typeof SIGN_IN_PERSONAS)[number];

const Blank = z.literal('').transform(() => undefined);

/** The sign-in form, as posted (application/x-www-form-urlencoded). */
export const SignInForm = z.strictObject({
  persona: z.enum(SIGN_IN_PERSONAS),
  subject: z.union([Blank, Id]).optional(),
  region: z.union([Blank, RegionCode]).optional(),
  associationId: z.union([Blank, Id]).optional(),
  rolloutId: z.union([Blank, Id]).optional(),
  lang: z.enum(['fr', 'ar']).optional(),
});
export type SignInForm = z.output<typeof SignInForm>;

const DEFAULT_SUBJECT: Readonly<Record<SignInPersona, string>> = {
  ministry: 'dev-ministry-1',
  coordinator: 'dev-coordinator',
  'committee-member': 'dev-committee-member-1',
  partner: 'dev-partner-amsed',
  'finance-preparer': 'dev-finance-preparer-1',
  'finance-approver': 'dev-finance-approver-1',
  'finance-payer': 'dev-finance-payer-1',
  wali: 'wali',
  'regional-council': 'council',
  reader: 'dev-reader-1',
  association: 'dev-association',
};

/** What a person asked for, as a token request; a reason (in French and Arabic) when it cannot be. */
export const tokenRequestOf = (form: SignInForm): DevTokenRequest | { readonly refused: string } => {
  const region = form.region;
  const regional =
    form.persona === 'coordinator' || form.persona === 'wali' || form.persona === 'regional-council';
  if (regional && region === undefined) return { refused: 'region' };
  const subject =
    form.subject ??
    (form.persona === 'wali' || form.persona === 'regional-council'
      ? `${DEFAULT_SUBJECT[form.persona]}-${(region as string).toLowerCase()}`
      : form.persona === 'coordinator'
        ? `${DEFAULT_SUBJECT.coordinator}-${(region as string).toLowerCase()}`
        : DEFAULT_SUBJECT[form.persona]);
  const expiresInSeconds = SIGN_IN_TOKEN_SECONDS;
  if (form.persona === 'wali' || form.persona === 'regional-council') {
    // The same group and attribute a Cognito account of that office has (GROUP_ROLES: signatory).
    return devTokenRequestFor(subject, [form.persona], { 'custom:regions': region }, expiresInSeconds);
  }
  if (regional) {
    return { subject, roles: ['coordinator'], regions: [region as RegionCode], expiresInSeconds };
  }
  if (form.persona === 'partner') {
    if (form.associationId === undefined) return { refused: 'associationId' };
    if (form.rolloutId === undefined) return { refused: 'rolloutId' };
    return {
      subject,
      roles: ['partner'],
      partner: { associationId: form.associationId, rolloutId: form.rolloutId },
      expiresInSeconds,
    };
  }
  if (form.persona === 'association') {
    // The associations' portal (docs/adr/0107-association-portal.md): the token acts for one association.
    if (form.associationId === undefined) return { refused: 'associationId' };
    return {
      subject: form.subject ?? `${DEFAULT_SUBJECT.association}-${form.associationId}`,
      roles: ['association'],
      association: form.associationId,
      expiresInSeconds,
    };
  }
  return { subject, roles: [form.persona as HttpRole], expiresInSeconds };
};

const TEXT = {
  fr: {
    title: 'Connexion de développement',
    intro:
      'Cette page n’existe que sur le poste local : elle signe un jeton avec la clé de développement. En production, on se connecte avec le compte de son organisation.',
    persona: 'Agir en tant que',
    subject: 'Identifiant (facultatif ; membre du comité : son identifiant de membre)',
    region: 'Région (coordination, wali, conseil régional)',
    associationId: 'Association (la sienne, ou celle du partenaire)',
    rolloutId: 'Déploiement du partenaire',
    submit: 'Se connecter',
    other: 'العربية',
    refused: 'Champ manquant ou invalide : ',
    personas: {
      ministry: 'Ministère',
      coordinator: 'Coordination régionale',
      'committee-member': 'Membre du comité de sélection',
      partner: 'Partenaire de mise en œuvre',
      'finance-preparer': 'Finances : préparation',
      'finance-approver': 'Finances : approbation',
      'finance-payer': 'Finances : paiement',
      wali: 'Wali de la région',
      'regional-council': 'Conseil régional',
      reader: 'Lecture seule',
      association: 'Association (portail)',
    },
  },
  ar: {
    title: 'تسجيل الدخول للتطوير',
    intro:
      'هذه الصفحة موجودة على الجهاز المحلي فقط: توقّع رمزا بمفتاح التطوير. في الإنتاج يسجّل المستخدم الدخول بحساب مؤسسته.',
    persona: 'التصرف بصفة',
    subject: 'المعرّف (اختياري؛ عضو اللجنة: معرّف العضوية)',
    region: 'الجهة (التنسيق، الوالي، المجلس الجهوي)',
    associationId: 'الجمعية (جمعيتك، أو جمعية الشريك)',
    rolloutId: 'برنامج الشريك',
    submit: 'تسجيل الدخول',
    other: 'Français',
    refused: 'حقل ناقص أو غير صالح: ',
    personas: {
      ministry: 'الوزارة',
      coordinator: 'التنسيق الجهوي',
      'committee-member': 'عضو لجنة الانتقاء',
      partner: 'الشريك المنفذ',
      'finance-preparer': 'المالية: الإعداد',
      'finance-approver': 'المالية: المصادقة',
      'finance-payer': 'المالية: الأداء',
      wali: 'والي الجهة',
      'regional-council': 'المجلس الجهوي',
      reader: 'قراءة فقط',
      association: 'جمعية (البوابة)',
    },
  },
} as const;

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);

/** The sign-in page in one language, with the fields a refused attempt named. */
export const signInPage = (lang: 'fr' | 'ar', refused?: string): string => {
  const text = TEXT[lang];
  const other = lang === 'fr' ? 'ar' : 'fr';
  const options = SIGN_IN_PERSONAS.map(
    (persona) => `<option value="${persona}">${escapeHtml(text.personas[persona])}</option>`,
  ).join('');
  const regions = [
    '<option value=""></option>',
    ...REGIONS.map((region) => `<option value="${region.code}">${escapeHtml(region[lang])}</option>`),
  ].join('');
  const field = (name: string, label: string, control: string) =>
    `<p><label for="${name}">${escapeHtml(label)}</label><br>${control}</p>`;
  return `<!doctype html>
<html lang="${lang}" dir="${lang === 'ar' ? 'rtl' : 'ltr'}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(text.title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:auto;padding:1rem;color:#1b1f24}
select,input,button{font:inherit;padding:.4rem;min-width:16rem}button{background:#0b5c4a;color:#fff;border:0;border-radius:.3rem}
.refused{color:#9b1c1c}</style></head>
<body><main>
<h1>${escapeHtml(text.title)}</h1>
<p>${escapeHtml(text.intro)}</p>
<p><a href="${DEV_SIGN_IN_PATH}?lang=${other}" lang="${other}">${escapeHtml(text.other)}</a></p>
${refused === undefined ? '' : `<p class="refused" role="alert">${escapeHtml(text.refused + refused)}</p>`}
<form method="post" action="${DEV_SIGN_IN_PATH}">
<input type="hidden" name="lang" value="${lang}">
${field('persona', text.persona, `<select id="persona" name="persona">${options}</select>`)}
${field('subject', text.subject, '<input id="subject" name="subject" autocomplete="off">')}
${field('region', text.region, `<select id="region" name="region">${regions}</select>`)}
${field('associationId', text.associationId, '<input id="associationId" name="associationId" autocomplete="off">')}
${field('rolloutId', text.rolloutId, '<input id="rolloutId" name="rolloutId" autocomplete="off">')}
<p><button type="submit">${escapeHtml(text.submit)}</button></p>
</form></main></body></html>`;
};

const readForm = (request: IncomingMessage): Promise<string | undefined> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_FORM_BYTES) {
        resolve(undefined);
        request.destroy();
      } else chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });

const html = (response: ServerResponse, status: number, body: string) =>
  response
    .writeHead(status, {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'",
    })
    .end(body);

/**
 * The hook serving `GET /dev/sign-in` (the page) and `POST /dev/sign-in` (mints the token and goes
 * back to the workspace with it). A post from another site's page is refused (its Origin differs).
 */
export const devSignIn =
  (auth: DevAuth): RequestHook =>
  async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== DEV_SIGN_IN_PATH) return false;
    const method = (request.method ?? 'GET').toUpperCase();
    if (method === 'GET') {
      html(response, 200, signInPage(url.searchParams.get('lang') === 'ar' ? 'ar' : 'fr'));
      return true;
    }
    if (method !== 'POST') {
      response.writeHead(405, { allow: 'GET, POST' }).end();
      return true;
    }
    const origin = request.headers.origin;
    if (origin !== undefined && origin !== 'null' && new URL(origin).host !== request.headers.host) {
      response
        .writeHead(403, { 'content-type': 'text/plain; charset=utf-8' })
        .end('Cross-site sign-in refused');
      return true;
    }
    const text = await readForm(request);
    if (text === undefined) {
      response.writeHead(413).end();
      return true;
    }
    const fields = Object.fromEntries(new URLSearchParams(text));
    const lang = fields.lang === 'ar' ? 'ar' : 'fr';
    const parsed = SignInForm.safeParse(fields);
    if (!parsed.success) {
      html(
        response,
        400,
        signInPage(
          lang,
          parsed.error.issues
            .flatMap((issue) => (issue.code === 'unrecognized_keys' ? issue.keys : [issue.path.join('.')]))
            .join(', '),
        ),
      );
      return true;
    }
    const wanted = tokenRequestOf(parsed.data);
    if ('refused' in wanted) {
      html(response, 400, signInPage(lang, wanted.refused));
      return true;
    }
    const token = await auth.mint(wanted);
    response
      .writeHead(303, { location: `${WORKSPACE_PATH}#token=${token}`, 'cache-control': 'no-store' })
      .end();
    return true;
  };
