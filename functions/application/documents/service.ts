import { create as createQrCode } from 'qrcode/lib/core/qrcode.js';
import { render as renderSvgTag } from 'qrcode/lib/renderer/svg-tag.js';
import { callStreamId } from '../../domain/call/call.js';
import { committeeStreamId } from '../../domain/committee/committee.js';
import type { EventStore, StoredEvent } from '../ports/event-store.js';
import type { PersonalDataVault } from '../ports/personal-data.js';
import { type Certificate, CertificateRegistry } from './certificates.js';
import type { NameOf, PersonName } from './html.js';
import { minutesOf, type SelectionMinutes } from './minutes.js';

// What the document routes need, and the loading they share: streams, the certificate registry
// (folded from the global order, cached per store and brought up to date on each request), the
// names of the people a document shows, and QR codes.

/** Turns a document's HTML into a PDF (headless Chromium locally; see docs/adr/0041-documents.md). */
export interface PdfRenderer {
  /** `@font-face` rules embedding a font with Arabic glyphs, put into every page rendered to PDF. */
  readonly fontCss: string;
  render(html: string): Promise<Uint8Array>;
}

/** Route dependencies the documents use; each optional (absent: names by id, no PDF). */
export interface DocumentDependencies {
  /** People's names (members, committee members); erased ones print as erased. */
  readonly personalData?: PersonalDataVault;
  readonly pdfRenderer?: PdfRenderer;
  /** The public address of the API, for the certificates' QR codes (default a relative path). */
  readonly publicBaseUrl?: () => string;
}

const collect = async (events: AsyncIterable<StoredEvent>): Promise<StoredEvent[]> => {
  const all: StoredEvent[] = [];
  for await (const event of events) all.push(event);
  return all;
};

/** The minutes of a call's committee from its two streams, or undefined before publication. */
export const loadMinutes = async (store: EventStore, callId: string): Promise<SelectionMinutes | undefined> =>
  minutesOf(
    await collect(store.readStream(callStreamId(callId))),
    await collect(store.readStream(committeeStreamId(callId))),
  );

interface CachedRegistry {
  readonly registry: CertificateRegistry;
  updating: Promise<void>;
}

const registries = new WeakMap<EventStore, CachedRegistry>();

const catchUp = async (store: EventStore, registry: CertificateRegistry): Promise<void> => {
  for (;;) {
    const page = await store.readGlobal(registry.checkpoint, { limit: 1000 });
    for (const event of page.events) registry.apply(event);
    if (page.events.length === 0 || page.checkpoint === registry.checkpoint) return;
    registry.checkpoint = page.checkpoint;
  }
};

/**
 * The certificate registry of a store, brought up to date with the global order (one registry per
 * store and process; updates run one at a time). A read model would hold it on AWS (ADR 0041).
 */
export const certificateRegistryOf = async (store: EventStore): Promise<CertificateRegistry> => {
  let cached = registries.get(store);
  if (cached === undefined) {
    cached = { registry: new CertificateRegistry(), updating: Promise.resolve() };
    registries.set(store, cached);
  }
  const { registry } = cached;
  cached.updating = cached.updating.catch(() => undefined).then(() => catchUp(store, registry));
  await cached.updating;
  return registry;
};

/** Looks every id up in the vault once, and answers synchronously for the templates. */
export const namesOf = async (
  vault: PersonalDataVault | undefined,
  personIds: readonly string[],
): Promise<NameOf> => {
  const names = new Map<string, PersonName>();
  if (vault !== undefined) {
    for (const personId of new Set(personIds)) {
      const found = await vault.lookup(personId);
      names.set(
        personId,
        found.status === 'known'
          ? { status: 'known', name: found.person.displayName }
          : { status: found.status },
      );
    }
  }
  return (personId) => names.get(personId) ?? { status: 'unknown' };
};

/** The people a set of minutes names. */
export const peopleOfMinutes = (minutes: SelectionMinutes): string[] => [
  ...minutes.memberIds,
  ...minutes.conflicts.map((conflict) => conflict.memberId),
  ...minutes.sheets.map((sheet) => sheet.memberId),
];

/** The public verification address of a certificate. */
export const verificationUrlOf = (deps: DocumentDependencies, certificate: Certificate): string =>
  `${deps.publicBaseUrl?.() ?? ''}/certificates/${certificate.code}`;

/**
 * A QR code of `url`, as an inline SVG (no image file, no network): what qrcode's `toString` with
 * `type: 'svg'` returns, from the two modules that make it (./qrcode.d.ts says why).
 */
export const qrSvgOf = async (url: string): Promise<string> =>
  renderSvgTag(createQrCode(url, { errorCorrectionLevel: 'M' }), { type: 'svg', margin: 1 });
