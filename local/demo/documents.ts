import { escapeHtml } from '../../functions/application/documents/html.js';
import { type DemoClient, type DemoRequestError, requestError } from './client.js';
import { type FigureLine, figureLineOf, targetsOf } from './figures.js';
import { type DemoRegionPlan, participantsOf } from './scenario.js';
import type { DemoTokens } from './tokens.js';

// The papers a played rollout ends with, fetched through the HTTP API as people would get them:
// the committee's minutes and the public notice of the operator call (Arabic and French web
// pages, and the Arabic minutes as a PDF where the server renders PDFs), the rollout's certificate
// list, and the public verification pages of a few certificates. Each becomes a line of figures,
// so a demo whose history does not produce its documents does not match.

/** The two languages of every document. */
export const DEMO_DOCUMENT_LANGUAGES = ['ar', 'fr'] as const;

/** How a server gets PDFs (local/documents-pdf.ts launches Debian's Chromium). */
export const PDF_CHROMIUM_HINT = 'apt-get install chromium on Debian, or NASEEJ_CHROMIUM=<its path>';

/**
 * The figure of the Arabic minutes' PDF. A 501 (a server without Chromium serves its documents as
 * HTML only) is not held against the run, but it is a warning that says how to get PDFs, not "ok".
 */
export const minutesPdfLine = (
  regionCode: string,
  minutesPdf: { readonly status: number; readonly isPdf: boolean },
): FigureLine => {
  const line = figureLineOf(regionCode);
  if (minutesPdf.status === 501) {
    return {
      ...line('minutes PDF (ar)', 'rendered', 'not rendered (501)', true),
      warning: `the server renders no PDF: it needs Chromium (${PDF_CHROMIUM_HINT})`,
    };
  }
  return line('minutes PDF (ar)', 'rendered', minutesPdf.isPdf ? 'rendered' : `status ${minutesPdf.status}`);
};

/** How many certificates' public verification pages the demo opens per rollout. */
export const VERIFICATION_SAMPLE = 3;

/** One web page of the call: which document, in which language, and what the server answered. */
export interface DemoDocumentPage {
  readonly document: 'minutes' | 'notice';
  readonly lang: (typeof DEMO_DOCUMENT_LANGUAGES)[number];
  readonly path: string;
  readonly status: number;
  readonly html: string;
}

/** A certificate as the rollout's list gives it (ids and codes, no names). */
export interface DemoCertificate {
  readonly kind: 'training' | 'trainer';
  readonly code: string;
  readonly memberId: string;
  readonly associationId: string;
}

/** What the demo fetched of one rollout's documents. */
export interface DemoRegionDocuments {
  readonly regionCode: string;
  readonly rolloutId: string;
  readonly callId: string;
  readonly pages: readonly DemoDocumentPage[];
  /** The Arabic minutes as a PDF: 200 with its size, or 501 where the server renders no PDF. */
  readonly minutesPdf: { readonly status: number; readonly bytes: number; readonly isPdf: boolean };
  readonly certificates: readonly DemoCertificate[];
  /** The verification pages opened, and whether each answered 200 naming the member's association. */
  readonly verified: readonly { readonly code: string; readonly status: number; readonly ok: boolean }[];
}

/** The documents' part of a run: what was fetched, and its lines of figures. */
export interface DocumentsReading {
  readonly documents: DemoRegionDocuments;
  readonly figures: readonly FigureLine[];
}

/** Options of the documents step. */
export interface ReadDocumentsOptions {
  /** How long to wait for the last certificates to reach the global order (default 30 s). */
  readonly patienceMs?: number;
}

