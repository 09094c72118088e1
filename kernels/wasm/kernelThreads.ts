import { getThreadsCount, type BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { isShared, kernelModule, simdKernels, wasmMemory, type SimdKernels } from './simdKernels';

// Our SIMD kernels on all of tfjs-wasm's threads. Its threaded build spreads only XNNPACK's kernels (the forward
// convolution, matmul) over its pthreads, so our gradient kernels ran on the calling thread alone: half of the
// reference step on one core. A helper worker for each further thread instantiates the same module over the same
// shared memory. A call is cut into shares of its images (or floats): the caller writes each helper's arguments into a small
// shared control block, runs the first share itself, and waits (Atomics) until the helpers' shares are done.

/** The kernels a helper runs, by index: each works unit by unit (images; Exp: floats), so a share is a range of units. */
const KERNELS = ['conv2d_backprop_filter', 'conv2d_backprop_input', 'max_pool_grad', 'avg_pool_grad', 'exp_f32'] as const;
export type ThreadedKernel = (typeof KERNELS)[number];
/** A helper's state: the first int of its slot. */
const STATE = { starting: 0, idle: 1, work: 2, done: 3, failed: 4 } as const;
/** Ints per helper in the control block: [state, kernel, argument count, arguments…]. */
const SLOT = 32;
/** How long the caller waits for a helper's share before it gives the helpers up. */
const ANSWER_MS = 30_000;
/** How long a backend's start waits for its helpers to come up (each needs ~10–100 ms). */
const START_MS = 10_000;
/** Multiply-adds (or floats touched) below which a call is not worth the handoff (~10–50 µs each way). */
const MIN_WORK = 1 << 18;

/** Units (images, or floats) [start, start + count) of a call, and the helper slot that runs them (null: the caller). */
export interface Share {
  start: number;
  count: number;
  slot: number | null;
}

interface HelperStart {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  control: SharedArrayBuffer;
  at: number;
  kernels: readonly string[];
  state: typeof STATE;
}

/** The helper worker's whole program. It runs from its source text, so it may use nothing from this module's scope. */
function helperMain(): void {
  const scope = self as unknown as { onmessage: ((e: MessageEvent<HelperStart>) => void) | null };
  scope.onmessage = ({ data }) => {
    scope.onmessage = null;
    const { at, state } = data;
    const c = new Int32Array(data.control);
    const finish = (next: number) => (Atomics.store(c, at, next), Atomics.notify(c, at));
    let run: ((...args: number[]) => unknown)[];
    try {
      const exports = new WebAssembly.Instance(data.module, { env: { memory: data.memory } }).exports;
      run = data.kernels.map((name) => exports[name] as (...args: number[]) => unknown);
    } catch {
      return void finish(state.failed);
    }
    finish(state.idle);
    for (;;) {
      // asleep while idle, and while done until the caller posts the next share (its notify wakes this)
      for (let now = Atomics.load(c, at); now !== state.work; now = Atomics.load(c, at)) Atomics.wait(c, at, now);
      try {
        run[c[at + 1]](...Array.from(c.subarray(at + 3, at + 3 + c[at + 2])));
      } catch {
        return void finish(state.failed); // the caller stops using this helper
      }
      finish(state.done);
    }
  };
}

let helperUrl: string | null = null;
const helperSource = () => (helperUrl ??= URL.createObjectURL(new Blob([`(${helperMain.toString()})()`], { type: 'text/javascript' })));

/** Whether this thread may block in Atomics.wait (a worker may; a page's main thread may not). */
function canBlock(): boolean {
  try {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 1, 0);
    return true;
  } catch {
    return false;
  }
}

class KernelThreads {
  private readonly control: Int32Array;
  private readonly workers: Worker[] = [];
  /** Shares the helpers have run. */
  helperShares = 0;
  /** Why the helpers were given up, once they were. */
  stopped: string | null = null;

  constructor(
    memory: WebAssembly.Memory,
    readonly helpers: number,
  ) {
    this.control = new Int32Array(new SharedArrayBuffer(4 * SLOT * helpers));
    for (let slot = 0; slot < helpers; slot++) {
      const worker = new Worker(helperSource(), { name: `pretext-kernels-${slot + 1}` });
      worker.onerror = () => this.stop('a kernel helper thread failed to start');
      const start: HelperStart = {
        module: kernelModule(memory),
        memory,
        control: this.control.buffer as SharedArrayBuffer,
        at: slot * SLOT,
        kernels: KERNELS,
        state: STATE,
      };
      worker.postMessage(start);
      this.workers.push(worker);
    }
  }

  /** Helpers still instantiating the module. */
  starting(): number {
    return this.workers.filter((_, s) => Atomics.load(this.control, s * SLOT) === STATE.starting).length;
  }

  /** The slots of the helpers started and waiting for work. */
  idle(): number[] {
    return this.workers.map((_, s) => s).filter((s) => Atomics.load(this.control, s * SLOT) === STATE.idle);
  }

