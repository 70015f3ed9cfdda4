// The names of the token claims Naseej reads besides `sub`, apart from functions/adapters/http/claims.ts
// (which parses and checks them) so that the workspace reads the same names without the parser.

/** Names of the token claims Naseej reads besides `sub` (namespaced, as OIDC recommends for custom claims). */
export const CLAIM = {
  roles: 'naseej:roles',
  regions: 'naseej:regions',
  association: 'naseej:association',
  rollout: 'naseej:rollout',
} as const;
