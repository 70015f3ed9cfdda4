import {
  endCallWithoutResult,
  extendCallDeadline,
  relaunchCall,
} from '../../../application/commands/calls.js';
import {
  EndCallWithoutResultInput,
  ExtendCallDeadlineInput,
  RelaunchCallInput,
} from '../../../domain/call/commands.js';
import { handlerRoute } from '../command.js';
import type { HttpRoute } from '../route.js';
import { CallParams, MINISTRY } from './common.js';

/**
 * Calls that change course (issue 20, item 4): the ministry extends a deadline, ends a call
 * without result, and relaunches it. Served with the selection routes (one Lambda function).
 */
export const callCourseRoutes: readonly HttpRoute[] = [
  handlerRoute(extendCallDeadline)({
    method: 'POST',
    path: '/calls/{callId}/deadline-extensions',
    operationId: 'extendCallDeadline',
    summary: "Extend an open call's deadline, with a reason (the ministry)",
    tags: ['calls'],
    access: MINISTRY,
    request: { params: CallParams, body: ExtendCallDeadlineInput },
    data: ({ params, body }) => ({ ...body, callId: params.callId }),
  }),
  handlerRoute(endCallWithoutResult)({
    method: 'POST',
    path: '/calls/{callId}/ending-without-result',
    operationId: 'endCallWithoutResult',
    summary:
      'End a call without result, with a reason: nobody is selected; it may be relaunched (the ministry)',
    tags: ['calls'],
    access: MINISTRY,
    request: { params: CallParams, body: EndCallWithoutResultInput },
    data: ({ params, body }) => ({ ...body, callId: params.callId }),
  }),
  handlerRoute(relaunchCall)({
    method: 'POST',
    path: '/calls/{callId}/relaunch',
    operationId: 'relaunchCall',
    summary:
      'Relaunch a call that ended without result or was cancelled, until a new deadline (the ministry)',
    tags: ['calls'],
    access: MINISTRY,
    request: { params: CallParams, body: RelaunchCallInput },
    data: ({ params, body }) => ({ ...body, callId: params.callId }),
  }),
];
