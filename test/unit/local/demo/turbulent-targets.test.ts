import { describe, expect, it } from 'vitest';
import { targetsOf } from '../../../../local/demo/figures.js';
import { enrolledAtClosure, participantsOf, regionPlan } from '../../../../local/demo/scenario.js';
import { turbulentPlan } from '../../../../local/demo/turbulence.js';

// The turbulent demo's targets are recomputed from its changes of course as the program's rules
// say: 30 selected is a minimum (an upheld appeal admits a 31st), a withdrawal and an exclusion
// replaced from the reserve keep the count, a member replaced keeps four, a grant weighs its last
// amendment, and a cancelled grant what the association holds of it.

describe("the demo's targets", () => {
  it('are the plan itself on the straight path', () => {
    // Act
    const targets = targetsOf(regionPlan('FM'));
    // Assess
    expect(targets).toEqual({
      associationsSelected: 30,
      associations: 30,
      members: 120,
      grants: 30,
      awardedCentimes: 120_000_000,
      paidCentimes: 120_000_000,
    });
  });

  it('follow the turbulent rollout: 31 selected after the appeal, two replaced, two grants amended, one cancelled', () => {
    // Prepare
    const plan = turbulentPlan(regionPlan('FM'));
    // Act
    const targets = targetsOf(plan);
    // Assess
    expect(targets).toEqual({
      associationsSelected: 31,
      associations: 31,
      members: 124,
      grants: 31,
      // 31 × 40,000 MAD, one amended to 36,000, one to 37,000 after 3,000 MAD came back, one
      // cancelled after its first tranche of 25,000 MAD, of which 5,000 were recovered: 20,000
      awardedCentimes: 121_300_000,
      paidCentimes: 121_300_000,
    });
    expect(enrolledAtClosure(plan).at(-1)?.associationId).toBe('assoc-fm-reserve-01');
    const participants = participantsOf(plan).map((participant) => participant.associationId);
    expect(participants).not.toContain('assoc-fm-004');
    expect(participants).not.toContain('assoc-fm-005');
    expect(participants.slice(-3)).toEqual([
      'assoc-fm-reserve-01',
      'assoc-fm-reserve-02',
      'assoc-fm-reserve-03',
    ]);
    expect(plan.reserve.map((file) => file.associationId)).toEqual([
      'assoc-fm-reserve-01',
      'assoc-fm-reserve-02',
      'assoc-fm-reserve-03',
    ]);
    expect(participantsOf(plan)[1]?.members.map((member) => member.memberId)).toEqual([
      'mem-fm-002-1',
      'mem-fm-002-2',
      'mem-fm-002-3',
      'mem-fm-002-5',
    ]);
  });

  it('leave the co-funders budget enough for every grant, and amendments that add up', () => {
    // Prepare
    const plan = turbulentPlan(regionPlan('FM'));
    const { grantAmendment, trancheReturn } = plan.turbulence ?? ({} as never);
    // Assess
    expect(plan.coFunders.map((coFunder) => coFunder.amount)).toEqual([74_400_000, 49_600_000]);
    expect(grantAmendment.funding.map((share) => share.amount)).toEqual([2_160_000, 1_440_000]);
    expect(trancheReturn.amendment.funding.map((share) => share.amount)).toEqual([2_220_000, 1_480_000]);
  });

  it('need six associations', () => {
    expect(() => turbulentPlan(regionPlan('FM', 5))).toThrow('at least 6 associations');
  });
});
