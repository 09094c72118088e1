import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { KERNELS_SHARED_WASM, KERNELS_WASM } from './simd/kernelsWasm';

// Our SIMD128 kernels (simd/kernels.c), instantiated over tfjs-wasm's own WebAssembly.Memory: they read and
// write tensors where tfjs keeps them (zero copy). Every argument is an int: a heap byte offset or a size.

export interface SimdKernels {
  /** dw [kh, kw, ci, co] from x [b, h, w, ci] and dy [b, oh, ow, co]. */
  conv2d_backprop_filter(
    x: number,
    dy: number,
    dw: number,
    batch: number,
    h: number,
    w: number,
    ci: number,
    oh: number,
    ow: number,
    co: number,
    kh: number,
    kw: number,
    sh: number,
    sw: number,
    top: number,
    left: number,
  ): void;
  /** dx [b, h, w, ci] from dy [b, oh, ow, co] and w [kh, kw, ci, co]; wt: scratch of kh·kw·co·⌈ci/4⌉·4 floats. */
  conv2d_backprop_input(
    dy: number,
    w: number,
    wt: number,
    dx: number,
    batch: number,
    h: number,
    width: number,
    ci: number,
    oh: number,
    ow: number,
    co: number,
    kh: number,
    kw: number,
    sh: number,
    sw: number,
    top: number,
    left: number,
  ): void;
  /** dx [b, h, w, c] from x [b, h, w, c] and dy [b, oh, ow, c]. */
  max_pool_grad(
    x: number,
    dy: number,
    dx: number,
    batch: number,
    h: number,
    w: number,
    c: number,
    oh: number,
    ow: number,
    fh: number,
    fw: number,
    sh: number,
    sw: number,
    top: number,
    left: number,
  ): void;
  /** dx [b, h, w, c] from dy [b, oh, ow, c]: each window's gradient spread over its taps, / (fh·fw). */
  avg_pool_grad(
    dy: number,
    dx: number,
    batch: number,
    h: number,
    w: number,
    c: number,
    oh: number,
    ow: number,
    fh: number,
    fw: number,
    sh: number,
    sw: number,
    top: number,
    left: number,
  ): void;
  /** out [np, nq, nr] = big [np, nq, nr] ∘ small [np, 1, nr] (op 0 add, 1 sub, 2 multiply); smallFirst: small ∘ big. */
  binary_broadcast(big: number, small: number, out: number, np: number, nq: number, nr: number, op: number, smallFirst: number): void;
  /** out [cols] = x [rows, cols] summed over its rows. */
  sum_rows_f32(x: number, out: number, rows: number, cols: number): void;
  /** max [rows] (want & 1) and index [rows] (want & 2: the first) of each row of x [rows, n]; 1 when x holds a NaN (outputs unfinished), else 0. */
  row_max_f32(x: number, max: number, index: number, rows: number, n: number, want: number): number;
  /** out[i] = e^x[i] for n floats. */
  exp_f32(x: number, out: number, n: number): void;
  /** dst [outer, n, inner] = src with its middle axis reversed; 4-byte elements. */
  reverse_axis(src: number, dst: number, outer: number, n: number, inner: number): void;
  /** dst [c, r] = src [r, c] transposed; 4-byte elements. */
  transpose_f32(src: number, dst: number, r: number, c: number): void;
  /** values, indices [rows, k] = the k largest of each row of x [rows, n], descending; 1 when x holds a NaN (outputs unfinished), else 0. */
  top_k_f32(x: number, values: number, indices: number, rows: number, n: number, k: number): number;
}

/** The parts of tfjs-wasm's Emscripten module that hold its memory (the threaded build imports it, the others export it). */
interface EmscriptenMemory {
  wasmMemory?: WebAssembly.Memory;
  asm?: { memory?: WebAssembly.Memory };
}

const decode = (base64: string) => Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));

/** Compiled lazily, once per variant (a few KB: synchronous compilation is allowed in workers and Node). */
const modules = new Map<string, WebAssembly.Module>();

function compiled(base64: string): WebAssembly.Module {
  let module = modules.get(base64);
  if (!module) modules.set(base64, (module = new WebAssembly.Module(decode(base64))));
  return module;
}

export const isShared = (memory: WebAssembly.Memory) =>
  typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;

/** The compiled kernels for `memory`: the shared-memory build for a shared one. */
export const kernelModule = (memory: WebAssembly.Memory) => compiled(isShared(memory) ? KERNELS_SHARED_WASM : KERNELS_WASM);

/** The kernels over `memory`. Throws when the module cannot link. */
export function instantiateSimdKernels(memory: WebAssembly.Memory): SimdKernels {
  return new WebAssembly.Instance(kernelModule(memory), { env: { memory } }).exports as unknown as SimdKernels;
}

/** tfjs-wasm's WebAssembly.Memory (its heap), when its glue shows it. */
export function wasmMemory(backend: BackendWasm): WebAssembly.Memory | undefined {
  const glue = backend.wasm as unknown as EmscriptenMemory;
  return glue.wasmMemory ?? glue.asm?.memory;
}

let enabled = true;
const instances = new WeakMap<WebAssembly.Memory, SimdKernels | null>();

/** Turns our SIMD kernels off (the JavaScript/XNNPACK formulations run instead) or back on: for tests and benchmarks. */
export function setSimdKernelsEnabled(on: boolean): void {
  enabled = on;
}

/** The kernels for this backend's heap, or null when off or when they cannot load here (the caller falls back). */
export function simdKernels(backend: BackendWasm): SimdKernels | null {
  const memory = wasmMemory(backend);
  if (!enabled || !memory) return null;
  if (!instances.has(memory)) {
    try {
      instances.set(memory, instantiateSimdKernels(memory));
    } catch (e) {
      console.warn(`WASM: our SIMD kernels could not load (${e instanceof Error ? e.message : String(e)}); using the fallbacks`);
      instances.set(memory, null);
    }
  }
  return instances.get(memory) ?? null;
}
