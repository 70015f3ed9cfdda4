import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { catalogDocuments } from './catalog-documents.js';

/** Writes docs/catalog/ (JSON Schema per event type and version, AsyncAPI 3): `npm run catalog`. */
const root = join(dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'catalog');
await rm(root, { recursive: true, force: true });
const documents = catalogDocuments();
for (const [name, content] of Object.entries(documents)) {
  const path = join(root, name);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, content);
}
const written = await readdir(join(root, 'json-schema'));
console.log(`docs/catalog: ${written.length} JSON Schemas and asyncapi.json`);
