import * as Comlink from 'comlink';
import type { BackendName, ThreadRequest } from '../src/worker/contract';
import type { ConvnetWorkerApi } from './convnet.worker';
import { longTasksBetween, observeLongTasks, type LongTasks } from './longTasks';
import type { BenchWorkerApi } from './protocol';

// The bench page's main thread: starts the workers, and watches itself for long tasks while they work.
observeLongTasks();

function tasksSince(t0: number): LongTasks {
  const { count, totalMs, maxMs } = longTasksBetween(window.__longTasks, t0);
  return { count, totalMs, maxMs };
}

let worker: Worker | null = null;
let api: Comlink.Remote<BenchWorkerApi> | null = null;

const log = (line: string) => (document.getElementById('log')!.textContent += `${line}\n`);

/** Calls a bench-worker method; returns its result and the main thread's long tasks meanwhile. */
async function call<K extends keyof BenchWorkerApi>(name: K, ...args: Parameters<BenchWorkerApi[K]>) {
  if (!api) throw new Error('No backend opened.');
  const t0 = performance.now();
  const fn = api[name] as unknown as (...a: unknown[]) => Promise<unknown>;
  const result = (await fn(...args)) as Awaited<ReturnType<BenchWorkerApi[K]>>;
  return { result, longTasks: tasksSince(t0), ms: performance.now() - t0 };
}

const bench = {
  /** A fresh worker on `backend` (the previous one is terminated, so backends never share a context). */
  async open(backend: BackendName, batchSize: number, threads?: ThreadRequest) {
    worker?.terminate();
    worker = new Worker(new URL('./bench.worker.ts', import.meta.url), { type: 'module', name: `bench-${backend}` });
    api = Comlink.wrap<BenchWorkerApi>(worker);
    const info = await api.init(backend, batchSize, threads);
    log(`${backend}: ${info.name} (${info.adapter})`);
    return info;
  },
  call,
  async convnet(opts: { warmupImages: number; minImages: number; seconds: number }) {
    const w = new Worker(new URL('./convnet.worker.ts', import.meta.url), { type: 'module', name: 'convnetjs' });
    try {
      const t0 = performance.now();
      const result = await Comlink.wrap<ConvnetWorkerApi>(w).reference(opts);
      return { result, longTasks: tasksSince(t0) };
    } finally {
      w.terminate();
    }
  },
  close() {
    worker?.terminate();
    worker = api = null;
  },
};

declare global {
  interface Window {
    bench: typeof bench;
  }
}
window.bench = bench;
