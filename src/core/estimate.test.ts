import { describe, expect, it } from 'vitest';
import { defaultConfig, type TrainConfig } from './config';
import {
  BATCH_SHARE,
  COSTS,
  encoderScale,
  measuredSpeed,
  PRIOR_CONFIG,
  PIXEL_SHARE,
  PRIOR_IMAGES_PER_SEC,
  priorStepSeconds,
  runCost,
  runSeconds,
  speedFor,
  stepScale,
} from './estimate';

const wasm2 = { backend: 'wasm', threads: PRIOR_CONFIG.threads };
const cfg: TrainConfig = { ...defaultConfig, batchSize: 64, checkpointEvery: 100 };

describe('the run-time estimate', () => {
  it("at the prior config is the bench throughput, at the app's level", () => {
    expect(priorStepSeconds('rotation', cfg, wasm2)).toBeCloseTo((64 * COSTS.APP) / PRIOR_IMAGES_PER_SEC.rotation, 9);
  });

  it('grows with the pixels, the width squared and the depth; shrinks with threads', () => {
    expect(encoderScale({ resolution: 64, width: 16, depth: 3 })).toBe(4);
    expect(encoderScale({ resolution: 32, width: 32, depth: 3 })).toBe(4);
    expect(encoderScale({ resolution: 32, width: 16, depth: 6 })).toBe(2);
    expect(priorStepSeconds('rotation', { ...cfg, resolution: 64 }, wasm2) / priorStepSeconds('rotation', cfg, wasm2)).toBeCloseTo(4, 9);
    // only a method's pixel share grows with the pixels: CPC's 8-px patches and its head do not
    const cpc64 = priorStepSeconds('cpc', { ...cfg, resolution: 64 }, wasm2) / priorStepSeconds('cpc', cfg, wasm2);
    expect(cpc64).toBeCloseTo(1 - PIXEL_SHARE.cpc + 4 * PIXEL_SHARE.cpc, 9);
    expect(cpc64).toBeLessThan(4);
    expect(stepScale('jigsaw', { resolution: 32, width: 32, depth: 6 })).toBe(8); // width² × depth as the encoder's
    expect(priorStepSeconds('cpc', cfg, { backend: 'wasm', threads: 1 })).toBeGreaterThan(priorStepSeconds('cpc', cfg, wasm2));
    // plain JavaScript is far slower than WASM; a GPU starts from the WASM figure until a run measures it
    expect(priorStepSeconds('cpc', cfg, { backend: 'cpu', threads: null })).toBeGreaterThan(100 * priorStepSeconds('cpc', cfg, wasm2));
    expect(priorStepSeconds('cpc', cfg, { backend: 'webgpu', threads: null })).toBe(priorStepSeconds('cpc', cfg, wasm2));
  });

  it("costs CPC more per image at a larger batch (its scores span the batch); the others' per-image cost is flat", () => {
    const perImage = (m: 'cpc' | 'rotation', batchSize: number) => priorStepSeconds(m, { ...cfg, batchSize }, wasm2) / batchSize;
    expect(perImage('cpc', 32) / perImage('cpc', 64)).toBeCloseTo(1 - BATCH_SHARE.cpc! / 2, 9);
    expect(perImage('cpc', 128)).toBeGreaterThan(perImage('cpc', 64));
    expect(perImage('rotation', 32)).toBeCloseTo(perImage('rotation', 64), 12);
  });

  it('is linear in steps: fixed costs, then each step with its share of the checkpoints', () => {
    const c = runCost('simclr', cfg, wasm2, 245);
    expect(c.stepSeconds).toBeCloseTo(priorStepSeconds('simclr', cfg, wasm2) + COSTS.CHECKPOINT / 100, 9);
    expect(runSeconds(c, 1000) - runSeconds(c, 0)).toBeCloseTo(1000 * c.stepSeconds, 6);
    expect(runSeconds(c, 0)).toBe(c.fixedSeconds);
    expect(runCost('simclr', cfg, wasm2, 20_000).fixedSeconds).toBeGreaterThan(c.fixedSeconds); // the evaluation embeds every image
  });

  it('scales by the speed measured on this browser', () => {
    const slow = runCost('jigsaw', cfg, wasm2, 245, 2);
    const prior = runCost('jigsaw', cfg, wasm2, 245);
    expect(slow.stepSeconds - COSTS.CHECKPOINT / 100).toBeCloseTo(2 * (prior.stepSeconds - COSTS.CHECKPOINT / 100), 9);
    expect(slow.fixedSeconds).toBeCloseTo(2 * prior.fixedSeconds, 9);
  });

  it("reads a run's speed from its images/s: the prior's own rate is 1, half of it 2", () => {
    const rate = cfg.batchSize / priorStepSeconds('autoencoder', cfg, wasm2);
    expect(measuredSpeed('autoencoder', cfg, wasm2, rate)).toBeCloseTo(1, 9);
    expect(measuredSpeed('autoencoder', cfg, wasm2, rate / 2)).toBeCloseTo(2, 9);
    expect(measuredSpeed('autoencoder', cfg, wasm2, 0)).toBeNull();
  });

  it("uses a method's own measured speed, else the backend's median, else the prior", () => {
    expect(speedFor('cpc', { cpc: 1.4, rotation: 0.5 })).toEqual({ speed: 1.4, source: 'method' });
    expect(speedFor('cpc', { rotation: 0.5, jigsaw: 1.5, simclr: 0.9 })).toEqual({ speed: 0.9, source: 'backend' });
    expect(speedFor('cpc', { rotation: 0.5, jigsaw: 1.5 })).toEqual({ speed: 1, source: 'backend' });
    expect(speedFor('cpc', {})).toEqual({ speed: 1, source: 'prior' });
  });
});
