import { mkdtemp, readdir, readFile, readlink, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Runtime, startRuntime } from '../../../local/runtime.js';

// Issue 22, defect 3: the runtime's embedded DynamoDB answered a Scan on a loopback port to any
// local user (every partner and subscription signing secret), and its data folder's files were
// world-readable. Only the runtime's own user may reach the database or read its data.

/** The TCP ports this process listens on (Linux: its socket descriptors matched in /proc/net/tcp*). */
const listeningPorts = async (): Promise<number[]> => {
  const inodes = new Set<string>();
  for (const fd of await readdir('/proc/self/fd')) {
    const target = await readlink(`/proc/self/fd/${fd}`).catch(() => '');
    const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
    if (inode !== undefined) inodes.add(inode);
  }
  const ports = new Set<number>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    const lines = (await readFile(table, 'utf8').catch(() => '')).trim().split('\n').slice(1);
    for (const line of lines) {
      const [, local, , state, , , , , , inode] = line.trim().split(/\s+/);
      if (state === '0A' && inode !== undefined && inodes.has(inode))
        ports.add(Number.parseInt(local?.split(':')[1] ?? '', 16));
    }
  }
  return [...ports].sort((a, b) => a - b);
};

/** A DynamoDB Scan of the runtime's table as another local user could send it (dynalite checks no signature). */
const scanAt = (port: number) =>
  fetch(`http://127.0.0.1:${port}/`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.0',
      'x-amz-target': 'DynamoDB_20120810.Scan',
      'x-amz-date': '20260101T000000Z',
      authorization:
        'AWS4-HMAC-SHA256 Credential=other/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0',
    },
    body: JSON.stringify({ TableName: 'naseej-events' }),
    redirect: 'manual',
  }).then(async (response) => ({ port, status: response.status, body: await response.text() }));

/** Every file and folder under `folder` with its permission bits, as `relative path mode`. */
const modesUnder = async (folder: string): Promise<string[]> => {
  const entries = await readdir(folder, { recursive: true });
  const modes = await Promise.all(
    ['.', ...entries].map(async (entry) => {
      const info = await stat(join(folder, entry));
      return `${info.isDirectory() ? 'dir' : 'file'} ${(info.mode & 0o777).toString(8)}`;
    }),
  );
  return [...new Set(modes)].sort();
};

describe('the runtime on a data folder, as seen by another local user', () => {
  let folder: string;
  let runtime: Runtime;

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'naseej-private-'));
    runtime = await startRuntime({ dataDir: folder, port: 0, quiet: true });
    const created = await fetch(`${runtime.url}/partners/amsed/webhook-secrets`, {
      method: 'POST',
      headers: { authorization: `Bearer ${runtime.tokens.ministry}`, 'content-type': 'application/json' },
      body: JSON.stringify({ associationId: 'assoc-amsed', rolloutId: 'rollout-FM-2026' }),
    });
    expect(created.status).toBe(201);
  }, 60_000);

  afterAll(async () => {
    await runtime?.stop();
    await rm(folder, { recursive: true, force: true });
  });

  it('reaches the database through no port: no port it listens on answers a DynamoDB Scan', async () => {
    // Act
    const ports = await listeningPorts();
    const scans = await Promise.all(ports.map(scanAt));
    // Assess
    expect(ports).toEqual([runtime.port]);
    expect(scans.filter((scan) => /"Items"|whsec_/.test(scan.body))).toEqual([]);
  });

  it('keeps its data folder 0700 and every file in it 0600', async () => {
    // Act
    const modes = await modesUnder(folder);
    // Assess
    expect(modes).toEqual(['dir 700', 'file 600']);
  });
});
