import * as tf from '@tensorflow/tfjs';
import { getThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import {
  describeChoice, gpuFacts, rankBackends,
  type BackendChoice, type BackendName, type BackendRequest, type CapabilityFacts, type FailedBackend, type GpuFacts,
} from './decide';
import { registerWasmTrainingKernels } from './wasmKernels';

// Probing and switching: the impure half of backend selection (decide.ts is the pure half).
// DOM-free: runs in a Web Worker (navigator, OffscreenCanvas) and in Node (neither GPU is there).

export type { BackendChoice, BackendName, BackendRequest } from './decide';

/** URLs of the three wasm binaries, e.g. from Vite `?url` imports of @tensorflow/tfjs-backend-wasm/dist/*.wasm. */
export interface WasmAssetPaths {
  'tfjs-backend-wasm.wasm': string;
  'tfjs-backend-wasm-simd.wasm': string;
  'tfjs-backend-wasm-threaded-simd.wasm': string;
}

/** Must run before the wasm backend starts. Node needs none: it reads the binaries beside the package. */
export function setWasmAssetPaths(paths: WasmAssetPaths): void {
  setWasmPaths(paths);
}

// The bits of WebGPU we read; typed here because the DOM lib does not carry WebGPU.
interface AdapterInfoLike { vendor?: string; architecture?: string; device?: string; description?: string; isFallbackAdapter?: boolean }
interface AdapterLike { isFallbackAdapter?: boolean; info?: AdapterInfoLike; requestAdapterInfo?: () => Promise<AdapterInfoLike> }
interface GpuLike { requestAdapter(options?: { powerPreference?: string }): Promise<AdapterLike | null> }

async function probeWebGpu(): Promise<GpuFacts | null> {
  const gpu = (globalThis.navigator as { gpu?: GpuLike } | undefined)?.gpu;
  const adapter = await gpu?.requestAdapter({ powerPreference: 'high-performance' }).catch(() => null);
  if (!adapter) return null;
  const info = adapter.info ?? (await adapter.requestAdapterInfo?.().catch(() => undefined)) ?? {};
  return gpuFacts([info.vendor, info.architecture, info.device, info.description], !!(adapter.isFallbackAdapter || info.isFallbackAdapter));
}

const UNMASKED_VENDOR = 0x9245, UNMASKED_RENDERER = 0x9246; // WEBGL_debug_renderer_info

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

/**
 * tfjs-wasm's threaded build starts Emscripten pthread workers that importScripts() the main script;
 * inside our bundled ES-module worker that fails ("e is not defined") and kills the worker. Until the
 * threaded build is served as a classic script, run the SIMD build single-threaded.
 */
tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);

/** What this context offers. Thread count is tfjs-wasm's default (half the logical cores, 1–8) until wasm starts. */
export async function probeCapabilities(): Promise<CapabilityFacts> {
  const env = tf.env();
  const [webgpu, simd, threaded] = await Promise.all([
    probeWebGpu(),
    env.getAsync('WASM_HAS_SIMD_SUPPORT') as Promise<boolean>,
    env.getAsync('WASM_HAS_MULTITHREAD_SUPPORT') as Promise<boolean>,
  ]);
  const isolated = globalThis.crossOriginIsolated === true;
  const cores = globalThis.navigator?.hardwareConcurrency ?? 1;
  return {
    webgpu,
    webgl: probeWebGl(),
    wasm: typeof WebAssembly === 'object',
    wasmSimd: simd,
    wasmThreads: isolated && threaded ? Math.min(8, Math.max(1, Math.floor(cores / 2))) : 1,
    crossOriginIsolated: isolated,
  };
}

/** Starts one backend; resolves to the error message when it did not become the active one. */
async function activate(name: BackendName): Promise<string | null> {
  try {
    if (name === 'webgpu') await import('@tensorflow/tfjs-backend-webgpu');
    if (name === 'wasm') registerWasmTrainingKernels();
    // setBackend resolves false (and tfjs quietly keeps another backend) when initialisation fails.
    const ok = await tf.setBackend(name);
    return ok && tf.getBackend() === name ? null : 'initialisation failed';
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

export interface SelectOptions {
  wasmPaths?: WasmAssetPaths; // passed to setWasmAssetPaths before wasm can start
  probe?: () => Promise<CapabilityFacts>; // defaults to probeCapabilities
}

/**
 * Picks, starts and explains a backend: the request when it works, otherwise the best that does.
 * Call before creating tensors (switching with live tensors reads them back synchronously).
 */
export async function selectBackend(requested: BackendRequest = 'auto', opts: SelectOptions = {}): Promise<BackendChoice> {
  if (opts.wasmPaths) setWasmAssetPaths(opts.wasmPaths);
  const facts = await (opts.probe ?? probeCapabilities)();
  const failed: FailedBackend[] = [];
  for (const name of rankBackends(requested, facts)) {
    const error = await activate(name);
    if (error !== null) {
      failed.push({ name, error });
      continue;
    }
    const actual = name === 'wasm' ? { ...facts, wasmThreads: getThreadsCount() } : facts;
    return describeChoice(name, requested, actual, failed);
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
