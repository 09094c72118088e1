/**
 * Image ingestion: the user's files → an ImageSet, plus a report of every file that was rejected.
 *
 *   // in the drop handler (reads the items before its first await):
 *   const entries = await collectFromDrop(event.dataTransfer.items);
 *   // or from <input type=file webkitdirectory multiple> / a plain multi-file input:
 *   const entries = await collectFromFileList(input.files);
 *   const { set, rejected } = await ingestFiles(entries, { resolution: 32, name: 'My photos', signal, onProgress });
 *   // set: ImageSet (classes = first-level sub-folders, sorted; images in the root folder get label -1)
 *   // rejected: [{ file: 'pets/cat/notes.jpg', reason: 'not an image' }, …], in path order
 *   // onProgress({ done, total, rejected }) at most ~10 times a second, and once at the end
 *   // aborting `signal` stops the workers and rejects with signal.reason
 *
 * Every file ends up either in the set or in `rejected`. Images keep the (sorted) path order.
 * The built-in sample comes from loadSample() in ./sample.ts, its unlabelled pool from loadSamplePool() in ./samplePool.ts.
 */
import type { ImageSet } from '../core/data/imageSet';
import { evenBatches, FILES_PER_MESSAGE } from './batches';
import type { FileEntry } from './collect';
import { decodeAll, type IngestProgress } from './pool';

export { collectFromDrop, collectFromFileList, labelFromPath, type FileEntry } from './collect';
export { loadSample } from './sample';
export type { IngestProgress } from './pool';

/** Largest pixel buffer ingestion will build (all images at the chosen resolution, uint8 RGB). */
export const MAX_DATASET_BYTES = 1024 * 1024 * 1024;

export interface IngestOptions {
  resolution?: number;
  name?: string;
  signal?: AbortSignal;
  onProgress?: (p: IngestProgress) => void;
}

export interface Rejection {
  file: string;
  reason: string;
}

export interface IngestResult {
  set: ImageSet;
  rejected: Rejection[];
}

export async function ingestFiles(entries: FileEntry[], options: IngestOptions = {}): Promise<IngestResult> {
  const { resolution = 32, name = 'My images', signal, onProgress } = options;
  signal?.throwIfAborted();
  const sorted = [...entries].sort((a, b) => compare(a.path, b.path));
  checkDatasetSize(sorted.length, resolution);
  const batches = evenBatches(sorted.length, FILES_PER_MESSAGE); // not by size: reading 10,000 sizes blocked the page for seconds
  const { pixels, reasons } = await decodeAll(
    sorted.length,
    batches,
    (start, end) => ({ files: sorted.slice(start, end).map((e) => e.file) }),
    { resolution, signal, onProgress },
  );
  return assembleImageSet(sorted, pixels, reasons, resolution, name);
}

/** Throws when `count` images at `resolution` would exceed MAX_DATASET_BYTES. */
export function checkDatasetSize(count: number, resolution: number): void {
  if (count * resolution * resolution * 3 > MAX_DATASET_BYTES)
    throw new Error(
      `${count} images at ${resolution} px need more than ${MAX_DATASET_BYTES / 2 ** 20} MB: choose a lower resolution or fewer images`,
    );
}

/**
 * Builds the result from per-item outcomes (pure; exported for tests): slot i of `pixels` holds
 * entry i's image unless `reasons[i]` rejects it. Class names are the kept images' labels, sorted.
 */
export function assembleImageSet(
  entries: Pick<FileEntry, 'path' | 'label'>[],
  pixels: Uint8Array,
  reasons: (string | null)[],
  resolution: number,
  name: string,
): IngestResult {
  const imageBytes = resolution * resolution * 3;
  // plain loops: this runs on the main thread over every file (10,000+)
  const names = new Set<string>();
  for (let i = 0; i < entries.length; i++) if (reasons[i] === null && entries[i].label !== null) names.add(entries[i].label!);
  const classNames = [...names].sort(compare);
  const classIndex = new Map(classNames.map((c, k) => [c, k]));
  const labels: number[] = [];
  const rejected: Rejection[] = [];
  for (let i = 0; i < entries.length; i++) {
    const reason = reasons[i];
    if (reason !== null) {
      rejected.push({ file: entries[i].path, reason });
      continue;
    }
    const to = labels.length;
    if (i !== to) pixels.copyWithin(to * imageBytes, i * imageBytes, (i + 1) * imageBytes);
    labels.push(classIndex.get(entries[i].label ?? '') ?? -1);
  }
  const compacted = labels.length === entries.length ? pixels : pixels.slice(0, labels.length * imageBytes);
  return { set: { name, resolution, pixels: compacted, labels: Int32Array.from(labels), classNames }, rejected };
}

/** Code-unit order: the same in every locale, and the order scripts/packSample.mjs uses. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
