import type { HttpRole } from '../../functions/adapters/http/claims.js';
import type { DevAuth, DevTokenRequest } from '../dev-auth.js';
import type { DemoRegionPlan } from './scenario.js';

/** The tokens of one region's cast, by part. */
export interface DemoTokens {
  readonly ministry: string;
  readonly coordinator: string;
  readonly wali: string;
  readonly council: string;
  readonly partner: string;
  readonly committee: Readonly<Record<string, string>>;
  readonly preparer: string;
  readonly approver: string;
  readonly payer: string;
  readonly reader: string;
}

/** Mints tokens: a dev key (the data folder's, or the demo's own runtime's). */
export type MintToken = (request: DevTokenRequest) => Promise<string>;

/** A minter over a `DevAuth`, with tokens living long enough for the national scale. */
export const minterOf =
  (auth: DevAuth): MintToken =>
  (request) =>
    auth.mint({ expiresInSeconds: 24 * 60 * 60, ...request });

/** The tokens of every part of a region's rollout, each person with the one role they act in. */
export const mintRegionTokens = async (mint: MintToken, plan: DemoRegionPlan): Promise<DemoTokens> => {
  const { cast, regionCode } = plan;
  const as = (subject: string, role: HttpRole) => mint({ subject, roles: [role] });
  const regional = (subject: string) => mint({ subject, roles: ['coordinator'], regions: [regionCode] });
  const committee: Record<string, string> = {};
  for (const memberId of cast.committee) committee[memberId] = await as(memberId, 'committee-member');
  return {
    ministry: await as(cast.ministry, 'ministry'),
    coordinator: await regional(cast.coordinator),
    // The Wali and the Regional Council sign for the region as signatories, in its scope.
    wali: await mint({ subject: cast.wali, roles: ['signatory'], regions: [regionCode] }),
    council: await mint({ subject: cast.council, roles: ['signatory'], regions: [regionCode] }),
    partner: await mint({
      subject: cast.partner,
      roles: ['partner'],
      partner: { associationId: plan.operator.associationId, rolloutId: plan.rolloutId },
    }),
    committee,
    preparer: await as(cast.preparer, 'finance-preparer'),
    approver: await as(cast.approver, 'finance-approver'),
    payer: await as(cast.payer, 'finance-payer'),
    reader: await as('demo-dashboard', 'reader'),
  };
};
