import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { backendInfo, probeCapabilities, selectBackend } from './select';

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
});
