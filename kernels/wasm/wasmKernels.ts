import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { planShares, runShares } from './kernelThreads';
import { simdKernels } from './simdKernels';
import { add, multiply, sub } from './wasmBinaryKernels';
import { avgPoolGrad, conv2DBackpropFilter, conv2DBackpropInput, maxPoolGrad, resizeNearestNeighborGrad } from './wasmConvKernels';
import { disposeAll, native, natives, runWasm, WASM, type Inputs, type Kernel, type KernelArgs } from './wasmKernelSupport';
import { argMax, max, sum } from './wasmReduceKernels';

// Training kernels that @tensorflow/tfjs-backend-wasm 4.22 lacks or gets wrong. They run on the wasm
// backend itself (its XNNPACK conv, ScatterNd, Transpose… or a loop over its heap): nothing falls back to CPU.

/**
 * out[s, ...] = Σ_{i: ids[i] = s} x[i, ...] via ScatterNd, which sums duplicate indices.
 * Ids outside [0, numSegments) are dropped, as in TensorFlow: they are sent to one extra row that is cut off
 * (ScatterNd itself does not check bounds).
 */
export function unsortedSegmentSum({ inputs, backend, attrs }: KernelArgs): tf.TensorInfo {
  const { x, segmentIds } = inputs as Inputs<'x' | 'segmentIds'>;
  const { numSegments } = attrs as unknown as tf.UnsortedSegmentSumAttrs;
  const n = tf.util.sizeFromShape(segmentIds.shape);
  const rest = x.shape.slice(segmentIds.shape.length);
  const ids = runWasm(backend, tf.Reshape, { x: segmentIds }, { shape: [n, 1] });
  const ids32 = segmentIds.dtype === 'int32' ? ids : runWasm(backend, tf.Cast, { x: ids }, { dtype: 'int32' });
  const zero = runWasm(backend, tf.Fill, {}, { shape: [n, 1], value: 0, dtype: 'int32' });
  const overflow = runWasm(backend, tf.Fill, {}, { shape: [n, 1], value: numSegments, dtype: 'int32' });
  const notNegative = runWasm(backend, tf.GreaterEqual, { a: ids32, b: zero });
  const belowEnd = runWasm(backend, tf.Less, { a: ids32, b: overflow });
  const valid = runWasm(backend, tf.LogicalAnd, { a: notNegative, b: belowEnd });
  const safeIds = runWasm(backend, tf.Select, { condition: valid, t: ids32, e: overflow });
  const updates = runWasm(backend, tf.Reshape, { x }, { shape: [n, ...rest] });
  const scattered = runWasm(backend, tf.ScatterNd, { indices: safeIds, updates }, { shape: [numSegments + 1, ...rest] });
  const out = runWasm(backend, tf.Slice, { x: scattered }, { begin: [0, ...rest.map(() => 0)], size: [numSegments, ...rest] });
  const temps = [ids, zero, overflow, notNegative, belowEnd, valid, safeIds, updates, scattered];
  if (ids32 !== ids) temps.push(ids32);
  disposeAll(backend, temps);
  return out;
}

/** Side of the tiles transposeMatrix copies without our kernels: a tile of input and output rows stays in cache. */
const TILE = 32;

/**
 * The last two axes of x [..., r, c] swapped (leading axes of size 1), as a new tensor [..., c, r] on the wasm heap:
 * by our SIMD kernel (4 × 4 blocks; CPC's 6720 × 3136 score gradient in ~15 ms where the loop below took ~75), else
 * copied tile by tile. wasm's own Transpose walks the output a column at a time and is 2–3× slower than the loop.
 */
