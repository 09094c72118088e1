import { evalDefaults } from '../config';
import type { ImageSet } from './imageSet';

/** Pixels read at most: a stride through a large dataset keeps the hash under a few milliseconds. */
const MAX_BYTES = 1 << 20;

/**
 * A short hash of what makes two datasets comparable: the labels (and so the split, which is a function of them and
 * the shared split settings), the class names, the resolution and a strided sample of the pixels. Two runs with the
 * same fingerprint were scored on the same test images. FNV-1a, 32 bits, as 8 hex digits.
 */
export function fingerprint(set: ImageSet): string {
  const { mix, text, hex } = fnv1a();
  text(`${set.resolution} ${evalDefaults.testFraction} ${evalDefaults.splitSeed}`);
  set.classNames.forEach(text);
  for (const l of set.labels) {
    mix(l);
    mix(l >> 8);
  }
  const stride = Math.max(1, Math.floor(set.pixels.length / MAX_BYTES));
  for (let i = 0; i < set.pixels.length; i += stride) mix(set.pixels[i]);
  return hex();
}

/** FNV-1a, 32 bits: `mix` a byte, `text` a string (its UTF-16 code units' low bytes, then a 0), `hex` the hash as 8 hex digits. */
export function fnv1a() {
  let h = 0x811c9dc5;
  const mix = (byte: number) => {
    h = Math.imul(h ^ (byte & 0xff), 0x01000193);
  };
  const text = (s: string) => {
    for (let i = 0; i < s.length; i++) mix(s.charCodeAt(i));
    mix(0);
  };
  return { mix, text, hex: () => (h >>> 0).toString(16).padStart(8, '0') };
}
