import * as tf from '@tensorflow/tfjs';
import { normalizeRgb, toRgbaImages } from '../../data/images';
import { blockMask } from '../../data/transforms';
import { Encoder } from '../../models/encoder';
import { ConvDecoder } from '../../models/heads';
import { Rng } from '../../rng';
import { rgb } from '../stepLoad';
import type { Method, MethodModel, MethodSetup } from '../types';
import type { ReconstructionView } from '../visualization';
import { info, params } from './info';

const VIEW_IMAGES = 6;
const MASK_BLOCK = 4; // px side of the squares the masked variant hides
/** Copies of the upsampled code alive at a step's peak: resized, convolved, and its gradient. */
const PER_CODE = 3;

export const autoencoder: Method = {
  ...info,
  create(setup: MethodSetup): MethodModel {
    const { cfg, rng } = setup;
    const { maskRatio, noise, bottleneck } = params.read(cfg);
    const encCfg = { inChannels: 3, width: cfg.width, depth: cfg.depth };
    const encoder = new Encoder(encCfg, rng);
    const decoder = new ConvDecoder(encCfg, cfg.resolution, bottleneck, rng);
    const viewSeed = rng.seed();

    /** The corrupted input in [0, 1]-space (grey = 0 after normalizeRgb) for the masked / denoising variants. */
    const corrupt = (x: tf.Tensor4D, r: Rng): tf.Tensor4D => {
      let out = x;
      if (maskRatio > 0) {
        const mask = blockMask(x.shape[0], x.shape[1], MASK_BLOCK, maskRatio, r);
        out = tf.add(tf.mul(out, tf.sub(1, mask)), tf.mul(mask, 0.5));
      }
      if (noise > 0) out = tf.add(out, tf.randomNormal(x.shape, 0, noise, 'float32', r.seed()));
      return out;
    };
    const reconstruct = (input: tf.Tensor4D) => decoder.apply(encoder.apply(normalizeRgb(input)).map);

    return {
      encoder,
      variables: [...encoder.variables, ...decoder.variables],
      step(batch, r) {
        const mse = tf.losses.meanSquaredError(batch.images, reconstruct(corrupt(batch.images, r))) as tf.Scalar;
        // PSNR of [0, 1] images: 10·log10(1 / mse)
        const psnr = tf.mul(tf.log(tf.maximum(mse, 1e-10)), -10 / Math.LN10) as tf.Scalar;
        return { loss: mse, metrics: { psnr } };
      },
      input: normalizeRgb,
      features: (images) => encoder.features(normalizeRgb(images)),
      async visualize(batch): Promise<ReconstructionView> {
        const n = Math.min(VIEW_IMAGES, batch.images.shape[0]);
        const views = tf.tidy(() => {
          const original = tf.slice(batch.images, 0, n);
          const input = corrupt(original, new Rng(viewSeed));
          return [tf.clipByValue(input, 0, 1), reconstruct(input), original] as tf.Tensor4D[];
        });
        const [input, output, original] = await Promise.all(views.map((v) => toRgbaImages(v)));
        tf.dispose(views);
        return { kind: 'reconstruction', items: original.map((o, i) => ({ input: input[i], output: output[i], original: o })) };
      },
      dispose() {
        encoder.dispose();
        decoder.dispose();
      },
    };
  },
  stepLoad(c) {
    // the decoder's last upsampling: the code (depth 2) or the stage above (2·width channels), at full size
    const code = c.batchSize * c.resolution * c.resolution * Math.max(params.read(c).bottleneck, c.depth > 2 ? 2 * c.width : 0);
    const encoded = [rgb(c.batchSize, c.resolution), rgb(c.batchSize, c.resolution)]; // the decoder mirrors the encoder
    return { encoded, extra: [{ floats: code, copies: PER_CODE }] };
  },
};
