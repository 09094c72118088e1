import * as tf from '@tensorflow/tfjs';
import { stepFlops } from './flops';
import type { Budget, StepProfile, Timing } from './protocol';

/** Steps kept in flight before reading one back: the depth the app's Run keeps (its READBACK_LAG). */
const LAG = 3;

const seconds = (since: number) => (performance.now() - since) / 1000;

/**
 * Times a bare training loop: `step` enqueues one step and returns its loss, which is read back LAG steps
 * later (never a stall per step). Warm-up steps are untimed and fully settled, so shaders are compiled.
 */
export async function timeLoop(step: () => tf.Tensor, budget: Budget, imagesPerStep: number): Promise<Timing> {
  const inFlight: tf.Tensor[] = [];
  const settle = async (keep: number) => {
    while (inFlight.length > keep) {
      const t = inFlight.shift()!;
      await t.data();
      t.dispose();
    }
  };
  for (let i = 0; i < budget.warmup; i++) {
    inFlight.push(step());
    await settle(LAG);
  }
  await settle(0);
  const t0 = performance.now();
  let steps = 0;
  while (steps < budget.minSteps || seconds(t0) < budget.seconds) {
    inFlight.push(step());
    steps++;
    await settle(LAG);
  }
  await settle(0);
  const s = seconds(t0);
  return { steps, seconds: s, imagesPerSec: (steps * imagesPerStep) / s };
}

/** GFLOP/s of an n×n·n×n matMul, repeated for at least `minSeconds` after one untimed call. */
export async function matmulGflops(n: number, minSeconds: number): Promise<{ n: number; gflops: number; reps: number }> {
  const [a, b] = [tf.randomNormal([n, n], 0, 1, 'float32', 1), tf.randomNormal([n, n], 0, 1, 'float32', 2)] as tf.Tensor2D[];
  const once = () => tf.tidy(() => tf.sum(tf.matMul(a, b)));
  const warm = once();
  await warm.data();
  warm.dispose();
  const t0 = performance.now();
  let reps = 0;
  while (reps < 2 || seconds(t0) < minSeconds) {
    const s = once();
    await s.data();
    s.dispose();
    reps++;
  }
  const gflops = (2 * n ** 3 * reps) / seconds(t0) / 1e9;
  tf.dispose([a, b]);
  return { n, gflops, reps };
}

/** Profiles one call of `step` (already warmed up): FLOPs from kernel shapes, time per kernel name. */
export async function profileStep(step: () => void): Promise<StepProfile> {
  const info = await tf.profile(step);
  const byName = new Map<string, { calls: number; ms: number }>();
  // Scopes (custom-gradient ops, "name__op", "forward", "unnamed scope") time the kernels they run, which are listed
  // on their own: only registered kernels count, so nothing is counted twice.
  for (const k of info.kernels.filter((x) => tf.getKernel(x.name, tf.getBackend()) !== undefined)) {
    const e = byName.get(k.name) ?? { calls: 0, ms: 0 };
    e.calls++;
    e.ms += typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
    byName.set(k.name, e);
  }
  const top = [...byName].map(([name, e]) => ({ name, ...e })).sort((x, y) => y.ms - x.ms);
  return {
    kernels: top.reduce((n, k) => n + k.calls, 0),
    flopsPerStep: stepFlops(info.kernels),
    totalMs: top.reduce((s, k) => s + k.ms, 0),
    top: top.slice(0, 12),
  };
}
