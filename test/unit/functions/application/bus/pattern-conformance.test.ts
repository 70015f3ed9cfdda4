import { describe, expect, it } from 'vitest';
import { matchesPattern } from '../../../../../functions/application/bus/pattern.js';

// Conformance table of the local event-pattern matcher. Every case is an example from AWS's
// documentation (or follows from a sentence of it, quoted in `rule`); `doc` names the page and
// section. Expected results are the documented ones.
//
// Pages (Amazon EventBridge User Guide, https://docs.aws.amazon.com/eventbridge/latest/userguide/):
const CREATING = 'Creating Amazon EventBridge event patterns (eb-event-patterns.html)';
const NULLS = 'Matching null values and empty strings (eb-event-patterns-null-values.html)';
const ARRAYS = 'Arrays in Amazon EventBridge event patterns (eb-event-patterns-arrays.html)';
const CONTENT =
  'Content filtering in Amazon EventBridge event patterns (eb-event-patterns-content-based-filtering.html)';
const OPERATORS = 'Comparison operators for use in event patterns (eb-create-pattern-operators.html)';
const WILDCARD_BLOG =
  'AWS Compute Blog, "Filtering events in Amazon EventBridge with wildcard pattern matching"';

interface ConformanceCase {
  readonly name: string;
  readonly doc: string;
  readonly rule?: string;
  readonly pattern: unknown;
  readonly event: unknown;
  readonly matches: boolean;
}

const ec2Event = {
  version: '0',
  id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
  'detail-type': 'EC2 Instance State-change Notification',
  source: 'aws.ec2',
  account: '111122223333',
  time: '2017-12-22T18:43:48Z',
  region: 'us-west-1',
  resources: ['arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0'],
  detail: { 'instance-id': 'i-1234567890abcdef0', state: 'terminated' },
};
const ec2Terminated = {
  source: ['aws.ec2'],
  'detail-type': ['EC2 Instance State-change Notification'],
  detail: { state: ['terminated'] },
};
const autoscalingEvent = {
  version: '0',
  id: '3e3c153a-8339-4e30-8c35-687ebef853fe',
  'detail-type': 'EC2 Instance Launch Successful',
  source: 'aws.autoscaling',
  account: '123456789012',
  time: '2015-11-11T21:31:47Z',
  region: 'us-east-1',
  resources: [],
  detail: { eventVersion: '', responseElements: null },
};
const macieEvent = {
  'detail-type': 'Macie Alert',
  source: 'aws.macie',
  detail: {
    'notification-type': 'ALERT_CREATED',
    tags: ['Custom_Alert', 'Insider'],
    'risk-score': 80,
    trigger: { 'alert-type': 'basic', risk: 8 },
  },
};
const maciePattern = {
  source: ['aws.macie'],
  'detail-type': ['Macie Alert'],
  detail: { 'risk-score': [80], trigger: { risk: [8] } },
};
const numericPattern = {
  detail: {
    'c-count': [{ numeric: ['>', 0, '<=', 5] }],
    'd-count': [{ numeric: ['<', 10] }],
    'x-limit': [{ numeric: ['=', 3.018e2] }],
  },
};
const complexPattern = {
  time: [{ prefix: '2017-10-02' }],
  detail: {
    state: [{ 'anything-but': 'initializing' }],
    'c-count': [{ numeric: ['>', 0, '<=', 5] }],
    'd-count': [{ numeric: ['<', 10] }],
    'x-limit': [{ 'anything-but': [100, 200, 300] }],
  },
};
const orNumericPattern = {
  detail: {
    $or: [
      { 'c-count': [{ numeric: ['>', 0, '<=', 5] }] },
      { 'd-count': [{ numeric: ['<', 10] }] },
      { 'x-limit': [{ numeric: ['=', 3.018e2] }] },
    ],
  },
};
const orTopLevelPattern = {
  source: ['aws.ec2'],
  $or: [{ metricName: ['CPUUtilization', 'ReadLatency'] }, { namespace: ['AWS/EC2', 'AWS/ES'] }],
};
const detailWith = (detail: Record<string, unknown>) => ({ detail });

