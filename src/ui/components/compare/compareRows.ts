import type { SweepPoint } from '../../../core/eval/evaluate';
import { meanSd } from '../../../core/eval/stats';
import { methodInfo } from '../../../core/methods/catalog';
import type { RunEvaluation, RunStatus } from '../../../core/train/types';
import { recipeKey } from '../../state/recipeKey';
import type { AppState, FinetuneState } from '../../state/store';
import { bestPoint, estimate, latestSweep, sweepEstimate, type Estimate, type SweepEstimate } from './compareData';
import { clearlyAhead } from './verdict';

/** How many images a classification result was scored on (0: unknown, the interval is then [0, 1]). */
const scoredOn = (r: { correct?: Uint8Array; confusion: number[][] }) => r.correct?.length ?? r.confusion.flat().reduce((a, b) => a + b, 0);

/** One line of the comparison table: the numbers of one run, null where there is nothing yet. */
export interface CompareRow {
  id: string;
  method: string; // the method's label
  state: RunStatus['state'];
  partial: boolean; // stopped (or failed) before its last step: its time and speed do not rank against finished runs
  backend: string;
  steps: number;
  totalSteps: number;
  elapsedMs: number;
  imagesPerSec: number | null; // null for an untrained baseline
  metricName: string | null; // the method's headline pretext metric
  metric: number | null;
  probe: Estimate | null;
  knn: Estimate | null;
  cv: Estimate | null; // the probe cross-validated over every labelled image (small test splits)
  seeds: { mean: number; sd: number; n: number } | null; // the probe over the runs of the same recipe with other seeds
  peak: SweepEstimate | null; // the label sweep's highest point
  finetune: Estimate | null; // the encoder fine-tuned on all labels, scored on the test split
  semi: Estimate | null; // fine-tuned semi-supervised on all labels
}

/** The all-labels point of a finished fine-tuning sweep, with its interval. */
function allLabels(f: FinetuneState | undefined): Estimate | null {
  const p = f && !f.running ? f.points.find((q) => q.perClass === 'all') : undefined;
  return p ? estimate(p.accuracy, p.correct?.length ?? 0, p.correct) : null;
}

function peakOf(sweep: readonly SweepPoint[] | null): SweepEstimate | null {
  const p = bestPoint(sweep);
  return p ? sweepEstimate(p) : null;
}

export function compareRows(
  runs: readonly RunStatus[],
  evaluations: Record<string, RunEvaluation[]>,
  backend: string,
  finetunes: AppState['finetunes'] = {},
): CompareRow[] {
  const probes = new Map<string, number[]>();
  for (const r of runs) if (r.probe?.accuracy != null) probes.set(recipeKey(r), [...(probes.get(recipeKey(r)) ?? []), r.probe.accuracy]);
  return runs.map((r): CompareRow => {
    const metricName = methodInfo(r.method).metricNames[0] ?? null;
    const metric = metricName === null ? undefined : r.metrics[metricName];
    const ev = evaluations[r.id]?.at(-1);
    const group = probes.get(recipeKey(r)) ?? [];
    return {
      id: r.id,
      method: methodInfo(r.method).label,
      state: r.state,
      partial: r.step < r.steps && r.state !== 'done',
      backend,
      steps: r.step,
      totalSteps: r.steps,
      elapsedMs: r.elapsedMs,
      imagesPerSec: r.steps > 0 && r.imagesPerSec > 0 ? r.imagesPerSec : null,
      metricName,
      metric: metric !== undefined && Number.isFinite(metric) ? metric : null,
      probe: r.probe?.accuracy != null ? estimate(r.probe.accuracy, ev?.probe ? scoredOn(ev.probe) : 0, ev?.probe?.correct) : null,
      knn: r.probe?.knn != null ? estimate(r.probe.knn, ev?.knn ? scoredOn(ev.knn) : 0, ev?.knn?.correct) : null,
      cv: ev?.cv ? estimate(ev.cv.accuracy, ev.cv.correct.length, ev.cv.correct) : null,
      seeds: group.length > 1 ? meanSd(group) : null,
      peak: peakOf(latestSweep(evaluations[r.id])),
      finetune: allLabels(finetunes[r.id]?.finetune),
      semi: allLabels(finetunes[r.id]?.semi),
    };
  });
}

