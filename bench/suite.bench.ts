import { expect, test, type Browser, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultConfig } from '../src/core/config';
import { errorMessage } from '../src/core/errors';
import type { BackendName } from '../src/worker/protocol';
import { referenceFlops } from './flops';
import { jpegFolder } from './jpegs';
import { PROFILED, type Budget, type LongTasks, type MethodInfo, type StepProfile, type Timing } from './protocol';
import { ensureTorch, torchImagesPerSec } from './pytorch';
import { renderMarkdown } from './report';
import type { BackendResult, BenchResults, FirstStep, Ingest, MethodRow } from './results';

// `npm run bench` (bench/run.mjs builds, then runs this). One test, so one failure never loses the others'
// figures: every measurement records its error and the run goes on; the end writes results and checks leaks.
const quick = process.env.BENCH_QUICK === '1';
const minutes = Number(process.env.BENCH_MINUTES ?? (quick ? 2 : 14));
const benchDir = path.dirname(fileURLToPath(import.meta.url));
const tmp = path.join(benchDir, '.tmp');
const out = quick ? path.join(tmp, 'quick') : benchDir;

const BATCH = quick ? 16 : 64; // the reference config's batch; --quick only checks that every part still runs
const BACKENDS: BackendName[] = quick ? ['wasm'] : ['wasm', 'webgpu', 'webgl', 'cpu'];
const QUICK_METHODS = 2;
const INGEST_IMAGES = quick ? 200 : 10_000;
const LAB: Budget = { warmup: 4, minSteps: 4, seconds: quick ? 0 : 6 }; // the Lab pauses between slices of 4 steps
const BARE: Budget = { warmup: 2, minSteps: 4, seconds: LAB.seconds }; // as long as the Lab's stretch, for a fair ratio
const ROUNDS = 3; // alternating Lab and bare stretches per method on wasm; the fastest of each counts
const GPU_LAB: Budget = { ...LAB, seconds: 0 }; // software GPUs and the CPU backend: the fewest steps that time anything
const GPU_BARE: Budget = { ...BARE, warmup: 1, seconds: 0 };
const REF: Budget = { warmup: 2, minSteps: 3, seconds: quick ? 0.5 : 4 };

test.setTimeout((minutes + 20) * 60_000);

const started = Date.now();
const deadline = started + minutes * 60_000;
const left = () => deadline - Date.now();

function describe(e: unknown): string {
  return errorMessage(e).split('\n')[0].slice(0, 300);
}

