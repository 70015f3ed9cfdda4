import type { DomainEventOf, EventFamily } from '../define.js';

/** Every event family of this area, latest version first-class, older versions kept. */
export const rolloutFamilies = [] as const satisfies readonly EventFamily[];

/** The union of this area's events, as deciders return them (type + latest data). */
export type RolloutEvent = DomainEventOf<(typeof rolloutFamilies)[number]['latest']>;
