import { describe, expect, it } from 'vitest';
import { describeChoice, explainChoice, gpuFacts, rankBackends, wasmThreadCount, type CapabilityFacts } from './decide';

const swiftshader = { adapter: 'SwiftShader', software: true };
const nvidia = { adapter: 'nvidia ampere', software: false };

/** A cross-origin-isolated page with SIMD and 4 wasm threads, no GPU. */
function facts(over: Partial<CapabilityFacts> = {}): CapabilityFacts {
  return { webgpu: null, webgl: null, wasm: true, wasmSimd: true, wasmThreads: 4, cores: 4, crossOriginIsolated: true, ...over };
}

describe('gpuFacts', () => {
  it('names SwiftShader and marks it software', () => {
    expect(gpuFacts(['google', 'swiftshader', '', undefined], false)).toEqual(swiftshader);
    expect(
      gpuFacts(['Google Inc. (Google)', 'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero)), SwiftShader driver)'], false),
    ).toEqual(swiftshader);
  });

  it('trusts isFallbackAdapter and software renderers', () => {
    expect(gpuFacts(['acme', 'gpu9'], true)).toEqual({ adapter: 'acme gpu9', software: true });
    expect(gpuFacts(['Mesa', 'llvmpipe (LLVM 15.0.6, 256 bits)'], false)).toEqual({ adapter: 'llvmpipe', software: true });
  });

  it('keeps a hardware adapter as hardware, without repeated words', () => {
    expect(gpuFacts(['nvidia', 'ampere', 'ampere'], false)).toEqual(nvidia);
    expect(gpuFacts([undefined, ''], false)).toEqual({ adapter: 'unknown adapter', software: false });
  });
});

describe('rankBackends', () => {
  it('auto: a hardware WebGPU adapter first', () => {
    expect(rankBackends('auto', facts({ webgpu: nvidia, webgl: nvidia }))).toEqual(['webgpu', 'wasm', 'webgl', 'cpu']);
  });

  it('auto: WASM before software GPUs, which still beat CPU', () => {
    expect(rankBackends('auto', facts({ webgpu: swiftshader, webgl: swiftshader }))).toEqual(['wasm', 'webgl', 'webgpu', 'cpu']);
  });

  it('auto: hardware WebGL when there is no WebGPU and no WebAssembly', () => {
    expect(rankBackends('auto', facts({ wasm: false, webgl: nvidia }))).toEqual(['webgl', 'cpu']);
  });

  it('an explicit request goes first, the auto order stays as fallback', () => {
    expect(rankBackends('webgl', facts({ webgpu: nvidia, webgl: swiftshader }))).toEqual(['webgl', 'webgpu', 'wasm', 'cpu']);
    expect(rankBackends('cpu', facts())).toEqual(['cpu', 'wasm']);
  });

  it('a request for something absent falls back to the auto order', () => {
    expect(rankBackends('webgpu', facts())).toEqual(['wasm', 'cpu']);
  });
});

describe('explainChoice', () => {
  it('says why WASM beats a software WebGPU adapter', () => {
    expect(explainChoice('wasm', 'auto', facts({ webgpu: swiftshader, wasmThreads: 2, cores: 2 }))).toBe(
      'WebGPU adapter is software (SwiftShader), WASM (SIMD, 1 thread, 1 of 2 cores left to the page) is faster',
    );
  });

  it('names the adapter a hardware backend runs on', () => {
    expect(explainChoice('webgpu', 'auto', facts({ webgpu: nvidia }))).toBe('WebGPU on nvidia ampere');
  });

  it('says when there is no adapter, and when the page is not isolated', () => {
    expect(explainChoice('wasm', 'auto', facts({ wasmThreads: 1, crossOriginIsolated: false }))).toBe(
      'No WebGPU adapter: using WASM (SIMD, 1 thread) (page not cross-origin isolated: no threads)',
    );
  });

  it('reports an unavailable or failing request', () => {
    expect(explainChoice('wasm', 'webgpu', facts())).toBe(
      'WebGPU requested but no adapter: using WASM (SIMD, 3 threads, 1 of 4 cores left to the page)',
    );
    expect(explainChoice('cpu', 'wasm', facts(), [{ name: 'wasm', error: '404 for tfjs-backend-wasm-simd.wasm' }])).toBe(
      'WASM requested but it failed to start (404 for tfjs-backend-wasm-simd.wasm): using CPU (plain JavaScript, slowest)',
    );
  });

  it('lists failures on the way to a fallback', () => {
    expect(explainChoice('webgl', 'auto', facts({ webgpu: swiftshader, webgl: swiftshader }), [{ name: 'wasm', error: 'boom' }])).toBe(
      'WASM failed to start (boom): using WebGL on SwiftShader (software)',
    );
  });

  it('honours an explicit request for a software adapter, flagging it', () => {
    const choice = describeChoice('webgpu', 'webgpu', facts({ webgpu: swiftshader }));
    expect(choice).toEqual({
      name: 'webgpu',
      adapter: 'SwiftShader',
      reason: 'WebGPU on SwiftShader (software)',
      fallbackAdapter: true,
      threads: null,
    });
  });

  it('describes wasm and cpu without a GPU adapter', () => {
    expect(describeChoice('wasm', 'auto', facts()).adapter).toBe('WebAssembly');
    expect(describeChoice('cpu', 'cpu', facts())).toEqual({
      name: 'cpu',
      adapter: 'JavaScript',
      reason: 'CPU (plain JavaScript, slowest)',
      fallbackAdapter: false,
      threads: null,
    });
  });

  it('names the threads WASM runs on, and a count asked for that cannot run here', () => {
    const wasm = (requested: 'auto' | number, used: number) =>
      describeChoice('wasm', 'wasm', facts(), [], { requested, used, available: 4 });
    expect(wasm('auto', 3).reason).toBe('WASM (SIMD, 3 threads, 1 of 4 cores left to the page)');
    expect(wasm(4, 4).reason).toBe('WASM (SIMD, 4 threads)');
    expect(wasm(6, 4).reason).toBe('WASM (SIMD, 4 threads; 6 asked for, 4 can run here)');
    expect(wasm(2, 2).threads).toEqual({ requested: 2, used: 2, available: 4 });
    expect(describeChoice('cpu', 'cpu', facts(), [], { requested: 'auto', used: 3, available: 4 }).threads).toBeNull();
  });
});

describe('wasmThreadCount', () => {
  it('auto: every core but one, never fewer than one, never more than can run', () => {
    expect(wasmThreadCount('auto', facts({ cores: 2, wasmThreads: 2 }))).toBe(1);
    expect(wasmThreadCount('auto', facts({ cores: 1, wasmThreads: 1 }))).toBe(1);
    expect(wasmThreadCount('auto', facts({ cores: 6, wasmThreads: 6 }))).toBe(5);
    expect(wasmThreadCount('auto', facts({ cores: 16, wasmThreads: 8 }))).toBe(8);
    expect(wasmThreadCount('auto', facts({ cores: 4, wasmThreads: 1, crossOriginIsolated: false }))).toBe(1);
  });

  it('a count: as asked, up to what can run', () => {
    expect(wasmThreadCount(2, facts({ cores: 2, wasmThreads: 2 }))).toBe(2);
    expect(wasmThreadCount(8, facts({ cores: 4, wasmThreads: 4 }))).toBe(4);
    expect(wasmThreadCount(3, facts({ cores: 4, wasmThreads: 1 }))).toBe(1);
  });
});
