import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { textSetFromPacked, type PackedTextSample } from './textSample';

const packed = JSON.parse(gunzipSync(readFileSync(join(__dirname, '../../public/sample/text.bin'))).toString('utf8')) as PackedTextSample;

describe('the packed text sample', () => {
  it('has five authors, several books each, and groups that keep a book on one side', () => {
    const set = textSetFromPacked(packed);
    expect(set.classNames).toEqual(['austen', 'conan_doyle', 'dickens', 'jack_london', 'twain']);
    expect(set.texts.length).toBeGreaterThan(500);
    for (let c = 0; c < set.classNames.length; c++) {
      const books = new Set(set.groups.filter((_, i) => set.labels[i] === c));
      expect(books.size).toBe(4);
      for (const b of books) expect(b.startsWith(`${set.classNames[c]}/`)).toBe(true);
    }
    expect(set.texts.every((t) => t.length >= 100 && t === t.trim())).toBe(true);
  });
  it('names arrays that disagree', () => {
    expect(() => textSetFromPacked({ ...packed, labels: packed.labels.slice(1) })).toThrow(/texts but/);
  });
});
