import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

// Training kernels that @tensorflow/tfjs-backend-wasm 4.22 lacks or gets wrong. They run on the wasm
// backend itself (its XNNPACK conv, ScatterNd, Transpose… or a loop over its heap): nothing falls back to CPU.

const WASM = 'wasm';

type KernelArgs = { inputs: tf.NamedTensorInfoMap; backend: BackendWasm; attrs?: tf.NamedAttrMap };
/** A kernel's named inputs, all present. */
type Inputs<K extends string> = Record<K, tf.TensorInfo>;

/** Runs a kernel already registered for the wasm backend, on that backend. */
function runWasm(backend: tf.KernelBackend, name: string, inputs: tf.NamedTensorInfoMap, attrs: object = {}): tf.TensorInfo {
  const config = tf.getKernel(name, WASM);
  if (!config) throw new Error(`wasm kernel ${name} is not registered`);
  return config.kernelFunc({ inputs, backend, attrs: attrs as tf.NamedAttrMap }) as tf.TensorInfo;
}

function disposeAll(backend: tf.KernelBackend, infos: tf.TensorInfo[]): void {
  for (const info of infos) backend.disposeData(info.dataId);
}

/**
 * dW[kh, kw, ci, co] = Σ_{b, oh, ow} x[b, oh·s + kh − top, ow·s + kw − left, ci] · dy[b, oh, ow, co].
 * That is a forward convolution of xᵀ [ci, H, W, B] with dyᵀ [OH, OW, B, co] as the filter, dilated by
 * the stride (dy's taps sit s pixels apart in x), at stride 1: its output [ci, KH, KW, co] is dW up to a transpose.
 */
export function conv2DBackpropFilter({ inputs, backend, attrs }: KernelArgs): tf.TensorInfo {
  const { x, dy } = inputs as Inputs<'x' | 'dy'>;
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs as unknown as tf.Conv2DBackpropFilterAttrs;
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number], filterShape, strides, 1, pad, dimRoundingMode, false,
    tf.backend_util.convertConv2DDataFormat(dataFormat),
  );
  if (info.dataFormat !== 'channelsLast') throw new Error('wasm Conv2DBackpropFilter supports NHWC only');
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, strideHeight, strideWidth, padInfo } = info;
  // Extent of the padded input the forward conv read; beyond it (valid padding, stride > 1) x is cropped.
  const rows = info.filterHeight + (outHeight - 1) * strideHeight - padInfo.top;
  const cols = info.filterWidth + (outWidth - 1) * strideWidth - padInfo.left;
  const temps: tf.TensorInfo[] = [];
  let xUsed = x;
  if (rows < inHeight || cols < inWidth) {
    xUsed = runWasm(backend, tf.Slice, { x }, { begin: [0, 0, 0, 0], size: [batchSize, Math.min(rows, inHeight), Math.min(cols, inWidth), inChannels] });
    temps.push(xUsed);
  }
  const xT = runWasm(backend, tf.Transpose, { x: xUsed }, { perm: [3, 1, 2, 0] });
  const dyT = runWasm(backend, tf.Transpose, { x: dy }, { perm: [1, 2, 0, 3] });
  const explicitPad = [[0, 0], [padInfo.top, Math.max(0, rows - inHeight)], [padInfo.left, Math.max(0, cols - inWidth)], [0, 0]];
  const convT = runWasm(backend, tf.Conv2D, { x: xT, filter: dyT }, {
    strides: [1, 1], pad: explicitPad, dataFormat: 'NHWC', dilations: [strideHeight, strideWidth],
  });
  temps.push(xT, dyT, convT);
  const dW = runWasm(backend, tf.Transpose, { x: convT }, { perm: [1, 2, 0, 3] });
  disposeAll(backend, temps);
  return dW;
}

/**
 * dx[b, i, j, ci] = Σ_{kh, kw, co} dyD[b, i + kh − pb, j + kw − pl, co] · W[KH−1−kh, KW−1−kw, ci, co]: a forward
 * convolution (XNNPACK) of dy — dilated by the stride when it is > 1 (zeros between its pixels) — with the filter
 * turned 180° and its channels swapped, at stride 1. tfjs-wasm's own Conv2DBackpropInput is a plain loop, 5–10× slower.
 */
