import * as tf from '@tensorflow/tfjs';
import threadedSimdFactory from '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { backendInfo, probeCapabilities, selectBackend, setWasmAssetPaths, type WasmAssetPaths } from './select';

// Node has neither WebGPU nor WebGL: these run the real probing and switching, no mocks.

describe('selectBackend in Node', () => {
  it('probes no GPU, and WebAssembly with SIMD', async () => {
    const facts = await probeCapabilities();
    expect(facts.webgpu).toBeNull();
    expect(facts.webgl).toBeNull();
    expect(facts.wasm).toBe(true);
    expect(facts.wasmSimd).toBe(true);
    expect(facts.wasmThreads).toBe(1);
  });

  it('auto picks wasm, says why, and registers the training kernels', async () => {
    const choice = await selectBackend('auto');
    expect(choice.name).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(choice.reason).toMatch(/^No WebGPU adapter: using WASM/);
    expect(choice.fallbackAdapter).toBe(false);
    expect(tf.getKernel(tf.Conv2DBackpropFilter, 'wasm')).toBeDefined();
  });

  it('a WebGPU request without an adapter falls back to wasm and says so', async () => {
    const choice = await selectBackend('webgpu');
    expect(choice.name).toBe('wasm');
    expect(choice.reason).toMatch(/^WebGPU requested but no adapter: using WASM/);
  });

  it('a backend that fails to start is reported and skipped', async () => {
    // Claim an adapter Node does not have: the real webgpu backend then fails to start.
    const probe = async () => ({ ...(await probeCapabilities()), webgpu: { adapter: 'imaginary', software: false } });
    const choice = await selectBackend('webgpu', { probe });
    expect(choice.name).toBe('wasm');
    expect(choice.reason).toMatch(/^WebGPU requested but it failed to start \(.+\): using WASM/);
  });

  it('says how many threads WASM got: one here, whatever was asked for', async () => {
    const choice = await selectBackend('wasm', { threads: 3 });
    expect(choice.threads).toEqual({ requested: 3, used: 1, available: 1 });
    expect(choice.reason).toBe('WASM (SIMD, 1 thread; 3 asked for, 1 can run here) (page not cross-origin isolated: no threads)');
  });

  it('an explicit cpu request is honoured', async () => {
    const choice = await selectBackend('cpu');
    expect(choice).toMatchObject({ name: 'cpu', adapter: 'JavaScript', fallbackAdapter: false });
    expect(tf.getBackend()).toBe('cpu');
  });

  it('backendInfo reports the active backend and its memory', async () => {
    await selectBackend('wasm');
    const before = backendInfo();
    const t = tf.zeros([10, 10]);
    const after = backendInfo();
    expect(after.name).toBe('wasm');
    expect(after.numTensors).toBe(before.numTensors + 1);
    expect(after.numBytes).toBe(before.numBytes + 400);
    t.dispose();
  });

  it('points the pthread workers at the unbundled glue, which defines the factory they call', async () => {
    const resolve = createRequire(import.meta.url).resolve;
    const file = (name: string) => resolve(`@tensorflow/tfjs-backend-wasm/dist/${name}`);
    const glueUrl = 'http://localhost:4173/assets/tfjs-backend-wasm-threaded-simd.js';
    const paths: WasmAssetPaths = {
      'tfjs-backend-wasm.wasm': file('tfjs-backend-wasm.wasm'),
      'tfjs-backend-wasm-simd.wasm': file('tfjs-backend-wasm-simd.wasm'),
      'tfjs-backend-wasm-threaded-simd.wasm': file('tfjs-backend-wasm-threaded-simd.wasm'),
      'tfjs-backend-wasm-threaded-simd.js': glueUrl,
    };
    setWasmAssetPaths(paths);
    // What a pthread worker runs: tfjs-wasm's blob (`var WasmBackendModuleThreadedSimd = ` + the factory's
    // source), with importScripts running the real glue file in the same global scope.
    const imported: string[] = [];
    const glue = readFileSync(resolve('@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js'), 'utf8');
    const worker = vm.createContext({
      importScripts: (url: string) => {
        imported.push(url);
        vm.runInContext(glue, worker);
      },
    });
    vm.runInContext(`var WasmBackendModuleThreadedSimd = ${threadedSimdFactory.toString()}`, worker);
    expect(imported).toEqual([glueUrl]);
    expect(typeof worker.WasmBackendModuleThreadedSimd).toBe('function');
    expect((worker.WasmBackendModuleThreadedSimd as () => unknown).length).toBe(1); // (moduleArg) => Promise
    // Threads still need cross-origin isolation, which Node does not have.
    expect((await probeCapabilities()).wasmThreads).toBe(1);
  });
});
