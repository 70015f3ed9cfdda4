import { access } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { HttpRole } from '../../functions/adapters/http/claims.js';
import { HTTP_ROLES } from '../../functions/adapters/http/claims.js';
import { DEV_KEY_FILE, DEV_PRINCIPALS, DevAuth } from '../dev-auth.js';
import { cliError } from './api-client.js';

// Dev tokens minted from the data folder's signing key: the key `npm start` created (and verifies
// tokens with), so a token minted here is accepted by that running server.

/** Parses a role name; throws a `CliError` listing the roles otherwise. */
export const parseRole = (role: string): HttpRole => {
  if ((HTTP_ROLES as readonly string[]).includes(role)) return role as HttpRole;
  throw cliError('UNKNOWN_ROLE', `No role ${role}; roles: ${HTTP_ROLES.join(', ')}`, 2);
};

/** Mints a dev token for a role (its DEV_PRINCIPALS subject and scope) with the data folder's key. */
export const mintDevToken = async (dataDir: string, role: HttpRole, hours = 12): Promise<string> => {
  const folder = resolve(dataDir);
  try {
    await access(join(folder, DEV_KEY_FILE));
  } catch {
    throw cliError(
      'NO_SIGNING_KEY',
      `No dev signing key in ${folder}: start Naseej once with npm start (or point --data at its data folder)`,
      2,
    );
  }
  const auth = await DevAuth.create({ folder });
  return auth.mint({ ...DEV_PRINCIPALS[role], expiresInSeconds: Math.round(hours * 3600) });
};