  /** [0, batch) cut into near-equal shares: the caller's first, then one per idle helper (none when `work` is small). */
  plan(batch: number, work: number): Share[] {
    const slots = this.stopped || work < MIN_WORK ? [] : this.idle();
    const parts = Math.max(1, Math.min(batch, slots.length + 1));
    return Array.from({ length: parts }, (_, i) => {
      const start = Math.floor((i * batch) / parts);
      return { start, count: Math.floor(((i + 1) * batch) / parts) - start, slot: i === 0 ? null : slots[i - 1] };
    });
  }

  /** Runs `kernel` on every share (`args` gives a share's arguments) and returns once all are done. */
  run(local: SimdKernels, kernel: ThreadedKernel, shares: Share[], args: (share: Share, index: number) => number[]): void {
    const posted = shares.map((share, i) => ({ share, i })).filter(({ share }) => share.slot !== null);
    for (const { share, i } of posted) {
      const at = share.slot! * SLOT,
        values = args(share, i);
      if (values.length > SLOT - 3) throw new Error(`${kernel}: too many arguments for a helper`);
      this.control.set([KERNELS.indexOf(kernel), values.length, ...values], at + 1);
      Atomics.store(this.control, at, STATE.work);
      Atomics.notify(this.control, at);
    }
    try {
      runLocal(local, kernel, shares, args);
    } finally {
      for (const { share } of posted) this.await(share.slot!);
    }
  }

  /** Waits for the helper in `slot` to finish its share; throws (and gives the helpers up) when it failed or is silent. */
  private await(slot: number): void {
    const at = slot * SLOT,
      deadline = performance.now() + ANSWER_MS;
    while (Atomics.load(this.control, at) === STATE.work) {
      const left = deadline - performance.now();
      if (left <= 0 || Atomics.wait(this.control, at, STATE.work, left) === 'timed-out') {
        this.stop(`a kernel helper thread gave no answer within ${ANSWER_MS / 1000} s`);
        throw new Error(`WASM: ${this.stopped}; our kernels now run on one thread`);
      }
    }
    if (Atomics.load(this.control, at) !== STATE.done) {
      this.stop('a kernel failed on a helper thread');
      throw new Error(`WASM: ${this.stopped}`);
    }
    Atomics.store(this.control, at, STATE.idle);
    this.helperShares++;
  }

  private stop(why: string): void {
    this.stopped ??= why;
    for (const worker of this.workers) worker.terminate();
  }
}

/** The shares without a helper slot (the caller's), one after another on this thread. */
function runLocal(local: SimdKernels, kernel: ThreadedKernel, shares: Share[], args: (share: Share, index: number) => number[]): void {
  const fn = local[kernel] as (...a: number[]) => void;
  shares.forEach((share, i) => {
    if (share.slot === null) fn(...args(share, i));
  });
}

const pools = new WeakMap<WebAssembly.Memory, KernelThreads | null>();

/** The helpers for this backend's heap: one per tfjs-wasm thread past the first; null on one thread, or where workers cannot block or start. */
function kernelThreads(backend: BackendWasm): KernelThreads | null {
  const memory = wasmMemory(backend);
  if (!memory || !simdKernels(backend)) return null;
  if (!pools.has(memory)) {
    const helpers = getThreadsCount() - 1;
    const possible = helpers > 0 && isShared(memory) && typeof Worker === 'function' && canBlock();
    pools.set(memory, possible ? new KernelThreads(memory, helpers) : null);
  }
  return pools.get(memory) ?? null;
}

/**
 * Starts this backend's helpers and resolves once none is still starting (or START_MS passed). A worker starts its
 * nested workers only while its own event loop turns, so a worker that began training at once ran on one thread.
 */
export async function startKernelThreads(backend: BackendWasm): Promise<void> {
  const pool = kernelThreads(backend);
  const t0 = performance.now();
  while (pool && !pool.stopped && pool.starting() > 0 && performance.now() - t0 < START_MS) await new Promise((r) => setTimeout(r, 5));
}

/** Units [0, batch) cut into shares for the threads ready now: the caller's alone on one thread or for a small call. */
export function planShares(backend: BackendWasm, batch: number, work: number): Share[] {
  return kernelThreads(backend)?.plan(batch, work) ?? [{ start: 0, count: batch, slot: null }];
}

/** Runs `kernel` on each share of planShares': `args(share, index)` gives its arguments (pointers moved to its first unit). */
export function runShares(
  backend: BackendWasm,
  kernel: ThreadedKernel,
  shares: Share[],
  args: (share: Share, index: number) => number[],
): void {
  const local = simdKernels(backend);
  if (!local) throw new Error(`${kernel}: our SIMD kernels are not loaded`);
  const pool = kernelThreads(backend);
  if (pool && shares.some((s) => s.slot !== null)) pool.run(local, kernel, shares, args);
  else
    runLocal(
      local,
      kernel,
      shares.map((s) => ({ ...s, slot: null })),
      args,
    );
}

export interface KernelThreadStats {
  helpers: number;
  ready: number;
  helperShares: number;
  stopped: string | null;
}

/** How our kernels use the threads here (helpers started, shares they ran, why they stopped): for tests. */
export function kernelThreadStats(backend: BackendWasm): KernelThreadStats {
  const pool = kernelThreads(backend);
  return {
    helpers: pool?.helpers ?? 0,
    ready: pool?.idle().length ?? 0,
    helperShares: pool?.helperShares ?? 0,
    stopped: pool?.stopped ?? null,
  };
}
