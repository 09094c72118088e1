import type { TrainConfig } from '../../core/config';
import type { MethodInfo, ParamSpec } from '../../core/methods/catalog';

type SharedKey = 'width' | 'depth' | 'batchSize' | 'learningRate' | 'steps' | 'seed';

/** The shared TrainConfig fields a method card edits, as ParamSpecs so one control renders both kinds. */
export const SHARED_FIELDS: (ParamSpec & { key: SharedKey; trainingOnly: boolean })[] = [
  { key: 'width', label: 'Encoder width', help: 'Channels in the first encoder stage, doubled at every stage.', default: 16, min: 1, max: 128, step: 1, trainingOnly: false },
  { key: 'depth', label: 'Encoder depth', help: 'Encoder stages (convolution, group norm, ReLU), with pooling between them.', default: 3, min: 1, max: 5, step: 1, trainingOnly: false },
  { key: 'batchSize', label: 'Batch size', help: 'Images drawn per step; some methods expand them (rotation ×4, jigsaw ×9 tiles).', default: 32, min: 1, max: 1024, step: 1, trainingOnly: true },
  { key: 'learningRate', label: 'Learning rate', help: 'Peak Adam learning rate, after a linear warm-up, then cosine decay.', default: 2e-3, min: 1e-6, max: 1, trainingOnly: true },
  { key: 'steps', label: 'Steps', help: 'Optimizer steps in the run.', default: 500, min: 1, max: 1_000_000, step: 1, trainingOnly: true },
  { key: 'seed', label: 'Seed', help: 'Seeds initialization, sampling and augmentation: the same seed gives the same run.', default: 1, min: 0, max: 2 ** 31 - 1, step: 1, trainingOnly: false },
];

/** The shared fields that matter for a method (an untrained baseline has no batch, rate or steps). */
export function sharedFieldsFor(method: Pick<MethodInfo, 'trainable'>) {
  return SHARED_FIELDS.filter((f) => method.trainable || !f.trainingOnly);
}

/** One line with the key settings, for the collapsed card. */
export function configSummary(method: Pick<MethodInfo, 'trainable'>, cfg: TrainConfig): string {
  const encoder = `width ${cfg.width} · depth ${cfg.depth}`;
  return method.trainable ? `${encoder} · batch ${cfg.batchSize} · lr ${cfg.learningRate} · ${cfg.steps} steps` : `${encoder} · not trained`;
}
