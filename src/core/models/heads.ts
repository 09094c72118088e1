import * as tf from '@tensorflow/tfjs';
import { Rng } from '../rng';
import { applyConv, applyDense, applyGroupNorm, conv, dense, groupNorm, ParamStore, type Conv, type Dense, type GroupNorm } from './layers';
import type { EncoderConfig } from './encoder';
import { encoderSizes, featureDim } from './shapes';

/** dense → ReLU → … → dense. dims = [in, hidden…, out]; [in, out] is a linear head. */
export class MlpHead {
  readonly store: ParamStore;
  private readonly layers: Dense[] = [];

  constructor(name: string, dims: number[], rng: Rng) {
    this.store = new ParamStore(name, rng);
    for (let i = 0; i + 1 < dims.length; i++) this.layers.push(dense(this.store, `dense${i}`, dims[i], dims[i + 1]));
  }

  apply(x: tf.Tensor2D): tf.Tensor2D {
    return this.layers.reduce((h, layer, i) => (i > 0 ? applyDense(layer, tf.relu(h)) : applyDense(layer, h)), x);
  }

  get variables(): tf.Variable[] {
    return this.store.list();
  }

  dispose(): void {
    this.store.dispose();
  }
}

/**
 * Mirror of the encoder for the autoencoder: 1×1 conv to `bottleneck` channels (the information limit),
 * then per stage nearest-neighbour upsampling + conv3×3 + group norm + ReLU, then conv3×3 → 3 → sigmoid.
 * Maps [B, h, w, featureDim] back to [B, R, R, 3] in [0, 1].
 */
export class ConvDecoder {
  readonly store: ParamStore;
  private readonly squeeze: Conv;
  private readonly stages: { conv: Conv; norm: GroupNorm; size: number }[] = [];
  private readonly out: Conv;

  constructor(enc: EncoderConfig, resolution: number, bottleneck: number, rng: Rng) {
    this.store = new ParamStore('decoder', rng);
    this.squeeze = conv(this.store, 'squeeze', 1, featureDim(enc), bottleneck);
    const sizes = encoderSizes(resolution, enc.depth);
    let cin = bottleneck;
    for (let s = enc.depth - 2; s >= 0; s--) {
      const cout = enc.width * 2 ** s;
      this.stages.push({ conv: conv(this.store, `up${s}`, 3, cin, cout), norm: groupNorm(this.store, `norm${s}`, cout), size: sizes[s] });
      cin = cout;
    }
    this.out = conv(this.store, 'out', 3, cin, 3);
  }

  apply(map: tf.Tensor4D): tf.Tensor4D {
    let h = applyConv(this.squeeze, map, 1, 'same', 'relu');
    for (const stage of this.stages) {
      h = tf.image.resizeNearestNeighbor(h, [stage.size, stage.size]);
      h = tf.relu(applyGroupNorm(stage.norm, applyConv(stage.conv, h)));
    }
    return tf.sigmoid(applyConv(this.out, h));
  }

  get variables(): tf.Variable[] {
    return this.store.list();
  }

  dispose(): void {
    this.store.dispose();
  }
}