export type ColumnKey =
  'method' | 'backend' | 'steps' | 'time' | 'speed' | 'metric' | 'probe' | 'knn' | 'cv' | 'finetune' | 'semi' | 'peak';

export interface Column {
  key: ColumnKey;
  label: string;
  value: (r: CompareRow) => number | string | null;
  better: 'high' | 'low' | null; // which end is highlighted; null: not comparable across methods
  estimate?: (r: CompareRow) => Estimate | null; // an accuracy column: its best must be clearly ahead (verdict.ts, clearlyAhead)
}

/** An accuracy column: ranked high, its best value marked only where it is clearly ahead. */
const accuracy = (key: ColumnKey, label: string, get: (r: CompareRow) => Estimate | null): Column => ({
  key,
  label,
  value: (r) => get(r)?.accuracy ?? null,
  better: 'high',
  estimate: get,
});

export const COLUMNS: Column[] = [
  { key: 'method', label: 'Method', value: (r) => r.method, better: null },
  { key: 'backend', label: 'Backend', value: (r) => r.backend, better: null },
  { key: 'steps', label: 'Steps', value: (r) => r.steps, better: null },
  // a partial run's time is not a finished run's: it takes no part in "best"
  { key: 'time', label: 'Time', value: (r) => (r.steps > 0 && !r.partial ? r.elapsedMs : null), better: 'low' },
  { key: 'speed', label: 'Images / s', value: (r) => r.imagesPerSec, better: 'high' },
  // each method's own task: a rotation accuracy and a PSNR do not rank against each other
  { key: 'metric', label: 'Pretext metric', value: (r) => r.metric, better: null },
  accuracy('probe', 'Linear probe', (r) => r.probe),
  accuracy('knn', 'kNN', (r) => r.knn),
  accuracy('cv', 'Probe, cross-validated', (r) => r.cv),
  accuracy('finetune', 'Fine-tuned', (r) => r.finetune),
  accuracy('semi', 'Semi-supervised', (r) => r.semi),
  // the probe's highest point over the label budgets (each scored on the whole test split)
  accuracy('peak', 'Label sweep peak', (r) => r.peak),
];

/** The run ids each column marks best (bestIds), by column. */
export const bestByColumn = (rows: readonly CompareRow[]) =>
  Object.fromEntries(COLUMNS.map((c) => [c.key, [...bestIds(rows, c)]])) as Record<ColumnKey, string[]>;

export type SortDir = 'ascending' | 'descending';

/** Rows ordered by a column; rows without a value always go last. Stable. */
export function sortRows(rows: readonly CompareRow[], column: Column, dir: SortDir): CompareRow[] {
  const sign = dir === 'ascending' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const va = column.value(a);
    const vb = column.value(b);
    if (va === null || vb === null) return va === vb ? 0 : va === null ? 1 : -1;
    return sign * (typeof va === 'number' && typeof vb === 'number' ? va - vb : String(va).localeCompare(String(vb)));
  });
}

/**
 * Ids of the rows holding the column's best value (all of them on a tie); none unless two rows have values. In an
 * accuracy column only a single leader clearly ahead of every other row is marked: a tie or a lead within the noise
 * of the test images marks none.
 */
export function bestIds(rows: readonly CompareRow[], column: Column): Set<string> {
  if (!column.better) return new Set();
  const valued = rows.filter((r) => typeof column.value(r) === 'number');
  if (valued.length < 2) return new Set();
  const values = valued.map((r) => column.value(r) as number);
  const best = column.better === 'high' ? Math.max(...values) : Math.min(...values);
  const leaders = valued.filter((_, i) => values[i] === best);
  if (!column.estimate) return new Set(leaders.map((r) => r.id));
  const rivals = valued.filter((r) => r !== leaders[0]).map((r) => column.estimate!(r)!);
  return leaders.length === 1 && clearlyAhead(column.estimate(leaders[0])!, rivals) ? new Set([leaders[0].id]) : new Set();
}
