import { describe, expect, it } from 'vitest';
import { actingRole, isPublic, isSignature, roleCovers } from '../../../functions/http/access.js';
import type { Principal } from '../../../functions/http/claims.js';
import { isHttpError } from '../../../functions/http/problem.js';
import { routes } from '../../../functions/http/routes/index.js';

// Issue 20, item 7: the Wali and the Regional Council sign with their own roles; they sign and
// read, never operate.

const wali: Principal = { subject: 'wali-fm', roles: ['wali'], regions: ['FM'], partner: undefined };

describe('the roles of the region’s institutions', () => {
  it.each(['wali', 'regional-council'] as const)('lets %s change nothing but a signature', (role) => {
    const writes = routes.filter(
      (route) =>
        route.method !== 'GET' &&
        !isPublic(route.access) &&
        !isSignature(route.access) &&
        'roles' in route.access &&
        route.access.roles.includes(role),
    );
    expect(writes.map((route) => route.operationId)).toEqual(['signAgreement']);
  });

  it('signs within its region only', () => {
    const sign = routes.find((route) => route.operationId === 'signAgreement');
    if (!sign) throw new Error('no signAgreement route');
    expect(actingRole(sign.access, wali, { region: 'FM' })).toBe('wali');
    let refused: unknown;
    try {
      actingRole(sign.access, wali, { region: 'MS' });
    } catch (error) {
      refused = error;
    }
    expect(isHttpError(refused) && [refused.status, refused.code]).toEqual([403, 'OUT_OF_SCOPE']);
    expect(roleCovers('regional-council', { ...wali, roles: ['regional-council'] }, { region: 'FM' })).toBe(
      true,
    );
  });

  it('is refused on an operating route with a clear problem', () => {
    const draft = routes.find((route) => route.operationId === 'draftAgreement');
    if (!draft) throw new Error('no draftAgreement route');
    let refused: unknown;
    try {
      actingRole(draft.access, wali, { region: 'FM' });
    } catch (error) {
      refused = error;
    }
    expect(isHttpError(refused) && [refused.status, refused.code]).toEqual([403, 'ROLE_NOT_ALLOWED']);
  });
});
