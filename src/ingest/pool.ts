// A fixed pool of decode workers, one file in flight per worker. Callers bound how many files they
// queue (ingest keeps 2 per worker), so a 10,000-file drop never holds more than a few files' bytes.

/** Main thread → worker: decode this file to a square RGB image of side `resolution`. */
export interface DecodeRequest {
  file: Blob;
  resolution: number;
}

/** Worker → main thread: the RGB bytes (its buffer transferred), or why the file was rejected. */
export type DecodeOutcome = { pixels: Uint8Array } | { reason: string };

export const MAX_POOL_SIZE = 4;

export function defaultPoolSize(): number {
  return Math.max(1, Math.min(MAX_POOL_SIZE, globalThis.navigator?.hardwareConcurrency || 2));
}

interface Task extends DecodeRequest {
  resolve: (o: DecodeOutcome) => void;
  reject: (e: unknown) => void;
}

export class DecodePool {
  private readonly idle: Worker[] = [];
  private readonly queue: Task[] = [];
  private readonly running = new Map<Worker, Task>();
  private closed: { reason: unknown } | null = null;

  constructor(readonly size = defaultPoolSize()) {
    for (let i = 0; i < size; i++) this.idle.push(this.spawn());
  }

  decode(file: Blob, resolution: number): Promise<DecodeOutcome> {
    if (this.closed) return Promise.reject(this.closed.reason);
    return new Promise((resolve, reject) => {
      this.queue.push({ file, resolution, resolve, reject });
      this.pump();
    });
  }

  /** Stops every worker; pending and queued decodes reject with `reason`. Idempotent. */
  terminate(reason: unknown = new DOMException('Decode pool terminated', 'AbortError')): void {
    if (this.closed) return;
    this.closed = { reason };
    for (const w of [...this.idle, ...this.running.keys()]) w.terminate();
    for (const t of [...this.running.values(), ...this.queue]) t.reject(reason);
    this.idle.length = 0;
    this.queue.length = 0;
    this.running.clear();
  }

  private spawn(): Worker {
    const w = new Worker(new URL('./decode.worker.ts', import.meta.url), { type: 'module', name: 'pretext-decode' });
    w.onmessage = (e: MessageEvent<DecodeOutcome>) => this.finish(w, e.data, false);
    // A worker that dies (out of memory on one file) fails that file only and is replaced.
    w.onerror = (e) => {
      e.preventDefault();
      this.finish(w, { reason: 'decoder crashed' }, true);
    };
    return w;
  }

  private finish(w: Worker, outcome: DecodeOutcome, replace: boolean): void {
    const task = this.running.get(w);
    if (!task || this.closed) return;
    this.running.delete(w);
    if (replace) w.terminate();
    this.idle.push(replace ? this.spawn() : w);
    task.resolve(outcome);
    this.pump();
  }

  private pump(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const w = this.idle.pop()!;
      const task = this.queue.shift()!;
      this.running.set(w, task);
      w.postMessage({ file: task.file, resolution: task.resolution } satisfies DecodeRequest);
    }
  }
}
