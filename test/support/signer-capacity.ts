import type { PartyRole, SignerCapacity } from '../../events/rollout/schemas.js';

// The capacity a test's signer states (docs/adr/0129-a-signature-states-its-capacity.md): the
// first office the domain allows each party's role, with a title as printed under a signature.

const TITLES: Record<PartyRole, SignerCapacity> = {
  ministry: {
    office: 'ministry-delegate',
    title: { fr: 'Directeur de l’économie sociale', ar: 'مدير الاقتصاد الاجتماعي' },
  },
  wali: { office: 'wali', title: { fr: 'Wali de la région', ar: 'والي الجهة' } },
  'regional-council': {
    office: 'council-vice-president',
    title: { fr: 'Vice-président du Conseil régional', ar: 'نائب رئيس مجلس الجهة' },
  },
  operator: { office: 'president', title: { fr: "Président de l'association", ar: 'رئيس الجمعية' } },
  'co-funder': { office: 'president', title: { fr: 'Président du co-financeur', ar: 'رئيس الشريك الممول' } },
  'beneficiary-association': {
    office: 'president',
    title: { fr: "Président de l'association", ar: 'رئيس الجمعية' },
  },
};

/** The capacity a signer of `role` states in the tests. */
export const capacityOf = (role: PartyRole): SignerCapacity => TITLES[role];

/** The body of a signature by a party of `role`, as the API takes it. */
export const signatureBody = (role: PartyRole): { capacity: SignerCapacity } => ({
  capacity: capacityOf(role),
});
