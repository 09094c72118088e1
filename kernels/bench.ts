// Microbenchmark of our SIMD wasm kernels against the formulations they replaced, in Node on tfjs-wasm (one
// thread), on the encoder's real shapes, and a whole rotation training step. Old and new alternate ROUNDS
// times and each keeps its best. Times are this process's CPU time, not wall time: on a shared machine with
// more runnable jobs than cores, wall time mostly measures the wait for a core.
// Usage: npm run bench -- kernels [--quick]
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { defaultConfig, type TrainConfig } from '../src/core/config';
import { setSimdKernelsEnabled } from './wasm/simdKernels';
import { registerWasmTrainingKernels } from './wasm/wasmKernels';
import { getMethod } from '../src/core/methods/registry';
import { applyConv, applyGroupNorm, conv, groupNorm, ParamStore } from '../src/core/models/layers';
import { Rng } from '../src/core/rng';
import { ImageStore } from '../src/core/data/imageStore';
import type { TrainingData } from '../src/core/train/trainingData';
import { Run } from '../src/core/train/run';
import { machine, quickDir, resultsDir } from '../bench/record';
import { writeRecord, type FlatRecord } from '../bench/render';

const quick = process.argv.includes('--quick');
const ROUNDS = quick ? 1 : 5;
const REPS = quick ? 1 : 3; // calls per timing; the best call counts
const rows: FlatRecord['rows'] = [];
const host = machine({ backend: 'wasm', threads: 1 }); // the load average at the start

/** Best CPU time of `fn` in ms over REPS calls. */
function best(fn: () => void): number {
  let min = Infinity;
  for (let r = 0; r < REPS; r++) {
    const t0 = process.cpuUsage();
    fn();
    const { user, system } = process.cpuUsage(t0);
    min = Math.min(min, (user + system) / 1000);
  }
  return min;
}

/** [old, new] ms: the best of ROUNDS alternations of the fallback and our SIMD kernels. */
function compare(fn: () => void): [number, number] {
  const times: [number, number] = [Infinity, Infinity];
  for (let round = 0; round < ROUNDS; round++)
    [false, true].forEach((simd, i) => {
      setSimdKernelsEnabled(simd);
      fn(); // warm-up: operator caches, heap growth
      times[i] = Math.min(times[i], best(fn));
    });
  setSimdKernelsEnabled(true);
  return times;
}

function report(what: string, [before, after]: [number, number]): void {
  rows.push({ 'kernel / step': what, 'before ms': before, 'after ms': after, ratio: before / after });
  console.log(
    `${what.padEnd(58)} ${before.toFixed(2).padStart(9)} ${after.toFixed(2).padStart(9)} ${(before / after).toFixed(2).padStart(6)}×`,
  );
}

/** Runs a kernel and frees its output at once: only the kernel is timed. */
function kernel(name: string, inputs: tf.NamedTensorMap, attrs: object): () => void {
  return () => tf.dispose(tf.engine().runKernel(name, inputs, attrs as tf.NamedAttrMap));
}

