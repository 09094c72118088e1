import type { SweepPoint } from '../../../core/eval/evaluate';
import { wilson, type Interval } from '../../../core/eval/stats';
import type { CurvePoint, RunEvaluation } from '../../../core/train/types';
import { downsampled } from '../downsample';

/** An accuracy with its 95 % interval (Wilson) for the n images it was measured on, and those images' results where kept. */
export interface Estimate {
  accuracy: number;
  low: number;
  high: number;
  n: number; // 0: unknown, the interval is then [0, 1]
  correct?: Uint8Array; // [n] 1 where the classifier was right: for paired tests between runs
}

export function estimate(accuracy: number, n: number, correct?: Uint8Array): Estimate {
  return { accuracy, n, ...wilson(Math.round(accuracy * n), n), ...(correct ? { correct } : {}) };
}

/** A label budget's accuracy with its interval. */
export type SweepEstimate = Estimate & { perClass: SweepPoint['perClass'] };

export const sweepEstimate = (p: SweepPoint): SweepEstimate => ({
  perClass: p.perClass,
  ...estimate(p.accuracy, p.correct?.length ?? 0, p.correct),
});

/** Leading loss points averaged into the reference a run's loss is divided by. */
const BASE_POINTS = 5;
const LOSS_SMOOTHING = 0.8;

export interface XY {
  x: number;
  y: number;
}

/**
 * A run's loss as a fraction of where it started (the mean of its first few points), EMA-smoothed and bucketed
 * to ≤ maxPoints, so methods whose losses live on different scales share one axis. Falls back to the raw loss
 * when the start is not positive.
 */
export function normalizedLoss(points: readonly CurvePoint[], count: number, maxPoints: number): XY[] {
  const head = points
    .slice(0, Math.min(count, BASE_POINTS))
    .map((p) => p.loss)
    .filter(Number.isFinite);
  const base = head.length ? head.reduce((a, b) => a + b, 0) / head.length : NaN;
  const scale = base > 0 ? base : 1;
  return downsampled(points, count, { key: 'loss', maxPoints, smoothing: LOSS_SMOOTHING, by: 'smooth' }).map((r) => ({
    x: r.step,
    y: r.smooth! / scale,
  }));
}

/** The run's most recent evaluation that carries a label-efficiency sweep. */
export function latestSweep(evals: readonly RunEvaluation[] | undefined): SweepPoint[] | null {
  for (let i = (evals?.length ?? 0) - 1; i >= 0; i--) if (evals![i].sweep) return evals![i].sweep!;
  return null;
}

/** The sweep point with the highest accuracy (the later budget on a tie). */
export function bestPoint(sweep: readonly SweepPoint[] | null): SweepPoint | null {
  if (!sweep?.length) return null;
  return sweep.reduce((best, p) => (p.accuracy >= best.accuracy ? p : best));
}

/** The mean number of labelled train images per class (the split is stratified, so each class keeps its share). */
export function trainPerClass(counts: readonly number[], images: number, train: number): number {
  if (counts.length === 0 || images === 0) return 0;
  return Math.round((counts.reduce((a, b) => a + b, 0) * train) / images / counts.length);
}

/** Where "all labels" sits on the log axis: at the train count per class, but at least twice the largest budget so it is the last tick. */
export function allLabelsX(perClass: number, budgets: readonly number[]): number {
  return Math.max(perClass, 2 * Math.max(1, ...budgets));
}

/** A sweep as chart points, each with its 95 % interval where the images behind it are known. */
export function sweepXY(sweep: readonly SweepPoint[], allX: number): (XY & Partial<Interval>)[] {
  return sweep.map((p) => {
    const e = sweepEstimate(p);
    return { x: p.perClass === 'all' ? allX : p.perClass, y: p.accuracy, ...(e.n > 0 ? { low: e.low, high: e.high } : {}) };
  });
}

export interface ProbeRow {
  step: number;
  probe: number;
  knn: number;
}

/** Probe and kNN accuracy at every evaluation of a run (the probe-vs-step curve); evaluations without labels are skipped. */
export function probeCurve(evals: readonly RunEvaluation[]): ProbeRow[] {
  return evals.filter((e) => e.probe && e.knn).map((e) => ({ step: e.step, probe: e.probe!.accuracy, knn: e.knn!.accuracy }));
}
