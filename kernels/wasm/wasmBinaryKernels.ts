import * as tf from '@tensorflow/tfjs';
import { simdKernels } from './simdKernels';
import { native, type Inputs, type Kernel, type KernelArgs } from './wasmKernelSupport';

// Add, Sub and Multiply of float32 tensors by our SIMD kernel where one operand is the output's shape and the other
// repeats along one block of axes: the same shape, a bias [c], group norm's per-sample [b, 1, 1, c] statistics.
// tfjs-wasm's own walk a broadcast through generic index arithmetic (~3× slower than memory allows). Any other
// broadcast, dtype or op goes to the native kernel.

const OPS = { [tf.Add]: 0, [tf.Sub]: 1, [tf.Multiply]: 2 } as Record<string, number>;

/**
 * [p, q, r] such that the output is [p, q, r] and `small` (padded to its rank) is [p, 1, r]: its size-1 axes (bar
 * the output's own) form one block. Null when they do not.
 */
export function broadcastBlock(out: number[], small: number[]): [number, number, number] | null {
  const padded = [...Array(out.length - small.length).fill(1), ...small];
  const axes = out.map((_, i) => i).filter((i) => out[i] > 1);
  if (axes.some((i) => padded[i] !== 1 && padded[i] !== out[i])) return null;
  const repeated = axes.filter((i) => padded[i] === 1);
  const size = (ids: number[]) => ids.reduce((n, i) => n * out[i], 1);
  if (repeated.length === 0) return [1, 1, size(axes)];
  const [first, last] = [axes.indexOf(repeated[0]), axes.indexOf(repeated[repeated.length - 1])];
  if (last - first + 1 !== repeated.length) return null;
  return [size(axes.slice(0, first)), size(repeated), size(axes.slice(last + 1))];
}

const sameShape = (a: number[], b: number[]) => a.length === b.length && a.every((d, i) => d === b[i]);

function binaryKernel(name: string): Kernel {
  return ({ inputs, backend, attrs }: KernelArgs) => {
    const { a, b } = inputs as Inputs<'a' | 'b'>;
    const simd = a.dtype === 'float32' && b.dtype === 'float32' ? simdKernels(backend) : null;
    if (!simd) return native(name)({ inputs, backend, attrs });
    const out = tf.backend_util.assertAndGetBroadcastShape(a.shape, b.shape);
    const smallFirst = !sameShape(a.shape, out);
    const [big, small] = smallFirst ? [b, a] : [a, b];
    const block = sameShape(big.shape, out) ? broadcastBlock(out, small.shape) : null;
    if (!block) return native(name)({ inputs, backend, attrs });
    const result = backend.makeOutput(out, 'float32');
    const at = (t: tf.TensorInfo) => backend.getMemoryOffset(t.dataId);
    simd.binary_broadcast(at(big), at(small), at(result), ...block, OPS[name], smallFirst ? 1 : 0);
    return result;
  };
}

export const add = binaryKernel(tf.Add);
export const sub = binaryKernel(tf.Sub);
export const multiply = binaryKernel(tf.Multiply);
