import * as tf from '@tensorflow/tfjs';
import { getThreadsCount, setThreadsCount, setWasmPaths, type BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import threadedSimdFactory from '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js';
import {
  describeChoice,
  gpuFacts,
  MAX_WASM_THREADS,
  rankBackends,
  wasmThreadCount,
  type BackendChoice,
  type BackendName,
  type BackendRequest,
  type CapabilityFacts,
  type FailedBackend,
  type GpuFacts,
  type ThreadRequest,
} from './decide';
import { errorMessage } from '../errors';
import { startKernelThreads } from '../../../kernels/wasm/kernelThreads';
import { registerWasmTrainingKernels } from '../../../kernels/wasm/wasmKernels';

// Probing and switching: the impure half of backend selection (decide.ts is the pure half).
// DOM-free: runs in a Web Worker (navigator, OffscreenCanvas) and in Node (neither GPU is there).

export type { BackendChoice, BackendName, BackendRequest, ThreadRequest } from './decide';

/** URLs of the wasm backend's files, e.g. from Vite `?url` imports of @tensorflow/tfjs-backend-wasm/dist/*.wasm. */
export interface WasmAssetPaths {
  'tfjs-backend-wasm.wasm': string;
  'tfjs-backend-wasm-simd.wasm': string;
  'tfjs-backend-wasm-threaded-simd.wasm': string;
  /** The threaded build's glue (wasm-out/), served unbundled as a classic script. Without it: one thread. */
  'tfjs-backend-wasm-threaded-simd.js'?: string;
}

let pthreadGlue: string | null = null;

/**
 * tfjs-wasm's pthread workers importScripts() a Blob made of `var WasmBackendModuleThreadedSimd = ` and the
 * factory's toString(). Bundled and minified, that source names variables of the bundle around it
 * ("e is not defined" in every pthread worker). So the blob loads the unbundled glue from our origin instead.
 * The blob URL is the worker's base, hence the absolute URL.
 */
function loadGlueInPthreads(glueUrl: string): void {
  pthreadGlue = new URL(glueUrl, globalThis.location?.href).href;
  const source = `(importScripts(${JSON.stringify(pthreadGlue)}), WasmBackendModuleThreadedSimd)`;
  threadedSimdFactory.toString = () => source;
}

/**
 * Whether pthread workers can start here: a blob worker does what tfjs-wasm's pthread workers do (importScripts
 * the factory's blob, which importScripts the glue). A CSP without blob: scripts, a missing glue or a wrong MIME
 * type fails here, and wasm keeps one thread, rather than hanging forever while its threads never load.
 */
async function pthreadScriptRuns(timeoutMs = 15_000): Promise<boolean> {
  const workerUrl = URL.createObjectURL(
    new Blob(['onmessage = (e) => { importScripts(URL.createObjectURL(e.data)); postMessage(typeof WasmBackendModuleThreadedSimd); };'], {
      type: 'text/javascript',
    }),
  );
  const worker = new Worker(workerUrl);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const ok = await new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
    worker.onmessage = (e: MessageEvent) => resolve(e.data === 'function');
    worker.onerror = (e: ErrorEvent) => {
      e.preventDefault(); // handled: not an uncaught error of this worker too
      resolve(false);
    };
    worker.postMessage(new Blob([`var WasmBackendModuleThreadedSimd = ${threadedSimdFactory.toString()}`], { type: 'text/javascript' }));
  });
  clearTimeout(timer);
  worker.terminate();
  URL.revokeObjectURL(workerUrl);
  if (!ok) console.warn(`WASM runs on one thread: a pthread worker could not load ${pthreadGlue}`);
  return ok;
}

/** Must run before the wasm backend starts. Node needs none: it reads the binaries beside the package. */
export function setWasmAssetPaths({ 'tfjs-backend-wasm-threaded-simd.js': glue, ...binaries }: WasmAssetPaths): void {
  setWasmPaths(binaries);
  if (glue) loadGlueInPthreads(glue);
}

// The bits of WebGPU we read; typed here because the DOM lib does not carry WebGPU.
interface AdapterInfoLike {
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
  isFallbackAdapter?: boolean;
}
interface AdapterLike {
  isFallbackAdapter?: boolean;
  info?: AdapterInfoLike;
  requestAdapterInfo?: () => Promise<AdapterInfoLike>;
}
interface GpuLike {
  requestAdapter(options?: { powerPreference?: string }): Promise<AdapterLike | null>;
}

async function probeWebGpu(): Promise<GpuFacts | null> {
  const gpu = (globalThis.navigator as { gpu?: GpuLike } | undefined)?.gpu;
  const adapter = await gpu?.requestAdapter({ powerPreference: 'high-performance' }).catch(() => null);
  if (!adapter) return null;
  const info = adapter.info ?? (await adapter.requestAdapterInfo?.().catch(() => undefined)) ?? {};
  return gpuFacts([info.vendor, info.architecture, info.device, info.description], !!(adapter.isFallbackAdapter || info.isFallbackAdapter));
}

const UNMASKED_VENDOR = 0x9245,
  UNMASKED_RENDERER = 0x9246; // WEBGL_debug_renderer_info

