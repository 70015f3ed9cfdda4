import type { z } from 'zod';
import { RegisterSecretBody } from '../../functions/adapters/http/routes/partner-bodies.js';
import { ErasureBody, NameBody } from '../../functions/adapters/http/routes/people-bodies.js';

// Bodies of routes whose group cannot be bundled for the browser (the partner routes import Node
// built-ins) or should not be (the names' routes look people up in the history): the very schema
// objects those routes declare, from a module of their own
// (test/unit/workspace/src/forms-bodies.test.ts keeps them the same objects). `undefined`: the route
// takes no body. No Preact here, so a Node test reads it.

export const BODIES_OUTSIDE_ROUTE_GROUPS: ReadonlyMap<string, z.ZodType | undefined> = new Map<
  string,
  z.ZodType | undefined
>([
  ['registerPartnerWebhookSecret', RegisterSecretBody],
  ['retirePartnerWebhookSecret', undefined],
  ['recordMemberName', NameBody],
  ['eraseMemberName', ErasureBody],
  ['recordCommitteeMemberName', NameBody],
  ['eraseCommitteeMemberName', ErasureBody],
]);
