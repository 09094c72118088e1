import { describe, expect, it } from 'vitest';
import { catalog, isMethodId, methodIds, methodInfo } from './catalog';
import { getMethod, methods, registry } from './registry';

describe('catalog and registry', () => {
  it('binds every catalog entry to the implementation that carries its description', () => {
    expect(Object.keys(registry).sort()).toEqual([...methodIds].sort());
    for (const id of methodIds) {
      const { create, ...info } = registry[id];
      expect(typeof create).toBe('function');
      expect(info).toEqual(catalog[id]);
    }
  });

  it('lists the implementations in catalog order', () => {
    expect(methods.map((m) => m.id)).toEqual(methodIds);
  });

  it('knows only catalog ids (inherited object keys included)', () => {
    expect(isMethodId('rotation')).toBe(true);
    for (const bad of ['toString', 'constructor', '__proto__', 'simclr?', '', 3]) expect(isMethodId(bad)).toBe(false);
    expect(() => methodInfo('toString')).toThrow(/Unknown method "toString"/);
    expect(() => getMethod('nope')).toThrow(/Known: rotation, jigsaw/);
    expect(getMethod('cpc')).toBe(registry.cpc);
  });

  it('gives every param a default inside its range', () => {
    for (const m of Object.values(catalog)) {
      for (const p of m.params) {
        if (typeof p.default === 'number') expect(p.default).toBeGreaterThanOrEqual(p.min ?? -Infinity);
        if (typeof p.default === 'number') expect(p.default).toBeLessThanOrEqual(p.max ?? Infinity);
        if (p.options) expect(p.options).toContain(p.default);
      }
    }
  });
});
