import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../config';
import { catalog, methodInfos, recipeConfig } from './catalog';

describe('recipeConfig', () => {
  it("is the shared defaults, then the method's recipe, then its params' defaults", () => {
    const c = recipeConfig(catalog.simclr);
    expect(c).toMatchObject({ ...defaultConfig, ...catalog.simclr.recipe, params: expect.any(Object) });
    expect(c.batchSize).toBe(catalog.simclr.recipe!.batchSize);
    expect(c.params).toEqual(Object.fromEntries(catalog.simclr.params.map((p) => [p.key, p.default])));
    expect(recipeConfig(catalog.random)).toEqual({ ...defaultConfig, params: {} });
  });

  it('leaves the resolution and the seed to the user and the link', () => {
    for (const m of methodInfos) {
      expect(Object.keys(m.recipe ?? {})).not.toContain('resolution');
      expect(Object.keys(m.recipe ?? {})).not.toContain('seed');
      expect(recipeConfig(m).resolution).toBe(defaultConfig.resolution);
    }
  });
});
