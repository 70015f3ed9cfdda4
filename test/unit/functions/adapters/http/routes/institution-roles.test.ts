import { describe, expect, it } from 'vitest';
import {
  actingRole,
  isPublic,
  isSignature,
  roleCovers,
} from '../../../../../../functions/adapters/http/access.js';
import type { Principal } from '../../../../../../functions/adapters/http/claims.js';
import { isHttpError } from '../../../../../../functions/adapters/http/problem.js';
import { routes } from '../../../../../../functions/adapters/http/routes/index.js';

// Issue 20, item 7: the Wali and the Regional Council sign with the signatory role (ADR 0073,
// ADR 0092); they sign and read, never operate.

const wali: Principal = { subject: 'wali-fm', roles: ['signatory'], regions: ['FM'], partner: undefined };

describe('the role of the region’s institutions', () => {
  it.each(['signatory'] as const)('lets %s change nothing but a signature', (role) => {
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
    expect(actingRole(sign.access, wali, { region: 'FM' })).toBe('signatory');
    let refused: unknown;
    try {
      actingRole(sign.access, wali, { region: 'MS' });
    } catch (error) {
      refused = error;
    }
    expect(isHttpError(refused) && [refused.status, refused.code]).toEqual([403, 'OUT_OF_SCOPE']);
    expect(roleCovers('signatory', wali, { region: 'FM' })).toBe(true);
    expect(roleCovers('signatory', wali, { region: 'MS' })).toBe(false);
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
