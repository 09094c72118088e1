/** A text dataset as the core reads it: one item per text, parallel arrays (see docs/text.md). */
export interface TextSet {
  texts: string[]; // one item each (a file, or a blank-line-separated paragraph of a dropped .txt)
  names: string[]; // item names: "austen/emma__p12.txt", "big.txt#34"
  labels: Int32Array; // class index, -1 where unlabelled (top-level files)
  classNames: string[];
  groups: string[]; // what must not straddle train/test (book = file name before "__"; else the item name)
}

/** The group of an item name: the file name before "__" (a book), else the whole name. */
export function groupOf(name: string): string {
  const slash = name.lastIndexOf('/');
  const dir = slash >= 0 ? name.slice(0, slash + 1) : '';
  const file = name.slice(slash + 1);
  const cut = file.indexOf('__');
  return cut > 0 ? dir + file.slice(0, cut) : name;
}

/** Throws a clear message when the parallel arrays disagree or a label is out of range. */
export function checkTextSet(set: TextSet): void {
  const n = set.texts.length;
  if (set.names.length !== n || set.labels.length !== n || set.groups.length !== n) {
    throw new Error(`TextSet: ${n} texts but ${set.names.length} names, ${set.labels.length} labels, ${set.groups.length} groups`);
  }
  for (let i = 0; i < n; i++) {
    const l = set.labels[i];
    if (l < -1 || l >= set.classNames.length)
      throw new Error(`TextSet: item ${set.names[i]} has label ${l}, outside -1…${set.classNames.length - 1}`);
  }
}
