// Which items go together: files in one worker message (one message per batch, not per file: at ~1 ms
// a file, per-message and per-read costs were half the time), decoded frames alive at once in a worker.
// Pure, and free of worker code: the decode worker imports it too.

export interface BatchLimits {
  /** Most items in one batch. */
  maxItems: number;
  /** Most total weight (bytes, pixels) in one batch; a single heavier item gets a batch of its own. */
  maxTotal: number;
}

/**
 * Files per worker message: ~20 ms of decoding for small photos. Posting a File stats it on the main thread, a
 * synchronous call to the browser process: 64 files a message made 50–73 ms tasks on a busy 2-core machine.
 * By count: reading a file's size is that same stat.
 */
export const FILES_PER_MESSAGE = 32;

/** What a decode worker reads at once from a message's files: 8 MB at most (a larger file alone). */
export const FILE_READ: BatchLimits = { maxItems: Infinity, maxTotal: 8 * 1024 * 1024 };

/** [start, end) ranges of `size` items covering `count` in order. */
export function evenBatches(count: number, size: number): [number, number][] {
  return Array.from({ length: Math.ceil(count / size) }, (_, k) => [k * size, Math.min(count, (k + 1) * size)]);
}

/** Contiguous [start, end) ranges covering `weights` in order, each within `limits`. */
export function planBatches(weights: ArrayLike<number>, { maxItems, maxTotal }: BatchLimits): [number, number][] {
  const batches: [number, number][] = [];
  let start = 0;
  let total = 0;
  for (let i = 0; i < weights.length; i++) {
    if (i > start && (i - start >= maxItems || total + weights[i] > maxTotal)) {
      batches.push([start, i]);
      start = i;
      total = 0;
    }
    total += weights[i];
  }
  if (start < weights.length) batches.push([start, weights.length]);
  return batches;
}

/** Calls `fn` at most once per `intervalMs`; values arriving in between are dropped (the caller reports the last one). */
export function throttle<T>(fn: (value: T) => void, intervalMs: number, now: () => number = () => performance.now()): (value: T) => void {
  let last = -Infinity;
  return (value) => {
    const t = now();
    if (t - last < intervalMs) return;
    last = t;
    fn(value);
  };
}
