import * as tf from '@tensorflow/tfjs';
import { getThreadsCount, type BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { relativeError, values } from '../../kernels/wasm/compare';
import { kernelThreadStats, runShares } from '../../kernels/wasm/kernelThreads';
import { selectBackend } from '../../src/core/backend/select';
import { MAX_WASM_THREADS } from '../../src/core/backend/decide';
import { wasmAssetPaths } from '../../src/worker/wasmAssets';

// The kernels that kernelThreads.ts shares out over tfjs-wasm's threads, in a real worker of real
// Chromium, each compared with the CPU backend on the same seeded inputs.

export interface KernelCase {
  name: string;
  images: number;
  /** Calls of shared kernels it makes that are big enough to share. */
  shared: number;
  /** max |wasm − cpu| / max |cpu| over every gradient of the case. */
  error: number;
  /** Shares the helper threads ran for it. */
  helperShares: number;
}

export interface KernelReport {
  threads: number;
  helpers: number;
  /** Helpers waiting for work as soon as the backend was selected. */
  ready: number;
  cases: KernelCase[];
  stopped: string | null;
  /** Then a call whose shares trap (pointers past the heap): its error, why the helpers stopped, and a case run after. */
  failure: { error: string; stopped: string | null; after: KernelCase };
  /** Tensors left after the cases. */
  leaked: number;
}

const seeded = (shape: number[], seed: number) => tf.tensor(values(shape, seed), shape);

/** Every gradient of a weighted sum of `f`'s output, flattened into one tensor. */
const grads = (shapes: number[][], f: (...xs: tf.Tensor[]) => tf.Tensor) => () =>
  tf.tidy(() => {
    const xs = shapes.map((s, i) => seeded(s, 11 + i));
    const loss = (...args: tf.Tensor[]) => {
      const y = f(...args);
      return tf.sum(tf.mul(y, seeded(y.shape, 99))) as tf.Scalar;
    };
    return tf.concat(
      tf
        .grads(loss)(xs)
        .map((g) => tf.reshape(g, [-1])),
    );
  });

const conv = (stride: number, pad: 'same' | 'valid') => (x: tf.Tensor, w: tf.Tensor) =>
  tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, stride, pad);
const maxPool = (size: number, stride: number, pad: 'same' | 'valid') => (x: tf.Tensor) => tf.maxPool(x as tf.Tensor4D, size, stride, pad);
/** name, input shapes (the first one's batch is the case's images), gradient kernels run (a convolution: input and filter), the function. */
const cases: [string, number[][], number, (...xs: tf.Tensor[]) => tf.Tensor][] = [
  [
    'conv 3×3, 32 images of 16×16×16 → 32',
    [
      [32, 16, 16, 16],
      [3, 3, 16, 32],
    ],
    2,
    conv(1, 'same'),
  ],
  [
    'conv 3×3 stride 2 valid, 7 images of 33×31×8 → 12',
    [
      [7, 33, 31, 8],
      [3, 3, 8, 12],
    ],
    2,
    conv(2, 'valid'),
  ],
  [
    'conv 5×5, 3 images of 32×32×3 → 16',
    [
      [3, 32, 32, 3],
      [5, 5, 3, 16],
    ],
    2,
    conv(1, 'same'),
  ],
  [
    'conv 3×3, 2 images of 6×6×2 → 3: too small to share',
    [
      [2, 6, 6, 2],
      [3, 3, 2, 3],
    ],
    0,
    conv(1, 'same'),
  ],
  ['max pool 2×2, 32 images of 32×32×16', [[32, 32, 32, 16]], 1, maxPool(2, 2, 'valid')],
  ['max pool 3×3 stride 2 same, 9 images of 31×31×32', [[9, 31, 31, 32]], 1, maxPool(3, 2, 'same')],
  ['global average pool, 64 images of 16×16×64', [[64, 16, 16, 64]], 1, (x) => tf.avgPool(x as tf.Tensor4D, 16, 16, 'valid')],
  ['exp of 600 × 1,001 floats (its gradient reuses the output)', [[600, 1001]], 1, (x) => tf.exp(tf.mul(x, 10))],
];

async function read(backend: 'wasm' | 'cpu', fn: () => tf.Tensor): Promise<Float32Array> {
  await tf.setBackend(backend);
  const out = fn();
  const data = (await out.data()) as Float32Array;
  out.dispose();
  return data;
}

async function report(): Promise<KernelReport> {
  await selectBackend('wasm', { wasmPaths: wasmAssetPaths, threads: MAX_WASM_THREADS }); // every thread that can run
  const backend = () => tf.findBackend('wasm') as BackendWasm;
  const stats = () => kernelThreadStats(backend());
  const { helpers, ready } = stats();
  const before = tf.memory().numTensors;
  const results: KernelCase[] = [];
  const run = async ([name, shapes, shared, f]: (typeof cases)[number]): Promise<KernelCase> => {
    const fn = grads(shapes, f);
    const shares = stats().helperShares;
    const wasm = await read('wasm', fn);
    const helperShares = stats().helperShares - shares;
    return { name, images: shapes[0][0], shared, error: relativeError(wasm, await read('cpu', fn)), helperShares };
  };
  for (const c of cases) results.push(await run(c));
  await tf.setBackend('wasm');
  const stopped = stats().stopped;
  const leaked = tf.memory().numTensors - before;
  let error = '';
  try {
    const far = 0xfff0_0000; // past any heap tfjs-wasm has grown to here
    runShares(
      backend(),
      'exp_f32',
      [
        { start: 0, count: 4, slot: null },
        { start: 4, count: 4, slot: 0 },
      ],
      ({ start, count }) => [far + 4 * start, far + 4 * start, count],
    );
  } catch (e) {
    error = e instanceof Error ? e.message : String(e);
  }
  return {
    threads: getThreadsCount(),
    helpers,
    ready,
    cases: results,
    stopped,
    leaked,
    failure: { error, stopped: stats().stopped, after: await run(cases[0]) },
  };
}

void report().then(
  (r) => postMessage(r),
  (e: unknown) => postMessage({ error: e instanceof Error ? e.message : String(e) }),
);
