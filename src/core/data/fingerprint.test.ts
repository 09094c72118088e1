import { describe, expect, it } from 'vitest';
import { fingerprint } from './fingerprint';
import type { ImageSet } from './imageSet';

const set = (over: Partial<ImageSet> = {}): ImageSet => ({
  name: 'cats',
  resolution: 2,
  pixels: Uint8Array.from({ length: 4 * 12 }, (_, i) => (i * 37) % 256),
  labels: Int32Array.from([0, 1, 0, 1]),
  classNames: ['a', 'b'],
  ...over,
});

describe('fingerprint', () => {
  it('is the same for the same images and labels, whatever the name', () => {
    expect(fingerprint(set())).toMatch(/^[0-9a-f]{8}$/);
    expect(fingerprint(set({ name: 'other name' }))).toBe(fingerprint(set()));
  });

  it('changes with a label, a pixel, a class name or the resolution', () => {
    const base = fingerprint(set());
    const pixels = set().pixels.slice();
    pixels[5] ^= 1;
    expect(fingerprint(set({ labels: Int32Array.from([0, 1, 1, 1]) }))).not.toBe(base);
    expect(fingerprint(set({ pixels }))).not.toBe(base);
    expect(fingerprint(set({ classNames: ['a', 'c'] }))).not.toBe(base);
    expect(fingerprint(set({ resolution: 4, pixels: new Uint8Array(4 * 48) }))).not.toBe(
      fingerprint(set({ resolution: 2, pixels: new Uint8Array(4 * 12) })),
    );
  });
});
