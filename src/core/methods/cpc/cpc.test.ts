import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerWasmTrainingKernels } from '../../../../kernels/wasm/wasmKernels';
import { Rng } from '../../rng';
import { syntheticImages, tinyConfig, useCpuBackend } from '../../testUtils';
import { cpc, cpcGeometry, CpcModel } from '.';

beforeAll(useCpuBackend);

function tinyModel(): CpcModel {
  const sample = syntheticImages(2, 16, 9);
  const model = cpc.create({ cfg: tinyConfig(), numClasses: 0, rng: new Rng(4), sample });
  sample.dispose();
  if (!(model instanceof CpcModel)) throw new Error('cpc.create should build a CpcModel');
  return model;
}

describe('cpc geometry', () => {
  it('keeps a 7×7 grid across resolutions and clamps K to G − 1', () => {
    expect(cpcGeometry(tinyConfig({ resolution: 32 }))).toEqual({ patch: 8, stride: 4, grid: 7, maxOffset: 3 });
    expect(cpcGeometry(tinyConfig({ resolution: 16 }))).toEqual({ patch: 4, stride: 2, grid: 7, maxOffset: 3 });
    expect(cpcGeometry(tinyConfig({ resolution: 64 }))).toEqual({ patch: 16, stride: 8, grid: 7, maxOffset: 3 });
    expect(cpcGeometry(tinyConfig({ resolution: 32, params: { patchSize: 16, stride: 16, maxOffset: 5 } })).maxOffset).toBe(1);
    expect(() => cpcGeometry(tinyConfig({ resolution: 32, params: { patchSize: 24, stride: 16 } }))).toThrow(/2×2/);
  });
});

describe('cpc model', () => {
  it('cuts patch n = b·G·G + i·G + j from rows i·s.., columns j·s.. of image b', async () => {
    const model = tinyModel();
    const { grid, patch, stride } = model.geometry;
    const images = syntheticImages(2, 16, 3);
    const patches = model.patches(images);
    expect(patches.shape).toEqual([2 * grid * grid, patch, patch, 3]);
    for (const [b, i, j] of [
      [0, 0, 0],
      [1, 3, 5],
      [1, grid - 1, grid - 1],
    ]) {
      const got = tf.slice(patches, [(b * grid + i) * grid + j, 0, 0, 0], [1, -1, -1, -1]);
      const want = tf.slice(images, [b, i * stride, j * stride, 0], [1, patch, patch, 3]);
      expect(Array.from(await got.data())).toEqual(Array.from(await want.data()));
      tf.dispose([got, want]);
    }
    tf.dispose([images, patches]);
    model.dispose();
  });

  it('context at row i ignores image rows only patches below row i cover', async () => {
    const model = tinyModel();
    const { grid, patch, stride } = model.geometry;
    const i = 2;
    const firstUnseen = i * stride + patch; // pixel rows ≥ this lie only in patch rows > i
    const r = 16;
    const images = syntheticImages(2, r, 5);
    const below = tf.tensor1d([...Array(r).keys()].map((y) => (y >= firstUnseen ? 1 : 0))).reshape([1, r, 1, 1]);
    const noise = tf.randomUniform(images.shape, 0, 1, 'float32', 8);
    const changed = tf.add(tf.mul(images, tf.sub(1, below)), tf.mul(noise, below)) as tf.Tensor4D;
    const diff = tf.tidy(() =>
      tf.max(tf.abs(tf.sub(model.contextOf(model.encodeGrid(changed)), model.contextOf(model.encodeGrid(images)))), [0, 2, 3]),
    );
    const rows = Array.from(await diff.data());
    expect(rows).toHaveLength(grid);
    rows.forEach((v, row) => (row > i ? expect(v).toBeGreaterThan(1e-4) : expect(v).toBe(0)));
    tf.dispose([images, below, noise, changed, diff]);
    model.dispose();
  });

  it('visualize gives all patches and a [G, G, K, N] score table, NaN exactly where i + k ≥ G', async () => {
    const model = tinyModel();
    const { grid: g, maxOffset: k } = model.geometry;
    const images = syntheticImages(3, 16, 6);
    const labels = tf.fill([3], -1, 'int32') as tf.Tensor1D;
    const before = tf.memory().numTensors;
    const view = await model.visualize({ images, labels });
    expect(tf.memory().numTensors).toBe(before);
    const n = 3 * g * g;
    expect(view.patches).toHaveLength(n);
    expect(view.patches[0].width).toBe(model.geometry.patch);
    expect(view.scores).toHaveLength(g * g * k * n);
    for (let i = 0; i < g; i++)
      for (let j = 0; j < g; j++)
        for (let o = 1; o <= k; o++) {
          const row = view.scores.subarray(((i * g + j) * k + o - 1) * n, ((i * g + j) * k + o) * n);
          row.forEach((v) => expect(Number.isNaN(v)).toBe(i + o >= g));
        }
    tf.dispose([images, labels]);
    model.dispose();
  });

  it('probes the whole image like every method: [B, probeDim]', () => {
    const model = tinyModel();
    const images = syntheticImages(3, 16, 6);
    const f = model.features(images);
    expect(f.shape).toEqual([3, model.encoder.probeDim]);
    tf.dispose([images, f]);
    model.dispose();
  });
});

describe('cpc on wasm', () => {
  beforeAll(registerWasmTrainingKernels);
  afterAll(useCpuBackend);

  /** One step's loss, accuracy and gradients (flattened) on `backend`, from the same seeded model and images. */
  async function stepOn(backend: 'cpu' | 'wasm'): Promise<Float32Array> {
    await tf.setBackend(backend);
    const model = tinyModel();
    const images = syntheticImages(4, 16, 7);
    const labels = tf.fill([4], -1, 'int32') as tf.Tensor1D;
    const out = tf.tidy(() => {
      let accuracy = tf.scalar(0);
      const { value, grads } = tf.variableGrads(() => {
        const step = model.step({ images, labels }, new Rng(5)); // the same patch jitter on both backends
        accuracy = tf.keep(step.metrics.accuracy);
        return step.loss;
      }, model.variables);
      return tf.concat([tf.stack([value, accuracy]), ...model.variables.map((v) => tf.reshape(grads[v.name], [-1]))]);
    });
    const values = (await out.data()) as Float32Array;
    tf.dispose([out, images, labels]);
    model.dispose();
    return values;
  }

  it('gives the loss, accuracy and gradients of the cpu backend (the score matmuls and fused loss included)', async () => {
    const cpu = await stepOn('cpu');
    const wasm = await stepOn('wasm');
    expect(wasm).toHaveLength(cpu.length);
    expect(wasm[0]).toBeCloseTo(cpu[0], 4);
    expect(wasm[1]).toBe(cpu[1]);
    const scale = cpu.slice(2).reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    expect(scale).toBeGreaterThan(0);
    cpu.slice(2).forEach((v, i) => expect(Math.abs(wasm[i + 2] - v)).toBeLessThan(1e-3 * scale));
  });
});
