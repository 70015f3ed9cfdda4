import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { escapeHtml } from '../functions/application/documents/html.js';
import {
  type MailSender,
  mailRejectedError,
  mailThrottledError,
  type OutgoingMail,
} from '../functions/application/notifications/mail.js';
import {
  NASEEJ_SENDING_QUOTA,
  type SendingQuota,
  SendingQuotaGate,
} from '../functions/application/notifications/quota.js';
import type { RequestHook } from './http-static.js';

// The local stand-in for SES (docs/adr/0105-ses-sending.md): each e-mail is written as an .eml file
// (RFC 5322, MIME, UTF-8) in the data folder's `outbox/`, and `/outbox/` lists them for a
// developer to open. It is never kinder than SES: the same sending quota (per second, per 24 h)
// refused with the same throttling error, and one recipient per message as the consumer sends.

/** The folder of the outbox inside the data folder. */
export const OUTBOX_FOLDER = 'outbox';
/** Where the local server lists the outbox. */
export const OUTBOX_PATH = '/outbox';

/** The ASCII header form of a UTF-8 text (RFC 2047 encoded word, base64). */
const encodedWord = (text: string): string =>
  /^[\x20-\x7e]*$/.test(text) ? text : `=?UTF-8?B?${Buffer.from(text, 'utf8').toString('base64')}?=`;

/** Base64 in lines of 76 characters (RFC 2045). */
const base64Lines = (text: string): string =>
  (
    Buffer.from(text, 'utf8')
      .toString('base64')
      .match(/.{1,76}/g) ?? []
  ).join('\r\n');

/** Anything that is not a safe file-name character becomes `_`. */
const fileSafe = (value: string): string => value.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 150);

/** A plausible address: one `@`, no spaces or angle brackets (SES refuses others as MessageRejected/BadRequest). */
const ADDRESS = /^[^\s<>@]+@[^\s<>@]+\.[^\s<>@]+$/;

/** The message as an .eml file's text. */
export const toEml = (mail: OutgoingMail, date: Date): string =>
  [
    `From: ${mail.from}`,
    `To: ${mail.to}`,
    `Subject: ${encodedWord(mail.subject)}`,
    `Date: ${date.toUTCString().replace('GMT', '+0000')}`,
    `Message-ID: <${fileSafe(mail.notificationId)}@naseej.local>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=UTF-8',
    'Content-Transfer-Encoding: base64',
    `Content-Language: ${mail.language}`,
    '',
    base64Lines(mail.text),
    '',
  ].join('\r\n');

export interface MailOutboxOptions {
  /** The outbox folder (created when missing). */
  readonly folder: string;
  readonly clock: () => Date;
  /** Defaults to the quota the deployment must have (functions/application/notifications/quota.ts). */
  readonly quota?: SendingQuota;
}

/** One e-mail of the outbox, as the listing shows it. */
export interface OutboxEntry {
  readonly file: string;
  readonly to: string;
  readonly subject: string;
  readonly language: string;
  readonly text: string;
}

export class MailOutbox implements MailSender {
  readonly folder: string;
  readonly #clock: () => Date;
  readonly #gate: SendingQuotaGate;
  #sequence = 0;

  constructor(options: MailOutboxOptions) {
    this.folder = options.folder;
    this.#clock = options.clock;
    this.#gate = new SendingQuotaGate(options.quota ?? NASEEJ_SENDING_QUOTA);
  }

  async send(mail: OutgoingMail): Promise<{ readonly providerMessageId: string }> {
    if (!ADDRESS.test(mail.to)) throw mailRejectedError(`Not an e-mail address: ${JSON.stringify(mail.to)}`);
    const now = this.#clock();
    const refused = this.#gate.take(now.getTime());
    if (refused !== undefined) throw mailThrottledError(refused);
    await mkdir(this.folder, { recursive: true, mode: 0o700 });
    this.#sequence += 1;
    const stamp = now.toISOString().replace(/[-:.]/g, '');
    const file = `${stamp}-${String(this.#sequence).padStart(4, '0')}-${fileSafe(mail.notificationId)}.eml`;
    // Written whole, then renamed: a reader never sees half a message.
    const partial = join(this.folder, `.${file}.partial`);
    await writeFile(partial, toEml(mail, now), { mode: 0o600 });
    await rename(partial, join(this.folder, file));
    return { providerMessageId: file };
  }

  /** The messages of the outbox, oldest first. */
  async list(): Promise<OutboxEntry[]> {
    let files: string[];
    try {
      files = (await readdir(this.folder)).filter((name) => name.endsWith('.eml')).sort();
    } catch {
      return [];
    }
    return Promise.all(
      files.map(async (file) => ({ file, ...parseEml(await readFile(join(this.folder, file), 'utf8')) })),
    );
  }

  /** Lists the outbox at `/outbox/` and serves each message at `/outbox/<file>` (message/rfc822). */
  hook(): RequestHook {
    return async (request, response) => {
      const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
      if (path !== OUTBOX_PATH && !path.startsWith(`${OUTBOX_PATH}/`)) return false;
      if ((request.method ?? 'GET') !== 'GET') {
        response.writeHead(405, { allow: 'GET' }).end();
        return true;
      }
      const name = decodeURIComponent(path.slice(OUTBOX_PATH.length + 1));
      const entries = await this.list();
      if (name === '') {
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
        response.end(outboxPage(entries));
        return true;
      }
      const entry = entries.find((candidate) => candidate.file === name);
      if (entry === undefined) {
        response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found');
        return true;
      }
      response.writeHead(200, { 'content-type': 'message/rfc822', 'x-content-type-options': 'nosniff' });
      response.end(await readFile(join(this.folder, entry.file)));
      return true;
    };
  }
}

/** Reads back the headers and text this outbox writes (not a general MIME parser). */
export const parseEml = (eml: string): Omit<OutboxEntry, 'file'> => {
  const [head = '', ...rest] = eml.split('\r\n\r\n');
  const header = (name: string): string => new RegExp(`^${name}: (.*)$`, 'mi').exec(head)?.[1]?.trim() ?? '';
  const decode = (value: string): string => {
    const word = /^=\?UTF-8\?B\?([A-Za-z0-9+/=]+)\?=$/.exec(value);
    return word?.[1] === undefined ? value : Buffer.from(word[1], 'base64').toString('utf8');
  };
  return {
    to: header('To'),
    subject: decode(header('Subject')),
    language: header('Content-Language'),
    text: Buffer.from(rest.join('\r\n\r\n').replace(/\s+/g, ''), 'base64').toString('utf8'),
  };
};

const outboxPage = (entries: readonly OutboxEntry[]): string => {
  const rows = [...entries]
    .reverse()
    .map(
      (entry) =>
        `<tr><td>${escapeHtml(entry.file.slice(0, 16))}</td><td>${escapeHtml(entry.to)}</td>` +
        `<td lang="${escapeHtml(entry.language)}" dir="${entry.language === 'ar' ? 'rtl' : 'ltr'}">` +
        `<a href="${OUTBOX_PATH}/${encodeURIComponent(entry.file)}">${escapeHtml(entry.subject)}</a></td></tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Naseej local outbox</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><h1>Local outbox</h1><p>${entries.length} e-mail(s) the runtime would have sent through SES, newest first.</p>
<table><thead><tr><th>when (UTC)</th><th>to</th><th>subject</th></tr></thead><tbody>
${rows}
</tbody></table></body></html>
`;
};
