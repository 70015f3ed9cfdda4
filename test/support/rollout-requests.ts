// Request bodies that several route tests send as they play a rollout over HTTP (a given, never
// an expected value).

const bilingual = (fr: string) => ({ fr, ar: `${fr} (ar)` });

/** POST /rollouts/{rolloutId}/calls: the regional operator's call, closing 2026-03-15, one declared rule. */
export const operatorCallRequest = {
  purpose: 'regional-operator',
  title: bilingual("Appel à manifestation d'intérêt"),
  deadline: '2026-03-15T17:00:00.000Z',
  eligibilityRules: [
    {
      ruleId: 'final-receipt',
      label: bilingual('Récépissé définitif'),
      requirement: { kind: 'declared' },
    },
  ],
} as const;

/** POST /rollouts/{rolloutId}/agreements: FM's regional partnership, for the minister, the Wali and the Council. */
export const regionalAgreementRequest = (title: string) => ({
  kind: 'regional-partnership',
  title: bilingual(title),
  parties: [
    { partyId: 'minister-1', role: 'ministry' },
    { partyId: 'wali-fm', role: 'wali' },
    { partyId: 'council-fm', role: 'regional-council' },
  ],
});
