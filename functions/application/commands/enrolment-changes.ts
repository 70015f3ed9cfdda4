import { enrolmentDecider, enrolmentStreamId } from '../../domain/enrolment/enrolment.js';
import { commandHandler } from '../command-handler.js';
import { replacementFacts, withdrawalFacts } from '../facts.js';

// The handlers of the changes of a rollout's beneficiaries (docs/adr/0085-beneficiaries-change.md),
// each declared once (see command-handler.ts); the HTTP routes (adapters/http/routes/enrolment-changes.ts)
// call these.

const enrolment = commandHandler(enrolmentDecider);

export const withdrawBeneficiary = enrolment('WithdrawBeneficiary', {
  stream: ({ rolloutId }) => enrolmentStreamId(rolloutId),
  facts: ({ rolloutId }, { store }) => withdrawalFacts(store, rolloutId),
});

export const replaceBeneficiary = enrolment('ReplaceBeneficiary', {
  stream: ({ rolloutId }) => enrolmentStreamId(rolloutId),
  facts: ({ rolloutId }, { store }) => replacementFacts(store, rolloutId),
});

export const replaceMember = enrolment('ReplaceMember', {
  stream: ({ rolloutId }) => enrolmentStreamId(rolloutId),
});
