/**
 * What a method's training step holds in memory beyond the batch itself: its `stepLoad(cfg)` (in `<id>/index.ts`) says
 * it, and train/memory.ts turns it into bytes. The counts of live tensors were fitted to tf.profile peaks of real steps
 * (see train/memory.ts); plain numbers, no TensorFlow.js.
 */

/** Images through the encoder in one step: how many, their side, their channels, and the copies of them alive at the peak. */
export interface Pass {
  images: number;
  side: number;
  channels: number;
  copies: number;
}

/** Tensors of a method's own head and loss: floats each, and how many of that size are alive at the peak. */
export interface Extra {
  floats: number;
  copies: number;
}

/** What a method's step puts through the encoder (beyond the batch itself), and the tensors of its own head and loss. */
export interface StepLoad {
  encoded: Pass[];
  extra: Extra[];
}

/** Copies of every input float alive at the peak: the images normalised, augmented, and their gradients. */
export const PER_INPUT = 6;
/** Copies of a contrastive score table at the peak (scores, softmax, their gradients): CPC's InfoNCE, SimCLR's NT-Xent. */
export const PER_SCORE = 5;

/** `images` RGB images of side `side` through the encoder. */
export const rgb = (images: number, side: number, copies = PER_INPUT): Pass => ({ images, side, channels: 3, copies });
