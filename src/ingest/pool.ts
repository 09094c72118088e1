// A fixed pool of decode workers and decodeAll, the loop that feeds it batches (a few dozen files, or a packed
// blob of the sample pool: see ./batches.ts). Each worker holds three batches: it reads while it decodes what it
// read before (reading files is half the time, and mostly waiting), and a batch's files a few MB at a time.
// decodeAll queues no more than that, so a 50,000-file drop never holds more than a few reads' bytes.
import { throttle } from './batches';

/** The items of one batch, which the worker reads: files, or one blob of files' bytes end to end. */
export type DecodeSource = { files: Blob[] } | { packed: Blob; lengths: number[] };

/** Main thread → worker: decode every item of `source` to a square RGB image of side `resolution`. */
export interface DecodeRequest {
  id: number;
  source: DecodeSource;
  resolution: number;
}

/**
 * Worker → main thread, for request `id`: uint8 RGB [items, resolution, resolution, 3] (its buffer
 * transferred; a rejected item's slot is left zero) and, per item, null or why it was rejected.
 */
export interface DecodeResult {
  id: number;
  pixels: Uint8Array;
  reasons: (string | null)[];
}

/** A worker that died on a batch (out of memory on one file): the caller retries its items in smaller batches. */
export type DecodeOutcome = DecodeResult | { crashed: true };

export const MAX_POOL_SIZE = 4;
/** Batches a worker holds at once: read while the ones before decode (three of 32 files: as many files as two of 64 were). */
export const BATCHES_PER_WORKER = 3;

export function defaultPoolSize(): number {
  return Math.max(1, Math.min(MAX_POOL_SIZE, globalThis.navigator?.hardwareConcurrency || 2));
}

interface Task {
  source: DecodeSource;
  resolution: number;
  resolve: (o: DecodeOutcome) => void;
  reject: (e: unknown) => void;
}

/** A worker and the batches it holds, by request id. */
interface Slot {
  worker: Worker;
  tasks: Map<number, Task>;
}

export class DecodePool {
  private readonly slots: Slot[] = [];
  private readonly queue: Task[] = [];
  private nextId = 0;
  private closed: { reason: unknown } | null = null;
  private pumping = false; // a pump is scheduled

  constructor(readonly size = defaultPoolSize()) {
    for (let i = 0; i < size; i++) this.slots.push(this.spawn());
  }

  /** Decodes one batch. */
  decode(source: DecodeSource, resolution: number): Promise<DecodeOutcome> {
    if (this.closed) return Promise.reject(this.closed.reason);
    return new Promise((resolve, reject) => {
      this.queue.push({ source, resolution, resolve, reject });
      this.schedulePump();
    });
  }

  /** Stops every worker; pending and queued decodes reject with `reason`. Idempotent. */
  terminate(reason: unknown = new DOMException('Decode pool terminated', 'AbortError')): void {
    if (this.closed) return;
    this.closed = { reason };
    for (const slot of this.slots) {
      slot.worker.terminate();
      for (const t of slot.tasks.values()) t.reject(reason);
      slot.tasks.clear();
    }
    for (const t of this.queue) t.reject(reason);
    this.queue.length = 0;
  }

  private spawn(): Slot {
    const slot: Slot = {
      worker: new Worker(new URL('./decode.worker.ts', import.meta.url), { type: 'module', name: 'pretext-decode' }),
      tasks: new Map(),
    };
    slot.worker.onmessage = (e: MessageEvent<DecodeResult>) => {
      const task = slot.tasks.get(e.data.id);
      if (!task || this.closed) return;
      slot.tasks.delete(e.data.id);
      task.resolve(e.data);
      this.schedulePump();
    };
    // A worker that dies fails the batches it held only, and is replaced.
    slot.worker.onerror = (e) => {
      e.preventDefault();
      if (this.closed) return;
      slot.worker.terminate();
      const lost = [...slot.tasks.values()];
      this.slots[this.slots.indexOf(slot)] = this.spawn();
      for (const t of lost) t.resolve({ crashed: true });
      this.schedulePump();
    };
    return slot;
  }

