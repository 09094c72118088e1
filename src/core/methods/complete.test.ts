import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalog, isMethodId, methodIds, methodInfo, methodInfos, recipeConfig, textMethodIds } from './catalog';
import { getMethod, methods, registry, textRegistry } from './registry';

/** The folders beside this file: one per method. */
const folders = readdirSync(__dirname).filter((f) => statSync(join(__dirname, f)).isDirectory());

describe('every method is whole', () => {
  it('is one folder, <id>/, with its description (info.ts) and its implementation (index.ts)', () => {
    expect([...folders].sort()).toEqual([...new Set([...methodIds, ...textMethodIds])].sort());
    for (const id of methodIds) expect(readdirSync(join(__dirname, id))).toEqual(expect.arrayContaining(['info.ts', 'index.ts']));
  });

  it('a text method is its folder too: index.ts, or text.ts beside the image method of the same id (random, supervised)', () => {
    for (const id of textMethodIds) {
      expect(readdirSync(join(__dirname, id))).toContain(isMethodId(id) ? 'text.ts' : 'index.ts');
      expect(textRegistry[id].modality).toBe('text');
    }
  });

  it('is in the catalog and the registry, in the same order, with the description the page sees', () => {
    expect(methodInfos.map((m) => m.id)).toEqual(methodIds);
    expect(Object.keys(registry)).toEqual(methodIds);
    expect(methods.map((m) => m.id)).toEqual(methodIds);
    for (const id of methodIds) {
      const { create, stepLoad, ...info } = registry[id];
      expect(typeof create).toBe('function');
      expect(typeof stepLoad).toBe('function');
      expect(info).toEqual(catalog[id]);
    }
  });

  it('describes itself and its params: unique keys, a label and help each, defaults inside their range', () => {
    for (const m of methodInfos) {
      expect(m.label).not.toBe('');
      expect(m.summary.length).toBeGreaterThan(80);
      expect(m.trainable || m.metricNames.length === 0).toBe(true);
      expect(new Set(m.params.map((p) => p.key)).size).toBe(m.params.length);
      for (const p of m.params) {
        expect([p.label, p.help].every((s) => s.length > 0)).toBe(true);
        if (typeof p.default === 'number') expect(p.default).toBeGreaterThanOrEqual(p.min ?? -Infinity);
        if (typeof p.default === 'number') expect(p.default).toBeLessThanOrEqual(p.max ?? Infinity);
        if (p.options) expect(p.options).toContain(p.default);
      }
    }
  });

  it('says what a training step holds beyond the batch (the memory estimate), nothing for the untrained baseline', () => {
    for (const m of methods) {
      const { encoded, extra } = m.stepLoad(recipeConfig(m));
      const counts = [...encoded.flatMap((p) => [p.images, p.side, p.channels, p.copies]), ...extra.flatMap((e) => [e.floats, e.copies])];
      expect(counts.every((n) => Number.isInteger(n) && n > 0)).toBe(true);
      expect(encoded.length > 0).toBe(m.trainable);
    }
  });
});

describe('method ids', () => {
  it('knows only catalog ids (inherited object keys included), in one check for the catalog and the registry', () => {
    expect(isMethodId('rotation')).toBe(true);
    for (const bad of ['toString', 'constructor', '__proto__', 'simclr?', '', 3]) expect(isMethodId(bad)).toBe(false);
    expect(() => methodInfo('toString')).toThrow(/Unknown method "toString"/);
    expect(() => getMethod('nope')).toThrow(/Unknown method "nope". Known: rotation, jigsaw/);
    expect(getMethod('cpc')).toBe(registry.cpc);
  });
});