interface RawAnswer {
  readonly status: number;
  readonly contentType: string;
  readonly bytes: Uint8Array;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A refusal or silence of the server, as a `DemoRequestError`: a rerun fetches the documents again. */
const fetchFailed = (step: string, status: number, detail: string, cause?: unknown): DemoRequestError =>
  requestError(step, status, undefined, detail, cause);

/** A GET whose answer is not JSON (a page, a PDF); retried a few times while the server is busy or gone. */
const fetchRaw = async (client: DemoClient, path: string, token?: string): Promise<RawAnswer> => {
  let failure: unknown;
  for (let attempt = 1; attempt <= 5; attempt += 1) {
    try {
      const response = await fetch(`${client.url}${path}`, {
        headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
      });
      const answer = {
        status: response.status,
        contentType: response.headers.get('content-type') ?? '',
        bytes: new Uint8Array(await response.arrayBuffer()),
      };
      // 501 is an answer (no PDF renderer here), not a server in trouble.
      if (answer.status < 500 || answer.status === 501) return answer;
      failure = new Error(`status ${answer.status}`);
    } catch (error) {
      failure = error;
    }
    await sleep(200 * attempt);
  }
  throw fetchFailed(`GET ${path}`, 0, String((failure as Error)?.message ?? failure), failure);
};

const textOf = (answer: RawAnswer): string => new TextDecoder().decode(answer.bytes);

/** The rollout's certificates, read again until the expected counts are in or patience runs out. */
const settledCertificates = async (
  client: DemoClient,
  plan: DemoRegionPlan,
  tokens: DemoTokens,
  patienceMs: number,
): Promise<DemoCertificate[]> => {
  const { members } = targetsOf(plan);
  const started = Date.now();
  for (;;) {
    const list = await client.read(`/documents/rollouts/${plan.rolloutId}/certificates`, tokens.ministry);
    const certificates: DemoCertificate[] = list?.certificates ?? [];
    const count = (kind: DemoCertificate['kind']) => certificates.filter((each) => each.kind === kind).length;
    // The last completions show in the global order once settled (a few seconds after the close).
    const complete = count('training') >= members && count('trainer') >= plan.targets.trainers;
    if (complete || Date.now() - started > patienceMs) return certificates;
    await sleep(500);
  }
};

/** Spread picks over a list: the first, the last, and evenly between. */
const spread = <Item>(items: readonly Item[], count: number): Item[] => {
  if (items.length <= count) return [...items];
  return Array.from(
    { length: count },
    (_, index) => items[Math.round((index * (items.length - 1)) / Math.max(1, count - 1))] as Item,
  );
};

/** Whether a public verification page answers and names the association the plan gives the member. */
const verifies = async (
  client: DemoClient,
  plan: DemoRegionPlan,
  certificate: DemoCertificate,
): Promise<{ code: string; status: number; ok: boolean }> => {
  const answer = await fetchRaw(client, `/certificates/${encodeURIComponent(certificate.code)}`);
  const beneficiary = participantsOf(plan).find((each) => each.associationId === certificate.associationId);
  const isMember = beneficiary?.members.some((member) => member.memberId === certificate.memberId) ?? false;
  const page = textOf(answer);
  return {
    code: certificate.code,
    status: answer.status,
    ok: answer.status === 200 && isMember && page.includes(escapeHtml(beneficiary?.name.ar ?? '\u0000')),
  };
};

/** Fetches a played rollout's documents and sets them against what the plan must produce. */
export const readDocuments = async (
  client: DemoClient,
  plan: DemoRegionPlan,
  tokens: DemoTokens,
  options: ReadDocumentsOptions = {},
): Promise<DocumentsReading> => {
  const callId = plan.operatorCallId;
  const pages: DemoDocumentPage[] = [];
  for (const document of ['minutes', 'notice'] as const) {
    for (const lang of DEMO_DOCUMENT_LANGUAGES) {
      const path = `/documents/calls/${encodeURIComponent(callId)}/${document}?lang=${lang}`;
      const answer = await fetchRaw(client, path);
      pages.push({ document, lang, path, status: answer.status, html: textOf(answer) });
    }
  }
  const pdf = await fetchRaw(
    client,
    `/documents/calls/${encodeURIComponent(callId)}/minutes?lang=ar&format=pdf`,
  );
  const minutesPdf = {
    status: pdf.status,
    bytes: pdf.bytes.length,
    isPdf:
      pdf.contentType === 'application/pdf' && new TextDecoder().decode(pdf.bytes.subarray(0, 5)) === '%PDF-',
  };
  const certificates = await settledCertificates(client, plan, tokens, options.patienceMs ?? 30_000);
  const verified = [];
  for (const certificate of spread(certificates, VERIFICATION_SAMPLE))
    verified.push(await verifies(client, plan, certificate));

  const line = figureLineOf(plan.regionCode);
  const operatorNamed = pages.filter(
    (page) => page.status === 200 && page.html.includes(escapeHtml(plan.operator.name[page.lang])),
  ).length;
  const { members } = targetsOf(plan);
  const sample = Math.min(VERIFICATION_SAMPLE, certificates.length);
  return {
    documents: {
      regionCode: plan.regionCode,
      rolloutId: plan.rolloutId,
      callId,
      pages,
      minutesPdf,
      certificates,
      verified,
    },
    figures: [
      line('minutes and notice (ar, fr) naming the operator', pages.length, operatorNamed),
      minutesPdfLine(plan.regionCode, minutesPdf),
      line('member certificates', members, certificates.filter((each) => each.kind === 'training').length),
      line(
        'trainer certificates',
        plan.targets.trainers,
        certificates.filter((each) => each.kind === 'trainer').length,
      ),
      line(
        'certificate verification pages (sample)',
        Math.max(sample, 1),
        verified.filter((each) => each.ok).length,
      ),
    ],
  };
};
