/** A dataset as the core sees it: square RGB images at one resolution, with optional labels. */
export interface ImageSet {
  name: string;
  /** Side of every image in pixels. */
  resolution: number;
  /** uint8 RGB, [count, resolution, resolution, 3] row-major. */
  pixels: Uint8Array;
  /** Class index per image, -1 when unlabelled. */
  labels: Int32Array;
  /** Class names; labels index into it. Empty for an unlabelled set. */
  classNames: string[];
}

export function imageCount(set: ImageSet): number {
  return set.labels.length;
}

/** Images per class, in classNames order (unlabelled images are not counted). */
export function classCounts(set: ImageSet): number[] {
  const counts = new Array<number>(set.classNames.length).fill(0);
  for (const l of set.labels) if (l >= 0) counts[l]++;
  return counts;
}

export function isLabelled(set: ImageSet): boolean {
  return set.classNames.length >= 2 && set.labels.some((l) => l >= 0);
}

/** True when every image has R = G = B (colorization cannot learn from these). */
export function isGrayscale(set: ImageSet): boolean {
  const p = set.pixels;
  for (let i = 0; i < p.length; i += 3) if (p[i] !== p[i + 1] || p[i] !== p[i + 2]) return false;
  return true;
}

/** `set` followed by `pool`'s images, all of the pool's unlabelled (any labels it has are dropped). */
export function withUnlabelled(set: ImageSet, pool: ImageSet): ImageSet {
  if (pool.resolution !== set.resolution)
    throw new Error(`The unlabelled images are ${pool.resolution} px, the dataset's ${set.resolution} px.`);
  const pixels = new Uint8Array(set.pixels.length + pool.pixels.length);
  pixels.set(set.pixels);
  pixels.set(pool.pixels, set.pixels.length);
  const labels = new Int32Array(set.labels.length + pool.labels.length).fill(-1);
  labels.set(set.labels);
  return { ...set, pixels, labels };
}
