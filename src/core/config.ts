/** Values a method-specific hyperparameter can take. */
export type ParamValue = number | boolean | string;

/** One run's settings. Defaults are sized for the 32 px sample dataset on a laptop. */
export interface TrainConfig {
  resolution: number; // image side in px the encoder sees (32, 48, 64, 96)
  batchSize: number; // images drawn per step; a method may expand them (rotation ×4, jigsaw ×9 tiles)
  steps: number; // optimizer steps in the run
  learningRate: number; // peak Adam learning rate, reached after warm-up
  warmupSteps: number; // linear warm-up from 0, then cosine decay to minLrFraction·peak
  minLrFraction: number; // floor of the cosine schedule, as a fraction of the peak
  weightDecay: number; // decoupled (AdamW-style) decay on conv/dense kernels
  width: number; // encoder channels in the first stage, doubled every stage
  depth: number; // encoder stages (conv + group norm + ReLU, pooling between stages)
  seed: number; // seeds the split-independent RNG: init, sampler, augmentation
  checkpointEvery: number; // steps between weight checkpoints
  probeEvery: number; // steps between linear probes during training (0: only at the end)
  params: Record<string, ParamValue>; // method-specific hyperparameters (see each method's `params`)
}

/** Resolutions the page offers (px); the dataset is decoded at one of them. */
export const RESOLUTIONS = [32, 48, 64, 96] as const;

/** The values a number setting may take. */
export interface Limit {
  min: number;
  max: number;
  integer: boolean;
}

/**
 * The limits of the shared settings: the method cards' fields and the experiment link both check these (the link
 * reports a value outside them and uses the nearest allowed one). The batch size is also limited by memory: a run
 * whose step does not fit the backend is refused before it starts (see train/memory.ts).
 */
export const settingLimits = {
  width: { min: 1, max: 128, integer: true },
  depth: { min: 1, max: 5, integer: true },
  batchSize: { min: 1, max: 1024, integer: true },
  learningRate: { min: 1e-6, max: 1, integer: false },
  steps: { min: 1, max: 1_000_000, integer: true },
  seed: { min: 0, max: 2 ** 31 - 1, integer: true },
} satisfies Partial<Record<keyof TrainConfig, Limit>>;

/** A limit's number as people read it: 1,000,000 and 0.000001. */
export const formatLimit = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 12 });

/** "a whole number from 1 to 1,000,000". */
export const rangeText = (l: Limit) => `${l.integer ? 'a whole number' : 'a number'} from ${formatLimit(l.min)} to ${formatLimit(l.max)}`;

export const defaultConfig: TrainConfig = {
  resolution: 32,
  batchSize: 32,
  steps: 500,
  learningRate: 2e-3,
  warmupSteps: 20,
  minLrFraction: 0.05,
  weightDecay: 1e-4,
  width: 16,
  depth: 3,
  seed: 1,
  checkpointEvery: 100,
  probeEvery: 0,
  params: {},
};

/** Dataset-level evaluation settings shared by every run so comparisons are fair. */
export const evalDefaults = {
  testFraction: 0.2, // held-out share of every class
  splitSeed: 1234, // the split depends on the dataset, not on a run's seed
  knnK: 20, // neighbours for kNN accuracy (cosine)
  probeEpochs: 100, // full-batch softmax regression epochs
  probeWeightDecay: 1e-3, // L2 on the probe weights
  labelBudgets: [1, 4, 10, 40] as number[], // labels per class in the label-efficiency sweep (plus "all")
  smallTest: 200, // below this many labelled test images the probe is also cross-validated over every labelled image
  cvFolds: 5, // folds of that cross-validation
};

/** How a classifier is fine-tuned from an encoder; the same for every run (and for training from scratch). */
export interface FinetuneSettings {
  steps: number; // the most optimizer steps at a label budget
  epochs: number; // passes over a budget's labelled images: steps = epochs · images / batch, within [minSteps, steps]
  minSteps: number; // the fewest steps at a budget (a few labels still need the encoder to move)
  batchSize: number; // labelled images per step (a budget smaller than that repeats its images)
  learningRate: number; // peak rate of the head, and of the encoder when it trains from scratch
  encoderRate: number; // a pre-trained encoder's rate as a fraction of `learningRate`
  frozenSteps: number; // first steps that train the head alone on a pre-trained encoder (after its probe start)
  warmupSteps: number;
  minLrFraction: number;
  weightDecay: number; // decoupled, on kernels
  minCrop: number; // the labelled (and weak) augmentation: a crop of at least this share of the area, mirrored half the time
}

export const finetuneDefaults: FinetuneSettings = {
  steps: 2000,
  epochs: 30,
  minSteps: 200,
  batchSize: 32,
  learningRate: 2e-3,
  encoderRate: 0.3,
  frozenSteps: 0,
  warmupSteps: 20,
  minLrFraction: 0.05,
  weightDecay: 1e-4,
  minCrop: 0.8,
};
