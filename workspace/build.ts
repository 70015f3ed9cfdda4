import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

// Builds the staff workspace (workspace/src, Preact + TSX) into a folder of static files:
// index.html, styles.css, config.json and assets/app.js. The local runtime runs it at start (into a
// temporary folder it serves under /workspace); the CDK app runs it into the site it deploys.
// Usage: node --import tsx workspace/build.ts <outDir>

const HERE = fileURLToPath(new URL('.', import.meta.url));

/** What the page reads at start: where a person signs in (the dev page locally, Cognito on AWS). */
export interface WorkspaceConfig {
  /** Where "sign in" leads; it comes back to the workspace with `#token=<jwt>`. */
  readonly signInUrl: string;
  /** The API's base URL; empty for the same origin (the local runtime). */
  readonly apiUrl: string;
}

export interface BuildWorkspaceOptions {
  readonly outDir: string;
  readonly config?: Partial<WorkspaceConfig>;
  /** Minify the script (default true). */
  readonly minify?: boolean;
}

export interface BuiltWorkspace {
  readonly outDir: string;
  /** Bytes of each file written (assets/app.js is the bundle). */
  readonly bytes: Readonly<Record<string, number>>;
}

/** The local runtime's dev sign-in page (local/dev-sign-in.ts). */
export const DEV_SIGN_IN_URL = '/dev/sign-in';

/** Builds the workspace into `outDir` (created if missing); answers the size of what it wrote. */
export const buildWorkspace = async (options: BuildWorkspaceOptions): Promise<BuiltWorkspace> => {
  const outDir = resolve(options.outDir);
  await mkdir(join(outDir, 'assets'), { recursive: true });
  const result = await build({
    entryPoints: [join(HERE, 'src', 'main.tsx')],
    outfile: join(outDir, 'assets', 'app.js'),
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: ['es2022'],
    jsx: 'automatic',
    jsxImportSource: 'preact',
    minify: options.minify ?? true,
    legalComments: 'none',
    metafile: true,
    logLevel: 'silent',
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  const config: WorkspaceConfig = {
    signInUrl: options.config?.signInUrl ?? DEV_SIGN_IN_URL,
    apiUrl: options.config?.apiUrl ?? '',
  };
  await copyFile(join(HERE, 'index.html'), join(outDir, 'index.html'));
  await copyFile(join(HERE, 'styles.css'), join(outDir, 'styles.css'));
  await writeFile(join(outDir, 'config.json'), `${JSON.stringify(config, null, 2)}\n`);
  const bytes: Record<string, number> = {};
  for (const [file, output] of Object.entries(result.metafile.outputs)) {
    bytes[file.slice(file.lastIndexOf('assets/'))] = output.bytes;
  }
  return { outDir, bytes };
};

const isMain = process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const outDir = process.argv[2];
  if (outDir === undefined) {
    console.error('usage: node --import tsx workspace/build.ts <outDir>');
    process.exit(2);
  }
  const built = await buildWorkspace({ outDir });
  for (const [file, size] of Object.entries(built.bytes)) console.log(`${file} ${size} bytes`);
}