function kernelRows(batch: number): void {
  for (const [px, cin, cout] of [
    [32, 3, 16],
    [16, 16, 32],
    [8, 32, 64],
  ]) {
    const x = tf.randomNormal([batch, px, px, cin]) as tf.Tensor4D;
    const dy = tf.randomNormal([batch, px, px, cout]) as tf.Tensor4D;
    const w = tf.randomNormal([3, 3, cin, cout]) as tf.Tensor4D;
    const attrs = { strides: 1, pad: 'same', dataFormat: 'NHWC' };
    const shape = `b${batch} ${px}px ${cin}→${cout}`;
    report(`Conv2DBackpropFilter ${shape}`, compare(kernel(tf.Conv2DBackpropFilter, { x, dy }, { ...attrs, filterShape: w.shape })));
    report(`Conv2DBackpropInput  ${shape}`, compare(kernel(tf.Conv2DBackpropInput, { dy, filter: w }, { ...attrs, inputShape: x.shape })));
    report(`Conv2D (XNNPACK, for scale) ${shape}`, compare(kernel(tf.Conv2D, { x, filter: w }, { ...attrs, dilations: 1 })));
    tf.dispose([x, dy, w]);
  }
  // A stride-2 convolution (the alternative to max-pooling): 32 px 16 → 16 px 32.
  const [x2, dy2, w2] = [tf.randomNormal([batch, 32, 32, 16]), tf.randomNormal([batch, 16, 16, 32]), tf.randomNormal([3, 3, 16, 32])];
  const attrs2 = { strides: 2, pad: 'same', dataFormat: 'NHWC' };
  report(
    `Conv2DBackpropFilter b${batch} 32px 16→32 stride 2`,
    compare(kernel(tf.Conv2DBackpropFilter, { x: x2, dy: dy2 }, { ...attrs2, filterShape: w2.shape })),
  );
  report(
    `Conv2DBackpropInput  b${batch} 32px 16→32 stride 2`,
    compare(kernel(tf.Conv2DBackpropInput, { dy: dy2, filter: w2 }, { ...attrs2, inputShape: x2.shape })),
  );
  tf.dispose([x2, dy2, w2]);
  for (const [px, c] of [
    [32, 16],
    [16, 32],
  ]) {
    const input = tf.randomNormal([batch, px, px, c]) as tf.Tensor4D;
    const output = tf.maxPool(input, 2, 2, 'valid');
    const dy = tf.randomNormal(output.shape);
    report(
      `MaxPoolGrad b${batch} ${px}px ×${c}`,
      compare(kernel(tf.MaxPoolGrad, { dy, input, output }, { filterSize: 2, strides: 2, pad: 'valid' })),
    );
    tf.dispose([input, output, dy]);
  }
  const map = tf.randomNormal([batch, 8, 8, 64]);
  const pooled = tf.randomNormal([batch, 1, 1, 64]);
  report(
    `AvgPoolGrad (global) b${batch} 8px ×64`,
    compare(kernel(tf.AvgPoolGrad, { dy: pooled, input: map }, { filterSize: 8, strides: 1, pad: 'valid' })),
  );
  const images = tf.randomUniform([batch, 32, 32, 3]);
  report(`Reverse [1, 2] b${batch} 32px ×3`, compare(kernel(tf.Reverse, { x: images }, { dims: [1, 2] })));
  const [act, stat] = [tf.randomNormal([batch, 32, 32, 16]), tf.randomNormal([batch, 1, 1, 16])];
  report(`Multiply [b, 32, 32, 16] × [b, 1, 1, 16] b${batch}`, compare(kernel(tf.Multiply, { a: act, b: stat }, {})));
  report(`Add [b, 32, 32, 16] + [b, 32, 32, 16] b${batch}`, compare(kernel(tf.Add, { a: act, b: act }, {})));
  report(
    `Sum over [0, 1, 2] (a bias gradient) b${batch} 32px ×16`,
    compare(kernel(tf.Sum, { x: act }, { axis: [0, 1, 2], keepDims: false })),
  );
  tf.dispose([map, pooled, images, act, stat]);
}

/** The methods' own kernels at the reference batch (64; `b` with --quick): colorization's bins, CPC's score table. */
function methodRows(b: number): void {
  const d2 = tf.randomUniform([b * 64, 261]); // colorization: b·8·8 map cells × 261 ab bins, 5 nearest
  report(`TopK k=5 [${b * 64}, 261] (colorization's nearest bins)`, compare(kernel(tf.TopK, { x: d2 }, { k: 5, sorted: true })));
  const [g, p] = [tf.randomNormal([b * 105, b * 49]), tf.randomNormal([b * 105, 64])]; // CPC: dScores, predictions
  report(
    `BatchMatMul Gᵀ·P [${b * 105}, ${b * 49}]ᵀ [${b * 105}, 64] (CPC)`,
    compare(kernel(tf.BatchMatMul, { a: g, b: p }, { transposeA: true, transposeB: false })),
  );
  tf.dispose([d2, g, p]);
}

/** Random images as the device dataset; no labels (rotation needs none). */
function trainingData(n: number, px: number): TrainingData {
  const all = Int32Array.from({ length: n }, (_, i) => i);
  return {
    images: new ImageStore(
      Uint8Array.from({ length: n * px * px * 3 }, (_, i) => (i * 2654435761) >>> 24),
      n,
      px,
    ),
    labels: tf.fill([n], -1, 'int32') as tf.Tensor1D,
    labelsCpu: new Int32Array(n).fill(-1),
    train: all,
    test: new Int32Array(0),
    numClasses: 0,
    classNames: [],
  };
}

