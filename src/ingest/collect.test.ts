import { describe, expect, it } from 'vitest';
import { collectFromEntries, collectFromFileList, labelFromPath } from './collect';

describe('labelFromPath', () => {
  it('takes the first sub-folder under a dropped root folder as the class', () => {
    expect(labelFromPath('pets/cat/001.jpg', true)).toBe('cat');
    expect(labelFromPath('pets/cat/indoor/002.jpg', true)).toBe('cat');
    expect(labelFromPath('pets/003.jpg', true)).toBeNull();
  });

  it('takes the first folder as the class when several folders or loose files were dropped', () => {
    expect(labelFromPath('dog/001.jpg', false)).toBe('dog');
    expect(labelFromPath('/dog/001.jpg', false)).toBe('dog');
    expect(labelFromPath('001.jpg', false)).toBeNull();
  });
});

// Node has File but no file-system entries: these stand in for Chromium's, which hand out a folder's
// children a few per readEntries call and then an empty batch.
type Tree = { name: string; children?: Tree[] };
function entry(node: Tree, parent: string, batchSize = 2): FileSystemEntry {
  const fullPath = `${parent}/${node.name}`;
  if (!node.children)
    return {
      name: node.name,
      fullPath,
      isFile: true,
      isDirectory: false,
      file: (ok: (f: File) => void) => ok(new File([fullPath], node.name)),
    } as unknown as FileSystemEntry;
  const children = node.children.map((c) => entry(c, fullPath, batchSize));
  const createReader = () => {
    let next = 0;
    return { readEntries: (ok: (e: FileSystemEntry[]) => void) => ok(children.slice(next, (next += batchSize))) };
  };
  return { name: node.name, fullPath, isFile: false, isDirectory: true, createReader } as unknown as FileSystemEntry;
}

const files = (prefix: string, n: number): Tree[] => Array.from({ length: n }, (_, i) => ({ name: `${prefix}${i}.jpg` }));

describe('collectFromEntries', () => {
  it('walks every batch of a dropped folder and labels by class folder', async () => {
    const root = entry(
      {
        name: 'pets',
        children: [
          { name: 'cat', children: files('c', 5) },
          { name: 'dog', children: [{ name: 'deep', children: files('d', 3) }] },
          { name: 'loose.jpg' },
        ],
      },
      '',
    );
    const out = await collectFromEntries([root]);
    expect(out).toHaveLength(9);
    expect(out.filter((e) => e.label === 'cat').map((e) => e.path)).toEqual([
      'pets/cat/c0.jpg',
      'pets/cat/c1.jpg',
      'pets/cat/c2.jpg',
      'pets/cat/c3.jpg',
      'pets/cat/c4.jpg',
    ]);
    expect(out.filter((e) => e.label === 'dog')).toHaveLength(3);
    expect(out.find((e) => e.path === 'pets/loose.jpg')?.label).toBeNull();
    expect(await out[0].file.text()).toBe('/pets/cat/c0.jpg');
  });

  it('treats several dropped folders as classes and dropped files as unlabelled', async () => {
    const out = await collectFromEntries(
      [entry({ name: 'cat', children: files('c', 3) }, ''), entry({ name: 'x.png' }, '')],
      [new File(['y'], 'y.jpg')],
    );
    expect(out.map((e) => [e.path, e.label])).toEqual([
      ['y.jpg', null],
      ['cat/c0.jpg', 'cat'],
      ['cat/c1.jpg', 'cat'],
      ['cat/c2.jpg', 'cat'],
      ['x.png', null],
    ]);
  });
});

describe('collectFromFileList', () => {
  it('labels a picked folder by webkitRelativePath and leaves plain picks unlabelled', async () => {
    const picked = (path: string) => Object.defineProperty(new File(['x'], path.split('/').pop()!), 'webkitRelativePath', { value: path });
    const out = await collectFromFileList([picked('set/bird/1.jpg'), picked('set/2.jpg'), new File(['x'], '3.jpg')]);
    expect(out.map((e) => [e.path, e.label])).toEqual([
      ['set/bird/1.jpg', 'bird'],
      ['set/2.jpg', null],
      ['3.jpg', null],
    ]);
  });

  it('reads every file of a large pick, in order, from a list that is emptied once the call returns', async () => {
    const files = Array.from({ length: 4501 }, (_, i) =>
      Object.defineProperty(new File(['x'], `${i}.jpg`), 'webkitRelativePath', { value: `set/c${i % 3}/${i}.jpg` }),
    );
    const list = [...files];
    const pending = collectFromFileList(list);
    list.length = 0; // as clearing the input empties its FileList
    const out = await pending;
    expect(out.map((e) => e.file)).toEqual(files);
    expect(out[4500]).toMatchObject({ path: 'set/c0/4500.jpg', label: 'c0' });
  });
});