function transposeMatrix(backend: BackendWasm, x: tf.TensorInfo): tf.TensorInfo {
  const [r, c] = x.shape.slice(-2);
  const out = backend.makeOutput([...x.shape.slice(0, -2), c, r], x.dtype);
  const simd = simdKernels(backend);
  if (simd) {
    simd.transpose_f32(backend.getMemoryOffset(x.dataId), backend.getMemoryOffset(out.dataId), r, c);
    return out;
  }
  // Views are taken after the allocation: growing the heap detaches older ones.
  const dst = backend.typedArrayFromHeap(out);
  const src = backend.typedArrayFromHeap(x);
  for (let i0 = 0; i0 < r; i0 += TILE)
    for (let j0 = 0; j0 < c; j0 += TILE) {
      const [i1, j1] = [Math.min(i0 + TILE, r), Math.min(j0 + TILE, c)];
      for (let i = i0; i < i1; i++) for (let j = j0, from = i * c + j0, to = j0 * r + i; j < j1; j++, from++, to += r) dst[to] = src[from];
    }
  return out;
}

/**
 * tfjs-wasm's BatchMatMul reaches XNNPACK only for one pair of plain matrices; with a transpose (a·bᵀ scores,
 * and every matMul gradient) it runs a scalar triple loop, 10–20× slower. So a transposed operand is transposed
 * here first and the plain product goes to XNNPACK. Batched products and shape errors stay with the native kernel.
 */
export function batchMatMul({ inputs, backend, attrs }: KernelArgs): tf.TensorInfo {
  const { a, b } = inputs as Inputs<'a' | 'b'>;
  const { transposeA, transposeB } = attrs as unknown as tf.BatchMatMulAttrs;
  const single = (t: tf.TensorInfo) => tf.util.sizeFromShape(t.shape.slice(0, -2)) === 1;
  const innerA = a.shape[a.shape.length - (transposeA ? 2 : 1)],
    innerB = b.shape[b.shape.length - (transposeB ? 1 : 2)];
  if (!(transposeA || transposeB) || !single(a) || !single(b) || innerA !== innerB)
    return native(tf.BatchMatMul)({ inputs, backend, attrs });
  const aPlain = transposeA ? transposeMatrix(backend, a) : a;
  const bPlain = transposeB ? transposeMatrix(backend, b) : b;
  const out = native(tf.BatchMatMul)({ inputs: { a: aPlain, b: bPlain }, backend, attrs: { transposeA: false, transposeB: false } });
  disposeAll(
    backend,
    [aPlain, bPlain].filter((t) => t !== a && t !== b),
  );
  return out;
}

/** Rows at least this long are copied with one typed-array set; shorter ones element by element (a set costs ~0.2 µs). */
const SET_MIN = 64;

/**
 * tf.gather along any axis (without batch dims): x seen as [outer, n, inner], each gathered row of `inner` elements
 * copied whole: with one typed-array set (the batch gather from the dataset on the device, rows of a whole image),
 * element by element when short (CPC's patch pixels and the jigsaw tiles, rows of 3 colours: 0.7 ms where sets took
 * 9 ms). tfjs-wasm's GatherV2 computes every element's source through generic strides, ~12 % of a reference-network
 * step and as slow as the sets on rows of 3.
 */
export function gatherV2({ inputs, backend, attrs }: KernelArgs): tf.TensorInfo {
  const { x, indices } = inputs as Inputs<'x' | 'indices'>;
  const { axis, batchDims } = attrs as unknown as tf.GatherV2Attrs;
  if (batchDims !== 0 || x.dtype === 'string' || x.dtype === 'complex64') return native(tf.GatherV2)({ inputs, backend, attrs });
  const a = tf.util.parseAxisParam(axis, x.shape)[0];
  const [outer, n, inner] = [tf.util.sizeFromShape(x.shape.slice(0, a)), x.shape[a], tf.util.sizeFromShape(x.shape.slice(a + 1))];
  const out = backend.makeOutput([...x.shape.slice(0, a), ...indices.shape, ...x.shape.slice(a + 1)], x.dtype);
  // Views are taken after the allocation: growing the heap detaches older ones.
  const dst = backend.typedArrayFromHeap(out);
  const src = backend.typedArrayFromHeap(x);
  const idx = backend.typedArrayFromHeap(indices);
  const m = idx.length;
  for (let i = 0; i < m; i++)
    if (!(idx[i] >= 0 && idx[i] < n)) throw new Error(`GatherV2: the index value ${idx[i]} is not in [0, ${n - 1}]`);
  for (let o = 0; o < outer; o++)
    for (let i = 0; i < m; i++) {
      const from = (o * n + idx[i]) * inner,
        to = (o * m + i) * inner;
      if (inner >= SET_MIN) dst.set(src.subarray(from, from + inner), to);
      else for (let e = 0; e < inner; e++) dst[to + e] = src[from + e];
    }
  return out;
}