const table: readonly ConformanceCase[] = [
  // --- Creating event patterns
  {
    name: 'EC2 termination pattern matches the EC2 event',
    doc: CREATING,
    pattern: ec2Terminated,
    event: ec2Event,
    matches: true,
  },
  {
    name: 'EC2 termination pattern does not match another state',
    doc: CREATING,
    pattern: ec2Terminated,
    event: { ...ec2Event, detail: { ...ec2Event.detail, state: 'running' } },
    matches: false,
  },
  {
    name: 'the event must contain every field the pattern names',
    doc: CREATING,
    rule: 'the event must contain all the field names listed in the event pattern',
    pattern: ec2Terminated,
    event: { ...ec2Event, detail: { 'instance-id': 'i-1234567890abcdef0' } },
    matches: false,
  },
  {
    name: 'fields must appear with the same nesting',
    doc: CREATING,
    rule: 'The field names must also appear in the event with the same nesting structure',
    pattern: ec2Terminated,
    event: { ...ec2Event, detail: {}, state: 'terminated' },
    matches: false,
  },
  {
    name: 'strings match exactly, without case-folding',
    doc: CREATING,
    rule: 'exact character-by-character matching without case-folding',
    pattern: ec2Terminated,
    event: { ...ec2Event, detail: { state: 'Terminated' } },
    matches: false,
  },
  {
    name: 'match values: a list is OR (aws.fargate)',
    doc: `${CREATING} > Match values`,
    pattern: { source: ['aws.ec2', 'aws.fargate'] },
    event: { source: 'aws.fargate' },
    matches: true,
  },
  {
    name: 'match values: a value outside the list',
    doc: `${CREATING} > Match values`,
    pattern: { source: ['aws.ec2', 'aws.fargate'] },
    event: { source: 'aws.s3' },
    matches: false,
  },
  {
    name: 'field matching on null',
    doc: `${CREATING} > Field matching`,
    pattern: {
      source: ['aws.autoscaling'],
      'detail-type': ['EC2 Instance Launch Successful'],
      detail: { responseElements: [null] },
    },
    event: autoscalingEvent,
    matches: true,
  },
  {
    name: 'value matching on numbers, nested',
    doc: `${CREATING} > Value matching`,
    pattern: maciePattern,
    event: macieEvent,
    matches: true,
  },
  {
    name: 'value matching: a number does not match its string',
    doc: `${CREATING} > Value matching`,
    rule: 'values follow JSON rules: strings, numbers, true, false, null',
    pattern: maciePattern,
    event: { ...macieEvent, detail: { ...macieEvent.detail, 'risk-score': '80' } },
    matches: false,
  },
  // --- Null values and empty strings
  {
    name: 'empty string matches an empty string',
    doc: NULLS,
    pattern: { detail: { eventVersion: [''] } },
    event: autoscalingEvent,
    matches: true,
  },
  {
    name: 'null matches null',
    doc: NULLS,
    pattern: { detail: { responseElements: [null] } },
    event: autoscalingEvent,
    matches: true,
  },
  {
    name: 'an empty string does not match null',
    doc: NULLS,
    rule: "An event pattern that matches empty strings doesn't match values of null",
    pattern: { detail: { responseElements: [''] } },
    event: autoscalingEvent,
    matches: false,
  },
  {
    name: 'null does not match an empty string',
    doc: NULLS,
    rule: 'Null values and empty strings are not interchangeable',
    pattern: { detail: { eventVersion: [null] } },
    event: autoscalingEvent,
    matches: false,
  },
  // --- Arrays
  {
    name: 'an event array matches when the intersection is non-empty',
    doc: ARRAYS,
    pattern: {
      resources: [
        'arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f',
        'arn:aws:ec2:us-east-1:111122223333:instance/i-b188560f',
        'arn:aws:ec2:us-east-1:444455556666:instance/i-b188560f',
      ],
    },
    event: {
      resources: [
        'arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:eb56d16b-bbf0-401d-b893-d5978ed4a025:autoScalingGroupName/ASGTerminate',
        'arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f',
      ],
    },
    matches: true,
  },
  {
    name: 'an event array with an empty intersection',
    doc: ARRAYS,
    pattern: { resources: ['arn:aws:ec2:us-east-1:444455556666:instance/i-b188560f'] },
    event: { resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f'] },
    matches: false,
  },
  // --- Prefix and suffix
  {
    name: 'prefix matches',
    doc: `${CONTENT} > Prefix matching`,
    pattern: { time: [{ prefix: '2017-10-02' }] },
    event: { time: '2017-10-02T18:43:48Z' },
    matches: true,
  },
  {
    name: 'prefix does not match another day',
    doc: `${CONTENT} > Prefix matching`,
    pattern: { time: [{ prefix: '2017-10-02' }] },
    event: { time: '2017-10-03T18:43:48Z' },
    matches: false,
  },
  {
    name: 'prefix works on strings only',
    doc: `${CONTENT} > Prefix matching`,
    rule: 'You can use prefix matching for string values',
    pattern: { detail: { count: [{ prefix: '1' }] } },
    event: detailWith({ count: 10 }),
    matches: false,
  },
  {
    name: 'prefix example: Auto Scaling events from European regions',
    doc: `${CONTENT} > Prefix matching example`,
    pattern: { source: ['aws.autoscaling'], region: [{ prefix: 'eu-' }] },
    event: { source: 'aws.autoscaling', region: 'eu-west-1' },
    matches: true,
  },
  {
    name: 'prefix example: not from us-east-1',
    doc: `${CONTENT} > Prefix matching example`,
    pattern: { source: ['aws.autoscaling'], region: [{ prefix: 'eu-' }] },
    event: { source: 'aws.autoscaling', region: 'us-east-1' },
    matches: false,
  },
  {
    name: 'prefix ignoring case',
    doc: `${CONTENT} > Prefix matching while ignoring case`,
    pattern: { detail: { service: [{ prefix: { 'equals-ignore-case': 'EventB' } }] } },
    event: detailWith({ service: 'eventbridge' }),
    matches: true,
  },
  {
    name: 'prefix ignoring case, other letters',
    doc: `${CONTENT} > Prefix matching while ignoring case`,
    pattern: { detail: { service: [{ prefix: { 'equals-ignore-case': 'EventB' } }] } },
    event: detailWith({ service: 'Lambda' }),
    matches: false,
  },
  {
    name: 'suffix matches .png',
    doc: `${CONTENT} > Suffix matching`,
    pattern: { FileName: [{ suffix: '.png' }] },
    event: { FileName: 'photo.png' },
    matches: true,
  },
  {
    name: 'suffix does not match .jpg',
    doc: `${CONTENT} > Suffix matching`,
    pattern: { FileName: [{ suffix: '.png' }] },
    event: { FileName: 'photo.jpg' },
    matches: false,
  },
  {
    name: 'suffix is case-sensitive',
    doc: `${CONTENT} > Suffix matching`,
    pattern: { FileName: [{ suffix: '.png' }] },
    event: { FileName: 'PHOTO.PNG' },
    matches: false,
  },
  {
    name: 'suffix ignoring case',
    doc: `${CONTENT} > Suffix matching while ignoring case`,
    pattern: { detail: { FileName: [{ suffix: { 'equals-ignore-case': '.png' } }] } },
    event: detailWith({ FileName: 'PHOTO.PNG' }),
    matches: true,
  },
  // --- Equals-ignore-case, empty
  {
    name: 'equals-ignore-case',
    doc: `${OPERATORS} > Equals (ignore case)`,
    pattern: { Name: [{ 'equals-ignore-case': 'alice' }] },
    event: { Name: 'Alice' },
    matches: true,
  },
  {
    name: 'equals-ignore-case, another name',
    doc: `${OPERATORS} > Equals (ignore case)`,
    pattern: { Name: [{ 'equals-ignore-case': 'alice' }] },
    event: { Name: 'Alicia' },
    matches: false,
  },
  {
    name: 'empty: LastName is empty',
    doc: `${OPERATORS} > Empty`,
    pattern: { LastName: [''] },
    event: { LastName: '' },
    matches: true,
  },
  {
    name: 'and: Location and Day',
    doc: `${OPERATORS} > And`,
    pattern: { Location: ['New York'], Day: ['Monday'] },
    event: { Location: 'New York', Day: 'Tuesday' },
    matches: false,
  },
  // --- Anything-but
  {
    name: 'anything-but a string',
    doc: `${CONTENT} > Anything-but matching`,
    pattern: { detail: { state: [{ 'anything-but': 'initializing' }] } },
    event: detailWith({ state: 'running' }),
    matches: true,
  },
  {
    name: 'anything-but excludes its string',
    doc: `${CONTENT} > Anything-but matching`,
    pattern: { detail: { state: [{ 'anything-but': 'initializing' }] } },
    event: detailWith({ state: 'initializing' }),
    matches: false,
  },
  {
    name: 'anything-but a number',
    doc: `${CONTENT} > Anything-but matching`,
    pattern: { detail: { 'x-limit': [{ 'anything-but': 123 }] } },
    event: detailWith({ 'x-limit': 456 }),
    matches: true,
  },
  {
    name: 'anything-but excludes its number',
    doc: `${CONTENT} > Anything-but matching`,
    pattern: { detail: { 'x-limit': [{ 'anything-but': 123 }] } },
    event: detailWith({ 'x-limit': 123 }),
    matches: false,
  },
  {
    name: 'anything-but a list of strings',
    doc: `${CONTENT} > Anything-but matching`,
    pattern: { detail: { state: [{ 'anything-but': ['stopped', 'overloaded'] }] } },
    event: detailWith({ state: 'running' }),
    matches: true,
  },
  {
    name: 'anything-but a list of strings excludes each',
    doc: `${CONTENT} > Anything-but matching`,
    pattern: { detail: { state: [{ 'anything-but': ['stopped', 'overloaded'] }] } },
    event: detailWith({ state: 'overloaded' }),
    matches: false,
  },
  {
    name: 'anything-but a list of numbers',
    doc: `${CONTENT} > Anything-but matching`,
    pattern: { detail: { 'x-limit': [{ 'anything-but': [100, 200, 300] }] } },
    event: detailWith({ 'x-limit': 150 }),
    matches: true,
  },
  {
    name: 'anything-but a list of numbers excludes each',
    doc: `${CONTENT} > Anything-but matching`,
    pattern: { detail: { 'x-limit': [{ 'anything-but': [100, 200, 300] }] } },
    event: detailWith({ 'x-limit': 200 }),
    matches: false,
  },
  {
    name: 'anything-but a prefix',
    doc: `${CONTENT} > Anything-but matching`,
    pattern: { detail: { state: [{ 'anything-but': { prefix: 'init' } }] } },
    event: detailWith({ state: 'running' }),
    matches: true,
  },
  {
    name: 'anything-but a prefix excludes it',
    doc: `${CONTENT} > Anything-but matching`,
    pattern: { detail: { state: [{ 'anything-but': { prefix: 'init' } }] } },
    event: detailWith({ state: 'initializing' }),
    matches: false,
  },
  {
    name: 'anything-but a suffix',
    doc: `${OPERATORS} > Anything-but (ends with)`,
    pattern: { FileName: [{ 'anything-but': { suffix: '.png' } }] },
    event: { FileName: 'photo.png' },
    matches: false,
  },
  {
    name: 'anything-but a suffix lets others through',
    doc: `${OPERATORS} > Anything-but (ends with)`,
    pattern: { FileName: [{ 'anything-but': { suffix: '.png' } }] },
    event: { FileName: 'photo.jpg' },
    matches: true,
  },
  {
    name: 'anything-but ignoring case',
    doc: `${OPERATORS} > Anything-but (ignore case)`,
    pattern: { state: [{ 'anything-but': { 'equals-ignore-case': 'initializing' } }] },
    event: { state: 'INITIALIZING' },
    matches: false,
  },
  {
    name: 'anything-but ignoring case lets others through',
    doc: `${OPERATORS} > Anything-but (ignore case)`,
    pattern: { state: [{ 'anything-but': { 'equals-ignore-case': 'initializing' } }] },
    event: { state: 'running' },
    matches: true,
  },
  {
    name: 'anything-but a wildcard',
    doc: `${OPERATORS} > Anything-but using a wildcard`,
    pattern: { FilePath: [{ 'anything-but': { wildcard: '*/lib/*' } }] },
    event: { FilePath: '/usr/lib/libc.so' },
    matches: false,
  },
  {
    name: 'anything-but a wildcard lets others through',
    doc: `${OPERATORS} > Anything-but using a wildcard`,
    pattern: { FilePath: [{ 'anything-but': { wildcard: '*/lib/*' } }] },
    event: { FilePath: '/usr/bin/node' },
    matches: true,
  },
  {
    name: 'anything-but on detail-type: all but CloudTrail',
    doc: `${CONTENT} > Anything-but matching example`,
    pattern: { 'detail-type': [{ 'anything-but': 'AWS API Call via CloudTrail' }] },
    event: { 'detail-type': 'AWS API Call via CloudTrail' },
    matches: false,
  },
  {
    name: 'anything-but a list of sources',
    doc: `${CONTENT} > Anything-but matching example`,
    pattern: { source: [{ 'anything-but': ['aws.ec2', 'aws.s3'] }] },
    event: { source: 'aws.lambda' },
    matches: true,
  },
  {
    name: 'anything-but prefix aws.: your own events',
    doc: `${CONTENT} > Anything-but matching example`,
    pattern: { source: [{ 'anything-but': { prefix: 'aws.' } }] },
    event: { source: 'naseej' },
    matches: true,
  },
  {
    name: 'anything-but prefix aws.: not AWS events',
    doc: `${CONTENT} > Anything-but matching example`,
    pattern: { source: [{ 'anything-but': { prefix: 'aws.' } }] },
    event: { source: 'aws.ec2' },
    matches: false,
  },
  // --- Numeric
  {
    name: 'numeric: all three hold',
    doc: `${CONTENT} > Numeric matching`,
    pattern: numericPattern,
    event: detailWith({ 'c-count': 5, 'd-count': 9, 'x-limit': 301.8 }),
    matches: true,
  },
  {
    name: 'numeric: > 0 excludes 0',
    doc: `${CONTENT} > Numeric matching`,
    pattern: numericPattern,
    event: detailWith({ 'c-count': 0, 'd-count': 9, 'x-limit': 301.8 }),
    matches: false,
  },
  {
    name: 'numeric: < 10 excludes 10',
    doc: `${CONTENT} > Numeric matching`,
    pattern: numericPattern,
    event: detailWith({ 'c-count': 1, 'd-count': 10, 'x-limit': 301.8 }),
    matches: false,
  },
  {
    name: 'numeric: = 3.018e2 excludes 300',
    doc: `${CONTENT} > Numeric matching`,
    pattern: numericPattern,
    event: detailWith({ 'c-count': 1, 'd-count': 1, 'x-limit': 300 }),
    matches: false,
  },
  {
    name: 'numeric works on JSON numbers only',
    doc: `${CONTENT} > Numeric matching`,
    rule: 'Numeric matching works with values that are JSON numbers',
    pattern: { detail: { 'd-count': [{ numeric: ['<', 10] }] } },
    event: detailWith({ 'd-count': '5' }),
    matches: false,
  },
  // --- Exists
  {
    name: 'exists false: the field is absent',
    doc: `${CONTENT} > Exists matching`,
    pattern: { detail: { 'c-count': [{ exists: false }] } },
    event: { 'detail-type': 'EC2 Instance State-change Notification', detail: { state: 'running' } },
    matches: true,
  },
  {
    name: 'exists false: an object is not a leaf',
    doc: `${CONTENT} > Exists matching`,
    rule: 'Exists matching only works on leaf nodes',
    pattern: { detail: { 'c-count': [{ exists: false }] } },
    event: { detail: { state: 'running', 'c-count': { c1: 100 } } },
    matches: true,
  },
  {
    name: 'exists true: the field is present',
    doc: `${CONTENT} > Exists matching`,
    pattern: { detail: { state: [{ exists: true }] } },
    event: { ...ec2Event, detail: { 'instance-id': 'i-abcd1111', state: 'pending' } },
    matches: true,
  },
  {
    name: 'exists true: the field is absent',
    doc: `${CONTENT} > Exists matching`,
    pattern: { detail: { state: [{ exists: true }] } },
    event: { detail: { 'c-count': { c1: 100 } } },
    matches: false,
  },
  {
    name: 'exists true: existence matching example',
    doc: `${CONTENT} > Existence matching example`,
    pattern: { detail: { description: [{ exists: true }] } },
    event: detailWith({ description: 'x' }),
    matches: true,
  },
  // --- Wildcard
  {
    name: 'wildcard *.png',
    doc: WILDCARD_BLOG,
    pattern: { key: [{ wildcard: '*.png' }] },
    event: { key: 'dir/photo.png' },
    matches: true,
  },
  {
    name: 'wildcard *.png, another extension',
    doc: WILDCARD_BLOG,
    pattern: { key: [{ wildcard: '*.png' }] },
    event: { key: 'dir/photo.png.jpg' },
    matches: false,
  },
  {
    name: 'wildcard *Title* in the middle',
    doc: WILDCARD_BLOG,
    pattern: { name: [{ wildcard: '*Title*' }] },
    event: { name: 'A Title here' },
    matches: true,
  },
  {
    name: 'wildcard * matches zero characters',
    doc: WILDCARD_BLOG,
    rule: 'matches zero, single, or multiple characters',
    pattern: { name: [{ wildcard: '*Title*' }] },
    event: { name: 'Title' },
    matches: true,
  },
  // --- Complex, $or
  {
    name: 'complex: prefix, anything-but and numeric together',
    doc: `${CONTENT} > Complex example`,
    pattern: complexPattern,
    event: {
      time: '2017-10-02T18:43:48Z',
      detail: { state: 'running', 'c-count': 3, 'd-count': 2, 'x-limit': 150 },
    },
    matches: true,
  },
  {
    name: 'complex: one field fails',
    doc: `${CONTENT} > Complex example`,
    pattern: complexPattern,
    event: {
      time: '2017-10-02T18:43:48Z',
      detail: { state: 'running', 'c-count': 3, 'd-count': 2, 'x-limit': 200 },
    },
    matches: false,
  },
  {
    name: '$or: one of three numeric conditions',
    doc: `${CONTENT} > $or matching`,
    pattern: orNumericPattern,
    event: detailWith({ 'c-count': 0, 'd-count': 20, 'x-limit': 301.8 }),
    matches: true,
  },
  {
    name: '$or: none of the conditions',
    doc: `${CONTENT} > $or matching`,
    pattern: orNumericPattern,
    event: detailWith({ 'c-count': 0, 'd-count': 20, 'x-limit': 1 }),
    matches: false,
  },
  {
    name: '$or at top level with another field',
    doc: `${CONTENT} > $or matching`,
    pattern: orTopLevelPattern,
    event: { source: 'aws.ec2', namespace: 'AWS/ES' },
    matches: true,
  },
  {
    name: '$or at top level: the AND still applies',
    doc: `${CONTENT} > $or matching`,
    pattern: orTopLevelPattern,
    event: { source: 'aws.s3', metricName: 'CPUUtilization' },
    matches: false,
  },
];

describe('EventBridge pattern conformance (cases from AWS documentation)', () => {
  it.each(table)('$name [$doc]', ({ pattern, event, matches }) => {
    expect(matchesPattern(pattern, event)).toBe(matches);
  });
});
