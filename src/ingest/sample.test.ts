import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import jpeg from 'jpeg-js';
import { describe, expect, it } from 'vitest';
import { classCounts, imageCount } from '../core/data/imageSet';
import { sampleFromPacked, type SampleMeta } from './sample';

const repo = join(__dirname, '../..');
const meta = JSON.parse(readFileSync(join(repo, 'public/sample/meta.json'), 'utf8')) as SampleMeta;
const packed = new Uint8Array(readFileSync(join(repo, 'public/sample/pixels.bin')));
const set32 = sampleFromPacked(meta, packed, 32);
const fixtureRgb = (path: string) =>
  jpeg.decode(readFileSync(join(repo, 'e2e/fixtures/folder', path)), { useTArray: true, formatAsRGBA: false }).data;

describe('packed sample dataset', () => {
  it('holds 2000 32 px images, 200 in each of 10 classes', () => {
    expect(packed.length).toBe(2000 * 32 * 32 * 3);
    const set = set32;
    expect(imageCount(set)).toBe(2000);
    expect(set.classNames).toEqual(['airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck']);
    expect(classCounts(set)).toEqual(new Array(10).fill(200));
  });

  it('is class-major in sorted file order: images 0, 1 and 200 are the first airplanes and the first automobile', () => {
    const set = set32;
    const image = (i: number) => set.pixels.subarray(i * 3072, (i + 1) * 3072);
    expect(image(0)).toEqual(fixtureRgb('airplane/0000.jpg'));
    expect(image(1)).toEqual(fixtureRgb('airplane/0001.jpg'));
    expect(image(200)).toEqual(fixtureRgb('automobile/0000.jpg'));
    expect([set.labels[199], set.labels[200]]).toEqual([0, 1]);
  });

  it('resizes to another resolution on load', () => {
    const set = sampleFromPacked(meta, packed, 48);
    expect(set.resolution).toBe(48);
    expect(set.pixels.length).toBe(2000 * 48 * 48 * 3);
    expect(set.labels.length).toBe(2000);
  });

  it('refuses files that do not match each other', () => {
    expect(() => sampleFromPacked(meta, packed.subarray(3072), 32)).toThrow(/expected/);
    expect(() => sampleFromPacked({ ...meta, labels: [0, 1] }, packed, 32)).toThrow(/labels/);
  });
});
