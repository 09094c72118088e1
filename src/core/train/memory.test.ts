import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig, type TrainConfig } from '../config';
import { methodInfos, recipeConfig } from '../methods/catalog';
import { getMethod } from '../methods/registry';
import { syntheticImages, useCpuBackend } from '../testUtils';
import { memoryBudget, memoryRefusal, stepMemory } from './memory';
import { uploadDataset, type TrainingData } from './trainingData';
import { Run } from './run';

/** The peak bytes and the largest tensor of one real training step (the second: the first builds lazily kept state). */
async function measuredStep(run: Run): Promise<{ peak: number; largest: number }> {
  run.trainStep();
  await run.drain(true);
  const before = tf.memory().numBytes;
  const profile = await tf.profile(() => run.trainStep());
  await run.drain(true);
  const largest = Math.max(...profile.kernels.flatMap((k) => k.outputShapes.map((s) => 4 * (s ?? []).reduce((a, b) => a * b, 1))));
  return { peak: profile.peakBytes - before, largest };
}

describe('stepMemory', () => {
  let data: TrainingData;
  beforeAll(async () => {
    await useCpuBackend();
    const n = 32;
    const t = syntheticImages(n, 16, 5);
    const v = await t.data();
    t.dispose();
    data = uploadDataset(
      {
        name: 's',
        resolution: 16,
        pixels: Uint8Array.from(v, (x) => Math.round(x * 255)),
        labels: Int32Array.from({ length: n }, (_, i) => i % 4),
        classNames: ['a', 'b', 'c', 'd'],
      },
      0.25,
    );
  });
  afterAll(() => {
    data.images.dispose();
    data.labels.dispose();
  });

  // two shapes per method: the batch, the width and the depth each change once
  const shapes: Partial<TrainConfig>[] = [
    { batchSize: 4, width: 4, depth: 2 },
    { batchSize: 6, width: 8, depth: 3 },
  ];
  for (const m of methodInfos.filter((x) => x.trainable)) {
    it(`${m.id}: the estimate covers the measured peak of a real step, within 1.6×`, async () => {
      for (const shape of shapes) {
        const cfg: TrainConfig = { ...recipeConfig(m), resolution: 16, steps: 10, warmupSteps: 0, ...shape };
        const run = new Run(getMethod(m.id), cfg, data);
        const measured = await measuredStep(run);
        const estimate = stepMemory(
          m.id,
          cfg,
          run.model.variables.map((v) => v.size),
        );
        expect(estimate.bytes, JSON.stringify(shape)).toBeGreaterThanOrEqual(measured.peak);
        expect(estimate.bytes, JSON.stringify(shape)).toBeLessThanOrEqual(1.6 * measured.peak);
        expect(estimate.largest, JSON.stringify(shape)).toBeGreaterThanOrEqual(measured.largest);
        run.dispose();
      }
    });
  }

  it('grows with every setting that sizes a step, and is zero for a method that never steps', () => {
    const base = { ...defaultConfig, batchSize: 16 };
    const at = (c: Partial<TrainConfig>) => stepMemory('rotation', { ...base, ...c }).bytes;
    expect(at({ batchSize: 32 })).toBeGreaterThan(at({}));
    expect(at({ width: 32 })).toBeGreaterThan(at({}));
    expect(at({ resolution: 64 })).toBeGreaterThan(at({}));
    expect(at({ depth: 4 })).toBeGreaterThan(at({}));
    expect(stepMemory('rotation', base).bytes).toBeGreaterThan(3.5 * stepMemory('supervised', base).bytes); // 4 turns of each image
    expect(stepMemory('rotation', base, [1e6]).bytes).toBeGreaterThan(stepMemory('rotation', base).bytes + 4e6); // weights, gradients, Adam's moments
    expect(stepMemory('random', base)).toEqual({ bytes: 0, largest: 0 });
  });
});

describe('memoryRefusal', () => {
  const cfg = { ...defaultConfig, batchSize: 1024 }; // the issue's ?batch=100000, as the link's limit leaves it
  const wasm = memoryBudget('wasm');

  it('refuses a step that cannot fit, naming the settings to lower and the largest batch that fits', () => {
    const message = memoryRefusal('rotation', cfg, [], wasm, 30e6)!;
    expect(message).toMatch(
      /^Rotation needs about [\d.]+ GB per step at batch 1024, 32 px, width 16 and depth 3: more than the WASM backend can hold \(2\.0 GB, 30 MB of it in use\)\. Lower the batch size \(now 1024; at most about [\d,]+ fit\), the encoder width \(now 16\) or the resolution \(now 32 px\)\.$/,
    );
    const fit = Number(/at most about ([\d,]+) fit/.exec(message)![1].replace(/,/g, ''));
    expect(memoryRefusal('rotation', { ...cfg, batchSize: fit }, [], wasm, 30e6)).toBeNull();
    expect(memoryRefusal('rotation', { ...cfg, batchSize: fit + 1 }, [], wasm, 30e6)).not.toBeNull();
  });

  it('lets a step that fits start, and counts what is already in use', () => {
    expect(memoryRefusal('rotation', { ...cfg, batchSize: 32 }, [], wasm, 30e6)).toBeNull();
    expect(memoryRefusal('rotation', { ...cfg, batchSize: 32 }, [], wasm, 1.999e9)).toMatch(/even 1 does not fit/);
  });

  it("checks WebGPU's largest buffer too", () => {
    const small = memoryBudget('webgpu', 16e6);
    expect(memoryRefusal('rotation', { ...cfg, batchSize: 256 }, [], small, 0)).toMatch(
      /its largest tensor \(\d+ MB\) is more than one WEBGPU buffer can hold \(16 MB\)/,
    );
  });
});
