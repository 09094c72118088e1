import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../config';
import { checkLoss, checkWeights, failureMessage } from './failures';

describe('run failure messages', () => {
  it('says which setting to lower when a backend runs out of memory, whatever its wording', () => {
    for (const msg of ['WebGPU: out of memory', 'Failed to allocate buffer', 'RangeError: Array buffer allocation failed']) {
      const text = failureMessage(new Error(msg), { ...defaultConfig, batchSize: 256 });
      expect(text).toContain(msg);
      expect(text).toMatch(/Lower the batch size \(now 256\)/);
    }
    expect(failureMessage('kernel missing', defaultConfig)).toBe('kernel missing');
  });

  it('stops a diverging loss or weights with the step and the learning rate to lower', () => {
    const cfg = { ...defaultConfig, learningRate: 0.5 };
    expect(() => checkLoss({ step: 7, loss: NaN, lr: 0.5, metrics: {} }, cfg)).toThrow(
      /loss became NaN at step 7.*lower the learning rate \(now 0.5\)/,
    );
    expect(() => checkLoss({ step: 7, loss: 1.2, lr: 0.5, metrics: {} }, cfg)).not.toThrow();
    const weights = (v: number) => ({ runId: 'r', step: 9, weights: { 0: { shape: [2], values: Float32Array.from([1, v]) } } });
    expect(() => checkWeights(weights(Infinity), cfg)).toThrow(/weights became NaN or infinite by step 9/);
    expect(() => checkWeights(weights(2), cfg)).not.toThrow();
  });
});
