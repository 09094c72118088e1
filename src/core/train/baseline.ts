import { finetuneDefaults, type TrainConfig } from '../config';
import { normalizeRgb } from '../data/images';
import type { SweepPoint } from '../eval/evaluate';
import { Encoder } from '../models/encoder';
import { Rng } from '../rng';
import type { TrainingData } from './trainingData';
import { finetuneSweep } from './finetune';

/**
 * The label-efficiency reference, supervised training from scratch: for each budget (k labels per class, then all), a
 * fresh encoder (the config's width and depth, its seed) and head trained on just those labels by the fine-tuning
 * routine itself (the same augmentation, head and steps per budget), at the full rate from the first step, at most
 * `cfg.steps` steps of `cfg.batchSize` images (the rest of `recipe`: the fine-tuning defaults). `onPoint` gets the points so far after each budget (`done` after the last).
 */
export async function scratchBaseline(
  data: TrainingData,
  cfg: TrainConfig,
  onPoint: (points: SweepPoint[], done: boolean) => void,
  recipe = finetuneDefaults,
): Promise<SweepPoint[]> {
  if (data.numClasses < 2) throw new Error('The supervised baseline needs labels: put images in one sub-folder per class.');
  const encoder = new Encoder({ inChannels: 3, width: cfg.width, depth: cfg.depth }, new Rng(cfg.seed));
  try {
    const settings = { ...recipe, steps: cfg.steps, batchSize: cfg.batchSize };
    const { points, classifier } = await finetuneSweep(
      { source: { encoder, input: normalizeRgb }, scratch: true, data, settings, seed: cfg.seed },
      onPoint,
    );
    classifier.dispose();
    return points;
  } finally {
    encoder.dispose();
  }
}
