import type { TrainConfig } from '../core/config';
import type { MethodId } from '../core/methods/catalog';
import { encoderSizes, normGroups, probeDim } from '../core/models/shapes';
import type { Checkpoint } from '../core/train/types';

/**
 * How each method scales pixels in [0, 1] before its encoder, as its `features` does: `centred` is normalizeRgb,
 * (x − 0.5)·4; `perImage` is transforms' standardize, each image to mean 0 and variance 1 (eps 1e-3). The
 * equivalence tests (export.test.ts) run every method's `features` against the exported graph, so a change to
 * either side fails there.
 */
export type InputScaling = 'centred' | 'perImage';
export const inputScaling: Record<MethodId, InputScaling> = {
  rotation: 'centred',
  jigsaw: 'perImage',
  colorization: 'centred',
  cpc: 'centred',
  simclr: 'centred',
  autoencoder: 'centred',
  supervised: 'centred',
  random: 'centred',
};
export const CENTRED = { offset: 0.5, scale: 4 };
export const PER_IMAGE_EPS = 1e-3;
export const NORM_EPS = 1e-5;

export interface Weight {
  shape: number[];
  values: Float32Array;
}

/** One encoder stage in TensorFlow.js layouts: kernel [3, 3, cin, cout] (HWIO), the rest [cout]. */
export interface Stage extends StageLayout {
  kernel: Weight;
  bias: Weight;
  gamma: Weight;
  beta: Weight;
}

/** The probe as a classifier: standardize the features with the train statistics, then softmax(x·weights + bias). */
export interface LinearClassifier {
  mean: Float32Array; // [d]
  std: Float32Array; // [d]
  weights: Weight; // [d, classes]
  bias: Float32Array; // [classes]
  classNames: string[];
}

/** One encoder stage's shape: its channels, group norm groups, and whether a 2×2 max-pool runs before it. */
export interface StageLayout {
  channels: number;
  groups: number;
  pool: boolean;
}

/** The encoder's stages for a run's settings (as Encoder builds them; pretext_model.py reads this list). */
export function encoderLayout(config: Pick<TrainConfig, 'width' | 'depth' | 'resolution'>): StageLayout[] {
  const sizes = encoderSizes(config.resolution, config.depth);
  return sizes.map((_, s) => {
    const channels = config.width * 2 ** s;
    return { channels, groups: normGroups(channels), pool: s > 0 && sizes[s - 1] >= 2 };
  });
}

/** Everything an exported encoder (and classifier) needs: the same network the app runs, in plain numbers. */
export interface ExportedNetwork {
  runId: string;
  method: MethodId;
  step: number;
  config: TrainConfig;
  scaling: InputScaling;
  stages: Stage[];
  featureDim: number; // every stage's channels, joined: the probe's features
  classifier: LinearClassifier | null;
}

/** The encoder of a checkpoint (weights named "encoder/conv0/kernel"…) as stages; the config gives width, depth, resolution. */
export function exportedNetwork(
  runId: string,
  method: MethodId,
  config: TrainConfig,
  cp: Checkpoint,
  classifier: LinearClassifier | null = null,
): ExportedNetwork {
  const byName = new Map(Object.values(cp.weights).map((w) => [w.name, w]));
  const get = (name: string, shape: number[]): Weight => {
    const w = byName.get(`encoder/${name}`);
    if (!w) throw new Error(`The checkpoint has no encoder/${name}: it is not an encoder of this app.`);
    if (w.shape.join() !== shape.join()) throw new Error(`encoder/${name} has shape [${w.shape}], the run's settings say [${shape}].`);
    return { shape: w.shape, values: w.values };
  };
  let cin = 3;
  const stages = encoderLayout(config).map(({ channels, groups, pool }, s): Stage => {
    const stage = {
      kernel: get(`conv${s}/kernel`, [3, 3, cin, channels]),
      bias: get(`conv${s}/bias`, [channels]),
      gamma: get(`norm${s}/gamma`, [channels]),
      beta: get(`norm${s}/beta`, [channels]),
      channels,
      groups,
      pool,
    };
    cin = channels;
    return stage;
  });
  const featureDim = probeDim(config); // every stage's channels, joined
  if (classifier && classifier.weights.shape[0] !== featureDim)
    throw new Error(`The classifier takes ${classifier.weights.shape[0]} features, the encoder gives ${featureDim}.`);
  return { runId, method, step: cp.step, config, scaling: inputScaling[method], stages, featureDim, classifier };
}

/** [k, k, cin, cout] (TensorFlow.js) → [cout, cin, k, k] (ONNX and PyTorch). */
export function oihw(kernel: Weight): Weight {
  const [kh, kw, cin, cout] = kernel.shape;
  const out = new Float32Array(kernel.values.length);
  for (let y = 0; y < kh; y++)
    for (let x = 0; x < kw; x++)
      for (let i = 0; i < cin; i++)
        for (let o = 0; o < cout; o++) out[((o * cin + i) * kh + y) * kw + x] = kernel.values[((y * kw + x) * cin + i) * cout + o];
  return { shape: [cout, cin, kh, kw], values: out };
}

/** What an export records about its run (ONNX metadata_props, safetensors __metadata__): strings only. */
export function exportMetadata(net: ExportedNetwork): Record<string, string> {
  return {
    producer: 'Pretext',
    run_id: net.runId,
    method: net.method,
    step: String(net.step),
    settings: JSON.stringify(net.config),
    input_scaling: net.scaling,
    class_names: JSON.stringify(net.classifier?.classNames ?? []),
  };
}
