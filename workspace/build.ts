import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

// Placeholder build of the workspace (issue 21): the CDK app runs `node --import tsx
// workspace/build.ts <outDir>` to build the workspace's static files into <outDir>
// (infra/constructs/dashboard-site.ts). The workspace itself replaces this file.

const outDir = process.argv[2];
if (outDir === undefined) {
  process.stderr.write('usage: node --import tsx workspace/build.ts <outDir>\n');
  process.exit(2);
}
await mkdir(resolve(outDir), { recursive: true });
await writeFile(
  join(resolve(outDir), 'index.html'),
  '<!doctype html><html lang="fr"><meta charset="utf-8"><title>Naseej</title><p>Naseej</p></html>\n',
);
// The local runtime's settings: sign in on the dev page, call the API on the same origin.
await writeFile(join(resolve(outDir), 'config.json'), '{ "signInUrl": "/dev/sign-in", "apiUrl": "" }\n');
