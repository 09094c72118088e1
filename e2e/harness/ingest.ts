// Test page for the ingest layer on its own (not the app): the e2e specs and bench/ingestSpeed.ts call
// window.ingestHarness to load the unlabelled pool or a folder picked into #files, in the real
// production build (e2e/harness/serve.ts builds it with the app's Vite config).
import { collectFromFileList, ingestFiles, type IngestProgress, type IngestResult } from '../../src/ingest/ingest';
import { loadSamplePool } from '../../src/ingest/samplePool';

export interface HarnessRun {
  ms: number;
  images: number;
  resolution: number;
  name: string;
  classNames: string[];
  /** Labels seen, each once, sorted. */
  labelValues: number[];
  rejected: IngestResult['rejected'];
  /** Every progress callback, with its page time. */
  progress: (IngestProgress & { at: number })[];
  /** Images `pick` asked for, as flat RGB arrays. */
  picked: number[][];
}

export interface HarnessOptions {
  resolution: number;
  /** Images to return the pixels of. */
  pick?: number[];
  /** Abort once this many images are done; the run then rejects with the abort reason. */
  abortAt?: number;
  /** Where public/sample lives (the pool's baseUrl). */
  base?: string;
}

async function measure(
  opts: HarnessOptions,
  load: (signal: AbortSignal, onProgress: (p: IngestProgress) => void) => Promise<IngestResult>,
): Promise<HarnessRun> {
  const abort = new AbortController();
  const progress: HarnessRun['progress'] = [];
  const onProgress = (p: IngestProgress) => {
    progress.push({ ...p, at: performance.now() });
    if (opts.abortAt !== undefined && p.done >= opts.abortAt) abort.abort(new DOMException('stopped by the test', 'AbortError'));
  };
  const t0 = performance.now();
  const { set, rejected } = await load(abort.signal, onProgress);
  const ms = performance.now() - t0;
  const bytes = set.resolution * set.resolution * 3;
  return {
    ms,
    images: set.labels.length,
    resolution: set.resolution,
    name: set.name,
    classNames: set.classNames,
    labelValues: [...new Set(set.labels)].sort((a, b) => a - b),
    rejected,
    progress,
    picked: (opts.pick ?? []).map((i) => Array.from(set.pixels.subarray(i * bytes, (i + 1) * bytes))),
  };
}

const harness = {
  pool: (opts: HarnessOptions) => measure(opts, (signal, onProgress) => loadSamplePool(opts.resolution, opts.base, { signal, onProgress })),
  folder: async (opts: HarnessOptions) => {
    const entries = await collectFromFileList(document.querySelector<HTMLInputElement>('#files')!.files!);
    return measure(opts, (signal, onProgress) => ingestFiles(entries, { resolution: opts.resolution, name: 'picked', signal, onProgress }));
  },
};

export type IngestHarness = typeof harness;

declare global {
  interface Window {
    ingestHarness: IngestHarness;
  }
}

window.ingestHarness = harness;
