import * as tf from '@tensorflow/tfjs';
import type { RgbaImage } from '../methods/visualization';

/** Luma weights of R, G and B (ITU-R 601, as torchvision's greyscale uses). */
export const LUMA = [0.299, 0.587, 0.114];

/** rgb · GREY is each pixel's luma in all three channels: row i holds LUMA[i] three times. */
const GREY = LUMA.flatMap((w) => [w, w, w]);

/**
 * [B, R, R, 3] → the same images in grey: each pixel's luma in all three channels, as one [P, 3] · [3, 3] product
 * (a luma sum then a concat of three copies along the channels took 7.6 ms of a colorization step on wasm, the concat
 * nearly all of it; the product takes 0.25).
 */
export function greyscale(x: tf.Tensor4D): tf.Tensor4D {
  return tf.reshape(tf.matMul(tf.reshape(x, [-1, 3]), tf.tensor2d(GREY, [3, 3])), x.shape);
}

/** Per-channel centring of [0,1] RGB for the encoder input: roughly zero mean, unit scale. */
export function normalizeRgb(x: tf.Tensor4D): tf.Tensor4D {
  return tf.mul(tf.sub(x, 0.5), 4);
}

/** Read [n, h, w, 1|3] values in [0, 1] back as RGBA images (async: no sync read-back). */
export async function toRgbaImages(t: tf.Tensor4D): Promise<RgbaImage[]> {
  const [n, h, w, c] = t.shape;
  const values = await t.data();
  const out: RgbaImage[] = [];
  for (let b = 0; b < n; b++) {
    const data = new Uint8ClampedArray(h * w * 4);
    for (let p = 0; p < h * w; p++) {
      const base = (b * h * w + p) * c;
      for (let ch = 0; ch < 3; ch++) data[p * 4 + ch] = Math.round(values[base + (c === 1 ? 0 : ch)] * 255);
      data[p * 4 + 3] = 255;
    }
    out.push({ width: w, height: h, data });
  }
  return out;
}

/** Rescale each filter of a [k, k, cin, cout] kernel to [0, 1] and read it back as cout RGBA images. */
export async function filterImages(kernel: tf.Tensor4D): Promise<RgbaImage[]> {
  const scaled = tf.tidy(() => {
    const [k, , cin, cout] = kernel.shape;
    const perFilter = tf.transpose(kernel, [3, 0, 1, 2]).reshape([cout, k, k, cin]) as tf.Tensor4D;
    const lo = tf.min(perFilter, [1, 2, 3], true);
    const hi = tf.max(perFilter, [1, 2, 3], true);
    return tf.div(tf.sub(perFilter, lo), tf.maximum(tf.sub(hi, lo), 1e-8)) as tf.Tensor4D;
  });
  const images = await toRgbaImages(scaled);
  scaled.dispose();
  return images;
}
