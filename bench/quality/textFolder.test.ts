import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTextFolder } from './textFolder';
import { textOptions } from './textOptions';

describe('loadTextFolder', () => {
  it('reads classes from sub-folders, top-level files as unlabelled, books as groups, and skips empty files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'text-'));
    mkdirSync(join(dir, 'austen'));
    writeFileSync(join(dir, 'austen', 'emma__p1.txt'), 'It was a truth.');
    writeFileSync(join(dir, 'austen', 'emma__p2.txt'), '   ');
    writeFileSync(join(dir, 'loose.txt'), 'No author.');
    writeFileSync(join(dir, 'notes.md'), 'ignored');
    const set = loadTextFolder(dir);
    expect(set.names).toEqual(['austen/emma__p1.txt', 'loose.txt']);
    expect(Array.from(set.labels)).toEqual([0, -1]);
    expect(set.groups).toEqual(['austen/emma', 'loose.txt']);
    expect(set.classNames).toEqual(['austen']);
  });
});

describe('textOptions', () => {
  const numbers = (s: string) => s.split(',').map(Number);
  it('defaults to every text method but supervised, and names an unknown one', () => {
    expect(textOptions({ text: 'x' }, numbers).methods).toEqual(['nextword', 'maskedword', 'prevword', 'random']);
    expect(() => textOptions({ text: 'x', methods: 'nextword,rotation' }, numbers)).toThrow(/Unknown text method "rotation"/);
    expect(() => textOptions({ text: 'x', vocab: '1.5' }, numbers)).toThrow(/--vocab: "1.5" is not a whole number/);
  });
});
