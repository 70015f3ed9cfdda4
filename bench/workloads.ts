import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { type AppendTrial, summariseTrial } from './stats.js';
import type { AppendTarget, StreamWriter } from './targets.js';

/** One append workload: how many writers, on which streams, how many appends each. */
export interface Workload {
  readonly name: string;
  readonly writers: number;
  readonly appendsPerWriter: number;
  /** All writers append to one stream (and race for each version), or each to its own. */
  readonly hotStream: boolean;
}

/** Runs a workload once on fresh streams and measures each successful append. */
export const runWorkload = async (
  target: AppendTarget,
  workload: Workload,
  serverCpuMs: () => number,
  /** DynamoDB requests sent so far on the benchmark's client. */
  requestsSent: () => number,
): Promise<AppendTrial> => {
  const run = randomUUID().slice(0, 8);
  const writers: StreamWriter[] = Array.from({ length: workload.writers }, (_, index) =>
    target.writer(workload.hotStream ? `hot-${run}` : `stream-${run}-${index}`, index),
  );
  const latenciesMs: number[] = [];
  let attempts = 0;
  const clientCpuBefore = process.cpuUsage();
  const serverCpuBefore = serverCpuMs();
  const requestsBefore = requestsSent();
  const started = performance.now();
  await Promise.all(
    writers.map(async (writer) => {
      for (let count = 0; count < workload.appendsPerWriter; count += 1) {
        const before = performance.now();
        const tookAttempts = await writer.append();
        latenciesMs.push(performance.now() - before);
        attempts += tookAttempts;
      }
    }),
  );
  const elapsedMs = performance.now() - started;
  const clientCpu = process.cpuUsage(clientCpuBefore);
  const cpuMs = (clientCpu.user + clientCpu.system) / 1000 + (serverCpuMs() - serverCpuBefore);
  return summariseTrial(latenciesMs, attempts, elapsedMs, cpuMs, requestsSent() - requestsBefore);
};
