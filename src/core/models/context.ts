import * as tf from '@tensorflow/tfjs';
import { applyConv, applyLayerNorm, conv, type Conv, type ParamStore } from './layers';

interface ContextLayer {
  norm: { gamma: tf.Variable; beta: tf.Variable };
  conv: Conv;
}

/** Side of each masked convolution: it sees KERNEL − 1 rows above the current one. */
const KERNEL = 3;

/**
 * CPC's masked context network over a grid of patch codes z [B, G, G, D] → c [B, G, G, D], where
 * c[i, j] depends only on rows ≤ i of z. Each layer is a pre-activation residual block
 * h ← h + conv(relu(layerNorm(h))). Why it is masked: layer norm, ReLU and the residual add act on
 * one grid cell at a time, and the 3×3 convolution gets 2 zero rows padded on top and none below,
 * so output row i reads input rows i−2..i only. Composing such maps never reaches below i.
 * (Group norm would leak: its statistics pool over the whole grid.)
 */
export class MaskedContext {
  private readonly layers: ContextLayer[] = [];

  constructor(
    store: ParamStore,
    readonly dim: number,
    depth = 2,
  ) {
    for (let l = 0; l < depth; l++) {
      this.layers.push({
        norm: { gamma: store.constant(`context${l}/ln/gamma`, [dim], 1), beta: store.constant(`context${l}/ln/beta`, [dim], 0) },
        conv: conv(store, `context${l}/conv`, KERNEL, dim, dim),
      });
    }
  }

  apply(z: tf.Tensor4D): tf.Tensor4D {
    const [b, g, w, d] = z.shape;
    let h = z;
    for (const layer of this.layers) {
      const normed = tf.relu(applyLayerNorm(layer.norm, tf.reshape(h, [-1, d]) as tf.Tensor2D)).reshape([b, g, w, d]) as tf.Tensor4D;
      const side = (KERNEL - 1) / 2;
      const padded = tf.pad(normed, [
        [0, 0],
        [KERNEL - 1, 0],
        [side, side],
        [0, 0],
      ]);
      h = tf.add(h, applyConv(layer.conv, padded, 1, 'valid'));
    }
    return h;
  }
}
