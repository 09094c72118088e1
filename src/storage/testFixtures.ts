import { defaultConfig } from '../core/config';
import type { Checkpoint } from '../core/train/types';
import type { SavedRun } from './db';

/** A small saved rotation run with `steps` curve points (tests only). */
export function savedRun(id: string, steps = 3): SavedRun {
  const curves = Array.from({ length: steps }, (_, i) => ({ step: i + 1, loss: 2 - i * 0.1, lr: 1e-3, metrics: { accuracy: i / steps } }));
  return {
    id,
    name: id,
    status: {
      id,
      method: 'rotation',
      config: { ...defaultConfig, steps: 10 },
      state: 'running',
      step: steps,
      steps: 10,
      loss: 1.8,
      metrics: { accuracy: 0.5 },
      imagesPerSec: 10,
      startedAt: 1,
      elapsedMs: 5,
    },
    curves,
    evaluations: [],
    dataset: { name: 'tiny', images: 24, resolution: 16 },
    checkpointStep: null,
    savedAt: 1,
  };
}

/** A one-weight checkpoint whose last value is the step (tests only). */
export function checkpoint(runId: string, step: number): Checkpoint {
  return {
    runId,
    step,
    weights: { '0': { name: 'encoder/conv0/kernel', shape: [2, 3], values: Float32Array.from([1, 2, 3, 4, 5, step]) } },
  };
}
