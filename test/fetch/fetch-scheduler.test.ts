/**
 * The fetch scheduler (issue 2 "Fetching", R15, R50): a global limit, per-host limits with a gap,
 * host cool-downs, and clearing when the run budget is spent. Real timers with small gaps; only
 * lower bounds on time are asserted (the machine is shared).
 */
import { describe, expect, test } from 'vitest';
import { FeedloomError } from '../../src/core/errors.js';
import { createFetchScheduler, hostKey } from '../../src/fetch/fetch-scheduler.js';

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function tracker() {
  let inFlight = 0;
  let maxInFlight = 0;
  const starts: Array<{ label: string; at: number }> = [];
  const ends: string[] = [];
  const task = (label: string, ms: number) => async () => {
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    starts.push({ label, at: performance.now() });
    await wait(ms);
    inFlight -= 1;
    ends.push(label);
    return label;
  };
  return { task, starts, ends, max: () => maxInFlight };
}

describe('createFetchScheduler', () => {
  test('never runs more than `concurrency` fetches at once over all hosts', async () => {
    const scheduler = createFetchScheduler({ concurrency: 3, perHostConcurrency: 1, hostGapMs: 0 });
    const t = tracker();
    const results = await Promise.all(Array.from({ length: 9 }, (_, i) => scheduler.schedule(`http://host${i}.example.test/feed`, t.task(`h${i}`, 40))));
    expect(results).toEqual(Array.from({ length: 9 }, (_, i) => `h${i}`));
    expect(t.max()).toBe(3);
  });

  test('runs one fetch at a time per host, starts at least hostGapMs apart', async () => {
    const scheduler = createFetchScheduler({ concurrency: 6, perHostConcurrency: 1, hostGapMs: 100 });
    const t = tracker();
    await Promise.all([1, 2, 3].map((n) => scheduler.schedule(`http://same.example.test/feed${n}`, t.task(`f${n}`, 10))));
    expect(t.max()).toBe(1);
    const gaps = t.starts.slice(1).map((s, i) => s.at - t.starts[i].at);
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(95);
  });

  test('a slow host never stalls the others: it holds at most its own per-host slots', async () => {
    const scheduler = createFetchScheduler({ concurrency: 2, perHostConcurrency: 1, hostGapMs: 0 });
    const t = tracker();
    const slow = [1, 2, 3].map((n) => scheduler.schedule(`http://slow.example.test/${n}`, t.task(`slow${n}`, 300)));
    const quick = [1, 2, 3].map((n) => scheduler.schedule(`http://quick${n}.example.test/`, t.task(`quick${n}`, 10)));
    await Promise.all(quick);
    expect(t.ends.filter((label) => label.startsWith('slow'))).toEqual([]);
    await Promise.all(slow);
    await scheduler.onIdle();
  });

  test('R15 a cooled-down host waits until the cool-down ends; other hosts are not delayed', async () => {
    const scheduler = createFetchScheduler({ concurrency: 4, perHostConcurrency: 1, hostGapMs: 0 });
    const t = tracker();
    const started = performance.now();
    scheduler.coolDownHost('http://limited.example.test/feed', Date.now() + 250);
    const other = scheduler.schedule('http://free.example.test/', t.task('free', 0));
    const limited = scheduler.schedule('http://LIMITED.example.test:8080/other', t.task('limited', 0));
    await Promise.all([other, limited]);
    expect(t.starts.map((s) => s.label)).toEqual(['free', 'limited']);
    expect(t.starts[1].at - started).toBeGreaterThanOrEqual(240);
  });

  test('R15 a cool-down that outlasts maxCoolDownWaitMs rejects with E_RATE_LIMITED and never runs the task', async () => {
    const scheduler = createFetchScheduler({ concurrency: 2, perHostConcurrency: 1, hostGapMs: 0, maxCoolDownWaitMs: 1_000 });
    scheduler.coolDownHost('limited.example.test', Date.now() + 3_600_000);
    let ran = false;
    const error = await scheduler
      .schedule('http://limited.example.test/feed', async () => {
        ran = true;
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FeedloomError);
    expect((error as FeedloomError).code).toBe('E_RATE_LIMITED');
    expect((error as FeedloomError).retryAfterMs).toBeGreaterThan(3_590_000);
    expect(ran).toBe(false);
  });

  test('issue 15, defect 4: a retry waits the host gap from the failed attempt, or its own longer backoff, or the cool-down', async () => {
    // A clock that moves only when the scheduler sleeps: what it waits for is read off exactly.
    let clock = 0;
    const slept: number[] = [];
    const sleep = async (ms: number) => {
      slept.push(ms);
      clock += ms;
    };
    const scheduler = createFetchScheduler({ concurrency: 1, perHostConcurrency: 1, hostGapMs: 1_000, now: () => clock, sleep, maxCoolDownWaitMs: 60_000 });
    const turns = await scheduler.schedule('http://flaky.example.test/feed', async (retryTurn) => {
      clock += 50; // the failed attempt took 50 ms
      const afterGap = await retryTurn(10);
      const gapWait = slept.splice(0);
      const afterBackoff = await retryTurn(4_000);
      const backoffWait = slept.splice(0);
      scheduler.coolDownHost('flaky.example.test', clock + 5_000);
      const afterCoolDown = await retryTurn(0);
      const coolDownWait = slept.splice(0);
      scheduler.coolDownHost('flaky.example.test', clock + 3_600_000);
      const refused = await retryTurn(0);
      return { afterGap, gapWait, afterBackoff, backoffWait, afterCoolDown, coolDownWait, refused, refusedWait: slept.splice(0) };
    });
    expect(turns).toEqual({ afterGap: true, gapWait: [1_000], afterBackoff: true, backoffWait: [4_000], afterCoolDown: true, coolDownWait: [5_000], refused: false, refusedWait: [] });
  });

  test('R50 clear() rejects every fetch not yet started with E_BUDGET; the running one finishes; onIdle settles', async () => {
    const scheduler = createFetchScheduler({ concurrency: 1, perHostConcurrency: 1, hostGapMs: 0 });
    const t = tracker();
    const running = scheduler.schedule('http://a.example.test/', t.task('a', 100));
    const queued = ['b', 'c', 'd'].map((label) => scheduler.schedule(`http://${label}.example.test/`, t.task(label, 10)).catch((e: unknown) => e));
    await wait(20);
    scheduler.clear();
    expect(await running).toBe('a');
    for (const outcome of await Promise.all(queued)) expect((outcome as FeedloomError).code).toBe('E_BUDGET');
    await scheduler.onIdle();
    expect(t.starts.map((s) => s.label)).toEqual(['a']);
  });

  test('a failing task rejects its own promise only', async () => {
    const scheduler = createFetchScheduler({ concurrency: 2, perHostConcurrency: 1, hostGapMs: 0 });
    const bad = scheduler.schedule('http://bad.example.test/', async () => {
      throw new FeedloomError('E_NETWORK', 'boom');
    });
    const good = scheduler.schedule('http://bad.example.test/other', async () => 'ok');
    await expect(bad).rejects.toMatchObject({ code: 'E_NETWORK' });
    await expect(good).resolves.toBe('ok');
  });

  test('rejects invalid options loudly', () => {
    expect(() => createFetchScheduler({ concurrency: 0, perHostConcurrency: 1, hostGapMs: 0 })).toThrow('Expected `concurrency` to be an integer from 1 and up, got `0`');
    expect(() => createFetchScheduler({ concurrency: 1, perHostConcurrency: 1.5, hostGapMs: 0 })).toThrow('perHostConcurrency');
  });

  test('hosts are keyed by lower-case name without the port', () => {
    expect(hostKey('https://Feeds.Example.ORG:8443/rss')).toBe('feeds.example.org');
    expect(hostKey('Feeds.Example.org:80')).toBe('feeds.example.org');
    // Keys are cached by the part before the path; other paths, ports and spellings still agree.
    expect(hostKey('https://Feeds.Example.ORG:8443/atom')).toBe('feeds.example.org');
    expect(hostKey('http://feeds.example.org/rss')).toBe('feeds.example.org');
    expect(hostKey('http://other.example.org')).toBe('other.example.org');
    expect(hostKey('http://other.example.org?x=1')).toBe('other.example.org');
    expect(hostKey('Other.Example.org')).toBe('other.example.org');
  });
});
