import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { labelFromPath } from './collect';
import { assembleTextSet, readTextFiles, type TextEntry } from './textItems';
import { looksLikeText } from './textIngest';
import { BINARY, NOT_TXT, NOT_UTF8 } from './textValidate';

const fixtures = join(__dirname, '../../e2e/fixtures');

/** The fixture folder as a folder picker gives it: paths start with the folder's name. */
function folder(name: string): TextEntry[] {
  const out: TextEntry[] = [];
  const walk = (rel: string) => {
    for (const d of readdirSync(join(fixtures, rel), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const path = `${rel}/${d.name}`;
      if (d.isDirectory()) walk(path);
      else out.push({ file: new Blob([readFileSync(join(fixtures, path))]), path, label: labelFromPath(path, true) });
    }
  };
  walk(name);
  return out.sort((a, b) => (a.path < b.path ? -1 : 1));
}

describe('text ingestion (worker side, real files)', () => {
  it('makes one item per .txt file, classes from sub-folders, books as groups, and reports the bad files', async () => {
    const entries = folder('text-folder');
    const progress: number[] = [];
    const { set, rejected } = assembleTextSet(entries, await readTextFiles(entries, (p) => progress.push(p.done)));
    expect(set.classNames).toEqual(['austen', 'dickens', 'twain']);
    expect(set.texts).toHaveLength(10);
    expect(rejected).toEqual([
      { file: 'text-folder/austen/scan.txt', reason: BINARY },
      { file: 'text-folder/dickens/latin1.txt', reason: NOT_UTF8 },
    ]);
    const emma = set.names.indexOf('text-folder/austen/emma__p0003.txt');
    expect(set.labels[emma]).toBe(0);
    expect(set.groups[emma]).toBe('text-folder/austen/emma');
    expect(new Set(set.groups).size).toBe(7); // 6 books in classes + the unlabelled file
    expect(set.labels[set.names.indexOf('text-folder/white_fang__p0010.txt')]).toBe(-1);
    expect(set.texts[emma].startsWith(' ')).toBe(false);
    expect(progress.at(-1)).toBe(entries.length);
  });

  it('splits a lone .txt file into paragraphs', async () => {
    const entries = folder('text-single');
    const { set, rejected } = assembleTextSet(entries, await readTextFiles(entries));
    expect(rejected).toEqual([]);
    expect(set.names).toEqual([1, 2, 3, 4, 5].map((k) => `text-single/scarlet.txt#${k}`));
    expect(set.groups).toEqual(set.names);
    expect([...set.labels]).toEqual([-1, -1, -1, -1, -1]);
  });

  it('rejects files that are not .txt, and an item with no class keeps the classes of the others', async () => {
    const entries: TextEntry[] = [
      { file: new Blob(['a']), path: 'd/a/x.txt', label: 'a' },
      { file: new Blob(['b']), path: 'd/b/notes.md', label: 'b' },
    ];
    const { set, rejected } = assembleTextSet(entries, await readTextFiles(entries));
    expect(set.classNames).toEqual(['a']);
    expect(rejected).toEqual([{ file: 'd/b/notes.md', reason: NOT_TXT }]);
  });

  it('tells a text folder from an image folder', () => {
    expect(looksLikeText(folder('text-folder'))).toBe(true);
    expect(looksLikeText([{ path: 'p/a.jpg' }, { path: 'p/b.jpg' }, { path: 'p/c.txt' }])).toBe(false);
    expect(looksLikeText([])).toBe(false);
  });
});
