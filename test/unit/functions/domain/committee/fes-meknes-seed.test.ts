import { describe, expect, it } from 'vitest';
import { encodeEvent } from '../../../../../events/catalog.js';
import type { SelectionEvent } from '../../../../../events/selection/index.js';
import {
  AMSED_ASSOCIATION_ID,
  fesMeknesOperatorSelectionSeed,
} from '../../../../../functions/domain/committee/fes-meknes-seed.js';

describe('the Fès-Meknès seed', () => {
  const commits = fesMeknesOperatorSelectionSeed();
  const events: SelectionEvent[] = commits.flatMap((commit) => [...commit.events]);
  const ofType = <T extends SelectionEvent['type']>(type: T) =>
    events.filter((event): event is Extract<SelectionEvent, { type: T }> => event.type === type);

  it('receives twelve files', () => {
    expect(ofType('ApplicationSubmitted')).toHaveLength(12);
    expect(ofType('CallClosed')[0]?.data.received).toBe(12);
  });

  it('selects AMSED as the operator of Fès-Meknès', () => {
    const selected = ofType('AssociationSelected');
    expect(
      selected.map((event) => [
        event.data.associationId,
        event.data.regionCode,
        event.data.associationName.ar,
      ]),
    ).toEqual([[AMSED_ASSOCIATION_ID, 'FM', 'الجمعية المغربية للتضامن والتنمية']]);
    expect(ofType('SelectionPublished')[0]?.data.selectedAssociationIds).toEqual([AMSED_ASSOCIATION_ID]);
  });

  it('ranks every eligible file, with the conflicted member left out of the file they declared', () => {
    const [ranked] = ofType('ApplicationsRanked');
    const [declared] = ofType('ConflictDeclared');
    expect(ranked?.data.ranking).toHaveLength(11);
    const conflictedFile = ranked?.data.ranking.find(
      (entry) => entry.applicationId === declared?.data.applicationId,
    );
    expect(conflictedFile?.scoredBy).not.toContain(declared?.data.memberId);
  });

  it('writes only events that their catalog schemas accept, to the call and committee streams', () => {
    for (const event of events) expect(() => encodeEvent(event)).not.toThrow();
    expect(new Set(commits.map((commit) => commit.streamId))).toEqual(
      new Set(['call-FM-2026-operator', 'committee-FM-2026-operator']),
    );
  });
});