function probeWebGl(): GpuFacts | null {
  if (typeof OffscreenCanvas === 'undefined') return null;
  try {
    const gl = new OffscreenCanvas(1, 1).getContext('webgl2');
    if (!gl) return null;
    const debug = gl.getExtension('WEBGL_debug_renderer_info');
    const read = (unmasked: number, masked: number) => String(gl.getParameter(debug ? unmasked : masked) ?? '');
    const facts = gpuFacts([read(UNMASKED_VENDOR, gl.VENDOR), read(UNMASKED_RENDERER, gl.RENDERER)], false);
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return facts;
  } catch {
    return null;
  }
}

/** What this context offers. wasmThreads: the most WASM can run, all logical cores up to 8 when threads can run, else 1. */
export async function probeCapabilities(): Promise<CapabilityFacts> {
  const env = tf.env();
  const isolated = globalThis.crossOriginIsolated === true;
  const [webgpu, simd, threaded] = await Promise.all([
    probeWebGpu(),
    env.getAsync('WASM_HAS_SIMD_SUPPORT') as Promise<boolean>,
    // Threads need SharedArrayBuffer (cross-origin isolation), wasm threads, and pthread workers that load the glue.
    isolated &&
      pthreadGlue !== null &&
      (env.getAsync('WASM_HAS_MULTITHREAD_SUPPORT') as Promise<boolean>).then((ok) => ok && pthreadScriptRuns()),
  ]);
  const cores = globalThis.navigator?.hardwareConcurrency ?? 1;
  return {
    webgpu,
    webgl: probeWebGl(),
    wasm: typeof WebAssembly === 'object',
    wasmSimd: simd,
    wasmThreads: threaded && simd ? Math.min(MAX_WASM_THREADS, Math.max(1, cores)) : 1,
    cores,
    crossOriginIsolated: isolated,
  };
}

/**
 * Starts tfjs-wasm on `threads` threads, with the threaded build only for more than one. Its C++ caps the
 * threads at half of navigator.hardwareConcurrency (it assumes two hyperthreads per core, and reads the
 * value once while the module starts), so during the start this context reports twice the threads wanted. Then our
 * kernels' helper threads start, so that the first step already uses them.
 */
async function startWasm(threads: number): Promise<boolean> {
  registerWasmTrainingKernels();
  if (threads <= 1) tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  setThreadsCount(threads);
  const nav = globalThis.navigator;
  if (threads > 1) Object.defineProperty(nav, 'hardwareConcurrency', { value: 2 * threads, configurable: true });
  let ok: boolean;
  try {
    ok = await tf.setBackend('wasm');
  } finally {
    if (threads > 1) Reflect.deleteProperty(nav, 'hardwareConcurrency'); // the prototype's getter again
  }
  if (ok && threads > 1) await startKernelThreads(tf.backend() as BackendWasm);
  return ok;
}

/** Starts one backend; resolves to the error message when it did not become the active one. */
async function activate(name: BackendName, wasmThreads: number): Promise<string | null> {
  try {
    // The WebGPU backend registers itself when its module loads; ours (kernels/webgpu/webgpuKernels.ts) import it.
    if (name === 'webgpu') (await import('../../../kernels/webgpu/webgpuKernels')).registerWebGpuTrainingKernels();
    // setBackend resolves false (and tfjs quietly keeps another backend) when initialisation fails.
    const ok = name === 'wasm' ? await startWasm(wasmThreads) : await tf.setBackend(name);
    return ok && tf.getBackend() === name ? null : 'initialisation failed';
  } catch (e) {
    return errorMessage(e);
  }
}

export interface SelectOptions {
  wasmPaths?: WasmAssetPaths; // passed to setWasmAssetPaths before wasm can start
  probe?: () => Promise<CapabilityFacts>; // defaults to probeCapabilities
  threads?: ThreadRequest; // WASM's threads (default 'auto': every core but one)
}

/**
 * Picks, starts and explains a backend: the request when it works, otherwise the best that does.
 * Call before creating tensors (switching with live tensors reads them back synchronously).
 */
export async function selectBackend(requested: BackendRequest = 'auto', opts: SelectOptions = {}): Promise<BackendChoice> {
  if (opts.wasmPaths) setWasmAssetPaths(opts.wasmPaths);
  const facts = await (opts.probe ?? probeCapabilities)();
  const failed: FailedBackend[] = [];
  const threads = opts.threads ?? 'auto';
  for (const name of rankBackends(requested, facts)) {
    const error = await activate(name, wasmThreadCount(threads, facts));
    if (error !== null) {
      failed.push({ name, error });
      continue;
    }
    const wasm = name === 'wasm' ? { requested: threads, used: getThreadsCount(), available: facts.wasmThreads } : null;
    return describeChoice(name, requested, facts, failed, wasm);
  }
  throw new Error(`No TensorFlow.js backend could start: ${failed.map((f) => `${f.name}: ${f.error}`).join('; ')}`);
}

export interface BackendInfo {
  name: string;
  numTensors: number;
  numBytes: number;
}

/** The active backend and its memory figures (tf.memory()). */
export function backendInfo(): BackendInfo {
  const { numTensors, numBytes } = tf.memory();
  return { name: tf.getBackend(), numTensors, numBytes };
}
