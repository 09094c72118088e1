import { defaultConfig } from '../core/config';
import type { Checkpoint } from '../core/train/types';
import type { SavedRun, SavedTextRun } from './db';

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

/** A finished next-word text run of `texts` texts (tests only). */
export function savedTextRun(id: string, texts = 8): SavedTextRun {
  const accuracy = { accuracy: 0.75, correct: Uint8Array.from([1, 1, 0, 1]) };
  const guesses = [{ context: ['<bos>'], truth: 'sea', top: [{ word: 'sea', p: 0.5 }], truthRank: 1 }];
  const sweep = [{ perClass: 1, accuracy: 0.5, correct: Uint8Array.from([1, 0, 0, 1]) }];
  const estimate = (perplexity: number) => ({ perplexity, low: perplexity - 5, high: perplexity + 5, items: 4 });
  const result = {
    perplexity: 40,
    bigramPerplexity: 30,
    probe: accuracy,
    knn: null,
    reason: null,
    sentence: 'sea',
    guesses,
    sweep,
    perplexityEstimate: estimate(40),
    bigramEstimate: estimate(30),
  };
  const status = {
    id,
    method: 'nextword',
    state: 'done',
    step: 3,
    steps: 3,
    batchSize: 16,
    windowsPerSec: 40,
    loss: 3.5,
    perplexity: 33,
    bigramPerplexity: 30,
    result,
    error: null,
  } as const;
  const curve = [
    { step: 2, loss: 4.1 },
    { step: 3, loss: 3.5 },
  ];
  return {
    modality: 'text',
    id,
    status,
    curve,
    dataset: { name: 'Text sample', texts, fingerprint: '0123abcd' },
    checkpointStep: 3,
    savedAt: 2,
  };
}
