import { describe, expect, it } from 'vitest';
import { verificationHtml } from '../../../../../functions/application/documents/html.js';
import { certificateRegistryOf, namesOf } from '../../../../../functions/application/documents/service.js';
import { trainingStreamId } from '../../../../../functions/domain/training/training.js';
import {
  ASSOCIATION_ID,
  COMPLETED_MEMBER,
  documentsHistory,
  ROLLOUT_ID,
} from '../../../../support/documents-history.js';

// A certificate issued on a completion that a correction withdrew is revoked; its verification
// page says so (ADR 0082). Completing the module again issues a new certificate, with a new code.

const reason = { fr: 'Module M3 saisi pour le mauvais membre', ar: 'الوحدة 3 أدخلت لعضو آخر' };
const COORDINATOR = { id: 'coord-fm', role: 'coordinator' } as const;
const PARTNER = { id: 'partner-amsed', role: 'partner' } as const;

const withdrawM3 = {
  type: 'ModuleCompletionWithdrawn',
  schemaVersion: 1,
  data: {
    rolloutId: ROLLOUT_ID,
    associationId: ASSOCIATION_ID,
    memberId: COMPLETED_MEMBER,
    module: 'M3',
    cause: 'completion-corrected',
    attendance: null,
    reason,
  },
};
const completeM3Again = {
  type: 'ModuleCompleted',
  schemaVersion: 1,
  data: {
    rolloutId: ROLLOUT_ID,
    associationId: ASSOCIATION_ID,
    memberId: COMPLETED_MEMBER,
    module: 'M3',
    sessionsHeld: 4,
    sessionsAttended: 4,
    attendanceRatePercent: 100,
    thresholdPercent: 75,
    evaluationScore: 70,
  },
};

const corrected = async () => {
  const history = await documentsHistory();
  const before = (await certificateRegistryOf(history.store)).ofMember(
    ROLLOUT_ID,
    COMPLETED_MEMBER,
    'training',
  );
  const withdrawal = await history.store.append({
    streamId: trainingStreamId(ROLLOUT_ID, ASSOCIATION_ID),
    expectedVersion: 'any',
    events: [{ ...withdrawM3, occurredAt: '2026-01-20T00:00:00.000Z' }],
    metadata: { actor: COORDINATOR, correlationId: 'correction', causationId: null },
  });
  return { ...history, before, withdrawal: withdrawal.events[0] };
};

describe('a certificate on a withdrawn completion', () => {
  it('is revoked, with the reason and both the correction’s date and its recording', async () => {
    // Prepare
    const { store, before, withdrawal } = await corrected();

    // Act
    const registry = await certificateRegistryOf(store);
    const after = registry.ofMember(ROLLOUT_ID, COMPLETED_MEMBER, 'training');

    // Assess
    expect(before?.revocation).toBeNull();
    expect(after?.code).toBe(before?.code);
    expect(after?.revocation).toEqual({
      reason,
      revokedAt: '2026-01-20T00:00:00.000Z',
      recordedAt: withdrawal?.recordedAt,
      eventId: withdrawal?.eventId,
      module: 'M3',
    });
    expect(after?.sourceEventIds.at(-1)).toBe(withdrawal?.eventId);
    // The code still leads to it, and the trainer's certification, its own decision, stands.
    expect(registry.byCode(before?.code ?? '')?.revocation?.module).toBe('M3');
    expect(registry.ofMember(ROLLOUT_ID, COMPLETED_MEMBER, 'trainer')?.revocation).toBeNull();
    expect(
      registry
        .ofRollout(ROLLOUT_ID)
        .map((certificate) => [certificate.kind, certificate.revocation === null]),
    ).toEqual([
      ['training', false],
      ['trainer', true],
    ]);
  });

  it('has a verification page that says it is revoked, and why, not that it is genuine', async () => {
    // Prepare
    const { store, vault, before } = await corrected();
    const certificate = (await certificateRegistryOf(store)).byCode(before?.code ?? '');
    const nameOf = await namesOf(vault, [COMPLETED_MEMBER]);

    // Act
    const page = verificationHtml(certificate as NonNullable<typeof certificate>, nameOf, 'fr');

    // Assess
    expect(page).toContain('data-testid="revoked"');
    expect(page).toContain('Ce certificat a été RÉVOQUÉ');
    expect(page).toContain('Module M3 saisi pour le mauvais membre');
    expect(page).not.toContain('data-testid="genuine"');
  });

  it('is followed by a new certificate, with a new code, once the module is completed again', async () => {
    // Prepare
    const { store, before } = await corrected();
    await store.append({
      streamId: trainingStreamId(ROLLOUT_ID, ASSOCIATION_ID),
      expectedVersion: 'any',
      events: [completeM3Again],
      metadata: { actor: PARTNER, correlationId: 'again', causationId: null },
    });

    // Act
    const registry = await certificateRegistryOf(store);
    const latest = registry.ofMember(ROLLOUT_ID, COMPLETED_MEMBER, 'training');

    // Assess
    expect(latest?.revocation).toBeNull();
    expect(latest?.code).not.toBe(before?.code);
    expect(registry.byCode(before?.code ?? '')?.revocation?.module).toBe('M3');
    expect(registry.ofRollout(ROLLOUT_ID).map((certificate) => certificate.revocation === null)).toEqual([
      false,
      true,
      true,
    ]);
  });
});
