import type { Browser } from '@playwright/test';
import { MAX_WASM_THREADS } from '../src/core/backend/decide';
import type { BackendName } from '../src/worker/contract';
import {
  asStretch,
  BARE,
  BATCH,
  benchPage,
  describe,
  GPU_BARE,
  GPU_TRAINER,
  log,
  minutes,
  quick,
  QUICK_METHODS,
  REF,
  ROUNDS,
  stretchStart,
  TRAINER,
  within,
  type Call,
} from './harness';
import { referenceFlops } from './flops';
import type { Stretch } from './consistency';
import { addLongTasks } from './longTasks';
import { PROFILED, type Budget, type BenchMethod, type StepProfile, type Timing } from './protocol';
import type { BackendResult, MethodRow, ReferenceTiming } from './results';

/** What one backend measured: itself, the reference network on it, and a row per method. */
export interface BackendMeasurement {
  entry: BackendResult;
  reference: ReferenceTiming | null; // null: the backend did not start; on wasm, peers.ts's alternating rounds replace it
  referenceProfile: StepProfile | null;
  rows: MethodRow[];
}

/** Steps per FLOP learnt so far on one backend, and the method profiles (FLOPs per step) learnt on PROFILED. */
interface Pace {
  secondsPerFlop: number | null;
  profiles: Map<string, StepProfile>;
}

/**
 * One backend in the bench page, within `shareMs`: its matmul speed, the reference network, then every method
 * through the app's Trainer and through a bare tfjs loop, alternating. `profiles` (method → its step on PROFILED)
 * is filled on PROFILED and read elsewhere, to skip a method that would overrun the share. `onProgress` sees the
 * measurement so far after each method (the bench saves it: a later crash loses nothing measured).
 */
export async function measureBackend(
  browser: Browser,
  backend: BackendName,
  shareMs: number,
  profiles: Map<string, StepProfile>,
  onProgress: (m: BackendMeasurement) => void,
): Promise<BackendMeasurement> {
  const until = Date.now() + shareMs;
  const gpuLike = backend !== 'wasm';
  const [trainerBudget, bareBudget] = gpuLike ? [GPU_TRAINER, GPU_BARE] : [TRAINER, BARE];
  const budgetText = (b: Budget) => `${b.warmup} warm-up + ≥${b.minSteps} steps, ≥${b.seconds} s`;
  const entry: BackendResult = {
    requested: backend,
    name: null,
    adapter: '',
    reason: '',
    wasmThreads: null,
    available: false,
    matmul: null,
    budget: { trainer: budgetText(trainerBudget), bare: budgetText(bareBudget) },
  };
  const out: BackendMeasurement = { entry, reference: null, referenceProfile: null, rows: [] };
  const { page, call } = await benchPage(browser);
  const grace = () => Math.max(60_000, until - Date.now() + 120_000);
  try {
    // the reference config: WASM on every thread it can run (the app's threads menu; its default leaves a core to the page)
    const info = await within(
      page.evaluate(([b, n, t]) => window.bench.open(b, n, t), [backend, BATCH, MAX_WASM_THREADS] as const),
      120_000,
      `open ${backend}`,
    );
    Object.assign(entry, {
      name: info.name,
      adapter: info.adapter,
      reason: info.reason,
      wasmThreads: info.wasmThreads,
      available: info.name === backend,
    });
    if (!entry.available) {
      entry.error = `requested ${backend}, got ${info.name}: ${info.reason}`;
      return out;
    }
    log(`${backend}: ${info.adapter} — ${info.reason}`);
    const mm = await call<{ n: number; gflops: number }>('matmul', [backend === 'cpu' ? 512 : 1024, quick ? 0.3 : 1.5], grace());
    entry.matmul = { n: mm.result.n, gflops: mm.result.gflops };
    log(`${backend}: matmul ${mm.result.n}³ ${mm.result.gflops.toFixed(2)} GFLOP/s`);

    const pace: Pace = { secondsPerFlop: null, profiles };
    try {
      const before = stretchStart();
      const { profile, ...timing } = (
        await call<Timing & { profile: StepProfile | null }>('reference', [REF, backend === PROFILED], grace())
      ).result;
      out.reference = {
        steps: timing.steps,
        seconds: timing.seconds,
        imagesPerSec: timing.imagesPerSec,
        stretches: [asStretch(timing, before)],
      };
      out.referenceProfile = profile;
      // until a method is timed here, guess its speed from the reference network's (×2: the methods' larger kernels run slower)
      pace.secondsPerFlop = 2 / ((referenceFlops() * timing.steps) / timing.seconds);
      log(`${backend}: reference network ${timing.imagesPerSec.toFixed(1)} images/s`);
    } catch (e) {
      out.reference = { steps: 0, seconds: 0, imagesPerSec: 0, error: describe(e) };
    }

    let methods = (await call<BenchMethod[]>('methods', [], 30_000)).result;
    if (quick) methods = methods.filter((m) => m.trainable).slice(0, QUICK_METHODS);
    for (const m of methods) {
      out.rows.push(
        await measureMethod(
          call,
          backend,
          m,
          { trainerBudget, bareBudget, rounds: gpuLike || quick ? 1 : ROUNDS, until, grace, matmul: entry.matmul.gflops },
          pace,
        ),
      );
      onProgress(out);
    }
  } catch (e) {
    entry.error = describe(e);
    log(`${backend}: ${entry.error}`);
  } finally {
    await within(page.close(), 60_000, `close ${backend}`).catch((e: unknown) => log(describe(e))); // a stuck GPU process may never let it close
  }
  return out;
}

