import * as tf from '@tensorflow/tfjs';
import { expect } from 'vitest';
import { Rng } from '../random';

// What the wasm kernel tests share: seeded inputs, running on a backend, and the comparison with cpu.

export type Backend = 'cpu' | 'wasm';

/** Seeded values in [-1, 1): the same inputs on every backend. */
export function values(shape: number[], seed: number): Float32Array {
  const rng = new Rng(seed);
  return Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng.next() * 2 - 1);
}

/** Runs `fn` on one backend and reads its result back (asynchronously). */
export async function on(backend: Backend, fn: () => tf.Tensor): Promise<Float32Array> {
  await tf.setBackend(backend);
  const out = fn();
  const data = (await out.data()) as Float32Array;
  out.dispose();
  return data;
}

/** max |a − b| / max |b|: the error relative to the reference's scale. */
export function relativeError(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  let diff = 0, scale = 0;
  for (let i = 0; i < b.length; i++) {
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return diff / Math.max(scale, 1e-6);
}

export async function expectWasmMatchesCpu(fn: () => tf.Tensor, tol = 1e-4): Promise<void> {
  const cpu = await on('cpu', fn);
  const wasm = await on('wasm', fn);
  expect(relativeError(wasm, cpu)).toBeLessThan(tol);
}

/** Gradients of f with respect to every input, flattened into one tensor. */
export function allGrads(shapes: number[][], f: (...xs: tf.Tensor[]) => tf.Scalar): () => tf.Tensor {
  return () => tf.tidy(() => {
    const xs = shapes.map((s, i) => tf.tensor(values(s, 11 + i), s));
    const grads = tf.grads((...args: tf.Tensor[]) => f(...args))(xs);
    return tf.concat(grads.map((g) => tf.reshape(g, [-1])));
  });
}

/** A fixed pseudo-random weighting, so a gradient is not just a sum of ones. */
export const weighted = (t: tf.Tensor): tf.Scalar => tf.sum(tf.mul(t, tf.tensor(values(t.shape, 99), t.shape)));

