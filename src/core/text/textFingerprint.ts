import { fnv1a } from '../data/fingerprint';
import type { TextSet } from './textSet';

/** Characters of text read at most: a stride through a large set keeps the hash to a few milliseconds. */
const MAX_CHARS = 1 << 20;

/**
 * A short hash of what makes two text datasets the same for their runs: class names, every item's label, name and
 * book (so the split), and a strided sample of the texts' characters. Saved text runs are listed again when a set
 * with their fingerprint is loaded. FNV-1a, 32 bits, as 8 hex digits.
 */
export function textFingerprint(set: TextSet): string {
  const { mix, text, hex } = fnv1a();
  set.classNames.forEach(text);
  set.names.forEach(text);
  set.groups.forEach(text);
  for (const l of set.labels) {
    mix(l);
    mix(l >> 8);
  }
  const chars = set.texts.reduce((n, t) => n + t.length, 0);
  const stride = Math.max(1, Math.floor(chars / MAX_CHARS));
  let at = 0; // position in the texts laid end to end
  for (const t of set.texts) {
    for (let i = (stride - (at % stride)) % stride; i < t.length; i += stride) mix(t.charCodeAt(i));
    at += t.length;
  }
  return hex();
}
