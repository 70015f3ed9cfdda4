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

/** Runs `npx tsx local/main.ts …` until it exits; its exit code and what it wrote. */
export const runMainProcess = (
  args: readonly string[],
  timeoutMs = 60_000,
): Promise<{ code: number | null; stdout: string; stderr: string }> =>
  new Promise((resolve, reject) => {
    const child = spawn('npx', ['tsx', 'local/main.ts', ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
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
      reject(new Error(`local/main.ts did not exit; stderr: ${stderr}`));
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
