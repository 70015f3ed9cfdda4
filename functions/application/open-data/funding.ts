import { REGIONS } from '../../../events/reference.js';
import { awardedOfGrant, grantsInOrder, paidOfGrant, refundedOfGrant } from '../../domain/grants/grants.js';
import type { GrantLedgerView } from '../projections/grant-ledger.js';
import type { RolloutStanding } from '../projections/lifecycle.js';
import { toCsv } from './csv.js';

/**
 * Public funding per association (circular 4/2016 asks that public funding of associations be
 * published): one row per grant, with the association (a legal entity), the amounts awarded and
 * paid, and who funds it. No personal data: no member, committee member or finance officer appears.
 * The fields are documented in docs/open-data.md; their order is the CSV's column order.
 */
export const FUNDING_FIELDS = [
  'rolloutId',
  'edition',
  'regionCode',
  'regionNameFr',
  'regionNameAr',
  'associationId',
  'associationNameFr',
  'associationNameAr',
  'province',
  'grantId',
  'instrument',
  'conventionAgreementId',
  'awardedAt',
  'amountAwardedCentimes',
  'amountPaidCentimes',
  'amountAwardedMad',
  'amountPaidMad',
  'tranchesPlanned',
  'tranchesPaid',
  'coFunders',
  'grantStatus',
  'amountRefundedCentimes',
  'amountRefundedMad',
] as const;
export type FundingField = (typeof FUNDING_FIELDS)[number];

/** One row of the export. */
export type FundingRow = {
  readonly [K in FundingField]: K extends
    | 'amountAwardedCentimes'
    | 'amountPaidCentimes'
    | 'amountRefundedCentimes'
    | 'tranchesPlanned'
    | 'tranchesPaid'
    ? number
    : K extends
          | 'edition'
          | 'regionCode'
          | 'regionNameFr'
          | 'regionNameAr'
          | 'conventionAgreementId'
          | 'awardedAt'
      ? string | null
      : string;
};

/** A rollout's grant ledger with its standing (for the region and edition). */
export interface LedgerOfRollout {
  readonly standing: RolloutStanding | undefined;
  readonly ledger: GrantLedgerView;
}

/** MAD with two decimals, from centimes, without floating-point rounding. */
export const centimesToMad = (centimes: number): string =>
  `${Math.trunc(centimes / 100)}.${String(centimes % 100).padStart(2, '0')}`;

/** The rows of the export, by rollout then award order. */
export const fundingRows = (ledgers: readonly LedgerOfRollout[]): FundingRow[] =>
  ledgers.flatMap(({ standing, ledger }) => {
    const region = REGIONS.find((candidate) => candidate.code === standing?.regionCode);
    return grantsInOrder(ledger.grants).map((grant): FundingRow => {
      const association = Object.hasOwn(ledger.associations, grant.associationId)
        ? ledger.associations[grant.associationId]
        : undefined;
      // A cancelled grant counts for what the association holds of it; paid is net of refunds.
      const awarded = awardedOfGrant(grant);
      const paid = paidOfGrant(grant);
      const refunded = refundedOfGrant(grant);
      return {
        rolloutId: ledger.rolloutId,
        edition: standing?.edition ?? null,
        regionCode: region?.code ?? null,
        regionNameFr: region?.fr ?? null,
        regionNameAr: region?.ar ?? null,
        associationId: grant.associationId,
        associationNameFr: association?.name.fr ?? '',
        associationNameAr: association?.name.ar ?? '',
        province: association?.province ?? '',
        grantId: grant.grantId,
        instrument: grant.instrument.kind,
        conventionAgreementId: grant.instrument.kind === 'convention' ? grant.instrument.agreementId : null,
        awardedAt:
          (Object.hasOwn(ledger.awardedAt, grant.grantId) ? ledger.awardedAt[grant.grantId] : null) ?? null,
        amountAwardedCentimes: awarded,
        amountPaidCentimes: paid,
        amountAwardedMad: centimesToMad(awarded),
        amountPaidMad: centimesToMad(paid),
        tranchesPlanned: grant.tranches.filter((tranche) => tranche.status !== 'dropped').length,
        tranchesPaid: grant.tranches.filter((tranche) => tranche.status === 'paid').length,
        coFunders: grant.funding.map((share) => `${share.coFunderId}:${share.amount}`).join(';'),
        grantStatus: grant.status,
        amountRefundedCentimes: refunded,
        amountRefundedMad: centimesToMad(refunded),
      };
    });
  });

/** The export as CSV (header = `FUNDING_FIELDS`). */
export const fundingCsv = (rows: readonly FundingRow[]): string =>
  toCsv(
    FUNDING_FIELDS,
    rows.map((row) => FUNDING_FIELDS.map((field) => row[field])),
  );
