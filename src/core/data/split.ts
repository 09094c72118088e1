import { Rng } from '../rng';

export interface Split {
  /** Indices into the ImageSet, sorted ascending. */
  train: Int32Array;
  test: Int32Array;
}

/**
 * Seeded stratified split: each class contributes the same fraction to the test set, at least one image per
 * class with two or more images. Unlabelled images stay in train (held out they could not be scored, and
 * self-supervised methods pre-train on them) unless nothing is labelled: then they are held out the same way,
 * so the views and the projection still show images the network did not train on.
 */
export function stratifiedSplit(labels: Int32Array, testFraction: number, seed: number): Split {
  const rng = new Rng(seed);
  const byClass = new Map<number, number[]>();
  labels.forEach((l, i) => {
    const list = byClass.get(l) ?? [];
    list.push(i);
    byClass.set(l, list);
  });
  const train: number[] = [];
  const test: number[] = [];
  const holdOutUnlabelled = byClass.size === 1 && byClass.has(-1);
  for (const key of [...byClass.keys()].sort((a, b) => a - b)) {
    const idx = rng.shuffle(byClass.get(key)!) as number[];
    let nTest = key >= 0 || holdOutUnlabelled ? Math.round(idx.length * testFraction) : 0;
    if (idx.length >= 2 && (key >= 0 || holdOutUnlabelled)) nTest = Math.min(Math.max(nTest, 1), idx.length - 1);
    else nTest = 0;
    test.push(...idx.slice(0, nTest));
    train.push(...idx.slice(nTest));
  }
  const sorted = (a: number[]) => Int32Array.from(a).sort();
  return { train: sorted(train), test: sorted(test) };
}

/** The first `perClass` train images of each class (in a seeded order): the label-efficiency subsets. */
export function labelSubset(labels: Int32Array, train: Int32Array, perClass: number, seed: number): Int32Array {
  const rng = new Rng(seed);
  const order = rng.shuffle(Int32Array.from(train)) as Int32Array;
  const taken = new Map<number, number>();
  const out: number[] = [];
  for (const i of order) {
    const l = labels[i];
    if (l < 0) continue;
    const n = taken.get(l) ?? 0;
    if (n < perClass) {
      out.push(i);
      taken.set(l, n + 1);
    }
  }
  return Int32Array.from(out).sort();
}
