import * as tf from '@tensorflow/tfjs';

/** Where a batch of images comes from: [idx.length, R, R, 3] float32 in [0, 1], owned by the caller. */
export interface ImageSource {
  gather(idx: Int32Array): tf.Tensor4D;
}

/**
 * Float32 bytes the whole dataset may take on the device (tfjs has no uint8 dtype: 4 bytes a value). 256 MiB holds
 * ~21,800 images at 32 px; a larger set stays a CPU-side uint8 buffer and each batch is uploaded as it is drawn.
 */
export const DEVICE_BUDGET_BYTES = 256 * 2 ** 20;

/**
 * The dataset's pixels as training reads them: on the device when they fit `budget` (batches are gathered there), or
 * else streamed: each batch converted from the uint8 buffer and uploaded, a few hundred KB a step, never the whole set.
 */
export class ImageStore implements ImageSource {
  private readonly resident: tf.Tensor4D | null;
  private readonly pixels: Uint8Array | null; // a private copy, kept only when streaming (the caller may transfer its own)
  private readonly size: number;

  constructor(
    pixels: Uint8Array,
    readonly count: number,
    readonly resolution: number,
    budget = DEVICE_BUDGET_BYTES,
  ) {
    this.size = resolution * resolution * 3;
    if (pixels.length !== count * this.size)
      throw new Error(`ImageStore: ${pixels.length} bytes are not ${count} images of ${resolution} px.`);
    const r = resolution;
    const fits = count * this.size * 4 <= budget;
    this.resident = fits ? tf.tidy(() => tf.div(tf.tensor4d(pixels, [count, r, r, 3], 'int32').toFloat(), 255) as tf.Tensor4D) : null;
    this.pixels = fits ? null : pixels.slice();
  }

  /** Whether the whole set lives on the device (false: batches stream from the CPU copy). */
  get onDevice(): boolean {
    return this.resident !== null;
  }

  gather(idx: Int32Array): tf.Tensor4D {
    const r = this.resolution;
    if (this.resident) return tf.tidy(() => tf.gather(this.resident!, tf.tensor1d(idx, 'int32')) as tf.Tensor4D);
    const pixels = this.pixels!;
    const out = new Float32Array(idx.length * this.size);
    for (let k = 0; k < idx.length; k++) {
      const i = idx[k];
      if (!(i >= 0 && i < this.count)) throw new Error(`ImageStore: image ${i} is out of range (0…${this.count - 1}).`);
      const from = i * this.size;
      const to = k * this.size;
      for (let p = 0; p < this.size; p++) out[to + p] = pixels[from + p] / 255;
    }
    return tf.tensor4d(out, [idx.length, r, r, 3]);
  }

  dispose(): void {
    this.resident?.dispose();
  }
}