/**
 * tf.reverse (image flips and rotations): each run of adjacent reversed axes is one axis of [outer, n, inner]
 * (reversing H and W together reverses H·W), a pass per run: our SIMD kernel for 4-byte elements, else rows of
 * `inner` copied with one typed-array set each. tfjs-wasm's own computes every element's source through generic
 * strides (~7 ms for [64, 32, 32, 3]) and returns garbage for bool.
 */
export function reverse({ inputs, backend, attrs }: KernelArgs): tf.TensorInfo {
  const { x } = inputs as Inputs<'x'>;
  const { dims } = attrs as unknown as tf.ReverseAttrs;
  if (x.dtype === 'string' || x.dtype === 'complex64') return native(tf.Reverse)({ inputs, backend, attrs });
  const axes = tf.util
    .parseAxisParam(dims, x.shape)
    .filter((a) => x.shape[a] > 1)
    .sort((a, b) => a - b);
  const runs: [number, number][] = []; // [first axis, last axis] of each run
  for (const a of axes) {
    const last = runs[runs.length - 1];
    if (last && last[1] === a - 1) last[1] = a;
    else runs.push([a, a]);
  }
  const size = (from: number, to: number) => tf.util.sizeFromShape(x.shape.slice(from, to));
  const simd = x.dtype === 'bool' ? null : simdKernels(backend);
  let src = x;
  for (const [first, last] of runs) {
    const [outer, n, inner] = [size(0, first), size(first, last + 1), size(last + 1, x.shape.length)];
    const dst = backend.makeOutput(x.shape, x.dtype);
    if (simd) simd.reverse_axis(backend.getMemoryOffset(src.dataId), backend.getMemoryOffset(dst.dataId), outer, n, inner);
    else {
      // Views are taken after the allocation: growing the heap detaches older ones.
      const [from, to] = [backend.typedArrayFromHeap(src), backend.typedArrayFromHeap(dst)];
      for (let o = 0; o < outer; o++)
        for (let i = 0; i < n; i++) to.set(from.subarray((o * n + n - 1 - i) * inner, (o * n + n - i) * inner), (o * n + i) * inner);
    }
    if (src !== x) disposeAll(backend, [src]);
    src = dst;
  }
  return src === x ? identity({ inputs, backend, attrs }) : src;
}

/**
 * tf.topk along the last axis by our SIMD kernel: one pass per row keeping the k largest, ties in index order (as
 * tfjs-cpu orders them). tfjs-wasm's own took 11–20 ms for colorization's soft-target neighbours ([4096, 261], k = 5).
 * NaN and other dtypes than float32 go to the native kernel.
 */
export function topK({ inputs, backend, attrs }: KernelArgs): tf.TensorInfo[] {
  const { x } = inputs as Inputs<'x'>;
  const { k } = attrs as unknown as tf.TopKAttrs;
  const n = x.shape[x.shape.length - 1];
  const simd = x.dtype === 'float32' && k >= 1 && k <= n ? simdKernels(backend) : null;
  if (simd) {
    const shape = [...x.shape.slice(0, -1), k];
    const [values, indices] = [backend.makeOutput(shape, 'float32'), backend.makeOutput(shape, 'int32')];
    const offset = (t: tf.TensorInfo) => backend.getMemoryOffset(t.dataId);
    if (simd.top_k_f32(offset(x), offset(values), offset(indices), tf.util.sizeFromShape(x.shape) / n, n, k) === 0)
      return [values, indices];
    disposeAll(backend, [values, indices]); // a NaN
  }
  return native<tf.TensorInfo[]>(tf.TopK)({ inputs, backend, attrs });
}

