// The built-in sample dataset: public/sample/{meta.json, pixels.bin}, written by scripts/packSample.mjs.
import type { ImageSet } from '../core/data/imageSet';
import { resizeImages } from './resize';

export interface SampleMeta {
  name: string;
  resolution: number;
  count: number;
  classNames: string[];
  /** One class index per image, or run-length encoded as [classIndex, runLength] pairs. */
  labels: number[] | { encoding: 'runs'; runs: [number, number][] };
  source: string;
}

/**
 * Fetches the sample (two requests) as an ImageSet at `resolution`. Other resolutions than the packed
 * 32 px are made by bilinear resizing on the calling thread (measured ~1.2 s for 2,000 images at 96 px
 * in headless Chromium on a busy 2-core machine, ~0.3 s at 48 px), so
 * call it from a worker, or accept that brief pause on the main thread.
 */
export async function loadSample(resolution = 32, baseUrl: string = import.meta.env.BASE_URL, signal?: AbortSignal): Promise<ImageSet> {
  const get = (file: string) => fetchSampleFile(baseUrl, file, 'the sample dataset', signal);
  const [meta, bin] = await Promise.all([
    get('meta.json').then((r) => r.json() as Promise<SampleMeta>),
    get('pixels.bin').then((r) => r.arrayBuffer()),
  ]);
  return sampleFromPacked(meta, new Uint8Array(bin), resolution);
}

/** The response for public/sample/`file` under `baseUrl`; throws, naming `what`, when it is not OK. */
export async function fetchSampleFile(baseUrl: string, file: string, what: string, signal?: AbortSignal): Promise<Response> {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  const res = await fetch(`${base}sample/${file}`, { signal });
  if (!res.ok) throw new Error(`could not load ${what}: ${file} (HTTP ${res.status})`);
  return res;
}

/** The ImageSet for packed sample files, checked for consistency, resized to `resolution` when it differs. */
export function sampleFromPacked(meta: SampleMeta, pixels: Uint8Array, resolution: number): ImageSet {
  const r = meta.resolution;
  if (pixels.length !== meta.count * r * r * 3)
    throw new Error(`sample pixels: expected ${meta.count * r * r * 3} bytes, got ${pixels.length}`);
  const labels = Int32Array.from(
    Array.isArray(meta.labels) ? meta.labels : meta.labels.runs.flatMap(([label, n]) => new Array<number>(n).fill(label)),
  );
  if (labels.length !== meta.count || labels.some((l) => l < 0 || l >= meta.classNames.length))
    throw new Error('sample labels do not match its images or classes');
  return {
    name: meta.name,
    resolution,
    pixels: resolution === r ? pixels : resizeImages(pixels, meta.count, r, resolution),
    labels,
    classNames: meta.classNames,
  };
}
