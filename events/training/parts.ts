import { Id, ModuleCode } from '../reference.js';

/**
 * One member's attendance at one axis-1 session, as recorded and as a correction names it. A
 * function, so that each event builds it when its own schema is first read (events/define.ts).
 */
export const attendanceOfMember = () => ({
  rolloutId: Id,
  associationId: Id,
  sessionId: Id,
  /** The module of the session, so that the association's stream alone gives attendance per module. */
  module: ModuleCode,
  memberId: Id,
});
