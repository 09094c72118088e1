// WebGPU without a browser: Dawn's Node bindings (the `webgpu` package) installed as navigator.gpu, which is where
// tfjs-backend-webgpu looks for it. Import the backend only after installDawn(): it registers 'webgpu' at import
// time, and only when navigator.gpu is already there.
import { gpuFacts } from '../../src/core/backend/decide';

/** The adapter Dawn hands out, and whether its figures may be called GPU figures. */
export interface AdapterReport {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  name: string; // the app's short name for it (decide.ts gpuFacts), e.g. "SwiftShader" or "nvidia hopper"
  software: boolean; // SwiftShader, llvmpipe, lavapipe or a fallback adapter: CPU figures, not GPU ones
  maxStorageBuffersPerShaderStage: number; // the adapter's; tfjs asks for no more than the default 8 (the addN trap)
}

interface AdapterInfoLike {
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
  isFallbackAdapter?: boolean;
}
interface AdapterLike {
  info: AdapterInfoLike;
  isFallbackAdapter?: boolean;
  limits: { maxStorageBuffersPerShaderStage: number };
}
interface GpuLike {
  requestAdapter(options?: { powerPreference?: string }): Promise<AdapterLike | null>;
}

/** The app's rule (decide.ts) applied to Dawn's adapter info. */
export function describeAdapter(adapter: AdapterLike): AdapterReport {
  const { vendor = '', architecture = '', device = '', description = '' } = adapter.info;
  const facts = gpuFacts([vendor, architecture, device, description], !!(adapter.isFallbackAdapter || adapter.info.isFallbackAdapter));
  return {
    vendor,
    architecture,
    device,
    description,
    name: facts.adapter,
    software: facts.software,
    maxStorageBuffersPerShaderStage: adapter.limits.maxStorageBuffersPerShaderStage,
  };
}

/**
 * Puts Dawn's GPU object on navigator.gpu (Node 20 has no navigator; Node 21+ has one without gpu) and its WebGPU
 * classes and constants (GPUBufferUsage, GPUMapMode…) on globalThis, where the backend reads them. Resolves to the
 * high-performance adapter, or null when Dawn finds none (no Vulkan loader, no driver).
 */
export async function installDawn(dawnFlags: string[] = []): Promise<AdapterReport | null> {
  const { create, globals } = await import('webgpu');
  Object.assign(globalThis, globals);
  const gpu = create(dawnFlags) as unknown as GpuLike;
  const g = globalThis as { navigator?: object };
  if (!g.navigator) g.navigator = {};
  Object.defineProperty(g.navigator, 'gpu', { value: gpu, configurable: true });
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  return adapter ? describeAdapter(adapter) : null;
}
