import * as z from 'zod';
import {
  ReportCascadeSessionInput,
  ReportTrainerModuleCompletionInput,
} from '../../domain/trainers/commands.js';
import {
  ReportAttendanceInput,
  ReportModuleCompletionInput,
  ReportSessionInput,
} from '../../domain/training/commands.js';

/**
 * What a partner (the operator association) reports by webhook: one report per delivery, its
 * `type` naming it and its `data` the same fields as the matching command (with the rollout id,
 * which must be the partner's own).
 */
export const PartnerReport = z
  .discriminatedUnion('type', [
    z.strictObject({ type: z.literal('session.held'), data: ReportSessionInput }),
    z.strictObject({ type: z.literal('attendance.reported'), data: ReportAttendanceInput }),
    z.strictObject({ type: z.literal('module.completed'), data: ReportModuleCompletionInput }),
    z.strictObject({ type: z.literal('trainer-module.completed'), data: ReportTrainerModuleCompletionInput }),
    z.strictObject({ type: z.literal('cascade-session.held'), data: ReportCascadeSessionInput }),
  ])
  .meta({ id: 'PartnerReport' });
export type PartnerReport = z.infer<typeof PartnerReport>;

/** The report types partners send. */
export const PARTNER_REPORT_TYPES = PartnerReport.options.map((option) => option.shape.type.value);
