import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { simdKernels } from './simdKernels';
import { disposeAll, native, type Inputs, type KernelArgs } from './wasmKernelSupport';

// Reductions by our SIMD kernels where tfjs-wasm's are slow for the shapes training makes: a sum over the leading
// axes (every bias gradient; tfjs-wasm transposes the reduced axes inward first) and the maximum and its index along
// the last axis (InfoNCE over CPC's score table; tfjs-wasm's are scalar loops). Any other case is tfjs-wasm's.

const offset = (backend: BackendWasm, t: tf.TensorInfo) => backend.getMemoryOffset(t.dataId);

/** A sum over the leading axes as rows summed down, in place. */
export function sum({ inputs, backend, attrs }: KernelArgs): tf.TensorInfo {
  const { x } = inputs as Inputs<'x'>;
  const { axis, keepDims } = attrs as unknown as tf.SumAttrs;
  const axes = tf.util.parseAxisParam(axis, x.shape).sort((a, b) => a - b);
  const leading = axes.length > 0 && axes.length < x.shape.length && axes.every((a, i) => a === i);
  const simd = leading && x.dtype === 'float32' ? simdKernels(backend) : null;
  if (!simd) return native(tf.Sum)({ inputs, backend, attrs });
  const kept = x.shape.slice(axes.length);
  const out = backend.makeOutput(keepDims ? [...axes.map(() => 1), ...kept] : kept, 'float32');
  simd.sum_rows_f32(
    offset(backend, x),
    offset(backend, out),
    tf.util.sizeFromShape(x.shape.slice(0, axes.length)),
    tf.util.sizeFromShape(kept),
  );
  return out;
}

/**
 * The row maximum (want 1) or its first index (want 2) of float32 `x` along its last axis, into a new `shape` tensor;
 * null when the axis is another, the row empty, or a NaN is in it (the caller's native kernel handles those).
 */
function rowMax(backend: BackendWasm, x: tf.TensorInfo, axes: number[], want: 1 | 2, shape: number[]): tf.TensorInfo | null {
  const n = x.shape[x.shape.length - 1];
  const simd = x.dtype === 'float32' && axes.length === 1 && axes[0] === x.shape.length - 1 && n > 0 ? simdKernels(backend) : null;
  if (!simd) return null;
  const out = backend.makeOutput(shape, want === 1 ? 'float32' : 'int32');
  const [maxAt, indexAt] = want === 1 ? [offset(backend, out), 0] : [0, offset(backend, out)];
  if (simd.row_max_f32(offset(backend, x), maxAt, indexAt, tf.util.sizeFromShape(x.shape) / n, n, want) === 0) return out;
  disposeAll(backend, [out]); // a NaN
  return null;
}

export function max({ inputs, backend, attrs }: KernelArgs): tf.TensorInfo {
  const { x } = inputs as Inputs<'x'>;
  const { reductionIndices, keepDims } = attrs as unknown as tf.MaxAttrs;
  const axes = tf.util.parseAxisParam(reductionIndices, x.shape);
  const shape = keepDims ? [...x.shape.slice(0, -1), 1] : x.shape.slice(0, -1);
  return rowMax(backend, x, axes, 1, shape) ?? native(tf.Max)({ inputs, backend, attrs });
}

export function argMax({ inputs, backend, attrs }: KernelArgs): tf.TensorInfo {
  const { x } = inputs as Inputs<'x'>;
  const { axis } = attrs as unknown as tf.ArgMaxAttrs;
  const axes = tf.util.parseAxisParam(axis, x.shape);
  return rowMax(backend, x, axes, 2, x.shape.slice(0, -1)) ?? native(tf.ArgMax)({ inputs, backend, attrs });
}
