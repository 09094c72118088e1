import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { expect } from 'vitest';
import { relativeError, values } from './compare';
import { registerWasmTrainingKernels } from './wasmKernels';

// Tests of the wasm kernels: the same computation on wasm and on the CPU reference backend, compared.

export { relativeError, values };

export type Backend = 'cpu' | 'wasm';

/** Runs `fn` on one backend and reads its result back (asynchronously). */
export async function on(backend: Backend, fn: () => tf.Tensor): Promise<Float32Array> {
  await tf.setBackend(backend);
  const out = fn();
  const data = (await out.data()) as Float32Array;
  out.dispose();
  return data;
}

export async function expectWasmMatchesCpu(fn: () => tf.Tensor, tol = 1e-4): Promise<void> {
  const cpu = await on('cpu', fn);
  const wasm = await on('wasm', fn);
  expect(relativeError(wasm, cpu)).toBeLessThan(tol);
}

/** Gradients of f with respect to every input, flattened into one tensor. */
export function allGrads(shapes: number[][], f: (...xs: tf.Tensor[]) => tf.Scalar): () => tf.Tensor {
  return () =>
    tf.tidy(() => {
      const xs = shapes.map((s, i) => tf.tensor(values(s, 11 + i), s));
      const grads = tf.grads((...args: tf.Tensor[]) => f(...args))(xs);
      return tf.concat(grads.map((g) => tf.reshape(g, [-1])));
    });
}

/** A fixed pseudo-random weighting, so a gradient is not just a sum of ones. */
export const weighted = (t: tf.Tensor): tf.Scalar => tf.sum(tf.mul(t, tf.tensor(values(t.shape, 99), t.shape)));

/** Our kernels registered, wasm the active backend (each file's beforeAll). */
export async function useWasmWithOurKernels(): Promise<void> {
  registerWasmTrainingKernels();
  await tf.setBackend('wasm');
  await tf.ready();
}
