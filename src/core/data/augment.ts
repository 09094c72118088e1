import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../rng';
import { LUMA } from './images';

// Random views of a batch for contrastive learning and augmentation (SimCLR, Chen et al. 2020, at CIFAR strength).
// The random draws happen on the CPU from the run's seeded Rng; the pixels never leave the device.

export interface CropOptions {
  minScale: number; // smallest crop area as a fraction of the image (SimCLR: 0.08; small images: ~0.2–0.35)
  maxScale?: number; // largest crop area, default 1
  flip: boolean; // mirror half the crops left–right
  size?: number; // side of the output in px, default the input's
}

/**
 * Random resized crops [B, R, R, C] → [B, S, S, C]: each image cropped to a random box of area ∈ [minScale, maxScale]
 * and aspect ∈ [3/4, 4/3], resized to S (default R) bilinearly, mirrored half the time (a box with x1 > x2 reads right
 * to left).
 */
export function randomResizedCrop(x: tf.Tensor4D, { minScale, maxScale = 1, flip, size }: CropOptions, rng: Rng): tf.Tensor4D {
  const [b, h, w] = x.shape;
  const boxes = new Float32Array(b * 4);
  for (let i = 0; i < b; i++) {
    const area = minScale + (maxScale - minScale) * rng.next();
    const aspect = Math.exp(Math.log(3 / 4) + Math.log(16 / 9) * rng.next());
    const bw = Math.min(1, Math.sqrt(area * aspect));
    const bh = Math.min(1, Math.sqrt(area / aspect));
    const x0 = (1 - bw) * rng.next();
    const y0 = (1 - bh) * rng.next();
    const mirror = flip && rng.next() < 0.5;
    boxes.set([y0, mirror ? x0 + bw : x0, y0 + bh, mirror ? x0 : x0 + bw], i * 4);
  }
  const boxIndex = tf.tensor1d(
    Int32Array.from({ length: b }, (_, i) => i),
    'int32',
  );
  return tf.image.cropAndResize(x, tf.tensor2d(boxes, [b, 4]), boxIndex, [size ?? h, size ?? w]);
}

/** The light augmentation a pretext task can take: a crop of at least `minCrop` of the area, mirrored half the time (1: none). */
export function cropAndFlip(x: tf.Tensor4D, minCrop: number, rng: Rng): tf.Tensor4D {
  return minCrop < 1 ? randomResizedCrop(x, { minScale: minCrop, flip: true }, rng) : x;
}

export interface ColorOptions {
  strength: number; // s of SimCLR's colour distortion: brightness, contrast, saturation ±0.8·s, hue ±0.2·s
  jitterChance: number; // probability an image's colours are distorted at all (SimCLR: 0.8)
  grayChance: number; // probability an image is turned to greyscale afterwards (SimCLR: 0.2)
}

/** A 3×3 colour matrix, row-major, applied as rgb' = rgb · M. */
type Mat3 = number[];

const mul3 = (a: Mat3, b: Mat3): Mat3 =>
  Array.from(
    { length: 9 },
    (_, k) =>
      a[Math.floor(k / 3) * 3] * b[k % 3] + a[Math.floor(k / 3) * 3 + 1] * b[3 + (k % 3)] + a[Math.floor(k / 3) * 3 + 2] * b[6 + (k % 3)],
  );
const identity: Mat3 = [1, 0, 0, 0, 1, 0, 0, 0, 1];
/** Blend with the luma grey: s = 1 keeps the colours, 0 is greyscale. */
const saturation = (s: number): Mat3 => Array.from({ length: 9 }, (_, k) => (1 - s) * LUMA[Math.floor(k / 3)] + (k % 4 === 0 ? s : 0));
/** A turn of the chroma plane about the grey axis by `angle` radians: a hue shift that keeps the channel mean. */
function hue(angle: number): Mat3 {
  const [c, s, t] = [Math.cos(angle), Math.sin(angle), 1 / 3];
  const r = Math.sqrt(t);
  // Rodrigues' rotation about the unit grey axis (1, 1, 1)/√3, transposed for row vectors.
  const m = [
    c + (1 - c) * t,
    (1 - c) * t - r * s,
    (1 - c) * t + r * s,
    (1 - c) * t + r * s,
    c + (1 - c) * t,
    (1 - c) * t - r * s,
    (1 - c) * t - r * s,
    (1 - c) * t + r * s,
    c + (1 - c) * t,
  ];
  return [m[0], m[3], m[6], m[1], m[4], m[7], m[2], m[5], m[8]];
}

/**
 * SimCLR's colour distortion as one affine colour map per image: rgb' = c·(rgb·M) + (1 − c)·mean_grey(rgb·M),
 * M = brightness · hue · saturation (· greyscale), c the contrast, clipped to [0, 1]. One batched 3×3 product and a
 * few broadcasts, whatever the order of effects would have been (they are all linear in the colours).
 */
export function colorDistort(x: tf.Tensor4D, { strength, jitterChance, grayChance }: ColorOptions, rng: Rng): tf.Tensor4D {
  const [b, h, w] = x.shape;
  const matrices = new Float32Array(b * 9);
  const contrast = new Float32Array(b);
  const around = (amount: number) => 1 + amount * (2 * rng.next() - 1);
  for (let i = 0; i < b; i++) {
    let m = identity;
    let c = 1;
    if (rng.next() < jitterChance) {
      const bright = around(0.8 * strength);
      m = mul3(
        mul3(saturation(around(0.8 * strength)), hue(2 * Math.PI * 0.2 * strength * (2 * rng.next() - 1))),
        identity.map((v) => v * bright),
      );
      c = around(0.8 * strength);
    }
    if (rng.next() < grayChance) m = mul3(m, saturation(0));
    matrices.set(m, i * 9);
    contrast[i] = c;
  }
  const pixels = tf.reshape(x, [b, h * w, 3]);
  const mapped = tf.matMul(pixels, tf.tensor3d(matrices, [b, 3, 3]));
  const grey = tf.sum(tf.mul(tf.mean(mapped, 1, true), tf.tensor3d(LUMA, [1, 1, 3])), 2, true); // [b, 1, 1]
  const c = tf.tensor3d(contrast, [b, 1, 1]);
  const out = tf.add(tf.mul(mapped, c), tf.mul(grey, tf.sub(1, c)));
  return tf.reshape(tf.clipByValue(out, 0, 1), [b, h, w, 3]);
}
