import * as tf from '@tensorflow/tfjs';
import { evalDefaults } from '../core/config';
import { extractFeatures, featureStats } from '../core/eval/features';
import { trainProbe } from '../core/eval/linearProbe';
import type { MethodModel } from '../core/methods/types';
import type { TrainingData } from '../core/train/trainingData';
import { snapshot } from '../core/train/run';
import type { Checkpoint } from '../core/train/types';
import type { LinearClassifier } from './network';

/** What an export of a run needs from the worker: its weights now, its method's drawn state, its probe as a classifier. */
export interface ExportableRun {
  checkpoint: Checkpoint;
  state: Record<string, unknown>; // MethodModel.exportState (the PyTorch project's experiment.json)
  classifier: LinearClassifier | null; // null: not asked for, or the dataset has no labels
}

/** The model's weights as a checkpoint; `random` trains nothing, so its checkpoint is its encoder's. */
export function modelSnapshot(model: Pick<MethodModel, 'encoder' | 'variables'>, runId: string, step: number): Promise<Checkpoint> {
  return snapshot({ encoder: model.encoder, variables: model.variables.length ? model.variables : model.encoder.variables }, runId, step);
}

/**
 * The run's linear probe as the evaluation trains it (labelled train split, train-set standardization, the shared
 * seed), kept: the exported classifier. Null when the dataset has fewer than 2 classes or no labelled train image.
 */
export async function fitClassifier(model: Pick<MethodModel, 'features'>, data: TrainingData): Promise<LinearClassifier | null> {
  const rows = data.train.filter((i) => data.labelsCpu[i] >= 0);
  if (data.numClasses < 2 || rows.length === 0) return null;
  const raw = extractFeatures(model, data.images, rows, 64);
  const { mean, std } = featureStats(raw);
  const trainX = tf.tidy(() => tf.div(tf.sub(raw, mean), std) as tf.Tensor2D);
  const probe = trainProbe({
    trainX,
    trainY: rows.map((i) => data.labelsCpu[i]),
    numClasses: data.numClasses,
    seed: evalDefaults.splitSeed,
  });
  try {
    const [m, s, w, b] = (await Promise.all([mean, std, probe.weights, probe.bias].map((t) => t.data()))) as Float32Array[];
    return {
      mean: m,
      std: s,
      weights: { shape: probe.weights.shape, values: w },
      bias: b,
      classNames: data.classNames.slice(0, data.numClasses),
    };
  } finally {
    tf.dispose([raw, mean, std, trainX, probe.weights, probe.bias]);
  }
}
