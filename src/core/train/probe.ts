import { evalDefaults } from '../config';
import { evaluateEncoder, type EncoderEvaluation } from '../eval/evaluate';
import type { MethodModel } from '../methods/types';
import type { TrainingData } from './trainingData';

/**
 * Probe a frozen encoder on the dataset's shared split (its test images, the shared seed), so every method's
 * numbers compare: `train` is the labelled pool the probe learns from (the whole train split, or a label budget);
 * `sweep` adds the label-efficiency points.
 */
export function probeEncoder(
  model: Pick<MethodModel, 'features'>,
  data: TrainingData,
  train = data.train,
  sweep = false,
): Promise<EncoderEvaluation> {
  return evaluateEncoder({
    model,
    images: data.images,
    labels: data.labelsCpu,
    split: { train, test: data.test },
    numClasses: data.numClasses,
    seed: evalDefaults.splitSeed,
    budgets: sweep ? evalDefaults.labelBudgets : undefined,
  });
}
