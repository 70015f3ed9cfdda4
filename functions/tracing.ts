import { Tracer } from '@aws-lambda-powertools/tracer';
import { SERVICE_NAME } from './observability.js';

// The shared X-Ray tracer, in a module of its own because loading it has a process-wide cost:
// Powertools' Tracer loads the X-Ray SDK, whose cls-hooked context enables async hooks with
// destroy tracking for every promise of the process (300,000 awaits: 17 ms without it, 346 ms
// with it, on this machine). Only a Lambda traces, so only a Lambda imports this module
// (functions/http/lambda.ts, dynamically); the local runtime and the tests never load it.

/** The shared X-Ray tracer. */
export const tracer = new Tracer({ serviceName: SERVICE_NAME });
