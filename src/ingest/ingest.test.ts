import { describe, expect, it } from 'vitest';
import type { FileEntry } from './collect';
import { assembleImageSet } from './ingest';

const entry = (path: string, label: string | null): FileEntry => ({ file: new File([path], path.split('/').pop()!), path, label });

describe('assembleImageSet', () => {
  // 2×2 px images: slot i is filled with the value 10·(i + 1) so moves are visible.
  const r = 2,
    bytes = r * r * 3;
  const entries = [
    entry('d/cat/a.jpg', 'cat'),
    entry('d/notes.txt', null),
    entry('d/ant/b.png', 'ant'),
    entry('d/zebra/c.svg', 'zebra'),
    entry('d/root.jpg', null),
  ];
  const slots = () => Uint8Array.from({ length: entries.length * bytes }, (_, k) => 10 * (Math.floor(k / bytes) + 1));
  const reasons = [null, 'not an image', null, 'unsupported format (SVG)', null];

  it('keeps every valid image, lists every rejection, and labels by sorted kept classes', () => {
    const { set, rejected } = assembleImageSet(entries, slots(), reasons, r, 'mine');
    expect(set.classNames).toEqual(['ant', 'cat']); // 'zebra' had no valid image
    expect(Array.from(set.labels)).toEqual([1, 0, -1]);
    expect(set.pixels.length).toBe(3 * bytes);
    expect([set.pixels[0], set.pixels[bytes], set.pixels[2 * bytes]]).toEqual([10, 30, 50]);
    expect(rejected).toEqual([
      { file: 'd/notes.txt', reason: 'not an image' },
      { file: 'd/zebra/c.svg', reason: 'unsupported format (SVG)' },
    ]);
    expect(set.labels.length + rejected.length).toBe(entries.length);
    expect({ name: set.name, resolution: set.resolution }).toEqual({ name: 'mine', resolution: r });
  });

  it('uses the buffer as is when nothing was rejected', () => {
    const pixels = slots();
    const { set, rejected } = assembleImageSet(
      entries,
      pixels,
      entries.map(() => null),
      r,
      'all',
    );
    expect(set.pixels).toBe(pixels);
    expect(rejected).toEqual([]);
    expect(set.classNames).toEqual(['ant', 'cat', 'zebra']);
  });
});