/** Rejects after `ms` (a hung software GPU must not hang the bench). */
function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout>;
  const limit = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: no answer within ${Math.round(ms / 1000)} s`)), ms)));
  return Promise.race([p, limit]).finally(() => clearTimeout(timer));
}

function machine(): BenchResults['machine'] {
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  const run = (cmd: string, args: string[]) => {
    try {
      return execFileSync(cmd, args, { encoding: 'utf8' }).trim();
    } catch {
      return 'unknown';
    }
  };
  return {
    cpu: /model name\s*:\s*(.*)/.exec(cpuinfo)?.[1] ?? 'unknown',
    nproc: Number(run('nproc', [])),
    chromium: run(process.env.PRETEXT_CHROMIUM ?? '/usr/bin/chromium', ['--version']),
    node: process.version,
    loadavg: { start: loadavg(), end: [] },
  };
}

const results: BenchResults = {
  date: new Date().toISOString(),
  quick,
  machine: machine(),
  config: { resolution: defaultConfig.resolution, batchSize: BATCH, width: defaultConfig.width, depth: defaultConfig.depth, budgetMinutes: minutes },
  backends: [],
  rows: [],
  reference: { pytorch_cpu: null, convnetjs: null, wasm: null, webgl: null, webgpu: null, cpu: null },
  referenceDetails: { flopsPerStep: { counted: null, analytic: referenceFlops() }, tfjs: {}, convnetjs: null, pytorch: [], pytorchUnavailable: null },
  app: { firstStep: [], ingest: null },
  profile: null,
  errors: [],
};
const profiles = new Map<string, StepProfile>(); // method → its profiled step on PROFILED

function save(): void {
  results.machine.loadavg.end = loadavg();
  mkdirSync(out, { recursive: true });
  writeFileSync(path.join(out, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(path.join(out, 'RESULTS.md'), renderMarkdown(results));
}

const log = (line: string) => console.log(`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}`);

// ---- the bench page: one backend's worker ----

type Call = <T>(name: string, args: unknown[], ms: number) => Promise<{ result: T; longTasks: LongTasks }>;

async function benchPage(browser: Browser): Promise<{ page: Page; call: Call }> {
  const page = await browser.newPage();
  await page.goto('/bench/');
  await page.waitForFunction(() => 'bench' in window);
  const call: Call = (name, args, ms) =>
    within(page.evaluate(([n, a]) => (window.bench.call as (n: string, ...a: unknown[]) => Promise<unknown>)(n, ...a), [name, args] as const), ms, name) as never;
  return { page, call };
}

function addLongTasks(a: LongTasks | null, b: LongTasks): LongTasks {
  return a ? { count: a.count + b.count, totalMs: a.totalMs + b.totalMs, maxMs: Math.max(a.maxMs, b.maxMs) } : b;
}

/** Seconds per FLOP seen so far on a backend, to skip a method that would overrun its share of the time. */
function estimateMs(method: string, secondsPerFlop: number | null, stepsNeeded: number): number {
  const flops = profiles.get(method)?.flopsPerStep;
  return secondsPerFlop && flops ? secondsPerFlop * flops * stepsNeeded * 1000 : 0;
}

async function measureBackend(browser: Browser, backend: BackendName, shareMs: number): Promise<void> {
  const until = Date.now() + shareMs;
  const gpuLike = backend !== 'wasm';
  const [labBudget, bareBudget] = gpuLike ? [GPU_LAB, GPU_BARE] : [LAB, BARE];
  const rounds = gpuLike || quick ? 1 : ROUNDS;
  const entry: BackendResult = {
    requested: backend, name: null, adapter: '', reason: '', wasmThreads: null, available: false, matmul: null,
    budget: { lab: `${labBudget.warmup} warm-up + ≥${labBudget.minSteps} steps, ≥${labBudget.seconds} s`, bare: `${bareBudget.warmup} warm-up + ≥${bareBudget.minSteps} steps, ≥${bareBudget.seconds} s` },
  };
  results.backends.push(entry);
  const { page, call } = await benchPage(browser);
  const grace = () => Math.max(60_000, until - Date.now() + 120_000);
  try {
    const info = await within(page.evaluate(([b, n]) => window.bench.open(b, n), [backend, BATCH] as const), 120_000, `open ${backend}`);
    Object.assign(entry, { name: info.name, adapter: info.adapter, reason: info.reason, wasmThreads: info.wasmThreads, available: info.name === backend });
    if (!entry.available) {
      entry.error = `requested ${backend}, got ${info.name}: ${info.reason}`;
      return;
    }
    log(`${backend}: ${info.adapter} — ${info.reason}`);
    const mm = await call<{ n: number; gflops: number }>('matmul', [backend === 'cpu' ? 512 : 1024, quick ? 0.3 : 1.5], grace());
    entry.matmul = { n: mm.result.n, gflops: mm.result.gflops };
    log(`${backend}: matmul ${mm.result.n}³ ${mm.result.gflops.toFixed(2)} GFLOP/s`);

    // Until a method is timed here, guess its speed from the reference network's (×2: the methods' larger kernels run slower).
    let secondsPerFlop: number | null = null;
    try {
      const ref = await call<{ steps: number; seconds: number; imagesPerSec: number; profile: StepProfile | null }>('reference', [REF, backend === PROFILED], grace());
      const { profile, ...timing } = ref.result;
      results.referenceDetails.tfjs[backend] = timing;
      results.reference[backend] = timing.imagesPerSec;
      if (profile) {
        results.referenceDetails.flopsPerStep.counted = profile.flopsPerStep;
        results.referenceDetails.profile = profile;
      }
      secondsPerFlop = 2 / ((results.referenceDetails.flopsPerStep.analytic * timing.steps) / timing.seconds);
      log(`${backend}: reference network ${timing.imagesPerSec.toFixed(1)} images/s`);
    } catch (e) {
      results.referenceDetails.tfjs[backend] = { steps: 0, seconds: 0, imagesPerSec: 0, error: describe(e) };
    }


    let methods = (await call<MethodInfo[]>('methods', [], 30_000)).result;
    if (quick) methods = methods.filter((m) => m.trainable).slice(0, QUICK_METHODS);
    for (const m of methods) {
      const row: MethodRow = {
        backend, method: m.id, label: m.label, trainable: m.trainable, lab: null, bare: null, overheadRatio: null,
        flopsPerStep: profiles.get(m.id)?.flopsPerStep ?? null, modelGflops: null, utilization: null, leakedPer100: null, longTasks: null,
      };
      results.rows.push(row);
      if (!m.trainable) {
        row.skipped = 'not trainable (the random-init baseline)';
        continue;
      }
      const steps = rounds * (labBudget.warmup + labBudget.minSteps + bareBudget.warmup + bareBudget.minSteps);
      if (Date.now() + estimateMs(m.id, secondsPerFlop, steps) > until) {
        row.skipped = `not measured: over this backend's share of the ${minutes}-minute budget`;
        log(`${backend}/${m.id}: skipped (time budget)`);
        continue;
      }
      try {
        // Lab and bare stretches alternate; each keeps its fastest: other processes only ever slow a stretch down.
        for (let round = 0; round < rounds; round++) {
          const lab = await call<MethodRow['lab'] & object>('lab', [m.id, labBudget], grace());
          const leaked = ((lab.result.tensorsAfter - lab.result.tensorsBefore) / lab.result.steps) * 100;
          row.leakedPer100 = Math.max(row.leakedPer100 ?? leaked, leaked);
          row.longTasks = addLongTasks(row.longTasks, lab.longTasks);
          if (!row.lab || lab.result.imagesPerSec > row.lab.imagesPerSec) row.lab = lab.result;
          const bare = await call<MethodRow['bare'] & object>('bare', [m.id, bareBudget], grace());
          if (!row.bare || bare.result.imagesPerSec > row.bare.imagesPerSec) row.bare = bare.result;
        }
        row.rounds = rounds;
        const [lab, bare] = [row.lab!, row.bare!];
        row.overheadRatio = lab.imagesPerSec / bare.imagesPerSec;
        if (backend === PROFILED) {
          const p = (await call<StepProfile>('profile', [m.id], grace())).result;
          profiles.set(m.id, p);
          row.flopsPerStep = p.flopsPerStep;
        }
        if (row.flopsPerStep) {
          const stepsPerSec = lab.steps / lab.seconds;
          row.modelGflops = (row.flopsPerStep * stepsPerSec) / 1e9;
          row.utilization = row.modelGflops / entry.matmul.gflops;
          secondsPerFlop = 1 / (row.flopsPerStep * stepsPerSec);
        }
        log(`${backend}/${m.id}: ${lab.imagesPerSec.toFixed(1)} images/s (${lab.steps} steps), bare ${bare.imagesPerSec.toFixed(1)}, leak ${row.leakedPer100}/100 steps (best of ${rounds})`);
      } catch (e) {
        row.error = describe(e);
        log(`${backend}/${m.id}: ${row.error}`);
        if (row.error.includes('no answer within')) throw e; // the worker is stuck: give up on this backend
      }
      save();
    }
  } catch (e) {
    entry.error = describe(e);
    log(`${backend}: ${entry.error}`);
  } finally {
    await page.close();
    save();
  }
  // The app in its own page once the bench page is gone (two pages on one software GPU slow each other down).
  if (!entry.available) return;
  await firstStep(browser, backend, 1, 0);
  if (backend === 'wasm') await firstStep(browser, backend, 100_000, quick ? 1 : 15);
  save();
}

