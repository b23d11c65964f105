/**
 * Per-stage cost counters for the bench (bounded-cost issue): off unless FEEDLOOM_STAGE_TIMES names
 * a file, and then a run adds up the time of each stage and writes the totals there as JSON at its
 * end. Off, a timed section costs one boolean test.
 *
 * Node 20 has no per-thread CPU clock (process.threadCpuUsage is Node 23.9+) and process.cpuUsage()
 * counts every thread, so the synchronous stages (parse, normalise, analysis, dedupe, store puts),
 * which run while parse workers and the main thread overlap, are timed as busy time on their own
 * thread (performance.now() around synchronous code: CPU time plus any time the OS took the core
 * away). The commit and emit run after the workers are gone; they also get process CPU.
 * Worker threads keep their own totals and send them with each reply (parse-pool.ts).
 */
import { writeFileSync } from 'node:fs';

export type StageName = 'parse' | 'normalise' | 'analysis' | 'dedupe' | 'store' | 'emit';
export interface StageTotal {
  wallUs: number;
  /** Process CPU, only for stages that run alone (commit, emit). */
  cpuUs: number | null;
  calls: number;
}
export type StageTotals = Partial<Record<StageName, StageTotal>>;

const target = process.env.FEEDLOOM_STAGE_TIMES || null;
const stageClockOn = target !== null;
let totals: StageTotals = {};

function add(stage: StageName, wallUs: number, cpuUs: number | null, calls = 1): void {
  const total = (totals[stage] ??= { wallUs: 0, cpuUs: null, calls: 0 });
  total.wallUs += wallUs;
  if (cpuUs !== null) total.cpuUs = (total.cpuUs ?? 0) + cpuUs;
  total.calls += calls;
}

/** Run synchronous `work`, adding its busy time to `stage`. */
export function timeStage<T>(stage: StageName, work: () => T): T {
  if (!stageClockOn) return work();
  const started = performance.now();
  try {
    return work();
  } finally {
    add(stage, (performance.now() - started) * 1000, null);
  }
}

/** Await `work`, adding its wall time and the process CPU it used to `stage` (for stages that run alone). */
export async function timeStageAlone<T>(stage: StageName, work: () => Promise<T>): Promise<T> {
  if (!stageClockOn) return work();
  const started = performance.now();
  const cpu = process.cpuUsage();
  try {
    return await work();
  } finally {
    const used = process.cpuUsage(cpu);
    add(stage, (performance.now() - started) * 1000, used.user + used.system);
  }
}

/** A worker's totals since its last reply (and reset), or null when the clock is off. */
export function takeStageTotals(): StageTotals | null {
  if (!stageClockOn) return null;
  const taken = totals;
  totals = {};
  return taken;
}

/** Adds totals sent by a worker thread. */
export function addStageTotals(more: StageTotals | null | undefined): void {
  if (!more) return;
  for (const [stage, total] of Object.entries(more) as Array<[StageName, StageTotal]>) add(stage, total.wallUs, total.cpuUs, total.calls);
}

/** Writes the run's totals (and the whole process's CPU) to the FEEDLOOM_STAGE_TIMES file. */
export function writeStageTotals(): void {
  if (target === null) return;
  const cpu = process.cpuUsage();
  writeFileSync(target, `${JSON.stringify({ processCpuUs: cpu.user + cpu.system, stages: totals }, null, 1)}\n`);
}