export function conv2DBackpropInput({ inputs, backend, attrs }: KernelArgs): tf.TensorInfo {
  const { dy, filter } = inputs as Inputs<'dy' | 'filter'>;
  const { strides, pad, dataFormat, dimRoundingMode, inputShape } = attrs as unknown as tf.Conv2DBackpropInputAttrs;
  const info = tf.backend_util.computeConv2DInfo(
    inputShape, filter.shape as [number, number, number, number], strides, 1, pad, dimRoundingMode, false,
    tf.backend_util.convertConv2DDataFormat(dataFormat),
  );
  const { batchSize, inHeight, inWidth, outHeight, outWidth, outChannels, strideHeight: sh, strideWidth: sw, padInfo } = info;
  const [fh, fw] = [info.filterHeight, info.filterWidth];
  // Zero rows/cols the forward conv's padding put before the input, seen from dy's side.
  const [top, left] = [fh - 1 - padInfo.top, fw - 1 - padInfo.left];
  if (info.dataFormat !== 'channelsLast' || top < 0 || left < 0) return native(tf.Conv2DBackpropInput)({ inputs, backend, attrs });
  const temps: tf.TensorInfo[] = [];
  const keep = (t: tf.TensorInfo) => (temps.push(t), t);
  let dyD = dy;
  if (sh > 1 || sw > 1) {
    // [B, OH, 1, OW, 1, C] padded to [B, OH, sh, OW, sw, C]: each dy pixel followed by stride − 1 zeros.
    const split = keep(runWasm(backend, tf.Reshape, { x: dy }, { shape: [batchSize, outHeight, 1, outWidth, 1, outChannels] }));
    const spread = keep(runWasm(backend, tf.PadV2, { x: split }, { paddings: [[0, 0], [0, 0], [0, sh - 1], [0, 0], [0, sw - 1], [0, 0]], constantValue: 0 }));
    dyD = keep(runWasm(backend, tf.Reshape, { x: spread }, { shape: [batchSize, outHeight * sh, outWidth * sw, outChannels] }));
  }
  // Padding after dy that makes the output inHeight × inWidth; negative: dy's last rows/cols are never read.
  const bottom = inHeight + fh - 1 - top - dyD.shape[1];
  const right = inWidth + fw - 1 - left - dyD.shape[2];
  if (bottom < 0 || right < 0) {
    const size = [batchSize, dyD.shape[1] + Math.min(0, bottom), dyD.shape[2] + Math.min(0, right), outChannels];
    dyD = keep(runWasm(backend, tf.Slice, { x: dyD }, { begin: [0, 0, 0, 0], size }));
  }
  const turned = keep(runWasm(backend, tf.Reverse, { x: filter }, { dims: [0, 1] }));
  const swapped = keep(runWasm(backend, tf.Transpose, { x: turned }, { perm: [0, 1, 3, 2] }));
  const dx = runWasm(backend, tf.Conv2D, { x: dyD, filter: swapped }, {
    strides: [1, 1], pad: [[0, 0], [top, Math.max(0, bottom)], [left, Math.max(0, right)], [0, 0]], dataFormat: 'NHWC', dilations: [1, 1],
  });
  disposeAll(backend, temps);
  return dx;
}

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

/**
 * dx[argmax of each window] += dy. Replaces wasm's native MaxPoolGrad, which seeds its running max with
 * FLT_MIN (the smallest positive float) instead of −∞, so a window whose maximum is ≤ 0 loses its gradient.
 * The first maximum of a window wins, as on the CPU backend.
 */
export function maxPoolGrad({ inputs, backend, attrs }: KernelArgs): tf.TensorInfo {
  const { dy, input } = inputs as Inputs<'dy' | 'input'>;
  const { filterSize, strides, pad, dimRoundingMode } = attrs as unknown as tf.MaxPoolGradAttrs;
  const info = tf.backend_util.computePool2DInfo(input.shape as [number, number, number, number], filterSize, strides, 1, pad, dimRoundingMode);
  const { batchSize, inHeight, inWidth, inChannels: channels, outHeight, outWidth, strideHeight, strideWidth } = info;
  const { effectiveFilterHeight: fh, effectiveFilterWidth: fw, dilationHeight: dh, dilationWidth: dw } = info;
  const out = backend.makeOutput(input.shape, 'float32');
  // Views are taken after the allocation: growing the heap detaches older ones.
  const dx = backend.typedArrayFromHeap(out).fill(0);
  const x = backend.typedArrayFromHeap(input);
  const g = backend.typedArrayFromHeap(dy);
  const taps = new Int32Array(Math.ceil(fh / dh) * Math.ceil(fw / dw)); // a window's in-bounds pixels, × channels
  let o = 0; // flat index into dy, which is [B, outHeight, outWidth, C]
  for (let b = 0; b < batchSize; b++)
    for (let oy = 0; oy < outHeight; oy++) {
      const y0 = oy * strideHeight - info.padInfo.top;
      for (let ox = 0; ox < outWidth; ox++, o += channels) {
        const x0 = ox * strideWidth - info.padInfo.left;
        let n = 0; // row-major, so that the first maximum wins
        for (let y = y0; y < y0 + fh; y += dh)
          for (let xx = x0; xx < x0 + fw; xx += dw)
            if (y >= 0 && y < inHeight && xx >= 0 && xx < inWidth) taps[n++] = ((b * inHeight + y) * inWidth + xx) * channels;
        if (n === 0) continue;
        for (let c = 0; c < channels; c++) {
          let at = taps[0] + c, best = x[at];
          for (let k = 1; k < n; k++) {
            const i = taps[k] + c;
            if (x[i] > best) { best = x[i]; at = i; }
          }
          dx[at] += g[o + c];
        }
      }
    }
  return out;
}

