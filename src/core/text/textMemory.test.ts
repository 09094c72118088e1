import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../config';
import { getTextMethod } from '../methods/registry';
import { Rng } from '../rng';
import { useCpuBackend } from '../testUtils';
import { memoryBudget } from '../train/memory';
import { ScheduledAdam } from '../train/optimizer';
import { textSettingsProblem, type TextSettings } from './textLimits';
import { textDataRefusal, textMemoryRefusal, textStepMemory } from './textMemory';

/** The peak bytes of a real next-word step (the second: the first makes Adam's moments). */
async function measuredPeak(s: TextSettings, width: number, depth: number): Promise<number> {
  const model = getTextMethod('nextword').create({
    cfg: { ...defaultConfig, width, depth },
    numClasses: 2,
    rng: new Rng(1),
    vocabSize: s.vocabSize,
    seqLen: s.seqLen,
  });
  const rng = new Rng(2);
  const ids = Int32Array.from({ length: s.batchSize * (s.seqLen + 1) }, () => 4 + rng.int(s.vocabSize - 4));
  const batch = {
    tokens: tf.tensor2d(ids, [s.batchSize, s.seqLen + 1], 'int32'),
    labels: tf.fill([s.batchSize], -1, 'int32') as tf.Tensor1D,
  };
  const optimizer = new ScheduledAdam(1e-3);
  const step = () =>
    tf.tidy(() => {
      const { grads } = tf.variableGrads(() => model.step(batch, rng).loss, model.variables);
      optimizer.applyGradients(Object.entries(grads).map(([name, tensor]) => ({ name, tensor })));
    });
  step();
  const before = tf.memory().numBytes;
  const peak = (await tf.profile(step)).peakBytes - before;
  tf.dispose([batch.tokens, batch.labels]);
  optimizer.dispose();
  model.dispose();
  return peak;
}

describe('text limits and memory', () => {
  beforeAll(useCpuBackend);

  it('names every setting out of range and leaves the allowed ones alone', () => {
    expect(textSettingsProblem({ vocabSize: 2000, seqLen: 32, batchSize: 32, steps: 10 })).toBeNull();
    const p = textSettingsProblem({ vocabSize: 3, seqLen: 32, batchSize: 0, steps: 2.5 })!;
    expect(p).toContain('Vocabulary size 3 is not allowed: it must be a whole number from 5 to 50,000.');
    expect(p).toContain('Batch size 0 is not allowed');
    expect(p).toContain('Steps 2.5 is not allowed');
    expect(p).not.toContain('Sequence length');
    expect(textSettingsProblem({ seqLen: NaN })).toContain('Sequence length NaN is not allowed');
  });

  for (const [s, width, depth] of [
    [{ vocabSize: 60, seqLen: 8, batchSize: 4 }, 8, 1],
    [{ vocabSize: 200, seqLen: 16, batchSize: 6 }, 16, 2],
  ] as const) {
    it(`the step estimate covers a real step's peak within 1.5× (V ${s.vocabSize}, T ${s.seqLen}, B ${s.batchSize}, d ${width}, ${depth} blocks)`, async () => {
      const measured = await measuredPeak(s, width, depth);
      const estimate = textStepMemory(s, width, depth).bytes;
      expect(estimate).toBeGreaterThanOrEqual(measured);
      expect(estimate).toBeLessThan(1.5 * measured);
    });
  }

  it('refuses a step too large for the backend, naming the largest batch that fits; a small one fits', () => {
    const s = { vocabSize: 50_000, seqLen: 256, batchSize: 1024 };
    const why = textMemoryRefusal(s, 64, 2, memoryBudget('wasm'), 0)!;
    expect(why).toMatch(/^A text step at batch 1024, 256 words and a 50,000-word vocabulary needs about \d+\.\d GB/);
    const fit = Number(/at most (\d+) fit/.exec(why)![1]);
    expect(fit).toBeGreaterThan(0);
    expect(textMemoryRefusal({ ...s, batchSize: fit }, 64, 2, memoryBudget('wasm'), 0)).toBeNull();
    expect(textMemoryRefusal({ ...s, batchSize: fit + 1 }, 64, 2, memoryBudget('wasm'), 0)).not.toBeNull();
    expect(textMemoryRefusal({ vocabSize: 2000, seqLen: 32, batchSize: 32 }, 64, 2, memoryBudget('wasm'), 0)).toBeNull();
  });

  it('refuses a text dataset too large for the worker', () => {
    expect(textDataRefusal(1_000_000)).toBeNull();
    expect(textDataRefusal(400_000_000)).toMatch(/400,000,000 characters.*1\.2 GB.*1\.0 GB/);
  });
});