  /**
   * Sends the next queued batch to the least busy worker in a task of its own, one batch a task: posting a File stats
   * it on this thread (a synchronous call, ~0.3 ms a file for a picked folder's files), so a burst of messages, or
   * one sent from the caller's task (a file pick's change event), would be one long task.
   */
  private schedulePump(): void {
    if (this.pumping) return;
    this.pumping = true;
    setTimeout(() => {
      this.pumping = false;
      if (this.queue.length === 0) return;
      const slot = this.slots.reduce((a, b) => (b.tasks.size < a.tasks.size ? b : a));
      if (slot.tasks.size >= BATCHES_PER_WORKER) return;
      const task = this.queue.shift()!;
      const id = this.nextId++;
      slot.tasks.set(id, task);
      const { source, resolution } = task;
      slot.worker.postMessage({ id, source, resolution } satisfies DecodeRequest);
      this.schedulePump();
    });
  }
}

export interface IngestProgress {
  done: number;
  total: number;
  rejected: number;
}

export interface DecodeAllOptions {
  resolution: number;
  signal?: AbortSignal;
  /** At most ~10 calls a second, and once at the end. */
  onProgress?: (p: IngestProgress) => void;
}

/** uint8 RGB [count, r, r, 3]: slot i holds item i unless reasons[i] says why it was rejected. */
export interface DecodedSlots {
  pixels: Uint8Array;
  reasons: (string | null)[];
}

export const CRASHED = 'decoder crashed';
/** Most progress callbacks a second. */
const PROGRESS_PER_SECOND = 10;

/**
 * Decodes items [0, count) in a fresh DecodePool, one message per batch; `sourceOf(start, end)` makes a
 * batch's source when its turn comes (again for each half when a worker crashes on it). Aborting `signal`
 * stops the workers and rejects with signal.reason.
 */
export async function decodeAll(
  count: number,
  batches: [number, number][],
  sourceOf: (start: number, end: number) => DecodeSource,
  options: DecodeAllOptions,
): Promise<DecodedSlots> {
  const { resolution, signal, onProgress } = options;
  signal?.throwIfAborted();
  const imageBytes = resolution * resolution * 3;
  const pixels = new Uint8Array(count * imageBytes);
  const reasons: (string | null)[] = new Array(count).fill(null);
  const pool = new DecodePool();
  const stop = () => pool.terminate(signal?.reason);
  signal?.addEventListener('abort', stop, { once: true });
  const progress = throttle((p: IngestProgress) => onProgress?.(p), 1000 / PROGRESS_PER_SECOND);
  const state: IngestProgress = { done: 0, total: count, rejected: 0 };

  const run = async (start: number, end: number): Promise<void> => {
    const outcome = await pool.decode(sourceOf(start, end), resolution);
    if ('crashed' in outcome) {
      if (end - start > 1) {
        const mid = (start + end) >>> 1; // halve until the file that kills a worker is alone
        await Promise.all([run(start, mid), run(mid, end)]);
        return;
      }
      reasons[start] = CRASHED;
      state.rejected++;
    } else {
      pixels.set(outcome.pixels, start * imageBytes);
      outcome.reasons.forEach((reason, k) => {
        if (reason === null) return;
        reasons[start + k] = reason;
        state.rejected++;
      });
    }
    state.done += end - start;
    progress({ ...state });
  };
  let next = 0;
  const lane = async () => {
    while (next < batches.length) {
      const [start, end] = batches[next++];
      await run(start, end);
    }
  };
  try {
    await Promise.all(Array.from({ length: pool.size * BATCHES_PER_WORKER }, lane));
  } finally {
    signal?.removeEventListener('abort', stop);
    pool.terminate();
  }
  onProgress?.({ ...state });
  return { pixels, reasons };
}
