import type { RunStatus } from '../core/train/types';
import { useLab } from './state/labStore';

/** The read-only automation API: `window.pretext.status()` returns plain JSON. */
export interface PretextStatus {
  backend: { name: string; adapter: string; reason: string } | null;
  dataset: {
    name: string;
    images: number;
    classes: string[];
    counts: number[];
    resolution: number;
    split: { train: number; test: number };
    rejected: { file: string; reason: string }[];
  } | null;
  ingest: { done: number; total: number; rejected: number } | null;
  runs: (Pick<RunStatus, 'id' | 'method' | 'state' | 'step' | 'steps' | 'loss' | 'metrics' | 'imagesPerSec' | 'probe' | 'error'> & { points: number })[];
  baseline: { perClass: number | 'all'; accuracy: number }[] | null; // supervised from scratch per label budget
  memory: { numBytes: number; numTensors: number } | null;
  errors: string[];
}

export function status(): PretextStatus {
  const s = useLab.getState();
  return structuredClone({
    backend: s.backend,
    dataset: s.dataset,
    ingest: s.ingest,
    runs: s.runs.map((r) => ({
      id: r.id, method: r.method, state: r.state, step: r.step, steps: r.steps, loss: r.loss,
      metrics: r.metrics, imagesPerSec: r.imagesPerSec, probe: r.probe, error: r.error, points: s.curves[r.id]?.length ?? 0,
    })),
    baseline: s.baseline?.points ?? null,
    memory: s.memory,
    errors: s.errors,
  });
}

declare global {
  interface Window {
    pretext: { status: () => PretextStatus };
  }
}

export function installStatusApi(): void {
  window.pretext = Object.freeze({ status });
}
