import { defaultConfig, settingLimits, type TrainConfig } from '../../core/config';
import type { MethodInfo, ParamSpec } from '../../core/methods/catalog';

type SharedKey = keyof typeof settingLimits;

/** A setting's default, and its limits as a ParamSpec's min, max and (for whole numbers) step: both from core/config. */
const specOf = (key: SharedKey) => {
  const { min, max, integer } = settingLimits[key];
  return { default: defaultConfig[key], min, max, ...(integer ? { step: 1 } : {}) };
};

/** The shared TrainConfig fields a method card edits, as ParamSpecs so one control renders both kinds. */
export const SHARED_FIELDS: (ParamSpec & { key: SharedKey; trainingOnly: boolean })[] = [
  {
    key: 'width',
    label: 'Encoder width',
    help: 'Channels in the first encoder stage, doubled at every stage.',
    ...specOf('width'),
    trainingOnly: false,
  },
  {
    key: 'depth',
    label: 'Encoder depth',
    help: 'Encoder stages (convolution, group norm, ReLU), with pooling between them.',
    ...specOf('depth'),
    trainingOnly: false,
  },
  {
    key: 'batchSize',
    label: 'Batch size',
    help: 'Images drawn per step; some methods expand them (rotation ×4, jigsaw ×9 tiles).',
    ...specOf('batchSize'),
    trainingOnly: true,
  },
  {
    key: 'learningRate',
    label: 'Learning rate',
    help: 'Peak Adam learning rate, after a linear warm-up, then cosine decay.',
    ...specOf('learningRate'),
    trainingOnly: true,
  },
  { key: 'steps', label: 'Steps', help: 'Optimizer steps in the run.', ...specOf('steps'), trainingOnly: true },
  {
    key: 'seed',
    label: 'Seed',
    help: 'Seeds initialization, sampling and augmentation: the same seed gives the same run.',
    ...specOf('seed'),
    trainingOnly: false,
  },
];

/** The shared fields that matter for a method (an untrained baseline has no batch, rate or steps). */
export function sharedFieldsFor(method: Pick<MethodInfo, 'trainable'>) {
  return SHARED_FIELDS.filter((f) => method.trainable || !f.trainingOnly);
}

/** One line with the key settings, for the collapsed card. */
export function configSummary(method: Pick<MethodInfo, 'trainable'>, cfg: TrainConfig): string {
  const encoder = `width ${cfg.width} · depth ${cfg.depth}`;
  return method.trainable
    ? `${encoder} · batch ${cfg.batchSize} · lr ${cfg.learningRate} · ${cfg.steps} steps`
    : `${encoder} · not trained`;
}
