import { spawn } from 'node:child_process';
import { buildProgram } from '../../local/cli/program.js';

/** Polls `probe` until it returns a value other than undefined; fails after `timeoutMs` (a safety net, not a measure). */
export const eventually = async <T>(
  probe: () => Promise<T | undefined>,
  what: string,
  timeoutMs = 30_000,
): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Still waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};

/** Runs the `naseej` program in this process and collects what it prints. */
export const runCli = async (argv: readonly string[]): Promise<{ out: string; err: string }> => {
  let out = '';
  let err = '';
  const program = buildProgram({
    out: (text) => {
      out += text;
    },
    err: (text) => {
      err += text;
    },
    interactive: false,
    sleep: async () => undefined,
  });
  program.exitOverride();
  await program.parseAsync(['node', 'naseej', ...argv]);
  return { out, err };
};

/** How a command ended: its exit code (null when killed) and what it wrote. */
export interface FinishedCommand {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Child processes print no AWS SDK Node-version warning and no colours. */
export const CHILD_ENV = {
  ...process.env,
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  NO_COLOR: '1',
};

/** Runs a command to its end, as a person would type it (no shell); fails after `timeoutMs`. */
export const runToEnd = (
  command: string,
  args: readonly string[],
  options: { readonly cwd?: string; readonly timeoutMs?: number } = {},
): Promise<FinishedCommand> =>
  new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
      env: CHILD_ENV,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${command} ${args.join(' ')} did not end; stderr: ${stderr}`));
    }, options.timeoutMs ?? 60_000);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });

/** Runs `npx tsx local/main.ts …` until it exits; its exit code and what it wrote. */
export const runMainProcess = (args: readonly string[], timeoutMs = 60_000): Promise<FinishedCommand> =>
  runToEnd('npx', ['tsx', 'local/main.ts', ...args], { timeoutMs });
