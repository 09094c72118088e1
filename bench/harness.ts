import type { Browser, BrowserType, LaunchOptions, Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { errorMessage } from '../src/core/errors';
import type { Stretch } from './consistency';
import { METHOD_BATCH, type Budget, type LongTasks, type Timing } from './protocol';
import { machine, type Machine } from './record';

// The bench's settings and the helpers every part of it shares (bench/suite.bench.ts runs the parts).

export const quick = process.env.BENCH_QUICK === '1';
export const minutes = Number(process.env.BENCH_MINUTES ?? (quick ? 2 : 14));
export const benchDir = path.dirname(fileURLToPath(import.meta.url));
export const tmp = path.join(benchDir, '.tmp');

export const BATCH = quick ? 16 : METHOD_BATCH; // the reference config's batch; --quick only checks that every part still runs
export const QUICK_METHODS = 2;
export const TRAINER: Budget = { warmup: 4, minSteps: 4, seconds: quick ? 0 : 6 }; // the Trainer pauses between slices of 4 steps
export const BARE: Budget = { warmup: 2, minSteps: 4, seconds: TRAINER.seconds }; // as long as the Trainer's stretch, for a fair ratio
export const ROUNDS = 3; // alternating Trainer and bare stretches per method on wasm; the fastest of each counts
export const REFERENCE_ROUNDS = quick ? 2 : 3; // alternating rounds of PyTorch, tfjs-wasm and ConvNetJS on the reference network
export const GPU_TRAINER: Budget = { ...TRAINER, seconds: 0 }; // software GPUs and the CPU backend: the fewest steps that time anything
export const GPU_BARE: Budget = { ...BARE, warmup: 1, seconds: 0 };
export const REF: Budget = { warmup: 2, minSteps: 3, seconds: quick ? 0.5 : 4 };

const started = Date.now();
const deadline = started + minutes * 60_000;
/** ms left of the time budget. */
export const left = () => deadline - Date.now();

export const log = (line: string) => console.log(`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}`);

/** An error as one short line for the results. */
export function describe(e: unknown): string {
  return errorMessage(e).split('\n')[0].slice(0, 300);
}

/** Rejects after `ms` (a hung software GPU must not hang the bench). */
export function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout>;
  const limit = new Promise<never>(
    (_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: no answer within ${Math.round(ms / 1000)} s`)), ms)),
  );
  return Promise.race([p, limit]).finally(() => clearTimeout(timer));
}

/** The machine's 1-minute load average now. */
export const load1 = () => loadavg()[0];

/** CPU time (clock ticks) of the whole machine and of the bench's own processes (this one, its browsers, PyTorch), now. */
interface CpuReading {
  at: number; // Date.now()
  busy: number; // /proc/stat: every CPU's user, nice, system, irq, softirq and steal ticks
  own: number; // utime + stime + cutime + cstime of this process and every live descendant (reaped children count in cutime)
  load: number;
}

export const ticksPerSecond = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' })) || 100;
  } catch {
    return 100;
  }
})();

export function readCpu(): CpuReading | null {
  try {
    const [user, nice, system, , , irq, softirq, steal] = readFileSync('/proc/stat', 'utf8')
      .split('\n')[0]
      .trim()
      .split(/\s+/)
      .slice(1)
      .map(Number);
    const procs = new Map<number, { ppid: number; ticks: number }>();
    for (const name of readdirSync('/proc')) {
      if (!/^\d+$/.test(name)) continue;
      try {
        const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
        const f = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // fields from the 3rd (state) on
        procs.set(Number(name), { ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]) });
      } catch {
        // the process ended while the list was read
      }
    }
    let own = 0;
    const mine = new Set([process.pid]);
    for (let grew = true; grew;) {
      grew = false;
      for (const [pid, p] of procs)
        if (!mine.has(pid) && mine.has(p.ppid)) {
          mine.add(pid);
          grew = true;
        }
    }
    for (const pid of mine) own += procs.get(pid)?.ticks ?? 0;
    return { at: Date.now(), busy: user + nice + system + irq + softirq + steal, own, load: load1() };
  } catch {
    return null; // not Linux: the stretch keeps its load averages only
  }
}

/** A reading to pass to asStretch once the stretch has run. */
export const stretchStart = (): CpuReading | { load: number; at: number } => readCpu() ?? { load: load1(), at: Date.now() };

/**
 * A timed stretch that has just ended: the load average before it and now, and the cores that processes other than
 * the bench's own kept busy meanwhile (on average; with the hypervisor's steal), which the load average cannot tell
 * apart from the contender's own threads.
 */
export function asStretch(t: Timing, start: ReturnType<typeof stretchStart>): Stretch {
  const end = readCpu();
  const stretch: Stretch = {
    steps: t.steps,
    seconds: t.seconds,
    imagesPerSec: t.imagesPerSec,
    loadBefore: start.load,
    loadAfter: end?.load ?? load1(),
  };
  if (end && 'busy' in start && end.at > start.at) {
    const others = (end.busy - start.busy - (end.own - start.own)) / ticksPerSecond;
    stretch.otherCores = Math.max(0, others / ((end.at - start.at) / 1000));
  }
  return stretch;
}

/** This machine, with the Chromium the browser parts drive. */
export function browserMachine(): Machine {
  let chromium = 'not recorded';
  try {
    chromium = execFileSync(process.env.PRETEXT_CHROMIUM ?? '/usr/bin/chromium', ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    // no Chromium at that path: the record says so
  }
  return machine({ chromium });
}

/** A bench-worker call from the bench page: its result and the page's long tasks meanwhile. */
export type Call = <T>(name: string, args: unknown[], ms: number) => Promise<{ result: T; longTasks: LongTasks }>;

/** The bench page (one backend's worker at a time). */
export async function benchPage(browser: Browser): Promise<{ page: Page; call: Call }> {
  const page = await browser.newPage();
  await page.goto('/bench/');
  await page.waitForFunction(() => 'bench' in window);
  const call: Call = (name, args, ms) =>
    within(
      page.evaluate(([n, a]) => (window.bench.call as (n: string, ...a: unknown[]) => Promise<unknown>)(n, ...a), [name, args] as const),
      ms,
      name,
    ) as never;
  return { page, call };
}

/** Runs one part of the bench in a browser of its own, launched for it and killed after it. */
export type InOwnBrowser = <T>(part: (browser: Browser) => Promise<T>) => Promise<T>;

let parts = 0;

/**
 * `chromium` and `launchOptions` are the test's fixtures (so pages get the config's baseURL). A software GPU that stops
 * answering keeps the browser's one GPU process busy and every later page of that browser waits on it, and closing
 * the page or the browser can wait forever: the browser's whole process group is killed instead. (Launched, not
 * connected to: a connected browser counts as remote, and Playwright then uploads every file a test picks.)
 */
export function ownBrowser(chromium: BrowserType, launchOptions: LaunchOptions): InOwnBrowser {
  return async (part) => {
    const tag = `pretext-bench-part=${process.pid}-${++parts}`; // an unknown switch, which Chromium ignores
    const browser = await chromium.launch({ ...launchOptions, args: [...(launchOptions.args ?? []), `--${tag}`] });
    const disconnected = new Promise<void>((resolve) => browser.once('disconnected', () => resolve()));
    try {
      return await part(browser);
    } finally {
      killProcessGroups(tag);
      // Until Playwright has seen the browser go, its contexts look open: the test's trace collection would then
      // call into a dead browser ("Target page, context or browser has been closed"), about 1 test in 5.
      await Promise.race([disconnected, new Promise((resolve) => setTimeout(resolve, 10_000))]);
    }
  };
}

/** SIGKILL to the process group of every process whose command line holds `tag` (Linux: reads /proc). */
function killProcessGroups(tag: string): void {
  const groups = new Set<number>();
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(tag)) continue;
      groups.add(Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')[2])); // pgrp: field 5
    } catch {
      // the process ended meanwhile
    }
  }
  for (const g of groups) {
    try {
      process.kill(-g, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}
