import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../rng';
import { useCpuBackend } from '../testUtils';
import { MaskedContext } from './context';
import { ParamStore } from './layers';

beforeAll(useCpuBackend);

const G = 5,
  D = 4;

/** Largest absolute value per grid row of a [B, G, G, D] tensor. */
async function rowMax(t: tf.Tensor): Promise<number[]> {
  const m = tf.tidy(() => tf.max(tf.abs(t), [0, 2, 3]));
  const v = Array.from(await m.data());
  m.dispose();
  return v;
}

describe('MaskedContext', () => {
  it('keeps the shape and lets c at row i depend on rows ≤ i only (zero gradient from rows below)', async () => {
    const store = new ParamStore('test', new Rng(5));
    const context = new MaskedContext(store, D);
    const z = tf.randomNormal([2, G, G, D], 0, 1, 'float32', 11) as tf.Tensor4D;
    expect(context.apply(z).shape).toEqual([2, G, G, D]);
    for (let i = 0; i < G; i++) {
      // d(Σ c[:, ≤ i] · r) / dz for a random r: must vanish on rows > i and not on rows ≤ i.
      const r = tf.randomNormal([2, i + 1, G, D], 0, 1, 'float32', 20 + i);
      const grad = tf.grad((x: tf.Tensor) =>
        tf.sum(tf.mul(tf.slice(context.apply(x as tf.Tensor4D), [0, 0, 0, 0], [-1, i + 1, -1, -1]), r)),
      )(z);
      const rows = await rowMax(grad);
      rows.forEach((v, row) => (row > i ? expect(v).toBe(0) : expect(v).toBeGreaterThan(0)));
      tf.dispose([r, grad]);
    }
    tf.dispose(z);
    store.dispose();
  });

  it('changing rows > i leaves c at rows ≤ i unchanged and changes the rows below', async () => {
    const store = new ParamStore('test', new Rng(6));
    const context = new MaskedContext(store, D);
    const z = tf.randomNormal([2, G, G, D], 0, 1, 'float32', 12) as tf.Tensor4D;
    const i = 2;
    const rowMask = tf.tensor1d([...Array(G).keys()].map((row) => (row > i ? 1 : 0))).reshape([1, G, 1, 1]);
    const changed = tf.add(z, tf.mul(rowMask, tf.randomNormal(z.shape, 0, 3, 'float32', 13))) as tf.Tensor4D;
    const diff = tf.sub(context.apply(changed), context.apply(z));
    const rows = await rowMax(diff);
    rows.forEach((v, row) => (row > i ? expect(v).toBeGreaterThan(1e-3) : expect(v).toBe(0)));
    tf.dispose([z, rowMask, changed, diff]);
    store.dispose();
  });
});
