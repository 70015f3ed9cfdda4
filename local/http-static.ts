import { readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

/**
 * Serves a folder of static files (the dashboard) under a mount path of the local server.
 * A few lines of node:http rather than a framework: the local server is plain node:http and
 * needs only GET/HEAD of files, with no directory listing and no escape from the folder.
 */

/** Answers a request it owns (true) or leaves it to the next handler (false). */
export type RequestHook = (request: IncomingMessage, response: ServerResponse) => Promise<boolean>;

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.map': 'application/json',
};

export interface StaticFilesOptions {
  /** The folder served. */
  readonly root: string;
  /** The URL path it is served under, e.g. `/dashboard`. */
  readonly mount: string;
  /** The file served for the mount itself (default index.html). */
  readonly index?: string;
  /** Extra files under the mount, from other folders (e.g. `/dashboard/vendor/chart.umd.js`). */
  readonly aliases?: Readonly<Record<string, string>>;
}

/** A hook serving `root` under `mount`; unknown files under the mount answer 404. */
export const staticFiles = (options: StaticFilesOptions): RequestHook => {
  const mount = options.mount.replace(/\/+$/, '');
  const index = options.index ?? 'index.html';
  const root = normalize(options.root);
  return async (request, response) => {
    const method = (request.method ?? 'GET').toUpperCase();
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    if (path !== mount && !path.startsWith(`${mount}/`)) return false;
    if (method !== 'GET' && method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD' }).end();
      return true;
    }
    if (path === mount) {
      response.writeHead(301, { location: `${mount}/` }).end();
      return true;
    }
    let relative: string;
    try {
      relative = decodeURIComponent(path.slice(mount.length + 1)) || index;
    } catch {
      response.writeHead(400).end();
      return true;
    }
    const aliased = options.aliases?.[`/${relative}`];
    const file = aliased ?? normalize(join(root, relative));
    if (aliased === undefined && file !== root && !file.startsWith(`${root}${sep}`)) {
      response.writeHead(404).end();
      return true;
    }
    try {
      if (!(await stat(file)).isFile()) throw new Error('not a file');
      const content = await readFile(file);
      response.writeHead(200, {
        'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
        'cache-control': 'no-cache',
        'x-content-type-options': 'nosniff',
      });
      response.end(method === 'HEAD' ? undefined : content);
    } catch {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found');
    }
    return true;
  };
};