/** Side of the tiles transposeMatrix copies: a tile of input and output rows stays in cache. */
const TILE = 32;

/**
 * The last two axes of x [..., r, c] swapped, as a new tensor [..., c, r] on the wasm heap, copied tile by tile.
 * wasm's own Transpose walks the output a column at a time and is 2–3× slower on large matrices.
 */
function transposeMatrix(backend: BackendWasm, x: tf.TensorInfo): tf.TensorInfo {
  const [r, c] = x.shape.slice(-2);
  const out = backend.makeOutput([...x.shape.slice(0, -2), c, r], x.dtype);
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
  const innerA = a.shape[a.shape.length - (transposeA ? 2 : 1)], innerB = b.shape[b.shape.length - (transposeB ? 1 : 2)];
  if (!(transposeA || transposeB) || !single(a) || !single(b) || innerA !== innerB) return native(tf.BatchMatMul)({ inputs, backend, attrs });
  const aPlain = transposeA ? transposeMatrix(backend, a) : a;
  const bPlain = transposeB ? transposeMatrix(backend, b) : b;
  const out = native(tf.BatchMatMul)({ inputs: { a: aPlain, b: bPlain }, backend, attrs: { transposeA: false, transposeB: false } });
  disposeAll(backend, [aPlain, bPlain].filter((t) => t !== a && t !== b));
  return out;
}

/**
 * tf.gather along axis 0 (the batch gather from the dataset on the device): whole rows copied with one
 * typed-array set each. tfjs-wasm's GatherV2 computes every element's source through generic strides, ~12 %
 * of a reference-network step. Other axes and batch dims go to the native kernel.
 */
export function gatherV2({ inputs, backend, attrs }: KernelArgs): tf.TensorInfo {
  const { x, indices } = inputs as Inputs<'x' | 'indices'>;
  const { axis, batchDims } = attrs as unknown as tf.GatherV2Attrs;
  if (tf.util.parseAxisParam(axis, x.shape)[0] !== 0 || batchDims !== 0 || x.dtype === 'string' || x.dtype === 'complex64') return native(tf.GatherV2)({ inputs, backend, attrs });
  const rows = x.shape[0];
  const rowSize = tf.util.sizeFromShape(x.shape.slice(1));
  const out = backend.makeOutput([...indices.shape, ...x.shape.slice(1)], x.dtype);
  // Views are taken after the allocation: growing the heap detaches older ones.
  const dst = backend.typedArrayFromHeap(out);
  const src = backend.typedArrayFromHeap(x);
  const idx = backend.typedArrayFromHeap(indices);
  for (let i = 0; i < idx.length; i++) {
    const r = idx[i];
    if (!(r >= 0 && r < rows)) throw new Error(`GatherV2: the index value ${r} is not in [0, ${rows - 1}]`);
    dst.set(src.subarray(r * rowSize, (r + 1) * rowSize), i * rowSize);
  }
  return out;
}

type Kernel = (args: KernelArgs) => tf.TensorInfo;

// Kernels wasm lacks (a native one, should a later tfjs add it, is kept) and kernels whose native version is wrong or slow.
const missing: [string, Kernel][] = [
  [tf.Conv2DBackpropFilter, conv2DBackpropFilter],
  [tf.UnsortedSegmentSum, unsortedSegmentSum],
];
const replacements: [string, Kernel][] = [[tf.MaxPoolGrad, maxPoolGrad], [tf.Conv2DBackpropInput, conv2DBackpropInput], [tf.BatchMatMul, batchMatMul], [tf.GatherV2, gatherV2]];

/** The kernel names this module supplies for the wasm backend. */
export const wasmTrainingKernelNames = [...missing, ...replacements].map(([name]) => name);

/** tfjs-wasm's own kernels that ours replaced, for the cases ours hand back to them (see each kernel). */
const natives = new Map<string, Kernel>();

function native(name: string): Kernel {
  const kernel = natives.get(name);
  if (!kernel) throw new Error(`no native wasm ${name} kernel to fall back to`);
  return kernel;
}

function register(kernelName: string, kernelFunc: Kernel, setupFunc?: tf.KernelConfig['setupFunc']): void {
  tf.registerKernel({ kernelName, backendName: WASM, kernelFunc: kernelFunc as unknown as tf.KernelFunc, setupFunc });
}

/** Registers the training kernels for 'wasm'; idempotent. */
export function registerWasmTrainingKernels(): void {
  for (const [name, kernel] of missing) if (!tf.getKernel(name, WASM)) register(name, kernel);
  for (const [name, kernel] of replacements) {
    const current = tf.getKernel(name, WASM);
    if (current?.kernelFunc === (kernel as unknown)) continue;
    if (current) {
      natives.set(name, current.kernelFunc as unknown as Kernel);
      tf.unregisterKernel(name, WASM);
    }
    // The native kernel's setup (its wasm bindings) still runs when the backend starts: our fallback may call it.
    register(name, kernel, current?.setupFunc);
  }
}