/** e^x of float32 by our SIMD kernel (a polynomial, ≈ 1 ulp), on every thread: tfjs-wasm's calls scalar expf, ~3× slower. */
export function exp({ inputs, backend, attrs }: KernelArgs): tf.TensorInfo {
  const { x } = inputs as Inputs<'x'>;
  const simd = x.dtype === 'float32' ? simdKernels(backend) : null;
  if (!simd) return native(tf.Exp)({ inputs, backend, attrs });
  const out = backend.makeOutput(x.shape, 'float32');
  const [xAt, outAt, n] = [backend.getMemoryOffset(x.dataId), backend.getMemoryOffset(out.dataId), tf.util.sizeFromShape(x.shape)];
  runShares(backend, 'exp_f32', planShares(backend, n, n), ({ start, count }) => [xAt + 4 * start, outAt + 4 * start, count]);
  return out;
}

/** The input itself, shared (its data is counted once more), as tfjs-cpu does: tfjs-wasm's Identity copies it. */
export function identity({ inputs, backend, attrs }: KernelArgs): tf.TensorInfo {
  const { x } = inputs as Inputs<'x'>;
  if (x.dtype === 'string') return native(tf.Identity)({ inputs, backend, attrs });
  backend.incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
}

// Kernels wasm lacks (a native one, should a later tfjs add it, is kept) and kernels whose native version is wrong or slow.
const missing: [string, Kernel][] = [
  [tf.Conv2DBackpropFilter, conv2DBackpropFilter],
  [tf.UnsortedSegmentSum, unsortedSegmentSum],
];
const replacements: [string, Kernel<tf.TensorInfo | tf.TensorInfo[]>][] = [
  [tf.MaxPoolGrad, maxPoolGrad],
  [tf.Conv2DBackpropInput, conv2DBackpropInput],
  [tf.BatchMatMul, batchMatMul],
  [tf.GatherV2, gatherV2],
  [tf.AvgPoolGrad, avgPoolGrad],
  [tf.Reverse, reverse],
  [tf.Identity, identity],
  [tf.Add, add],
  [tf.Sub, sub],
  [tf.Multiply, multiply],
  [tf.Exp, exp],
  [tf.ResizeNearestNeighborGrad, resizeNearestNeighborGrad],
  [tf.TopK, topK],
  [tf.Sum, sum],
  [tf.Max, max],
  [tf.ArgMax, argMax],
];

/** The kernel names this module supplies for the wasm backend. */
export const wasmTrainingKernelNames = [...missing, ...replacements].map(([name]) => name);

function register(kernelName: string, kernelFunc: Kernel<tf.TensorInfo | tf.TensorInfo[]>, setupFunc?: tf.KernelConfig['setupFunc']): void {
  tf.registerKernel({ kernelName, backendName: WASM, kernelFunc: kernelFunc as unknown as tf.KernelFunc, setupFunc });
}

/** Registers the training kernels for 'wasm'; idempotent. */
export function registerWasmTrainingKernels(): void {
  for (const [name, kernel] of missing) if (!tf.getKernel(name, WASM)) register(name, kernel);
  for (const [name, kernel] of replacements) {
    const current = tf.getKernel(name, WASM);
    if (current?.kernelFunc === (kernel as unknown)) continue;
    if (current) {
      natives.set(name, current.kernelFunc as unknown as Kernel<tf.TensorInfo | tf.TensorInfo[]>);
      tf.unregisterKernel(name, WASM);
    }
    // The native kernel's setup (its wasm bindings) still runs when the backend starts: our fallback may call it.
    register(name, kernel, current?.setupFunc);
  }
}
