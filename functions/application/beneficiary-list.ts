import { type CallState, callFold, callStreamId } from '../domain/call/call.js';
import { type CommitteeState, committeeFold, committeeStreamId } from '../domain/committee/committee.js';
import type { BeneficiaryList } from '../domain/enrolment/commands.js';
import { beneficiaryCallIdOf } from '../domain/ids.js';
import { loadStream } from './execute-command.js';
import type { EventStore } from './ports/event-store.js';

// The list enrolment takes its associations from: the rollout's beneficiary call, as its committee
// ranked and selected (docs/adr/0086-beneficiaries-from-their-call.md). Reads; decides nothing.

/** The call that chooses a rollout's beneficiaries, by convention: `rollout-FM-2026` → `FM-2026-beneficiaries`. */
export { beneficiaryCallIdOf };

/**
 * The rollout's beneficiary list from its call's and committee's states (pure): null when no
 * beneficiary call was opened for it (or the ministry cancelled it), so that its associations are
 * enrolled directly; otherwise the committee's ranking, the first `seats` selected and the rest the
 * reserve, each with the province of its application.
 */
export const beneficiaryList = (
  rolloutId: string,
  callId: string,
  call: CallState,
  committee: CommitteeState,
): BeneficiaryList | null => {
  if (call.status === 'not-opened' || call.purpose !== 'beneficiary-associations' || call.cancelled) {
    return null;
  }
  if (call.rolloutId !== rolloutId) return null;
  if (committee.status === 'not-appointed' || committee.status === 'appointed') {
    return { callId, published: false, ranking: [] };
  }
  const provinceOf = new Map(
    call.applications.map((application) => [application.associationId, application.province]),
  );
  const selected = new Set(committee.selectedAssociationIds);
  return {
    callId,
    published: committee.status === 'published',
    publishedAt: committee.status === 'published' ? (committee.publishedAt ?? null) : null,
    ranking: committee.ranking.map((file) => ({
      associationId: file.associationId,
      name: file.associationName,
      province: provinceOf.get(file.associationId) ?? '',
      rank: file.rank,
      selected: selected.has(file.associationId),
    })),
  };
};

/** The rollout's beneficiary list, read from the store (see `beneficiaryList`). */
export const beneficiaryListOf = async (
  store: EventStore,
  rolloutId: string,
): Promise<BeneficiaryList | null> => {
  const callId = beneficiaryCallIdOf(rolloutId);
  const call = (await loadStream(store, callStreamId(callId), callFold)).state;
  if (call.status === 'not-opened') return null;
  const committee = (await loadStream(store, committeeStreamId(callId), committeeFold)).state;
  return beneficiaryList(rolloutId, callId, call, committee);
};
