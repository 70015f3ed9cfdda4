import { describe, expect, it } from 'vitest';
import { partnerRoutes } from '../../../../functions/adapters/http/routes/partners.js';
import { peopleRoutes } from '../../../../functions/adapters/http/routes/people.js';
import { BODIES_OUTSIDE_ROUTE_GROUPS } from '../../../../workspace/src/form-bodies.js';

// The workspace's forms check with the route table's own schemas (docs/adr/0070-workspace-ui.md,
// docs/adr/0075-ministry-screens.md): the partner routes cannot be bundled for the browser, nor
// should the names' routes be (docs/adr/0139-names-screens.md), so their bodies come from modules
// of their own; they must be the very objects the routes declare.

describe("the workspace's form schemas outside the bundled route groups", () => {
  it("are the partner and names routes' own body schemas, and none for a route that takes no body", () => {
    // Arrange
    const declared = new Map(
      [...partnerRoutes, ...peopleRoutes].map((route) => [route.operationId, route.request.body]),
    );

    // Assess
    expect([...BODIES_OUTSIDE_ROUTE_GROUPS.keys()]).toEqual([
      'registerPartnerWebhookSecret',
      'retirePartnerWebhookSecret',
      'recordMemberName',
      'eraseMemberName',
      'recordCommitteeMemberName',
      'eraseCommitteeMemberName',
    ]);
    for (const [operationId, body] of BODIES_OUTSIDE_ROUTE_GROUPS) {
      expect(declared.has(operationId), operationId).toBe(true);
      expect(body, operationId).toBe(declared.get(operationId));
    }
    expect(BODIES_OUTSIDE_ROUTE_GROUPS.get('registerPartnerWebhookSecret')).toBeDefined();
  });
});
