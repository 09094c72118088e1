// Node-side text-folder loading for `npm run quality -- --text DIR`: the app's folder convention (each first-level
// sub-folder is a class, top-level .txt files are unlabelled), one item per file, grouped by book (name before "__").
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { groupOf, type TextSet } from '../../src/core/text/textSet';

const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const isText = (name: string) => name.toLowerCase().endsWith('.txt');

export function loadTextFolder(dir: string): TextSet {
  const set: TextSet = { texts: [], names: [], labels: new Int32Array(0), classNames: [], groups: [] };
  const labels: number[] = [];
  const add = (path: string, name: string, label: number) => {
    const text = readFileSync(path, 'utf8').trim();
    if (text.length === 0) return;
    set.texts.push(text);
    set.names.push(name);
    set.groups.push(groupOf(name));
    labels.push(label);
  };
  for (const entry of readdirSync(dir).sort(byName)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) {
      const files = readdirSync(path).filter(isText).sort(byName);
      if (files.length === 0) continue;
      set.classNames.push(entry);
      for (const f of files) add(join(path, f), `${entry}/${f}`, set.classNames.length - 1);
    } else if (isText(entry)) add(path, entry, -1);
  }
  if (set.texts.length === 0) throw new Error(`${dir}: no non-empty .txt files.`);
  return { ...set, labels: Int32Array.from(labels) };
}
