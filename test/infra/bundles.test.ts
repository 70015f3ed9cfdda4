import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { isBuiltin } from 'node:module';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { esbuildOptionsOf, lambdaEntries } from '../../bench/bundles.js';
import {
  BUNDLE_LIMIT_BYTES,
  NASEEJ_BUNDLING,
  REPOSITORY_ROOT,
} from '../../infra/constructs/naseej-function.js';

/** Sixteen esbuild runs on a busy machine. */
const BUNDLING_TIMEOUT_MS = 120_000;

describe('the Lambda bundles', () => {
  let folder: string;
  const sizes: Record<string, number> = {};
  const imports: Record<string, string[]> = {};
  /** Arabic letters written as `\uXXXX` escapes (6 bytes each) rather than as UTF-8 (2). */
  const escapedArabic: Record<string, number> = {};
  let files: string[] = [];

  beforeAll(async () => {
    // Prepare, Act: every handler bundled with the options CDK uses (as `cdk synth` bundles them).
    folder = await mkdtemp(join(REPOSITORY_ROOT, '.bundles-test-'));
    for (const entry of await lambdaEntries()) {
      const outdir = join(folder, entry.replaceAll('/', '-'));
      const options = esbuildOptionsOf(NASEEJ_BUNDLING, entry, outdir);
      const result = await build(options);
      const code = await readFile(options.outfile as string, 'utf8');
      sizes[entry] = Buffer.byteLength(code);
      escapedArabic[entry] = code.match(/\\u06[0-9a-f]{2}/gi)?.length ?? 0;
      imports[entry] = Object.values(result.metafile?.outputs ?? {})
        .flatMap((output) => output.imports.filter((one) => one.external).map((one) => one.path))
        .filter((path) => !isBuiltin(path))
        .sort()
        .filter((path, index, all) => all.indexOf(path) === index);
      files = [...files, ...(await readdir(outdir)).map((file) => `${entry}: ${file}`)];
    }
  }, BUNDLING_TIMEOUT_MS);

  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('bundles the sixteen handlers CDK deploys', () => {
    // Assess: a new handler is measured too.
    expect(Object.keys(sizes)).toEqual([
      'functions/handlers/attachments.ts',
      'functions/handlers/commit-splitter.ts',
      'functions/handlers/documents.ts',
      'functions/handlers/events.ts',
      'functions/handlers/grants.ts',
      'functions/handlers/integrity.ts',
      'functions/handlers/notifications.ts',
      'functions/handlers/partners.ts',
      'functions/handlers/pre-token-generation.ts',
      'functions/handlers/projections.ts',
      'functions/handlers/read-models.ts',
      'functions/handlers/rollouts.ts',
      'functions/handlers/selection.ts',
      'functions/handlers/training.ts',
      'functions/handlers/webhook-dispatcher.ts',
      'functions/handlers/webhooks.ts',
      'workflows/handlers/workflow-callback.ts',
      'workflows/handlers/workflow-task.ts',
    ]);
    expect(BUNDLE_LIMIT_BYTES).toBe(307_200); // 300 KB (docs/adr/0066-bundles-within-300-kb.md)
  });

  it('keeps every bundle within the limit (300 KB, docs/adr/0066-bundles-within-300-kb.md)', () => {
    // Assess
    const over = Object.entries(sizes).filter(([, bytes]) => bytes > BUNDLE_LIMIT_BYTES);
    expect(over).toEqual([]);
  });

  it('writes text as UTF-8, not as escapes (esbuildArgs --charset=utf8)', () => {
    // Assess: the documents function's Arabic labels (functions/application/documents/html.ts).
    expect(Object.entries(escapedArabic).filter(([, count]) => count > 0)).toEqual([]);
  });

  it('ships one file per function: no source map the runtime would never read', () => {
    // Assess
    expect(files.filter((file) => !file.endsWith(': index.mjs'))).toEqual([]);
  });

  it('leaves only the AWS SDK clients to the runtime, and the Secrets Manager client to the functions that use it', () => {
    // Assess: everything else is bundled (the runtime provides the SDK v3 and nothing more).
    for (const [entry, paths] of Object.entries(imports)) {
      expect({ entry, other: paths.filter((path) => !path.startsWith('@aws-sdk/client-')) }).toEqual({
        entry,
        other: [],
      });
    }
    const secretsManager = Object.entries(imports)
      .filter(([, paths]) => paths.includes('@aws-sdk/client-secrets-manager'))
      .map(([entry]) => entry);
    expect(secretsManager).toEqual([
      'functions/handlers/partners.ts',
      'functions/handlers/webhook-dispatcher.ts',
      'functions/handlers/webhooks.ts',
    ]);
    const ses = Object.entries(imports)
      .filter(([, paths]) => paths.includes('@aws-sdk/client-sesv2'))
      .map(([entry]) => entry);
    expect(ses).toEqual(['functions/handlers/notifications.ts']);
  });
});
