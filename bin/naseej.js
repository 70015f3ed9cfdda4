#!/usr/bin/env node
// The `naseej` command: runs local/cli/main.ts with tsx's loader (TypeScript, no build step).
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const loader = pathToFileURL(require.resolve('tsx')).href;
const main = fileURLToPath(new URL('../local/cli/main.ts', import.meta.url));
const result = spawnSync(process.execPath, ['--import', loader, main, ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...process.env },
});
process.exit(result.status ?? 1);
