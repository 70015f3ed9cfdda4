/**
 * A grant's purpose and deliverables as the tests award them (issue 20: every grant has both).
 * The values are plain data; tests that check purposes and deliverables use their own.
 */
export const grantPurpose = {
  purpose: {
    fr: "Renforcer la gestion administrative et financière de l'association",
    ar: 'تعزيز التدبير الإداري والمالي للجمعية',
  },
  deliverables: [
    {
      deliverable: 'procedures-manual',
      label: { fr: 'Manuel des procédures', ar: 'دليل المساطر' },
      dueBy: '2027-06-30',
    },
  ],
};
