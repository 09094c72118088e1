import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import jpeg from 'jpeg-js';
import { describe, expect, it } from 'vitest';
import { checkPoolMeta, poolOffsets } from './samplePool';
import { validateImage } from './validate';

const repo = join(__dirname, '../..');
const json = JSON.parse(readFileSync(join(repo, 'public/sample/pool.json'), 'utf8')) as unknown;
const bin = new Uint8Array(readFileSync(join(repo, 'public/sample/pool.bin')));
const meta = checkPoolMeta(json, bin.length);
const offsets = poolOffsets(meta.lengths);
const entry = (i: number) => bin.subarray(offsets[i], offsets[i + 1]);

describe('packed unlabelled pool (public/sample/pool.{json,bin})', () => {
  it('indexes 10,000 32 px JPEGs whose lengths add up to pool.bin', () => {
    expect({ name: meta.name, count: meta.count, resolution: meta.resolution }).toEqual({
      name: 'CIFAR-10 unlabelled pool',
      count: 10_000,
      resolution: 32,
    });
    expect(meta.source).toMatch(/CIFAR-10.*Krizhevsky/);
    expect(offsets.length).toBe(10_001);
    expect(offsets[10_000]).toBe(bin.length);
  });

  it('holds whole JPEG files at its offsets: each one validates as 32×32 and ends with its end marker', () => {
    for (let i = 0; i < meta.count; i++) {
      const b = entry(i);
      const v = validateImage(b);
      if (!v.ok || v.info.width !== 32 || v.info.height !== 32 || b[b.length - 2] !== 0xff || b[b.length - 1] !== 0xd9)
        throw new Error(`entry ${i}: ${JSON.stringify(v)}`);
    }
  });

  it('decodes to distinct photos (entries 0, 1 and 9,999 decoded with jpeg-js)', () => {
    const rgb = [0, 1, 9_999].map((i) => jpeg.decode(entry(i), { useTArray: true, formatAsRGBA: false }));
    for (const img of rgb) expect([img.width, img.height, img.data.length]).toEqual([32, 32, 3072]);
    expect(rgb[0].data).not.toEqual(rgb[1].data);
    expect(rgb[1].data).not.toEqual(rgb[2].data);
  });

  it('refuses an index that does not describe itself', () => {
    const ok = { name: 'p', count: 2, resolution: 32, source: 's', lengths: [3, 4] };
    expect(checkPoolMeta(ok, 7)).toEqual(ok);
    expect(() => checkPoolMeta(ok, 8)).toThrow(/add up to 7 bytes, pool.bin has 8/);
    expect(() => checkPoolMeta({ ...ok, count: 3 }, 7)).toThrow(/2 lengths/);
    expect(() => checkPoolMeta({ ...ok, lengths: [3, -1] }, 2)).toThrow(/whole numbers/);
    expect(() => checkPoolMeta({ ...ok, lengths: [3, 1.5] }, 4.5)).toThrow(/whole numbers/);
    expect(() => checkPoolMeta({ ...ok, source: undefined }, 7)).toThrow(/lacks/);
    expect(() => checkPoolMeta(null, 0)).toThrow(/lacks/);
  });
});
