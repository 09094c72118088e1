import { describe, expect, it } from 'vitest';
import { experimentQuery, parseExperiment } from './urlParams';

const known = ['rotation', 'jigsaw', 'cpc'];

describe('parseExperiment', () => {
  it('reads every parameter', () => {
    const e = parseExperiment('?backend=wasm&res=48&methods=cpc,rotation&steps=20&batch=8&seed=7&autostart=1&dataset=none&pool=none', known);
    expect(e).toEqual({ backend: 'wasm', resolution: 48, methods: ['cpc', 'rotation'], steps: 20, batchSize: 8, seed: 7, autostart: true, dataset: 'none', pool: false });
  });

  it('falls back on unknown or out-of-range values', () => {
    const e = parseExperiment('?backend=cuda&res=33&methods=rotation,bogus,rotation&steps=-5&batch=abc', known);
    expect(e.backend).toBe('auto');
    expect(e.resolution).toBe(32);
    expect(e.methods).toEqual(['rotation']);
    expect(e.steps).toBe(1);
    expect(e.batchSize).toBeUndefined(); // not a number: the methods' own batch sizes
    expect(e.autostart).toBe(false);
    expect(e.dataset).toBe('sample');
  });

  it('round-trips through experimentQuery', () => {
    const e = parseExperiment('?backend=webgpu&methods=jigsaw&steps=99&autostart=1&pool=none', known);
    expect(parseExperiment(experimentQuery(e), known)).toEqual(e);
    expect(experimentQuery(parseExperiment('', known))).toBe('');
  });
});
