import { formatBytes, type MemoryBudget } from '../train/memory';
import type { TextSettings } from './textLimits';

/**
 * Floats alive at a text step's peak: per logit (B·T·V: the logits, softmax, one-hot targets, the loss's and the
 * gradients' copies), per token and block (activations kept for the gradient: residual, norms, q/k/v, MLP), per
 * attention weight (B·heads·T² per block: scores, mask, softmax, gradients), per trainable weight (gradient, Adam's
 * moments and their updates). Fitted to tf.profile peaks of real next-word steps with Adam (tfjs CPU backend, V 60–200,
 * T 8–16, B 4–6, d 8–16, 1–2 blocks): the estimate came out 1.06–1.17× the measured peak (textMemory.test.ts).
 */
const PER = { logit: 20, tokenBlock: 40, attention: 8, weight: 18 };
const F32 = 4;
const HEADS = 2;

/** The estimated peak bytes and largest tensor of one text step at `s` with an encoder of width `d` and `depth` blocks. */
export function textStepMemory(s: TextSettings, width: number, depth: number): { bytes: number; largest: number } {
  const tokens = s.batchSize * s.seqLen;
  const logits = tokens * s.vocabSize;
  const attention = s.batchSize * HEADS * s.seqLen * s.seqLen;
  const weights = (s.vocabSize + s.seqLen) * width + depth * 8 * width * width;
  const floats = PER.logit * logits + depth * (PER.tokenBlock * tokens * width + PER.attention * attention) + PER.weight * weights;
  return { bytes: F32 * floats, largest: F32 * Math.max(logits, attention, tokens * 2 * width) };
}

/**
 * Why a text step at `s` cannot fit `budget` with `inUse` bytes already allocated, naming what to lower; null when it
 * fits. The batch size is never lowered for the user: the message says the largest that fits.
 */
export function textMemoryRefusal(s: TextSettings, width: number, depth: number, budget: MemoryBudget, inUse: number): string | null {
  const fits = (batchSize: number) => {
    const m = textStepMemory({ ...s, batchSize }, width, depth);
    return inUse + m.bytes <= budget.bytes && m.largest <= budget.largest;
  };
  if (fits(s.batchSize)) return null;
  let lo = 0;
  for (let hi = s.batchSize; hi - lo > 1;) {
    const mid = Math.floor((lo + hi) / 2);
    if (fits(mid)) lo = mid;
    else hi = mid;
  }
  const need = textStepMemory(s, width, depth);
  const room = `${budget.backend.toUpperCase()} holds ${formatBytes(budget.bytes)}, ${formatBytes(inUse)} of it in use`;
  const batch = lo > 0 ? `at most ${lo.toLocaleString('en-US')} fit` : 'even 1 does not fit';
  return (
    `A text step at batch ${s.batchSize}, ${s.seqLen} words and a ${s.vocabSize.toLocaleString('en-US')}-word vocabulary needs about ` +
    `${formatBytes(need.bytes)} (largest tensor ${formatBytes(need.largest)}; ${room}). Lower the batch size (${batch}).`
  );
}

/** Bytes the training worker holds per character of text: the string (UTF-16) and about one word id (int32) per 4 characters. */
const BYTES_PER_CHAR = 3;
/** The most a text dataset may take in the training worker: beside the model, in one tab's memory. */
export const MAX_TEXT_MEMORY = 1e9;

/** Why a text dataset of `chars` characters is too large for the training worker, or null. */
export function textDataRefusal(chars: number): string | null {
  const bytes = BYTES_PER_CHAR * chars;
  if (bytes <= MAX_TEXT_MEMORY) return null;
  return (
    `This text dataset (${chars.toLocaleString('en-US')} characters) would take about ${formatBytes(bytes)} in the training worker, ` +
    `more than the ${formatBytes(MAX_TEXT_MEMORY)} it may hold: use fewer or shorter texts.`
  );
}
