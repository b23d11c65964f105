/**
 * The run budget's signal: it aborts once its time is spent even when a garbage collection runs in
 * between (the cause of a run that ignored fetch.runBudgetMs on Node 20), and it carries the stop
 * signal's reason when the run is stopped first.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { runBudgetSignal } from '../../src/pipeline/cycle-parts.js';

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

const aborted = (signal: AbortSignal) => new Promise<unknown>((resolve) => signal.addEventListener('abort', () => resolve(signal.reason), { once: true }));

describe('runBudgetSignal', () => {
  it('aborts once the budget is spent, though a collection ran while it waited', async () => {
    const budget = runBudgetSignal(150, [new AbortController().signal]);
    const reason = aborted(budget.signal);
    collectGarbage();
    await new Promise((resolve) => setTimeout(resolve, 50));
    collectGarbage();
    expect(budget.signal.aborted).toBe(false);
    const spent = (await reason) as DOMException;
    expect(spent.name).toBe('TimeoutError');
    expect(spent.message).toContain('150 ms');
    budget.dispose();
  });

  it('aborts with the stop signal’s reason when the run is stopped first', async () => {
    const stop = new AbortController();
    const budget = runBudgetSignal(60_000, [stop.signal]);
    stop.abort(new Error('SIGTERM'));
    expect(budget.signal.aborted).toBe(true);
    expect((budget.signal.reason as Error).message).toBe('SIGTERM');
    budget.dispose();
  });

  it('is aborted from the start when a signal it follows already was', () => {
    const stop = new AbortController();
    stop.abort('stopped');
    const budget = runBudgetSignal(60_000, [stop.signal]);
    expect(budget.signal.aborted).toBe(true);
    budget.dispose();
  });

  it('never fires once disposed', async () => {
    const budget = runBudgetSignal(30, []);
    budget.dispose();
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(budget.signal.aborted).toBe(false);
  });
});
