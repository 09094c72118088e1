import { describe, expect, it } from 'vitest';
import { tinyConfig } from '../testUtils';
import { params as colorization } from './colorization/info';
import { defineParams } from './params';
import { params as simclr } from './simclr/info';

describe('defineParams', () => {
  const p = defineParams([
    { key: 'tau', label: 'τ', help: 'h', default: 0.5, min: 0, max: 1 },
    { key: 'mode', label: 'Mode', help: 'h', default: 'a', options: ['a', 'b'] },
  ]);

  it("reads every param from a run's config, falling back to the spec's default", () => {
    expect(p.read(tinyConfig({ params: {} }))).toEqual({ tau: 0.5, mode: 'a' });
    expect(p.read(tinyConfig({ params: { mode: 'b' } }))).toEqual({ tau: 0.5, mode: 'b' });
    expect(p.read(tinyConfig({ params: { tau: 0.1, other: 3 } }))).toEqual({ tau: 0.1, mode: 'a' });
  });

  it("reads a method's own params by name (typed: a misspelt key does not compile)", () => {
    expect(simclr.read(tinyConfig({ params: { temperature: 0.2 } })).temperature).toBe(0.2);
    expect(colorization.read(tinyConfig({ params: {} })).mode).toBe('classification');
    expect(simclr.specs.map((s) => s.key)).toEqual(['temperature', 'minScale', 'colorStrength', 'viewSize', 'projection']);
  });
});
