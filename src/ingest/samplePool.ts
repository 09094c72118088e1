// The built-in unlabelled pool: public/sample/{pool.json, pool.bin}, written by scripts/packSample.mjs.
// pool.bin holds the original JPEG files' bytes end to end, in file-name order; pool.json gives each one's
// byte length. Loaded in the decode worker pool like a folder of files, but from one download, read by the
// workers a batch (one slice of pool.bin) at a time.
import { planBatches, type BatchLimits } from './batches';
import { assembleImageSet, checkDatasetSize, type IngestResult } from './ingest';
import { decodeAll, type IngestProgress } from './pool';
import { fetchSampleFile } from './sample';

export interface PoolMeta {
  name: string;
  count: number;
  /** Side of every packed image in pixels. */
  resolution: number;
  source: string;
  /** Byte length of each JPEG in pool.bin, in order. */
  lengths: number[];
}

export interface PoolLoadOptions {
  signal?: AbortSignal;
  /** At most ~10 calls a second, and once at the end. */
  onProgress?: (p: IngestProgress) => void;
}

/** Packed JPEGs per worker message: one read each, so only the per-message cost is left to spread. */
const POOL_BATCH: BatchLimits = { maxItems: 128, maxTotal: 1024 * 1024 };

/**
 * Fetches the pool (two requests) and decodes it off the main thread, resized to `resolution`:
 * { set: 10,000 unlabelled images (labels −1, no classes), rejected: entries that failed to decode,
 * named "sample/pool.bin #<index>" }. Aborting `signal` stops the download or the workers and rejects
 * with signal.reason.
 */
export async function loadSamplePool(
  resolution = 32,
  baseUrl: string = import.meta.env.BASE_URL,
  options: PoolLoadOptions = {},
): Promise<IngestResult> {
  const { signal, onProgress } = options;
  const get = (file: string) => fetchSampleFile(baseUrl, file, 'the unlabelled pool', signal);
  // a Blob, not an ArrayBuffer: the bytes never pass through this thread, where finishing an ArrayBuffer
  // or stream read of the 9 MB took one 40–110 ms task; each worker reads its batch's slice itself
  const [json, bin] = await Promise.all([
    get('pool.json').then((r) => r.json() as Promise<unknown>),
    get('pool.bin').then((r) => r.blob()),
  ]);
  const meta = checkPoolMeta(json, bin.size);
  checkDatasetSize(meta.count, resolution);
  const offsets = poolOffsets(meta.lengths);
  const batches = planBatches(meta.lengths, POOL_BATCH);
  const sourceOf = (start: number, end: number) => ({
    packed: bin.slice(offsets[start], offsets[end]),
    lengths: meta.lengths.slice(start, end),
  });
  const { pixels, reasons } = await decodeAll(meta.count, batches, sourceOf, { resolution, signal, onProgress });
  const entries = meta.lengths.map((_, i) => ({ path: `sample/pool.bin #${i}`, label: null }));
  return assembleImageSet(entries, pixels, reasons, resolution, meta.name);
}

/** pool.json checked against itself and pool.bin's size; throws on any mismatch. */
export function checkPoolMeta(json: unknown, binBytes: number): PoolMeta {
  const m = json as Partial<PoolMeta> | null;
  if (
    !m ||
    typeof m.name !== 'string' ||
    typeof m.source !== 'string' ||
    !Number.isInteger(m.resolution) ||
    !Number.isInteger(m.count) ||
    !Array.isArray(m.lengths)
  )
    throw new Error('unlabelled pool: pool.json lacks name, count, resolution, source or lengths');
  if (m.lengths.length !== m.count) throw new Error(`unlabelled pool: ${m.count} images but ${m.lengths.length} lengths`);
  if (!m.lengths.every((n) => Number.isInteger(n) && n >= 0)) throw new Error('unlabelled pool: lengths must be whole numbers of bytes');
  const total = poolOffsets(m.lengths)[m.count!];
  if (total !== binBytes) throw new Error(`unlabelled pool: lengths add up to ${total} bytes, pool.bin has ${binBytes}`);
  return m as PoolMeta;
}

/** Where each entry starts in pool.bin: offsets[i] … offsets[i + 1] is entry i; offsets[count] is the total. */
export function poolOffsets(lengths: number[]): number[] {
  const offsets = new Array<number>(lengths.length + 1);
  offsets[0] = 0;
  for (let i = 0; i < lengths.length; i++) offsets[i + 1] = offsets[i] + lengths[i];
  return offsets;
}