/** The reference network on tfjs-wasm held to one thread (when it runs more by default), to compare like with like. */
async function referenceOneThread(browser: Browser): Promise<void> {
  const threads = results.backends.find((b) => b.requested === 'wasm')?.wasmThreads ?? 1;
  if (threads <= 1) return;
  const { page, call } = await benchPage(browser);
  try {
    const info = await within(page.evaluate(([n]) => window.bench.open('wasm', n, 1), [BATCH] as const), 120_000, 'open wasm, 1 thread');
    if (info.wasmThreads !== 1) throw new Error(`asked for 1 wasm thread, got ${info.wasmThreads}`);
    const r = await call<Timing & { profile: null }>('reference', [REF, false], 5 * 60_000);
    results.referenceDetails.wasmOneThread = { steps: r.result.steps, seconds: r.result.seconds, imagesPerSec: r.result.imagesPerSec };
    log(`wasm, 1 thread: reference network ${r.result.imagesPerSec.toFixed(1)} images/s`);
  } catch (e) {
    results.referenceDetails.wasmOneThread = { steps: 0, seconds: 0, imagesPerSec: 0, error: describe(e) };
  } finally {
    await page.close();
  }
}

// ---- the app itself ----

declare global {
  interface Window {
    __longTasks: { startTime: number; duration: number }[];
    __ingestStart: number;
  }
}

