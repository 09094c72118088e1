import * as tf from '@tensorflow/tfjs';
import { Rng } from '../rng';
import { applyConv, applyGroupNorm, conv, groupNorm, ParamStore, type Conv, type GroupNorm } from './layers';
import { globalAverage } from './reduce';
import { featureDim, probeDim } from './shapes';

export interface EncoderConfig {
  inChannels: number; // 3 for RGB, 1 for colorization's L channel
  width: number; // channels of the first stage, doubled each stage
  depth: number; // stages; a 2×2 max-pool sits between stages
}

export interface EncoderOutput {
  map: tf.Tensor4D; // [B, H / 2^(depth-1), W / 2^(depth-1), featureDim]
  pooled: tf.Tensor2D; // [B, featureDim], global average of the map
  stages: tf.Tensor4D[]; // every stage's output, the last is `map`
}

/** A small conv net: depth × (conv3×3 → group norm → ReLU), max-pool 2 between stages. */
export class Encoder {
  readonly store: ParamStore;
  readonly featureDim: number;
  private readonly stages: { conv: Conv; norm: GroupNorm }[] = [];

  constructor(
    readonly cfg: EncoderConfig,
    rng: Rng,
  ) {
    this.store = new ParamStore('encoder', rng);
    let cin = cfg.inChannels;
    for (let s = 0; s < cfg.depth; s++) {
      const cout = cfg.width * 2 ** s;
      this.stages.push({ conv: conv(this.store, `conv${s}`, 3, cin, cout), norm: groupNorm(this.store, `norm${s}`, cout) });
      cin = cout;
    }
    this.featureDim = featureDim(cfg);
  }

  apply(x: tf.Tensor4D): EncoderOutput {
    let h = x;
    const stages: tf.Tensor4D[] = [];
    this.stages.forEach((stage, s) => {
      if (s > 0 && h.shape[1] >= 2 && h.shape[2] >= 2) h = tf.maxPool(h, 2, 2, 'valid');
      h = tf.relu(applyGroupNorm(stage.norm, applyConv(stage.conv, h)));
      stages.push(h);
    });
    return { map: h, pooled: globalAverage(h), stages };
  }

  /** Frozen features for the probes, [B, probeDim]: every stage's global average, joined (the last stage alone is the most pretext-specific). */
  features(x: tf.Tensor4D): tf.Tensor2D {
    return tf.concat(this.apply(x).stages.map(globalAverage), 1);
  }

  /** Width of `features`: the channels of every stage. */
  get probeDim(): number {
    return probeDim(this.cfg);
  }

  /** First-layer kernels, [3, 3, inChannels, width]: what every method's filter view draws. */
  get firstLayer(): tf.Variable {
    return this.stages[0].conv.kernel;
  }

  get variables(): tf.Variable[] {
    return this.store.list();
  }

  dispose(): void {
    this.store.dispose();
  }
}
