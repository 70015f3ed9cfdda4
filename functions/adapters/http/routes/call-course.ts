import { loadStream } from '../../../application/execute-command.js';
import { callDecider, callStreamId } from '../../../domain/call/call.js';
import {
  EndCallWithoutResultInput,
  ExtendCallDeadlineInput,
  RelaunchCallInput,
} from '../../../domain/call/commands.js';
import { committeeDecider, committeeStreamId } from '../../../domain/committee/committee.js';
import { commandRoute } from '../command.js';
import type { HttpRoute } from '../route.js';
import { CallParams, MINISTRY } from './common.js';

const callCommand = commandRoute(callDecider);

/**
 * Calls that change course (issue 20, item 4): the ministry extends a deadline, ends a call
 * without result, and relaunches it. Served with the selection routes (one Lambda function).
 */
export const callCourseRoutes: readonly HttpRoute[] = [
  callCommand({
    method: 'POST',
    path: '/calls/{callId}/deadline-extensions',
    operationId: 'extendCallDeadline',
    summary: "Extend an open call's deadline, with a reason (the ministry)",
    tags: ['calls'],
    access: MINISTRY,
    request: { params: CallParams, body: ExtendCallDeadlineInput },
    stream: ({ params }) => callStreamId(params.callId),
    command: ({ params, body }) => ({ type: 'ExtendCallDeadline', data: { ...body, callId: params.callId } }),
  }),
  callCommand({
    method: 'POST',
    path: '/calls/{callId}/ending-without-result',
    operationId: 'endCallWithoutResult',
    summary:
      'End a call without result, with a reason: nobody is selected; it may be relaunched (the ministry)',
    tags: ['calls'],
    access: MINISTRY,
    request: { params: CallParams, body: EndCallWithoutResultInput },
    stream: ({ params }) => callStreamId(params.callId),
    command: async ({ params, body }, { deps }) => {
      const committee = await loadStream(deps.store, committeeStreamId(params.callId), committeeDecider);
      return {
        type: 'EndCallWithoutResult',
        data: { ...body, callId: params.callId },
        facts: { selectionPublished: committee.state.status === 'published' },
      };
    },
  }),
  callCommand({
    method: 'POST',
    path: '/calls/{callId}/relaunch',
    operationId: 'relaunchCall',
    summary:
      'Relaunch a call that ended without result or was cancelled, until a new deadline (the ministry)',
    tags: ['calls'],
    access: MINISTRY,
    request: { params: CallParams, body: RelaunchCallInput },
    stream: ({ params }) => callStreamId(params.callId),
    command: ({ params, body }) => ({ type: 'RelaunchCall', data: { ...body, callId: params.callId } }),
  }),
];