/** A rotation training step (Run.trainStep: gather, rotations, forward, backward, Adam) at batch 64 (256 images). */
function rotationStep(): [number, number] {
  const data = trainingData(512, 32);
  const cfg: TrainConfig = { ...defaultConfig, batchSize: quick ? 16 : 64, width: 16, depth: 3 };
  const run = new Run(getMethod('rotation'), cfg, data);
  const times = compare(() => run.trainStep()); // wasm runs synchronously: the step is done when trainStep returns
  run.dispose();
  data.images.dispose();
  data.labels.dispose();
  return times;
}

/**
 * A training step of the encoder (depth 3, width 16, conv → group norm → ReLU) on a rotation-sized batch, its
 * stage transitions made by a 2×2 max-pool then a stride-1 conv (as now), or by one stride-2 conv instead.
 */
function poolingStep(pooling: 'maxPool' | 'stride2', x: tf.Tensor4D): { step: () => void; dispose: () => void } {
  const store = new ParamStore(pooling, new Rng(3));
  const stages = [3, 16, 32].map((cin, s) => ({
    conv: conv(store, `c${s}`, 3, cin, 16 * 2 ** s),
    norm: groupNorm(store, `n${s}`, 16 * 2 ** s),
  }));
  const optimizer = tf.train.adam(1e-3);
  const step = () =>
    tf.tidy(() => {
      optimizer.minimize(
        () => {
          let h = x;
          stages.forEach((st, s) => {
            const down = s > 0 && pooling === 'stride2';
            if (s > 0 && !down) h = tf.maxPool(h, 2, 2, 'valid');
            h = tf.relu(applyGroupNorm(st.norm, applyConv(st.conv, h, down ? 2 : 1)));
          });
          return tf.mean(tf.square(h)) as tf.Scalar;
        },
        false,
        store.list(),
      );
    });
  return { step, dispose: () => (optimizer.dispose(), store.dispose()) };
}

/** [max-pool, stride-2] step ms, alternating. */
function poolingSteps(batch: number): [number, number] {
  const x = tf.randomUniform([batch, 32, 32, 3]) as tf.Tensor4D;
  const models = [poolingStep('maxPool', x), poolingStep('stride2', x)];
  models.forEach((m) => m.step());
  const times: [number, number] = [Infinity, Infinity];
  for (let r = 0; r < ROUNDS; r++) models.forEach((m, i) => (times[i] = Math.min(times[i], best(m.step))));
  models.forEach((m) => m.dispose());
  x.dispose();
  return times;
}

registerWasmTrainingKernels();
await tf.setBackend('wasm');
console.log(
  `tfjs-wasm ${tf.version_core}, ${tf.env().getBool('WASM_HAS_SIMD_SUPPORT') ? 'SIMD' : 'no SIMD'}, 1 thread; ms, best of ${ROUNDS}×${REPS}`,
);
console.log(`${'kernel / step'.padEnd(58)} ${'before'.padStart(9)} ${'after'.padStart(9)}  ratio`);
for (const batch of quick ? [8] : [64, 256]) kernelRows(batch);
methodRows(quick ? 8 : 64);
report(`rotation step, batch ${quick ? 16 : 64} (×4), width 16, depth 3`, rotationStep());
const images = quick ? 32 : 256;
const [pool, strided] = poolingSteps(images);
console.log(
  `encoder step on ${images} images, SIMD kernels: max-pool ${pool.toFixed(1)} ms, stride-2 conv ${strided.toFixed(1)} ms (${(pool / strided).toFixed(2)}×)`,
);
rows.push({
  'kernel / step': `encoder step on ${images} images: max-pool (before) against stride-2 conv (after)`,
  'before ms': pool,
  'after ms': strided,
  ratio: pool / strided,
});
const leaked = tf.memory().numTensors;
if (leaked > 0) throw new Error(`${leaked} tensors left after the benchmark`);
const out = quick ? quickDir : resultsDir;
writeRecord(out, { part: 'kernels', when: new Date().toISOString(), quick, machine: host, rows });
console.log(`wrote ${out}/kernels.json and kernels.md`);