async function appPage(browser: Browser, query: string): Promise<Page> {
  const page = await browser.newPage();
  await page.addInitScript(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => window.__longTasks.push(...list.getEntries().map((e) => ({ startTime: e.startTime, duration: e.duration })))).observe({ type: 'longtask', buffered: true });
  });
  await page.goto(`/${query}`);
  await page.waitForFunction(() => typeof window.pretext?.status === 'function');
  return page;
}

/**
 * Click "Start" on the rotation card of the real app (a run of `steps` steps); time until its status shows
 * step ≥ 1, then keep watching the training for `watchSeconds`.
 */
async function firstStep(browser: Browser, backend: BackendName, steps: number, watchSeconds: number): Promise<void> {
  const entry: FirstStep = { backend, runSteps: steps, clickToFirstStepMs: null, trainedSteps: 0, trainSeconds: 0, imagesPerSec: null, longTasks: null };
  results.app.firstStep.push(entry);
  const page = await appPage(browser, `?backend=${backend}&batch=${BATCH}&steps=${steps}`);
  try {
    await page.waitForFunction(() => window.pretext.status().dataset !== null && window.pretext.status().backend !== null, null, { timeout: 120_000 });
    const r = await within(
      page.evaluate(async (watch) => {
        const t0 = performance.now();
        document.querySelector<HTMLButtonElement>('[data-testid="start-rotation"]')!.click();
        let first: number | null = null;
        for (;;) {
          const run = window.pretext.status().runs.find((x) => x.method === 'rotation');
          if (run?.state === 'error') throw new Error(run.error);
          if (first === null && run && run.step >= 1) first = performance.now();
          if (first !== null && performance.now() - first >= watch * 1000) {
            const end = performance.now();
            const seen = window.__longTasks.filter((e) => e.startTime >= t0 && e.startTime <= end);
            return {
              first: first - t0, steps: run!.step, seconds: (end - t0) / 1000, imagesPerSec: run!.imagesPerSec,
              longTasks: { count: seen.length, totalMs: seen.reduce((s, e) => s + e.duration, 0), maxMs: Math.max(0, ...seen.map((e) => e.duration)) },
            };
          }
          await new Promise((res) => setTimeout(res, 10));
        }
      }, watchSeconds),
      Math.max(120_000, left() + 60_000),
      `first step on ${backend}`,
    );
    Object.assign(entry, { clickToFirstStepMs: r.first, trainedSteps: r.steps, trainSeconds: r.seconds, imagesPerSec: r.imagesPerSec, longTasks: r.longTasks });
    log(`app on ${backend}: first step ${(r.first / 1000).toFixed(1)} s after the click; ${r.longTasks.count} long tasks in ${r.seconds.toFixed(0)} s`);
  } catch (e) {
    entry.error = describe(e);
    log(`app on ${backend}: ${entry.error}`);
  } finally {
    await page.close();
  }
}

/** Pick a folder of INGEST_IMAGES JPEGs with the app's folder input; time from the input's change to "dataset ready". */
async function ingest(browser: Browser): Promise<void> {
  const name = `ingest-${INGEST_IMAGES}`;
  const dir = jpegFolder(path.join(tmp, name), INGEST_IMAGES);
  const page = await appPage(browser, '?dataset=none&backend=wasm');
  try {
    await page.waitForFunction(() => window.pretext.status().backend !== null, null, { timeout: 120_000 });
    await page.getByTestId('folder-input').evaluate((input) => input.addEventListener('change', () => (window.__ingestStart = performance.now())));
    await page.getByTestId('folder-input').setInputFiles(dir);
    const r = await within(
      page.evaluate(async (n) => {
        for (;;) {
          const s = window.pretext.status();
          if (s.dataset?.name === n && s.ingest === null) {
            const end = performance.now(), t0 = window.__ingestStart;
            const seen = window.__longTasks.filter((e) => e.startTime >= t0 && e.startTime <= end);
            return {
              accepted: s.dataset.images, ms: end - t0,
              longTasks: { count: seen.length, totalMs: seen.reduce((a, e) => a + e.duration, 0), maxMs: Math.max(0, ...seen.map((e) => e.duration)) },
            };
          }
          await new Promise((res) => setTimeout(res, 10));
        }
      }, name),
      10 * 60_000,
      'ingest',
    );
    const result: Ingest = { images: INGEST_IMAGES, accepted: r.accepted, seconds: r.ms / 1000, imagesPerSec: INGEST_IMAGES / (r.ms / 1000), longTasks: r.longTasks };
    results.app.ingest = result;
    log(`ingest: ${INGEST_IMAGES} JPEGs in ${result.seconds.toFixed(1)} s (${result.imagesPerSec.toFixed(0)}/s), ${r.longTasks.count} long tasks`);
  } catch (e) {
    results.errors.push(`ingest: ${describe(e)}`);
  } finally {
    await page.close();
  }
}

