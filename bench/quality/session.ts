// One method, one seed, through the app's own Trainer: train (pausing at time marks for a probe), then the Trainer's
// end-of-run evaluation (probe, kNN, label sweep). DOM-free, runs in Node on tfjs-wasm.
import type { TrainConfig } from '../../src/core/config';
import type { SweepPoint } from '../../src/core/eval/evaluate';
import { finetuneDefaults } from '../../src/core/config';
import type { FinetuneKind } from '../../src/core/train/types';
import { Trainer } from '../../src/core/train/trainer';
import type { RunEvaluation, RunStatus } from '../../src/core/train/types';

export interface MarkResult {
  minutes: number; // training time when probed
  step: number;
  probe: number | null;
}

export interface SeedResult {
  seed: number;
  steps: number;
  trainSeconds: number; // training time, probes excluded
  imagesPerSec: number; // batch images per second of training (before a method's own expansion, e.g. rotation ×4)
  pretext: Record<string, number>; // the method's own metrics at the last step
  loss: number | null;
  probe: number | null;
  knn: number | null;
  sweep: SweepPoint[];
  marks: MarkResult[];
  finetune?: SweepPoint[]; // the encoder fine-tuned at each label budget (--finetune)
  semi?: SweepPoint[]; // fine-tuned semi-supervised at each budget (--finetune semi)
  finetuneSeconds?: Partial<Record<FinetuneKind, number>>; // wall time of each whole sweep
  error?: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A Trainer whose events are kept: each run's latest status (with live training time) and its evaluations. */
export class TrackedTrainer {
  readonly trainer: Trainer;
  private readonly statuses = new Map<string, RunStatus>();
  private readonly evaluations = new Map<string, RunEvaluation>();

  constructor() {
    this.trainer = new Trainer((e) => {
      if (e.type === 'run') this.statuses.set(e.status.id, e.status);
      if (e.type === 'evaluation') this.evaluations.set(e.evaluation.runId, e.evaluation);
    });
  }

  status(id: string): RunStatus {
    const s = this.statuses.get(id);
    if (!s) throw new Error(`No status for run ${id}.`);
    return s;
  }

  evaluation(id: string): RunEvaluation | undefined {
    return this.evaluations.get(id);
  }
}

/**
 * Runs `method` with `cfg` to the end. At each of `marks` (minutes of training) the run pauses between slices, its
 * frozen encoder is probed (no sweep: the probe alone), and it resumes: the probe's time is not training time.
 */
export async function trainAndEvaluate(
  tracked: TrackedTrainer,
  method: string,
  cfg: TrainConfig,
  marks: number[],
  finetune: FinetuneKind[] = [],
  settings = finetuneDefaults,
): Promise<SeedResult> {
  const { trainer } = tracked;
  const { id } = trainer.start(method, cfg);
  const results: MarkResult[] = [];
  const pending = [...marks].sort((a, b) => a - b);
  try {
    for (;;) {
      const s = tracked.status(id);
      if (s.state !== 'queued' && s.state !== 'running') break;
      if (pending.length > 0 && s.elapsedMs >= pending[0] * 60_000 && s.step < s.steps) {
        trainer.pause(id);
        await trainer.idle();
        const ev = await trainer.evaluate(id, false);
        results.push({ minutes: tracked.status(id).elapsedMs / 60_000, step: ev.step, probe: ev.probe?.accuracy ?? null });
        pending.shift();
        trainer.resume(id);
      } else await sleep(100);
    }
    await trainer.idle();
    const s = tracked.status(id);
    const ev = tracked.evaluation(id);
    const tuned: Pick<SeedResult, FinetuneKind | 'finetuneSeconds'> = { finetuneSeconds: {} };
    for (const kind of s.state === 'done' ? finetune : []) {
      const t0 = performance.now();
      tuned[kind] = (await trainer.finetune(id, kind, settings)).map(({ perClass, accuracy }) => ({ perClass, accuracy }));
      tuned.finetuneSeconds![kind] = (performance.now() - t0) / 1000;
    }
    return {
      ...(finetune.length > 0 && tuned),
      seed: cfg.seed,
      steps: s.step,
      trainSeconds: s.elapsedMs / 1000,
      imagesPerSec: s.elapsedMs > 0 ? (s.step * cfg.batchSize) / (s.elapsedMs / 1000) : 0,
      pretext: s.metrics,
      loss: s.loss,
      probe: ev?.probe?.accuracy ?? null,
      knn: ev?.knn?.accuracy ?? null,
      sweep: (ev?.sweep ?? []).map(({ perClass, accuracy }) => ({ perClass, accuracy })), // not the per-image results
      marks: results,
      error: s.error,
    };
  } finally {
    trainer.remove(id);
  }
}