interface MethodPlan {
  trainerBudget: Budget;
  bareBudget: Budget;
  rounds: number;
  until: number; // epoch ms: the backend's share ends
  grace: () => number; // ms a call may take
  matmul: number; // the backend's matmul GFLOP/s
}

/** One method on the open backend: the Trainer and bare stretches alternate, each keeps its fastest. */
async function measureMethod(call: Call, backend: BackendName, m: BenchMethod, plan: MethodPlan, pace: Pace): Promise<MethodRow> {
  const row: MethodRow = {
    backend,
    method: m.id,
    label: m.label,
    trainable: m.trainable,
    trainer: null,
    bare: null,
    overheadRatio: null,
    flopsPerStep: pace.profiles.get(m.id)?.flopsPerStep ?? null,
    modelGflops: null,
    utilization: null,
    leakedPer100: null,
    longTasks: null,
  };
  if (!m.trainable) return { ...row, skipped: 'not trainable (the random-init baseline)' };
  const { trainerBudget: tb, bareBudget: bb } = plan;
  const steps = plan.rounds * (tb.warmup + tb.minSteps + bb.warmup + bb.minSteps);
  const flops = pace.profiles.get(m.id)?.flopsPerStep;
  if (pace.secondsPerFlop && flops && Date.now() + pace.secondsPerFlop * flops * steps * 1000 > plan.until) {
    log(`${backend}/${m.id}: skipped (time budget)`);
    return { ...row, skipped: `not measured: over this backend's share of the ${minutes}-minute budget` };
  }
  try {
    // other processes only ever slow a stretch down
    const [trainerStretches, bareStretches]: Stretch[][] = [[], []];
    for (let round = 0; round < plan.rounds; round++) {
      let before = stretchStart();
      const t = await call<MethodRow['trainer'] & object>('trainer', [m.id, tb], plan.grace());
      trainerStretches.push(asStretch(t.result, before));
      const leaked = ((t.result.tensorsAfter - t.result.tensorsBefore) / t.result.steps) * 100;
      row.leakedPer100 = Math.max(row.leakedPer100 ?? leaked, leaked);
      row.longTasks = addLongTasks(row.longTasks, t.longTasks);
      if (!row.trainer || t.result.imagesPerSec > row.trainer.imagesPerSec) row.trainer = t.result;
      before = stretchStart();
      const bare = await call<MethodRow['bare'] & object>('bare', [m.id, bb], plan.grace());
      bareStretches.push(asStretch(bare.result, before));
      if (!row.bare || bare.result.imagesPerSec > row.bare.imagesPerSec) row.bare = bare.result;
    }
    Object.assign(row, { rounds: plan.rounds, trainerStretches, bareStretches });
    const [trainer, bare] = [row.trainer!, row.bare!];
    row.overheadRatio = trainer.imagesPerSec / bare.imagesPerSec;
    if (backend === PROFILED) {
      const p = (await call<StepProfile>('profile', [m.id], plan.grace())).result;
      pace.profiles.set(m.id, p);
      row.flopsPerStep = p.flopsPerStep;
    }
    if (row.flopsPerStep) {
      const stepsPerSec = trainer.steps / trainer.seconds;
      row.modelGflops = (row.flopsPerStep * stepsPerSec) / 1e9;
      row.utilization = row.modelGflops / plan.matmul;
      pace.secondsPerFlop = 1 / (row.flopsPerStep * stepsPerSec);
    }
    log(
      `${backend}/${m.id}: ${trainer.imagesPerSec.toFixed(1)} images/s (${trainer.steps} steps), bare ${bare.imagesPerSec.toFixed(1)}, leak ${row.leakedPer100}/100 steps (best of ${plan.rounds})`,
    );
  } catch (e) {
    row.error = describe(e);
    log(`${backend}/${m.id}: ${row.error}`);
    if (row.error.includes('no answer within')) throw e; // the worker is stuck: give up on this backend
  }
  return row;
}
