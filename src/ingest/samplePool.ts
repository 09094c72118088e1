// The built-in unlabelled pool: public/sample/{pool.json, pool.bin}, written by scripts/packSample.mjs.
// pool.bin holds the original JPEG files' bytes end to end, in file-name order; pool.json gives each one's
// byte length. Loaded in the decode worker pool like a folder of files, but from one download.
import { planBatches, type BatchLimits } from './batches';
import { assembleImageSet, checkDatasetSize, type IngestResult } from './ingest';
import { decodeAll, type IngestProgress } from './pool';

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

/** Packed JPEGs per worker message: the bytes are in hand, so only the per-message cost is left to spread. */
const POOL_BATCH: BatchLimits = { maxItems: 128, maxTotal: 1024 * 1024 };

/**
 * Fetches the pool (two requests) and decodes it off the main thread, resized to `resolution`:
 * { set: 10,000 unlabelled images (labels −1, no classes), rejected: entries that failed to decode,
 * named "sample/pool.bin #<index>" }. Aborting `signal` stops the download or the workers and rejects
 * with signal.reason.
 */
export async function loadSamplePool(resolution = 32, baseUrl: string = import.meta.env.BASE_URL, options: PoolLoadOptions = {}): Promise<IngestResult> {
  const { signal, onProgress } = options;
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  const get = async (file: string) => {
    const res = await fetch(`${base}sample/${file}`, { signal });
    if (!res.ok) throw new Error(`could not load the unlabelled pool: ${file} (HTTP ${res.status})`);
    return res;
  };
  const [json, body] = await Promise.all([get('pool.json').then((r) => r.json() as Promise<unknown>), get('pool.bin')]);
  const meta = checkPoolMeta(json);
  checkDatasetSize(meta.count, resolution);
  const offsets = poolOffsets(meta.lengths);
  const bin = new Uint8Array(offsets[meta.count]);
  const download = streamInto(body, bin);
  const batches = planBatches(meta.lengths, POOL_BATCH);
  // a batch goes to a worker as soon as its bytes are in, copied out and moved (transferred) there
  const sourceOf = async (start: number, end: number) => {
    await download.until(offsets[end]);
    return { packed: bin.slice(offsets[start], offsets[end]).buffer, lengths: meta.lengths.slice(start, end) };
  };
  const { pixels, reasons } = await decodeAll(meta.count, batches, sourceOf, { resolution, signal, onProgress });
  await download.finished; // and pool.bin held no more bytes than its lengths say
  const entries = meta.lengths.map((_, i) => ({ path: `sample/pool.bin #${i}`, label: null }));
  return assembleImageSet(entries, pixels, reasons, resolution, meta.name);
}

/** pool.json, checked; throws when a field is missing or its lengths do not match its count. */
export function checkPoolMeta(json: unknown): PoolMeta {
  const m = json as Partial<PoolMeta> | null;
  if (!m || typeof m.name !== 'string' || typeof m.source !== 'string' || !Number.isInteger(m.resolution) || !Number.isInteger(m.count) || !Array.isArray(m.lengths))
    throw new Error('unlabelled pool: pool.json lacks name, count, resolution, source or lengths');
  if (m.lengths.length !== m.count) throw new Error(`unlabelled pool: ${m.count} images but ${m.lengths.length} lengths`);
  if (!m.lengths.every((n) => Number.isInteger(n) && n >= 0)) throw new Error('unlabelled pool: lengths must be whole numbers of bytes');
  return m as PoolMeta;
}

interface Download {
  /** Resolves once the first `bytes` bytes are in; rejects when the body fails first. */
  until(bytes: number): Promise<void>;
  /** Resolves when the body ended at exactly the buffer's length; rejects when it failed or did not. */
  finished: Promise<void>;
}

/**
 * Streams a response body into `into` as it arrives: the main thread only copies chunks, where
 * response.arrayBuffer() would assemble the whole 9 MB in one task; and decoding starts before the end.
 */
export function streamInto(res: Response, into: Uint8Array): Download {
  let received = 0;
  let failure: { error: unknown } | null = null;
  const waiting = new Set<{ bytes: number; resolve: () => void; reject: (e: unknown) => void }>();
  const settle = () => {
    for (const w of waiting) {
      if (!failure && received < w.bytes) continue;
      waiting.delete(w);
      if (failure) w.reject(failure.error);
      else w.resolve();
    }
  };
  const finished = (async () => {
    const reader = res.body!.getReader();
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      if (received + chunk.value.length > into.length) throw new Error(`unlabelled pool: pool.bin is longer than the ${into.length} bytes its lengths add up to`);
      into.set(chunk.value, received);
      received += chunk.value.length;
      settle();
    }
    if (received !== into.length) throw new Error(`unlabelled pool: pool.bin has ${received} bytes, its lengths add up to ${into.length}`);
  })().catch((error: unknown) => {
    failure = { error };
    settle();
    throw error;
  });
  finished.catch(() => undefined); // the caller awaits it, unless the decode failed first
  return { finished, until: (bytes) => new Promise((resolve, reject) => (waiting.add({ bytes, resolve, reject }), settle())) };
}

/** Where each entry starts in pool.bin: offsets[i] … offsets[i + 1] is entry i; offsets[count] is the total. */
export function poolOffsets(lengths: number[]): number[] {
  const offsets = new Array<number>(lengths.length + 1);
  offsets[0] = 0;
  for (let i = 0; i < lengths.length; i++) offsets[i + 1] = offsets[i] + lengths[i];
  return offsets;
}
