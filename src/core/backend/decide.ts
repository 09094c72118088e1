// Pure backend choice: capability facts in, a ranking and a user-facing reason out. No tfjs, no globals.

export type BackendName = 'webgpu' | 'webgl' | 'wasm' | 'cpu';
export type BackendRequest = BackendName | 'auto';
/** The most threads XNNPACK gets: tfjs-wasm's threaded build starts a pool of 8 pthread workers, its hard cap. */
export const MAX_WASM_THREADS = 8;
/** WASM's threads: 'auto' leaves one core to the page (its layout and paint wait behind training otherwise), or a count. */
export type ThreadRequest = 'auto' | number;

export interface GpuFacts {
  adapter: string; // short adapter name for the badge, e.g. "SwiftShader" or "nvidia ampere"
  software: boolean; // a CPU-emulated GPU (SwiftShader, llvmpipe, isFallbackAdapter): slower than WASM here
}

export interface CapabilityFacts {
  webgpu: GpuFacts | null; // null: no navigator.gpu, or requestAdapter() gave none
  webgl: GpuFacts | null; // null: no WebGL2 context (in a worker: through OffscreenCanvas)
  wasm: boolean; // WebAssembly is there
  wasmSimd: boolean;
  wasmThreads: number; // the most threads WASM can run here: 1 without cross-origin isolation, 8 at most
  cores: number; // logical cores (navigator.hardwareConcurrency)
  crossOriginIsolated: boolean;
}

export interface BackendChoice {
  name: BackendName;
  adapter: string; // the GPU adapter, or what runs the maths ("WebAssembly", "JavaScript")
  reason: string; // shown to the user in the backend badge
  fallbackAdapter: boolean; // true when a GPU backend runs on a software adapter
  threads: WasmThreads | null; // WASM's threads; null on the other backends
}

export interface WasmThreads {
  requested: ThreadRequest;
  used: number;
  available: number; // the most that can run here (facts.wasmThreads)
}

/** A backend that was tried and failed to start, with the error's message. */
export interface FailedBackend {
  name: BackendName;
  error: string;
}

const labels: Record<BackendName, string> = { webgpu: 'WebGPU', webgl: 'WebGL', wasm: 'WASM', cpu: 'CPU' };

/** Keeps adapter names short and recognisable: the badge shows them. */
export function gpuFacts(names: (string | undefined)[], isFallbackAdapter: boolean): GpuFacts {
  const all = names.filter((n): n is string => !!n && n.trim() !== '').map((n) => n.trim());
  const joined = all.join(' ');
  const known = /swiftshader/i.test(joined) ? 'SwiftShader' : /llvmpipe|lavapipe/i.exec(joined)?.[0];
  const software = isFallbackAdapter || !!known || /software|microsoft basic render/i.test(joined);
  return { adapter: known ?? ([...new Set(all)].join(' ') || 'unknown adapter'), software };
}

function usable(name: BackendName, facts: CapabilityFacts): boolean {
  if (name === 'webgpu') return facts.webgpu !== null;
  if (name === 'webgl') return facts.webgl !== null;
  if (name === 'wasm') return facts.wasm;
  return true;
}

/**
 * Candidates, best first: a hardware WebGPU adapter, then WASM (a software GPU is slower than it), then
 * hardware WebGL, then software GPUs (still faster than plain JavaScript), then CPU. An explicit request
 * goes first when it is there at all; the rest stay as fallbacks.
 */
export function rankBackends(requested: BackendRequest, facts: CapabilityFacts): BackendName[] {
  const hw = (gpu: GpuFacts | null) => gpu !== null && !gpu.software;
  const order: BackendName[] = [];
  if (hw(facts.webgpu)) order.push('webgpu');
  if (facts.wasm) order.push('wasm');
  if (hw(facts.webgl)) order.push('webgl');
  if (facts.webgl?.software) order.push('webgl');
  if (facts.webgpu?.software) order.push('webgpu');
  order.push('cpu');
  if (requested === 'auto' || !usable(requested, facts)) return order;
  return [requested, ...order.filter((n) => n !== requested)];
}

/**
 * The threads WASM trains on: 'auto' takes every core but one (at least one), so the page keeps a core for its
 * frames; a count is taken as asked, up to what can run here (the badge says when it is fewer).
 */
export function wasmThreadCount(requested: ThreadRequest, facts: CapabilityFacts): number {
  return Math.max(1, Math.min(facts.wasmThreads, requested === 'auto' ? facts.cores - 1 : requested));
}

const plural = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;

function wasmSummary(facts: CapabilityFacts, threads: WasmThreads): string {
  const { requested, used, available } = threads;
  const simd = facts.wasmSimd ? 'SIMD, ' : '';
  const leftToPage = requested === 'auto' && used < available ? `, 1 of ${plural(facts.cores, 'core')} left to the page` : '';
  const capped = requested !== 'auto' && requested > used ? `; ${requested} asked for, ${available} can run here` : '';
  const isolation = facts.crossOriginIsolated ? '' : ' (page not cross-origin isolated: no threads)';
  return `WASM (${simd}${plural(used, 'thread')}${leftToPage}${capped})${isolation}`;
}

function summary(name: BackendName, facts: CapabilityFacts, threads: WasmThreads | null): string {
  if (name === 'wasm')
    return wasmSummary(facts, threads ?? { requested: 'auto', used: wasmThreadCount('auto', facts), available: facts.wasmThreads });
  if (name === 'cpu') return 'CPU (plain JavaScript, slowest)';
  const gpu = name === 'webgpu' ? facts.webgpu : facts.webgl;
  return `${labels[name]} on ${gpu?.adapter ?? 'unknown adapter'}${gpu?.software ? ' (software)' : ''}`;
}

function unavailable(name: BackendName): string {
  if (name === 'webgpu') return 'no adapter';
  if (name === 'webgl') return 'no WebGL2 context';
  return 'WebAssembly is missing';
}

/** Why `chosen` runs, in one line for the badge. */
export function explainChoice(
  chosen: BackendName,
  requested: BackendRequest,
  facts: CapabilityFacts,
  failed: FailedBackend[] = [],
  threads: WasmThreads | null = null,
): string {
  const running = summary(chosen, facts, threads);
  if (requested !== 'auto' && requested !== chosen) {
    const failure = failed.find((f) => f.name === requested);
    return `${labels[requested]} requested but ${failure ? `it failed to start (${failure.error})` : unavailable(requested)}: using ${running}`;
  }
  const notes = failed.map((f) => `${labels[f.name]} failed to start (${f.error})`);
  if (requested === 'auto' && chosen !== 'webgpu') {
    if (chosen === 'wasm' && facts.webgpu?.software)
      return [...notes, `WebGPU adapter is software (${facts.webgpu.adapter}), ${running} is faster`].join('; ');
    if (!facts.webgpu) notes.unshift('No WebGPU adapter');
  }
  return notes.length ? `${notes.join('; ')}: using ${running}` : running;
}

/** The full answer for a backend that started. */
export function describeChoice(
  name: BackendName,
  requested: BackendRequest,
  facts: CapabilityFacts,
  failed: FailedBackend[] = [],
  threads: WasmThreads | null = null,
): BackendChoice {
  const gpu = name === 'webgpu' ? facts.webgpu : name === 'webgl' ? facts.webgl : null;
  const adapter = gpu?.adapter ?? (name === 'wasm' ? 'WebAssembly' : 'JavaScript');
  const used = name === 'wasm' ? threads : null;
  return {
    name,
    adapter,
    reason: explainChoice(name, requested, facts, failed, used),
    fallbackAdapter: gpu?.software ?? false,
    threads: used,
  };
}
