import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startRuntime } from '../../../local/runtime.js';
import { CHILD_ENV } from '../../support/runtime-helpers.js';

// Issue 22 (frictions of `npm start`): the busy-port explanation suggested the next port, taken
// too; `--in-memory` said on stop that the data were kept.

const servers: Server[] = [];
const folders: string[] = [];

/** Listens on `port` (0: any free one); undefined when it is taken. */
const occupy = (port: number): Promise<Server | undefined> =>
  new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(undefined));
    server.listen(port, '127.0.0.1', () => {
      servers.push(server);
      resolve(server);
    });
  });

const portOf = (server: Server) => (server.address() as { port: number }).port;

/** Two neighbouring ports, both held. */
const twoBusyPorts = async (): Promise<number> => {
  for (;;) {
    const first = (await occupy(0)) as Server;
    if ((await occupy(portOf(first) + 1)) !== undefined) return portOf(first);
  }
};

afterAll(async () => {
  for (const server of servers) await new Promise((resolve) => server.close(resolve));
  for (const folder of folders) await rm(folder, { recursive: true, force: true });
});

describe('npm start on a busy port whose next port is busy too', () => {
  it('suggests a port that is free', async () => {
    // Prepare
    const port = await twoBusyPorts();
    // Act
    const failure = (await startRuntime({ inMemory: true, port, quiet: true }).catch(
      (error: unknown) => error,
    )) as Error;
    // Assess
    const suggested = Number(/npm start -- --port (\d+) \(free now\)$/.exec(failure.message)?.[1]);
    expect(failure.message).toMatch(new RegExp(`^Port ${port} on 127\\.0\\.0\\.1 is already in use`));
    expect(suggested).toBeGreaterThan(port + 1);
    expect(await occupy(suggested)).toBeDefined();
  });
});

describe('npm start --in-memory, stopped with Ctrl-C', () => {
  it('says that nothing was kept', async () => {
    // Prepare
    const data = await mkdtemp(join(tmpdir(), 'naseej-in-memory-'));
    folders.push(data);
    const child = spawn(
      'node',
      ['--import', 'tsx', 'local/main.ts', '--in-memory', '--port', '0', '--data', data],
      { env: CHILD_ENV, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    const banner = new Promise<void>((resolve) => {
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        if (stdout.includes('Ctrl-C stops it')) resolve();
      });
    });
    const exited = new Promise<number | null>((resolve) => child.once('close', resolve));
    await Promise.race([banner, exited]);
    // Act
    child.kill('SIGINT');
    const code = await exited;
    // Assess
    expect(stdout).toContain('Ctrl-C stops it; nothing is kept (--in-memory).');
    expect(stdout).toContain('Stopped. Nothing was kept: it ran in memory (--in-memory).');
    expect(stdout).not.toContain('are kept');
    expect(code).toBe(0);
  }, 90_000);
});
