// Our WebGPU kernels (kernels/webgpu/webgpuKernels.ts) on the active WebGPU backend: their values against a plain
// JavaScript reference, and their time against tfjs-webgpu's kernel at the methods' shapes.
import * as tf from '@tensorflow/tfjs';
import { Rng } from '../../src/core/rng';
import type { KernelCheck, KernelTiming } from './results';

// Loaded when used: the module imports tfjs-backend-webgpu, which registers itself only if navigator.gpu is there by then.
const ours = () => import('../../kernels/webgpu/webgpuKernels');

interface FilterGradCase {
  x: [number, number, number, number]; // NHWC
  filter: [number, number, number, number]; // fh, fw, inC, outC
  stride: number;
  pad: 'same' | 'valid';
}

/** Shapes whose batch splits into uneven chunks, strided and unpadded ones, and a 1×1 filter. */
const CHECKS: FilterGradCase[] = [
  { x: [7, 24, 24, 3], filter: [3, 3, 3, 4], stride: 1, pad: 'same' },
  { x: [5, 17, 17, 4], filter: [3, 3, 4, 6], stride: 2, pad: 'valid' },
  { x: [9, 8, 8, 2], filter: [1, 1, 2, 3], stride: 1, pad: 'same' },
  { x: [3, 6, 10, 5], filter: [2, 3, 5, 2], stride: 1, pad: 'valid' },
];

/** The encoder's convolutions (width 16, depth 3, 32 px) at rotation's 4 × the batch: the step's heaviest filter gradients. */
export const timedShapes = (batch: number): FilterGradCase[] => [
  { x: [4 * batch, 32, 32, 3], filter: [3, 3, 3, 16], stride: 1, pad: 'same' },
  { x: [4 * batch, 16, 16, 16], filter: [3, 3, 16, 32], stride: 1, pad: 'same' },
  { x: [4 * batch, 8, 8, 32], filter: [3, 3, 32, 64], stride: 1, pad: 'same' },
];

const outSize = (n: number, f: number, c: FilterGradCase) =>
  c.pad === 'same' ? Math.ceil(n / c.stride) : Math.ceil((n - f + 1) / c.stride);

/** Deterministic values in [-1, 1). */
function values(n: number, seed: number): Float32Array {
  const rng = new Rng(seed);
  return Float32Array.from({ length: n }, () => 2 * rng.next() - 1);
}

/** dW by its definition, in plain JavaScript (float64 sums). */
function reference(c: FilterGradCase, x: Float32Array, dy: Float32Array): Float64Array {
  const [n, h, w, ci] = c.x;
  const [fh, fw, , co] = c.filter;
  const [oh, ow] = [outSize(h, fh, c), outSize(w, fw, c)];
  const padTop = c.pad === 'same' ? Math.floor(Math.max((oh - 1) * c.stride + fh - h, 0) / 2) : 0;
  const padLeft = c.pad === 'same' ? Math.floor(Math.max((ow - 1) * c.stride + fw - w, 0) / 2) : 0;
  const dw = new Float64Array(fh * fw * ci * co);
  for (let b = 0; b < n; b++)
    for (let yr = 0; yr < oh; yr++)
      for (let yc = 0; yc < ow; yc++)
        for (let r = 0; r < fh; r++)
          for (let q = 0; q < fw; q++) {
            const xr = yr * c.stride + r - padTop,
              xc = yc * c.stride + q - padLeft;
            if (xr < 0 || xr >= h || xc < 0 || xc >= w) continue;
            for (let i = 0; i < ci; i++) {
              const xv = x[((b * h + xr) * w + xc) * ci + i];
              for (let o = 0; o < co; o++) dw[((r * fw + q) * ci + i) * co + o] += xv * dy[((b * oh + yr) * ow + yc) * co + o];
            }
          }
  return dw;
}

const shapeOf = (c: FilterGradCase) => `x ${c.x.join('×')}, filter ${c.filter.join('×')}, stride ${c.stride}, ${c.pad}`;

function inputs(c: FilterGradCase) {
  const dyShape = [c.x[0], outSize(c.x[1], c.filter[0], c), outSize(c.x[2], c.filter[1], c), c.filter[3]] as [
    number,
    number,
    number,
    number,
  ];
  const xv = values(
      c.x.reduce((a, b) => a * b),
      1,
    ),
    dyv = values(
      dyShape.reduce((a, b) => a * b),
      2,
    );
  return { xv, dyv, x: tf.tensor4d(xv, c.x), dy: tf.tensor4d(dyv, dyShape) };
}

const filterGrad = (x: tf.Tensor4D, dy: tf.Tensor4D, c: FilterGradCase) =>
  tf
    .engine()
    .runKernel(
      tf.Conv2DBackpropFilter,
      { x, dy },
      { strides: c.stride, pad: c.pad, dataFormat: 'NHWC', filterShape: c.filter },
    ) as tf.Tensor4D;

/** Our Conv2DBackpropFilter against the JavaScript reference: the largest difference relative to dW's largest value. */
export async function kernelChecks(): Promise<KernelCheck[]> {
  (await ours()).registerWebGpuTrainingKernels();
  const out: KernelCheck[] = [];
  for (const c of CHECKS) {
    const { xv, dyv, x, dy } = inputs(c);
    const dw = filterGrad(x, dy, c);
    const got = await dw.data();
    const want = reference(c, xv, dyv);
    const scale = Math.max(...want.map(Math.abs));
    const diff = Math.max(...want.map((v, i) => Math.abs(v - got[i]))) / scale;
    out.push({ kernel: 'Conv2DBackpropFilter', shape: shapeOf(c), maxRelDiff: diff, ok: got.length === want.length && diff < 1e-5 });
    tf.dispose([x, dy, dw]);
  }
  return out;
}

/** Mean ms of one filter gradient, settled, after one untimed call (its shader compiles). */
async function timeOne(c: FilterGradCase, reps: number): Promise<number> {
  const { x, dy } = inputs(c);
  const once = async () => {
    const dw = filterGrad(x, dy, c);
    await dw.data();
    dw.dispose();
  };
  await once();
  const t0 = performance.now();
  for (let i = 0; i < reps; i++) await once();
  tf.dispose([x, dy]);
  return (performance.now() - t0) / reps;
}

/** Ours against tfjs-webgpu's at `shapes`; ours stays registered. */
export async function kernelTimings(shapes: FilterGradCase[], reps: number): Promise<KernelTiming[]> {
  const { registerWebGpuTrainingKernels, restoreTfjsWebGpuKernels } = await ours();
  const out: KernelTiming[] = [];
  for (const c of shapes) {
    restoreTfjsWebGpuKernels();
    const tfjsMs = await timeOne(c, reps);
    registerWebGpuTrainingKernels();
    out.push({ kernel: 'Conv2DBackpropFilter', shape: shapeOf(c), oursMs: await timeOne(c, reps), tfjsMs });
  }
  return out;
}