// ---- the peers ----

async function peers(browser: Browser): Promise<void> {
  const page = await browser.newPage();
  try {
    await page.goto('/bench/');
    await page.waitForFunction(() => 'bench' in window);
    const opts = quick ? { warmupImages: 32, minImages: 32, seconds: 0 } : { warmupImages: 64, minImages: 128, seconds: 5 };
    const c = await within(page.evaluate((o) => window.bench.convnet(o), opts), 5 * 60_000, 'convnetjs');
    results.referenceDetails.convnetjs = { steps: c.result.images / 32, seconds: c.result.seconds, imagesPerSec: c.result.imagesPerSec };
    results.reference.convnetjs = c.result.imagesPerSec;
    log(`ConvNetJS: ${c.result.imagesPerSec.toFixed(1)} images/s`);
  } catch (e) {
    results.referenceDetails.convnetjs = { steps: 0, seconds: 0, imagesPerSec: 0, error: describe(e) };
  } finally {
    await page.close();
  }
  const torch = ensureTorch(!quick);
  if (!torch.available) {
    results.referenceDetails.pytorchUnavailable = torch.reason;
    log(`PyTorch: unavailable (${torch.reason})`);
    return;
  }
  // The same threads as tfjs-wasm (all logical cores up to 8 when the page is cross-origin isolated), and 1 thread
  // to compare with tfjs-wasm held to one.
  const wasmThreads = results.backends.find((b) => b.requested === 'wasm')?.wasmThreads ?? 1;
  for (const threads of quick ? [wasmThreads] : [...new Set([wasmThreads, 1])]) {
    try {
      const r = torchImagesPerSec(threads, quick ? 1 : 5);
      results.referenceDetails.pytorch.push({ threads: r.threads, imagesPerSec: r.images_per_sec, steps: r.steps, seconds: r.seconds, version: r.torch });
      if (threads === wasmThreads) results.reference.pytorch_cpu = r.images_per_sec;
      log(`PyTorch ${r.torch}, ${r.threads} thread(s): ${r.images_per_sec.toFixed(1)} images/s`);
    } catch (e) {
      results.errors.push(`pytorch (${threads} threads): ${describe(e)}`);
    }
  }
}

test('benchmark', async ({ browser }) => {
  log(`${quick ? 'quick' : 'full'} bench, ${minutes} min budget, batch ${BATCH}, backends ${BACKENDS.join(', ')}`);
  const [first, ...rest] = BACKENDS;
  await measureBackend(browser, first, quick ? left() : left() * 0.5);
  if (!quick) await referenceOneThread(browser);
  await peers(browser);
  save();
  await ingest(browser);
  save();
  for (const [i, b] of rest.entries()) await measureBackend(browser, b, left() / (rest.length - i));
  const wasmProfiles = [...profiles].map(([method, p]) => ({ method, p, rate: results.rows.find((r) => r.backend === PROFILED && r.method === method)?.lab?.imagesPerSec ?? Infinity }));
  const slowest = wasmProfiles.sort((a, b) => a.rate - b.rate)[0];
  if (slowest) results.profile = { backend: PROFILED, method: slowest.method, ...slowest.p };
  save();
  log(`wrote ${path.relative(process.cwd(), out)}/results.json and RESULTS.md`);

  const leaks = results.rows.filter((r) => (r.leakedPer100 ?? 0) > 0).map((r) => `${r.backend}/${r.method}: ${r.leakedPer100} tensors per 100 steps`);
  expect(leaks, 'methods that leak tensors').toEqual([]);
  if (quick) {
    // the smoke version also checks that every part still produces a figure
    const measured = results.rows.filter((r) => r.lab);
    expect(measured.length, JSON.stringify(results.rows.map((r) => r.error ?? r.skipped))).toBe(QUICK_METHODS);
    expect(results.referenceDetails.flopsPerStep.counted).toBe(results.referenceDetails.flopsPerStep.analytic);
    for (const v of [results.reference.wasm, results.reference.convnetjs, results.app.ingest?.imagesPerSec, results.backends[0].matmul?.gflops]) expect(v).toBeGreaterThan(0);
    expect(results.app.ingest?.accepted).toBe(INGEST_IMAGES);
    expect(results.app.firstStep[0]?.clickToFirstStepMs).toBeGreaterThan(0);
  }
});
