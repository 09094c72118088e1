import { describe, expect, it } from 'vitest';
import { resizeImages } from './resize';

/** Two 4×4 images: the first a horizontal ramp in red, the second constant. */
function twoImages(): Uint8Array {
  const p = new Uint8Array(2 * 4 * 4 * 3);
  for (let y = 0; y < 4; y++)
    for (let x = 0; x < 4; x++) {
      p.set([x * 60, 10, 200], (y * 4 + x) * 3);
      p.set([7, 77, 177], 48 + (y * 4 + x) * 3);
    }
  return p;
}

describe('resizeImages', () => {
  it('halving averages each 2×2 block', () => {
    const out = resizeImages(twoImages(), 2, 4, 2);
    expect(Array.from(out.subarray(0, 12))).toEqual([30, 10, 200, 150, 10, 200, 30, 10, 200, 150, 10, 200]);
    expect(Array.from(out.subarray(12))).toEqual(Array.from({ length: 4 }, () => [7, 77, 177]).flat());
  });

  it('upscaling keeps constants and edges, and interpolates monotonically between them', () => {
    const out = resizeImages(twoImages(), 2, 4, 12);
    expect(out.length).toBe(2 * 12 * 12 * 3);
    const row = Array.from({ length: 12 }, (_, x) => out[(5 * 12 + x) * 3]);
    expect(row[0]).toBe(0);
    expect(row[11]).toBe(180);
    for (let x = 1; x < 12; x++) expect(row[x]).toBeGreaterThanOrEqual(row[x - 1]);
    expect(new Set(Array.from(out.subarray(12 * 12 * 3)))).toEqual(new Set([7, 77, 177]));
  });

  it('refuses a buffer of the wrong size', () => {
    expect(() => resizeImages(new Uint8Array(10), 1, 4, 8)).toThrow(/expected/);
  });
});
