import { describe, expect, it } from 'vitest';
import { firstAutostart } from './autostart';

/** A Storage with nothing behind it but a map. */
function memoryStorage() {
  const m = new Map<string, string>();
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), map: m };
}

describe('firstAutostart', () => {
  it('starts a link once per browser; another link starts', () => {
    const storage = memoryStorage();
    expect(firstAutostart('?methods=rotation&autostart=1', storage)).toBe(true);
    expect(firstAutostart('?methods=rotation&autostart=1', storage)).toBe(false);
    expect(firstAutostart('?methods=rotation&steps=50&autostart=1', storage)).toBe(true);
  });

  it('keeps the newest hundred links, and survives an unreadable entry or no storage at all', () => {
    const storage = memoryStorage();
    for (let i = 0; i < 101; i++) firstAutostart(`?seed=${i}`, storage);
    expect(firstAutostart('?seed=0', storage)).toBe(true); // the oldest was forgotten
    expect(firstAutostart('?seed=100', storage)).toBe(false);
    storage.map.set('pretext:autostarted', '{not json');
    expect(firstAutostart('?seed=100', storage)).toBe(true);
    expect(firstAutostart('?seed=7', undefined)).toBe(true);
  });
});
